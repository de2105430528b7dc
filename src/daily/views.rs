//! The daily check-in form, the printable daily situation report and the list of past reports.
use super::forms::{ReportInput, DELIVERY};
use super::service::SinceYesterday;
use crate::checkins::repo::DayAbsence;
use crate::entities::{
    daily_volume, organisation, plan_action, report_followup, scenario, situation_report,
    threshold_level,
};
use crate::error::FieldErrors;
use crate::i18n::field_error_message;
use crate::orgs::members::Member;
use crate::scenarios::vocab;
use crate::ui::components::{conflict_notice, csrf_field, error_summary, textarea, Input};
use crate::ui::{page, PageCtx};
use chrono::NaiveDate;
use maud::{html, Markup};

pub struct FormData {
    pub day: NaiveDate,
    pub since: SinceYesterday,
    pub actions: Vec<plan_action::Model>,
    pub scenarios: Vec<scenario::Model>,
    pub people: Vec<Member>,
    pub absence: DayAbsence,
    /// Today's forecast per queue (empty on another day or without queues).
    pub capacity: Vec<crate::capacity::live::QueueToday>,
    /// The five questions asked most today.
    pub top_questions: Vec<crate::questions::board::TopQuestion>,
}

fn pct(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.0} %")).unwrap_or_else(|| "—".into())
}

fn one(ctx: &PageCtx, v: Option<f64>) -> String {
    v.map(|p| ctx.decimal(p, 1)).unwrap_or_else(|| "—".into())
}

fn since_section(ctx: &PageCtx, s: &SinceYesterday) -> Markup {
    let vol = |v: &Option<daily_volume::Model>| {
        v.as_ref().map(|v| {
            [v.calls, v.mails, v.chats, v.web_visits]
                .iter()
                .flatten()
                .sum::<i32>()
        })
    };
    html! {
        section.card.since {
            h2 { (ctx.t("daily.since_yesterday")) }
            ul {
                li { (ctx.tf("daily.absence_change", &[("yesterday", &pct(s.absence_yesterday)), ("today", &pct(s.absence_today)), ("unknown", &s.unknown_today.to_string())])) }
                li { (ctx.tf("daily.wellbeing_change", &[("yesterday", &one(ctx, s.wellbeing_yesterday)), ("today", &one(ctx, s.wellbeing_today))])) }
                @if let (Some(t), y) = (vol(&s.volumes_today), vol(&s.volumes_yesterday)) {
                    li { (ctx.tf("daily.volume_change", &[("yesterday", &y.map(|y| y.to_string()).unwrap_or_else(|| "—".into())), ("today", &t.to_string())])) }
                }
                @for (c, title) in &s.level_changes {
                    li.level-on { (title) ": " (c.from_name.clone().unwrap_or_else(|| ctx.t("plan.normal"))) " → " strong { (c.to_name.clone().unwrap_or_else(|| ctx.t("plan.normal"))) } }
                }
                @for a in &s.actions_done { li { (ctx.t("daily.done")) ": " (a.title) } }
                @for a in &s.overdue { li.overdue { (ctx.t("plan.overdue")) ": " a href={ "/plan/actions/" (a.id) } { (a.title) } } }
                @if s.level_changes.is_empty() && s.actions_done.is_empty() { li.muted { (ctx.t("daily.no_changes")) } }
            }
            @if !s.logged.is_empty() {
                h3 { a href="/log" { (ctx.tf("daily.logged", &[("n", &s.logged.len().to_string())])) } }
                ul.log-since {
                    @for e in s.logged.iter().take(12) {
                        li class={ "log-" (e.kind) } {
                            time datetime=(e.occurred_at.to_rfc3339()) { (ctx.local_time(e.occurred_at)) } " "
                            span.badge { (ctx.t(&format!("log.kind.{}", e.kind))) } " "
                            @if !e.event.is_empty() { (crate::log::views::event_label(ctx, &e.event)) " " }
                            (e.text)
                        }
                    }
                }
                @if s.logged.len() > 12 { p { a href="/log" { (ctx.t("daily.logged_all")) } } }
            }
        }
    }
}

