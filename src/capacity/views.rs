//! The capacity page: per queue, what today's staffing means for customers, and how to close
//! the gap; the what-if form; the text alternative of every chart.
use super::chart::queue_chart;
use super::forecast::{IntervalForecast, QueueForecast};
use super::live::CapacityOut;
use crate::entities::queue;
use crate::ui::{page, PageCtx};
use chrono::{Datelike, NaiveDate};
use maud::{html, Markup};

pub fn pct(x: f64) -> String {
    if x.is_finite() {
        format!("{:.0} %", x * 100.0)
    } else {
        "—".into()
    }
}

fn range_pct(low: f64, high: f64) -> String {
    let (l, h) = (pct(low), pct(high));
    if l == h {
        l
    } else {
        format!("{}–{}", l.trim_end_matches(" %"), h)
    }
}

/// "5–69 s": the wait with the people not checked in present, then absent.
fn wait_range(ctx: &PageCtx, best: Option<f64>, worst: Option<f64>) -> String {
    let (b, w) = (wait(ctx, best), wait(ctx, worst));
    match (best, worst) {
        (Some(x), Some(y)) if b != w && x < 90.0 && y < 90.0 => format!("{x:.0}–{y:.0} s"),
        _ if b == w => w,
        _ => format!("{b} – {w}"),
    }
}

fn agents(ctx: &PageCtx, x: f64) -> String {
    ctx.decimal(x, 1)
}

pub fn wait(ctx: &PageCtx, s: Option<f64>) -> String {
    match s {
        None => ctx.t("capacity.no_answer"),
        Some(s) if s < 90.0 => format!("{s:.0} s"),
        Some(s) => format!("{:.0} min", s / 60.0),
    }
}

/// The queue's target in words: "80 % within 20 s" or "90 % within 8 h".
pub fn target(ctx: &PageCtx, kind: &str, sl: f64, seconds: i32) -> String {
    let within = if kind == "email" {
        format!("{} h", f64::from(seconds) / 3600.0)
    } else {
        format!("{seconds} s")
    };
    ctx.tf(
        "capacity.target_words",
        &[("share", &pct(sl)), ("within", &within)],
    )
}

/// One line a crisis lead reads first: the worst interval's figures.
pub fn headline(ctx: &PageCtx, f: &QueueForecast) -> Markup {
    let Some(w) = f.worst.or(f.peak) else {
        return html! { p.muted { (ctx.t("capacity.closed_today")) } };
    };
    let iv = &f.intervals[w];
    let end = end_of(iv, f.interval_minutes);
    if f.kind == "email" {
        return html! {
            p.headline {
                (ctx.tf("capacity.email_headline", &[
                    ("share", &range_pct(iv.low.service_level, iv.high.service_level)),
                    ("target", &target(ctx, &f.kind, f.target_service_level, f.target_seconds)),
                    ("backlog", &format!("{:.0}", f.backlog_at_close.unwrap_or(0.0))),
                ]))
                @if f.agents_short > 0 { " " strong { (ctx.tn("capacity.short", f.agents_short as i64, &[])) } }
            }
        };
    }
    html! {
        p.headline {
            (ctx.tf("capacity.headline", &[
                ("from", &iv.start), ("to", &end),
                ("share", &range_pct(iv.low.service_level, iv.high.service_level)),
                ("seconds", &f.target_seconds.to_string()),
                ("wait", &wait_range(ctx, iv.high.asa_seconds, iv.low.asa_seconds)),
            ]))
            @if let (Some(best), Some(worst)) = (iv.high.abandonment, iv.low.abandonment) { " " (ctx.tf("capacity.hang_up", &[("share", &range_pct(best, worst))])) }
            " "
            @if f.agents_short > 0 {
                strong.short { (ctx.tn("capacity.short", f.agents_short as i64, &[])) }
            } @else {
                span.ok { (ctx.t("capacity.not_short")) }
            }
        }
    }
}

fn end_of(iv: &IntervalForecast, minutes: i32) -> String {
    let m = super::forms::minutes_of(&iv.start).unwrap_or(0) + minutes as u32;
    format!("{:02}:{:02}", m / 60, m % 60)
}