fn absence_summary(ctx: &PageCtx, a: &DayAbsence) -> Markup {
    let o = &a.overall;
    html! {
        p { (ctx.tf("daily.absence_line", &[("pct", &pct(o.absence_pct())), ("present", &o.present.to_string()), ("absent", &o.absent.to_string()), ("unknown", &o.unknown.to_string())])) }
        ul.teams-inline { @for (t, ab) in &a.teams {
            li { (t.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| ctx.t("members.no_team"))) ": " (pct(ab.absence_pct())) @if ab.unknown > 0 { " (" (ctx.tf("daily.unknown_n", &[("n", &ab.unknown.to_string())])) ")" } }
        } }
    }
}

pub fn form_page(
    ctx: &PageCtx,
    d: &FormData,
    input: &ReportInput,
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let title = ctx.t("daily.title");
    let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    let v = &input.volumes;
    let (calls, mails, chats, web, backlog) = (
        n(v.calls),
        n(v.mails),
        n(v.chats),
        n(v.web_visits),
        n(v.backlog),
    );
    let attendees: Vec<&Member> = d
        .people
        .iter()
        .filter(|m| m.membership.active && m.roles().iter().any(|r| r != crate::auth::Role::Staff))
        .collect();
    page(
        ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) " · " (d.day.to_string()) }
                a.button href="/daily/reports" { (ctx.t("daily.archive")) }
            }
            (conflict_notice(ctx, conflict))
            (since_section(ctx, &d.since))
            (error_summary(ctx, errors))
            form.card.daily method="post" action="/daily" novalidate {
                (csrf_field(ctx))
                @if let Some(v) = input.version { input type="hidden" name="version" value=(v); }
                h2 { "1. " (ctx.t("daily.situation")) }
                (textarea(ctx, errors, "situation", &ctx.t("daily.situation_label"), &input.situation, 4))
                h2 { "2. " (ctx.t("daily.delivery")) }
                fieldset.rag id="field-delivery" {
                    legend { (ctx.t("daily.delivery_label")) }
                    @if let Some(e) = errors.for_field("delivery") { p.field-error { (field_error_message(ctx.lang, e)) } }
                    @for r in DELIVERY {
                        label class={ "rag-" (r) } { input type="radio" name="delivery" value=(r) checked[input.delivery == *r]; " " (ctx.t(&format!("daily.rag.{r}"))) }
                    }
                }
                (Input::new("delivery_note", ctx.t("daily.delivery_note"), &input.delivery_note).render(ctx, errors))
                div.row {
                    (Input::new("calls", ctx.t("daily.calls"), &calls).kind("number").render(ctx, errors))
                    (Input::new("mails", ctx.t("daily.mails"), &mails).kind("number").render(ctx, errors))
                    (Input::new("chats", ctx.t("daily.chats"), &chats).kind("number").render(ctx, errors))
                    (Input::new("web_visits", ctx.t("daily.web_visits"), &web).kind("number").render(ctx, errors))
                    (Input::new("backlog", ctx.t("daily.backlog"), &backlog).kind("number").render(ctx, errors))
                }
                h2 { "3. " (ctx.t("daily.wellbeing")) }
                p { (ctx.tf("daily.wellbeing_line", &[("avg", &one(ctx, d.absence.wellbeing_avg)), ("n", &d.absence.wellbeing_answers.to_string())])) }
                (textarea(ctx, errors, "wellbeing_note", &ctx.t("daily.wellbeing_note"), &input.wellbeing_note, 2))
                h2 { "4. " (ctx.t("daily.absence")) }
                (absence_summary(ctx, &d.absence))
                @if !d.capacity.is_empty() {
                    h3 { (ctx.t("capacity.today_card")) }
                    (crate::capacity::views::today_table(ctx, &d.capacity))
                }
                (crate::questions::views::top_five(ctx, &d.top_questions))
                h2 { "5. " (ctx.t("daily.followups")) }
                @if input.followups.is_empty() { p.muted { (ctx.t("daily.no_open_actions")) } }
                @for (i, f) in input.followups.iter().enumerate() {
                    @let a = d.actions.iter().find(|a| a.id == f.action_id);
                    @let scenario = a.and_then(|a| d.scenarios.iter().find(|s| s.id == a.scenario_id));
                    div.followup {
                        input type="hidden" name="action_id" value=(f.action_id);
                        input type="hidden" name="action_version" value=(f.version);
                        p { strong { (a.map(|a| a.title.as_str()).unwrap_or("")) } " · " small { (scenario.map(|s| s.title.as_str()).unwrap_or("")) }
                            @if a.is_some_and(|a| crate::plans::repo::is_overdue(a, d.day)) { " " span.badge.danger { (ctx.t("plan.overdue")) } } }
                        @if let Some(e) = errors.for_field(&format!("followups[{i}].status")) { p.field-error { (field_error_message(ctx.lang, e)) } }
                        div.row {
                            div.field {
                                label for={ "fu-status-" (i) } { (ctx.t("plan.status")) }
                                select id={ "fu-status-" (i) } name="action_status" {
                                    @for s in vocab::ACTION_STATUSES { option value=(s) selected[f.status == *s] { (ctx.t(&format!("plan.action_status.{s}"))) } }
                                }
                            }
                            div.field {
                                label for={ "fu-outcome-" (i) } { (ctx.t("plan.outcome")) }
                                input id={ "fu-outcome-" (i) } name="action_outcome" value=(f.outcome);
                            }
                        }
                    }
                }
                h2 { "6. " (ctx.t("daily.decisions")) }
                (textarea(ctx, errors, "decisions", &ctx.t("daily.decisions_label"), &input.decisions, 4))
                h2 { "7. " (ctx.t("daily.attendees")) }
                fieldset.field id="field-attendees" {
                    legend { (ctx.t("daily.attendees")) }
                    @for m in &attendees {
                        label.check { input type="checkbox" name="attendees" value=(m.user.id) checked[input.attendees.contains(&m.user.id)]; " " (m.user.display_name) }
                    }
                }
                button.primary type="submit" { (ctx.t("daily.save")) }
            }
        },
    )
}