fn intervals_table(ctx: &PageCtx, f: &QueueForecast) -> Markup {
    html! {
        details.data {
            summary { (ctx.t("capacity.as_table")) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr {
                    th scope="col" { (ctx.t("capacity.interval")) }
                    th scope="col" { (ctx.t("capacity.contacts")) }
                    th scope="col" { (ctx.t("capacity.required")) }
                    th scope="col" { (ctx.t("capacity.available")) }
                    th scope="col" { (ctx.t("capacity.gap")) }
                    th scope="col" { (ctx.t("capacity.service_level")) }
                    @if f.kind == "email" {
                        th scope="col" { (ctx.t("capacity.backlog")) }
                    } @else {
                        th scope="col" { (ctx.t("capacity.asa")) }
                        th scope="col" { (ctx.t("capacity.abandonment")) }
                    }
                } }
                tbody { @for iv in &f.intervals {
                    tr.short[iv.gap > 0] {
                        th scope="row" { (iv.start) }
                        td { (format!("{:.0}", iv.contacts)) }
                        td { (iv.agents_required) }
                        td { @if iv.low.agents == iv.high.agents { (iv.low.agents) } @else { (iv.low.agents) "–" (iv.high.agents) } }
                        td { @if iv.gap > 0 { (iv.gap) } @else { "—" } }
                        td { (range_pct(iv.low.service_level, iv.high.service_level)) }
                        @if f.kind == "email" {
                            td { (format!("{:.0}", iv.low.backlog.unwrap_or(0.0))) }
                        } @else {
                            td { (wait(ctx, iv.low.asa_seconds)) }
                            td { (iv.low.abandonment.map(pct).unwrap_or_else(|| "—".into())) }
                        }
                    }
                } }
            } }
        }
    }
}

fn closing_the_gap(ctx: &PageCtx, f: &QueueForecast) -> Markup {
    if f.agents_short == 0 {
        return html! {};
    }
    html! {
        section.gap-options aria-label=(ctx.t("capacity.close_gap")) {
            h3 { (ctx.t("capacity.close_gap")) }
            @if f.moves.is_empty() {
                p.muted { (ctx.t("capacity.no_moves")) }
            } @else {
                p { (ctx.t("capacity.moves_intro")) }
                ul.moves { @for m in &f.moves {
                    li {
                        strong { (m.name) }
                        " "
                        @match &m.from_queue {
                            Some(q) => { (ctx.tf("capacity.from_queue", &[("queue", q)])) },
                            None => { (ctx.t("capacity.from_other_work")) },
                        }
                        " → " (ctx.tf("capacity.sl_after", &[("share", &pct(m.service_level_after))]))
                    }
                } }
            }
            @for o in &f.overflow {
                p { (ctx.tf("capacity.overflow", &[("task", &o.task), ("n", &o.contacts_per_hour.to_string())])) }
            }
            @for b in &f.below_minimum {
                p.alert { a href="/plan/tasks" { (b.task) } " " (ctx.tf("tasks.below_min_service", &[("min", &format!("{:.0}", b.min_service_level))])) }
            }
            @if let Some(d) = f.deflect_per_hour.filter(|d| *d > 0.5) {
                p { (ctx.tf("capacity.deflect", &[("n", &format!("{d:.0}"))])) " " a href="/faq" { (ctx.t("capacity.to_faq")) } }
            }
        }
    }
}

pub fn queue_card(ctx: &PageCtx, f: &QueueForecast) -> Markup {
    let chart_title = ctx.tf("capacity.chart_title", &[("queue", &f.name)]);
    html! {
        article.card.queue-forecast id={ "queue-" (f.queue_id) } {
            h2 { (f.name) " " span.muted { "(" (ctx.t(&format!("capacity.kind.{}", f.kind))) ")" } }
            p.muted {
                (target(ctx, &f.kind, f.target_service_level, f.target_seconds))
                @if let Some(h) = &f.opening_hours { " · " (ctx.tf("capacity.open", &[("hours", h)])) }
            }
            (headline(ctx, f))
            @if f.opening_hours.is_some() {
                dl.figures {
                    div { dt { (ctx.t("capacity.expected")) } dd { (format!("{:.0}", f.expected_contacts))
                        @if f.volume_change_pct.abs() >= 0.5 { " (" (format!("{:+.0} %", f.volume_change_pct)) ")" } } }
                    div { dt { (ctx.t("capacity.available_agents")) } dd {
                        @if (f.agents_available_high - f.agents_available_low).abs() < 0.05 { (agents(ctx, f.agents_available_low)) }
                        @else { (agents(ctx, f.agents_available_low)) "–" (agents(ctx, f.agents_available_high)) } } }
                    @if let Some(p) = f.peak { div { dt { (ctx.t("capacity.required_at_peak")) } dd { (f.intervals[p].agents_required) " (" (f.intervals[p].start) ")" } } }
                    @if let (Some(l), Some(h)) = (f.day_service_level_low, f.day_service_level_high) {
                        div { dt { (ctx.t("capacity.day_service_level")) } dd { (range_pct(l, h)) } }
                    }
                    @if let Some(a) = f.day_abandonment { div { dt { (ctx.t("capacity.day_abandonment")) } dd { (pct(a)) } } }
                    @if let Some(b) = f.backlog_at_close { div { dt { (ctx.t("capacity.backlog_at_close")) } dd { (format!("{b:.0}")) } } }
                }
                figure {
                    (queue_chart(&chart_title, f))
                    figcaption.legend {
                        span.key.required { (ctx.t("capacity.required")) }
                        span.key.available { (ctx.t("capacity.available_low")) }
                        span.key.available-high { (ctx.t("capacity.available_high")) }
                        span.key.gap { (ctx.t("capacity.gap")) }
                    }
                }
                (intervals_table(ctx, f))
                (closing_the_gap(ctx, f))
            }
        }
    }
}

/// The part of the page that refreshes itself.
pub fn forecast_part(ctx: &PageCtx, c: &CapacityOut) -> Markup {
    let unknown = c.headcount.saturating_sub(c.checked_in);
    html! {
        @if c.basis == "planned_absence" {
            p.notice { (ctx.t("capacity.planned_basis")) }
        } @else if unknown > 0 {
            p.notice { (ctx.tf("capacity.range_basis", &[("in", &c.checked_in.to_string()), ("all", &c.headcount.to_string()), ("unknown", &unknown.to_string())])) }
        }
        @if !c.what_if.is_empty() { p.notice.what-if { (ctx.t("capacity.what_if_applied")) } }
        @if c.queues.is_empty() {
            p { (ctx.t("capacity.no_queues")) " " a href="/capacity/queues" { (ctx.t("capacity.set_up_queues")) } }
        }
        @for q in &c.queues { (queue_card(ctx, q)) }
    }
}

pub struct WhatIfForm {
    pub day: String,
    pub absence_pct: String,
    pub volume_change_pct: String,
    pub aht_change_pct: String,
    pub extra_agents: String,
    pub extra_queue_id: String,
}