#[allow(clippy::too_many_arguments)]
pub fn report_page(
    ctx: &PageCtx,
    org: &organisation::Model,
    r: &situation_report::Model,
    followups: &[report_followup::Model],
    people: &[Member],
    volumes: Option<&daily_volume::Model>,
    scenarios: &[scenario::Model],
    levels: &[threshold_level::Model],
) -> Markup {
    let title = ctx.tf("daily.report_title", &[("day", &r.day.to_string())]);
    let names: Vec<String> = r
        .attendees
        .split(',')
        .filter_map(|x| x.parse::<i32>().ok())
        .filter_map(|id| {
            people
                .iter()
                .find(|m| m.user.id == id)
                .map(|m| m.user.display_name.clone())
        })
        .collect();
    let at_level: Vec<(&scenario::Model, &threshold_level::Model)> = scenarios
        .iter()
        .filter(|s| s.status != "closed")
        .filter_map(|s| {
            s.current_level_id
                .and_then(|id| levels.iter().find(|l| l.id == id))
                .map(|l| (s, l))
        })
        .collect();
    let text = |s: &str| html! { @for line in s.lines() { (line) br; } };
    page(
        ctx,
        &title,
        html! {
            article.report {
                p.no-print { a href="/daily/reports" { "← " (ctx.t("daily.archive")) } " · " (ctx.t("daily.print_hint")) }
                h1 { (title) }
                p.lead { (org.name) }
                dl.facts {
                    dt { (ctx.t("daily.delivery")) } dd { span class={ "rag rag-" (r.delivery) } { (ctx.t(&format!("daily.rag.{}", r.delivery))) } @if !r.delivery_note.is_empty() { " — " (r.delivery_note) } }
                    dt { (ctx.t("daily.absence")) } dd { (ctx.tf("daily.absence_line", &[("pct", &pct(r.absence_pct)), ("present", &r.present.to_string()), ("absent", &r.absent.to_string()), ("unknown", &r.unknown.to_string())])) }
                    dt { (ctx.t("daily.wellbeing")) } dd { (one(ctx, r.wellbeing_avg)) @if !r.wellbeing_note.is_empty() { " — " (r.wellbeing_note) } }
                    dt { (ctx.t("checkins.workload")) } dd { (r.workload_change_pct.map(|w| format!("{w:+.0} %")).unwrap_or_else(|| "—".into())) }
                    @if let Some(v) = volumes {
                        dt { (ctx.t("daily.volumes")) }
                        dd { (ctx.t("daily.calls")) " " (v.calls.map(|x| x.to_string()).unwrap_or_else(|| "—".into())) " · "
                             (ctx.t("daily.mails")) " " (v.mails.map(|x| x.to_string()).unwrap_or_else(|| "—".into())) " · "
                             (ctx.t("daily.chats")) " " (v.chats.map(|x| x.to_string()).unwrap_or_else(|| "—".into())) " · "
                             (ctx.t("daily.web_visits")) " " (v.web_visits.map(|x| x.to_string()).unwrap_or_else(|| "—".into())) " · "
                             (ctx.t("daily.backlog")) " " (v.backlog.map(|x| x.to_string()).unwrap_or_else(|| "—".into())) }
                    }
                    dt { (ctx.t("daily.attendees")) } dd { (names.join(", ")) }
                }
                @if let Some(c) = r.capacity.as_deref().and_then(|c| serde_json::from_str::<Vec<crate::capacity::live::QueueToday>>(c).ok()).filter(|c| !c.is_empty()) {
                    h2 { (ctx.t("capacity.today_card")) }
                    (crate::capacity::views::today_table(ctx, &c))
                }
                @if let Some(q) = r.questions.as_deref().and_then(|q| serde_json::from_str::<Vec<crate::questions::board::TopQuestion>>(q).ok()) {
                    (crate::questions::views::top_five(ctx, &q))
                }
                @if !at_level.is_empty() {
                    h2 { (ctx.t("daily.scenarios_at_level")) }
                    ul { @for (s, l) in &at_level { li { (s.title) ": " strong { (l.name) } } } }
                }
                h2 { (ctx.t("daily.situation")) }
                p { (text(&r.situation)) }
                h2 { (ctx.t("daily.decisions")) }
                @if let Some(d) = r.log_decisions.as_deref().and_then(|d| serde_json::from_str::<Vec<crate::log::LoggedDecision>>(d).ok()).filter(|d| !d.is_empty()) {
                    h3 { (ctx.t("daily.log_decisions")) }
                    ul.log-decisions { @for e in &d { li { time datetime=(e.at.to_rfc3339()) { (ctx.local_time(e.at)) } " " (e.text) } } }
                }
                p { (text(&r.decisions)) }
                h2 { (ctx.t("daily.followups")) }
                @if followups.is_empty() { p.muted { (ctx.t("daily.no_open_actions")) } } @else {
                    table {
                        thead { tr { th scope="col" { (ctx.t("plan.action")) } th scope="col" { (ctx.t("plan.status")) } th scope="col" { (ctx.t("plan.outcome")) } } }
                        tbody { @for f in followups { tr { td { (f.action_title) } td { (ctx.t(&format!("plan.action_status.{}", f.status))) } td { (f.outcome) } } } }
                    }
                }
                p.muted { (ctx.tf("daily.saved_at", &[("at", &ctx.local_time(r.updated_at))])) }
            }
        },
    )
}

pub fn archive_page(ctx: &PageCtx, list: &[situation_report::Model]) -> Markup {
    let title = ctx.t("daily.archive");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if list.is_empty() { p { (ctx.t("daily.no_reports")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr { th scope="col" { (ctx.t("checkins.day")) } th scope="col" { (ctx.t("daily.delivery")) } th scope="col" { (ctx.t("daily.absence")) } th scope="col" { (ctx.t("daily.wellbeing")) } } }
                    tbody { @for r in list {
                        tr {
                            td { a href={ "/daily/" (r.day) } { (r.day.to_string()) } }
                            td { span class={ "rag rag-" (r.delivery) } { (ctx.t(&format!("daily.rag.{}", r.delivery))) } }
                            td { (pct(r.absence_pct)) }
                            td { (one(ctx, r.wellbeing_avg)) }
                        }
                    } }
                } }
            }
        },
    )
}