fn what_if_form(
    ctx: &PageCtx,
    f: &WhatIfForm,
    queues: &[queue::Model],
    errors: &crate::error::FieldErrors,
) -> Markup {
    use crate::ui::components::{select, Input};
    let mut options = vec![];
    options.extend(queues.iter().map(|q| (q.id.to_string(), q.name.clone())));
    html! {
        details.card.what-if open[!errors.is_empty() || !f.absence_pct.is_empty() || !f.volume_change_pct.is_empty() || !f.aht_change_pct.is_empty() || !f.extra_agents.is_empty()] {
            summary { h2 { (ctx.t("capacity.what_if")) } }
            form method="get" action="/capacity" data-what-if="" {
                input type="hidden" name="day" value=(f.day);
                (crate::ui::components::error_summary(ctx, errors))
                div.row {
                    (Input::new("absence_pct", ctx.t("capacity.wi_absence"), &f.absence_pct).kind("number").hint(ctx.t("capacity.wi_absence_hint")).render(ctx, errors))
                    (Input::new("volume_change_pct", ctx.t("capacity.wi_volume"), &f.volume_change_pct).kind("number").render(ctx, errors))
                    (Input::new("aht_change_pct", ctx.t("capacity.wi_aht"), &f.aht_change_pct).kind("number").render(ctx, errors))
                }
                div.row {
                    (Input::new("extra_agents", ctx.t("capacity.wi_extra"), &f.extra_agents).kind("number").render(ctx, errors))
                    (select(ctx, errors, "extra_queue_id", &ctx.t("capacity.wi_extra_queue"), &options, &[f.extra_queue_id.clone()], false))
                }
                button.primary type="submit" { (ctx.t("capacity.recompute")) }
                " " a href={ "/capacity?day=" (f.day) } { (ctx.t("capacity.reset")) }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn capacity_page(
    ctx: &PageCtx,
    c: Option<&CapacityOut>,
    today: NaiveDate,
    form: &WhatIfForm,
    queues: &[queue::Model],
    errors: &crate::error::FieldErrors,
    live_url: &str,
    can_edit: bool,
) -> Markup {
    let title = ctx.t("capacity.title");
    let chosen = c.map(|c| c.day).unwrap_or(today);
    html! {
        (page(ctx, &title, html! {
            h1 { (title) }
            nav.days aria-label=(ctx.t("capacity.days")) {
                @for n in 0..=super::live::DAYS_AHEAD {
                    @let d = today + chrono::Duration::days(n);
                    @let weekday = ctx.t(&format!("queues.day.{}", super::forms::WEEKDAYS[d.weekday().num_days_from_monday() as usize]));
                    @let label = if n == 0 { ctx.t("capacity.today") } else { format!("{} {}", weekday.chars().take(3).collect::<String>(), d.format("%-d/%-m")) };
                    @if d == chosen { strong aria-current="date" { (label) } } @else { a href={ "/capacity?day=" (d) } { (label) } }
                    " "
                }
            }
            @if can_edit { p { a href="/capacity/queues" { (ctx.t("capacity.queues_link")) } } }
            (what_if_form(ctx, form, queues, errors))
            @if let Some(c) = c {
                div #forecast data-live=(live_url) data-live-interval="30000" aria-live="polite" { (forecast_part(ctx, c)) }
            }
        }))
    }
}

/// Today per queue in one table: the dashboard, the daily check-in and the situation report.
pub fn today_table(ctx: &PageCtx, queues: &[super::live::QueueToday]) -> Markup {
    let sl = |q: &super::live::QueueToday| match (q.service_level_low, q.service_level_high) {
        (Some(l), Some(h)) => range_pct(l, h),
        _ => "—".into(),
    };
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.capacity-today {
            thead { tr {
                th scope="col" { (ctx.t("capacity.queue")) }
                th scope="col" { (ctx.t("capacity.worst_at")) }
                th scope="col" { (ctx.t("capacity.service_level")) }
                th scope="col" { (ctx.t("capacity.asa")) }
                th scope="col" { (ctx.t("capacity.abandonment")) }
                th scope="col" { (ctx.t("capacity.gap")) }
            } }
            tbody { @for q in queues {
                @let below = q.service_level_low.is_some_and(|l| l < q.target_service_level);
                tr.short[q.agents_short > 0] {
                    th scope="row" { a href={ "/capacity#queue-" (q.queue_id) } { (q.name) } }
                    td { (q.worst_at.clone().unwrap_or_else(|| "—".into())) }
                    td { @if below { strong { (sl(q)) } } @else { (sl(q)) } }
                    td { @if q.kind == "email" { (format!("{:.0}", q.backlog_at_close.unwrap_or(0.0))) " " (ctx.t("capacity.left_at_close")) } @else { (wait_range(ctx, q.best_asa_seconds.or(q.asa_seconds), q.asa_seconds)) } }
                    td { @match (q.best_abandonment.or(q.abandonment), q.abandonment) { (Some(b), Some(w)) => { (range_pct(b, w)) }, _ => { "—" } } }
                    td { @if q.agents_short > 0 { (q.agents_short) } @else { "—" } }
                }
            } }
        } }
    }
}
