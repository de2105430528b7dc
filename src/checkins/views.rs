//! The phone check-in page, the live absence board and the settings form.
use super::absence::{Absence, STATUSES};
use super::forms::{CheckinTap, PlanForm, SettingsInput};
use super::repo::DayAbsence;
use crate::entities::staff_checkin;
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::ui::components::{
    conflict_notice, csrf_field, error_summary, select, vocab_options, Input,
};
use crate::ui::{page, PageCtx};
use chrono::NaiveDate;
use maud::{html, Markup};

const PLANNABLE: &[&str] = &["leave", "other_absence"];

/// One person's day as their check-in page shows it.
pub struct MyDay<'a> {
    pub today: NaiveDate,
    pub todays: Option<&'a staff_checkin::Model>,
    pub planned: &'a [staff_checkin::Model],
    /// What else the day holds for them (levels in force, the latest answers), below the form.
    pub news: Markup,
}

pub fn checkin_page(
    ctx: &PageCtx,
    day: &MyDay,
    plan: &PlanForm,
    kept: Option<&CheckinTap>,
    errors: &FieldErrors,
) -> Markup {
    let (today, todays, planned) = (day.today, day.todays, day.planned);
    // What was typed into the note form, when it came back with errors; else today's.
    let note = kept
        .and_then(|k| k.note.clone())
        .or_else(|| todays.map(|c| c.note.clone()))
        .unwrap_or_default();
    let status = kept
        .and_then(|k| k.status.clone())
        .or_else(|| todays.map(|c| c.status.clone()))
        .unwrap_or_else(|| "office".into());
    let title = ctx.t("checkins.title");
    page(
        ctx,
        &title,
        html! {
            section.checkin {
                h1 { (title) }
                p.lead { (ctx.tf("checkins.today_is", &[("day", &today.to_string())])) }
                (error_summary(ctx, errors))
                @if let Some(c) = todays {
                    p.notice role="status" {
                        (ctx.tf("checkins.checked_in_as", &[("status", &ctx.t(&format!("checkins.status.{}", c.status)))]))
                        @if let Some(w) = c.wellbeing { " · " (ctx.tf("checkins.feeling", &[("value", &w.to_string())])) }
                    }
                    @if c.wellbeing.is_none() && c.status != "leave" {
                        h2 { (ctx.t("checkins.how_do_you_feel")) }
                        div.wellbeing {
                            @for w in 1..=5 {
                                form method="post" action="/checkin" {
                                    (csrf_field(ctx))
                                    input type="hidden" name="wellbeing" value=(w);
                                    button type="submit" aria-label=(ctx.t(&format!("checkins.wellbeing.{w}"))) { span.face { (w) } small { (ctx.t(&format!("checkins.wellbeing.{w}"))) } }
                                }
                            }
                        }
                    }
                    h2 { (ctx.t("checkins.change")) }
                } @else {
                    h2 { (ctx.t("checkins.where_today")) }
                }
                div.status-buttons {
                    @for s in STATUSES {
                        form method="post" action="/checkin" {
                            (csrf_field(ctx))
                            input type="hidden" name="status" value=(s);
                            button class={ "status status-" (s) @if todays.is_some_and(|c| c.status == *s) { " chosen" } } type="submit" { (ctx.t(&format!("checkins.status.{s}"))) }
                        }
                    }
                }
                details.note {
                    summary { (ctx.t("checkins.with_note")) }
                    form method="post" action="/checkin" {
                        (csrf_field(ctx))
                        (select(ctx, errors, "status", &ctx.t("checkins.status_label"), &vocab_options(ctx, "checkins.status", STATUSES), &[status], false))
                        (Input::new("note", ctx.t("checkins.note"), &note).render(ctx, errors))
                        button.primary type="submit" { (ctx.t("checkins.save")) }
                    }
                }
            }
            (day.news)
            section.card id="planned" {
                h2 { (ctx.t("checkins.plan_ahead")) }
                @if !planned.is_empty() {
                    ul { @for p in planned { li { (p.day.to_string()) " · " (ctx.t(&format!("checkins.status.{}", p.status))) @if !p.note.is_empty() { " · " (p.note) } } } }
                }
                form method="post" action="/checkin/plan" novalidate {
                    (csrf_field(ctx))
                    (Input::new("plan_day", ctx.t("checkins.day"), &plan.plan_day).kind("date").required().render(ctx, errors))
                    (select(ctx, errors, "plan_status", &ctx.t("checkins.status_label"), &vocab_options(ctx, "checkins.status", PLANNABLE), &[plan.plan_status.clone()], false))
                    (Input::new("plan_note", ctx.t("checkins.note"), &plan.plan_note).render(ctx, errors))
                    button type="submit" { (ctx.t("checkins.plan")) }
                }
            }
        },
    )
}

pub struct Board {
    pub today: NaiveDate,
    pub absence: DayAbsence,
    pub workload: Option<f64>,
    pub people: Vec<(Member, Option<staff_checkin::Model>)>,
    pub is_lead: bool,
    /// Holds the daily check-in (an admin sees the board but is not in the crisis group).
    pub in_crisis_group: bool,
}

fn pct(v: Option<f64>) -> String {
    v.map(|p| format!("{p:.0} %")).unwrap_or_else(|| "—".into())
}

fn bar(ctx: &PageCtx, a: &Absence) -> Markup {
    // SVG attributes, not inline styles: the CSP allows no inline style.
    let h = a.headcount.max(1) as f64;
    let w = |n: usize| 100.0 * n as f64 / h;
    let (p, ab) = (w(a.present), w(a.absent));
    let label = ctx.tf(
        "checkins.bar_label",
        &[
            ("present", &a.present.to_string()),
            ("absent", &a.absent.to_string()),
            ("unknown", &a.unknown.to_string()),
        ],
    );
    html! {
        svg.stack viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label=(label) {
            rect.present x="0" y="0" height="10" width=(format!("{p:.2}")) {}
            rect.absent x=(format!("{p:.2}")) y="0" height="10" width=(format!("{ab:.2}")) {}
            rect.unknown x=(format!("{:.2}", p + ab)) y="0" height="10" width=(format!("{:.2}", w(a.unknown))) {}
        }
    }
}

pub fn board_live(ctx: &PageCtx, b: &Board) -> Markup {
    let o = &b.absence.overall;
    html! {
        div id="board-live" {
            div.figures {
                div.figure.big { span.value { (pct(o.absence_pct())) } span.label { (ctx.t("checkins.absence")) } }
                div.figure { span.value { (o.present) } span.label { (ctx.t("checkins.present")) } }
                div.figure { span.value { (o.absent) } span.label { (ctx.t("checkins.absent")) } }
                div.figure.unknown { span.value { (o.unknown) } span.label { (ctx.t("checkins.unknown")) } }
                div.figure { span.value { (b.absence.wellbeing_avg.map(|w| ctx.decimal(w, 1)).unwrap_or_else(|| "—".into())) } span.label { (ctx.tf("checkins.wellbeing_avg", &[("n", &b.absence.wellbeing_answers.to_string())])) } }
                div.figure { span.value { (b.workload.map(|w| format!("{w:+.0} %")).unwrap_or_else(|| "—".into())) } span.label { (ctx.t("checkins.workload")) } }
            }
            p.hint { (ctx.t("checkins.unknown_explained")) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.teams {
                thead { tr {
                    th scope="col" { (ctx.t("members.team")) }
                    th scope="col" { (ctx.t("checkins.present")) }
                    th scope="col" { (ctx.t("checkins.absent")) }
                    th scope="col" { (ctx.t("checkins.unknown")) }
                    th scope="col" { (ctx.t("checkins.absence")) }
                    th scope="col" { span.visually-hidden { (ctx.t("checkins.chart")) } }
                } }
                tbody { @for (team, a) in &b.absence.teams {
                    tr {
                        th scope="row" { (team.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| ctx.t("members.no_team"))) }
                        td { (a.present) } td { (a.absent) } td { (a.unknown) } td { (pct(a.absence_pct())) }
                        td.bar-cell { (bar(ctx, a)) }
                    }
                } }
                tfoot { tr {
                    th scope="row" { (ctx.t("checkins.everyone")) }
                    td { (o.present) } td { (o.absent) } td { (o.unknown) } td { (pct(o.absence_pct())) }
                    td.bar-cell { (bar(ctx, o)) }
                } }
            } }
        }
    }
}

pub fn board_page(ctx: &PageCtx, b: &Board) -> Markup {
    let title = ctx.t("checkins.board");
    page(
        ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) " · " (b.today.to_string()) }
                div.buttons {
                    @if b.in_crisis_group { a.button href="/daily" { (ctx.t("daily.title")) } }
                    a.button href="/trends" { (ctx.t("trends.title")) }
                    a.button href="/checkins/settings" { (ctx.t("checkins.settings")) }
                }
            }
            div data-live="/checkins/live" { (board_live(ctx, b)) }
            @if b.is_lead {
            section.card {
                h2 { (ctx.t("checkins.export")) }
                form.filters method="get" action="/checkins/export.csv" {
                    div.field { label for="ex-from" { (ctx.t("checkins.export_from")) } input id="ex-from" type="date" name="from" value=((b.today - chrono::Duration::days(30)).to_string()); }
                    div.field { label for="ex-to" { (ctx.t("checkins.export_to")) } input id="ex-to" type="date" name="to" value=(b.today.to_string()); }
                    div.field {
                        label for="ex-team" { (ctx.t("members.team")) }
                        select id="ex-team" name="team_id" {
                            option value="" { (ctx.t("checkins.everyone")) }
                            @for (t, _) in &b.absence.teams { @if let Some(t) = t { option value=(t.id) { (t.name) } } }
                        }
                    }
                    div.field {
                        label for="ex-delimiter" { (ctx.t("export.delimiter")) }
                        select id="ex-delimiter" name="delimiter" {
                            option value="" { (ctx.t("export.delimiter_language")) }
                            option value="semicolon" { (ctx.t("export.semicolon")) }
                            option value="comma" { (ctx.t("export.comma")) }
                        }
                    }
                    button type="submit" { (ctx.t("checkins.export_button")) }
                }
            }
            section.card id="people" {
                    h2 { (ctx.t("checkins.people")) }
                    p.hint { (ctx.t("checkins.people_private")) }
                    div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                        thead { tr {
                            th scope="col" { (ctx.t("members.name")) }
                            th scope="col" { (ctx.t("members.team")) }
                            th scope="col" { (ctx.t("checkins.status_label")) }
                            th scope="col" { (ctx.t("checkins.wellbeing_label")) }
                            th scope="col" { (ctx.t("checkins.record_for")) }
                        } }
                        tbody { @for (m, c) in &b.people {
                            tr.unknown[c.is_none()] {
                                td { (m.user.display_name) }
                                td { (m.team.as_ref().map(|t| t.name.as_str()).unwrap_or("—")) }
                                td { @match c {
                                    Some(c) => { (ctx.t(&format!("checkins.status.{}", c.status))) @if !c.note.is_empty() { br; small { (c.note) } } @if c.recorded_by_user_id.is_some() { " " span.badge { (ctx.t("checkins.by_lead")) } } }
                                    None => { span.muted { (ctx.t("checkins.not_checked_in")) } }
                                } }
                                td { (c.as_ref().and_then(|c| c.wellbeing).map(|w| w.to_string()).unwrap_or_else(|| "—".into())) }
                                td {
                                    form.inline method="post" action={ "/checkins/people/" (m.user.id) } {
                                        (csrf_field(ctx))
                                        label.visually-hidden for={ "rec-" (m.user.id) } { (ctx.t("checkins.status_label")) }
                                        select id={ "rec-" (m.user.id) } name="status" required {
                                            option value="" disabled selected[c.is_none()] { (ctx.t("checkins.choose_status")) }
                                            @for s in STATUSES { option value=(s) selected[c.as_ref().is_some_and(|c| c.status == *s)] { (ctx.t(&format!("checkins.status.{s}"))) } }
                                        }
                                        button type="submit" { (ctx.t("forms.save")) }
                                    }
                                }
                            }
                        } }
                    } }
                }
            }
        },
    )
}

pub fn settings_page(
    ctx: &PageCtx,
    form: &SettingsInput,
    feed: &str,
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let title = ctx.t("checkins.settings");
    let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_default();
    let (calls, mails, chats, web) = (
        n(form.normal_calls),
        n(form.normal_mails),
        n(form.normal_chats),
        n(form.normal_web_visits),
    );
    let minutes = n(form.meeting_minutes);
    let call_days = n(form.wellbeing_call_days);
    page(
        ctx,
        &title,
        html! {
            p { a href="/checkins" { "← " (ctx.t("checkins.board")) } }
            h1 { (title) }
            (conflict_notice(ctx, conflict))
            (error_summary(ctx, errors))
            form.card method="post" action="/checkins/settings" novalidate {
                (csrf_field(ctx))
                @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                fieldset {
                    legend { (ctx.t("checkins.normal_day")) }
                    p.hint { (ctx.t("checkins.normal_day_hint")) }
                    div.row {
                        (Input::new("normal_calls", ctx.t("daily.calls"), &calls).kind("number").render(ctx, errors))
                        (Input::new("normal_mails", ctx.t("daily.mails"), &mails).kind("number").render(ctx, errors))
                        (Input::new("normal_chats", ctx.t("daily.chats"), &chats).kind("number").render(ctx, errors))
                        (Input::new("normal_web_visits", ctx.t("daily.web_visits"), &web).kind("number").render(ctx, errors))
                    }
                }
                (Input::new("reminder_time", ctx.t("checkins.reminder_time"), form.reminder_time.as_deref().unwrap_or("")).kind("time").hint(ctx.t("checkins.reminder_hint")).render(ctx, errors))
                fieldset {
                    legend { (ctx.t("checkins.meeting")) }
                    div.row {
                        (Input::new("meeting_time", ctx.t("checkins.meeting_time"), form.meeting_time.as_deref().unwrap_or("")).kind("time").render(ctx, errors))
                        (Input::new("meeting_minutes", ctx.t("checkins.meeting_minutes"), &minutes).kind("number").render(ctx, errors))
                    }
                    (Input::new("meeting_place", ctx.t("checkins.meeting_place"), &form.meeting_place).render(ctx, errors))
                }
                (Input::new("wellbeing_call_days", ctx.t("fields.wellbeing_call_days"), &call_days).kind("number").hint(ctx.t("wellbeing.days_hint")).render(ctx, errors))
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
            @if form.meeting_time.is_some() {
                section.card {
                    h2 { (ctx.t("checkins.calendar")) }
                    p { (ctx.t("checkins.calendar_hint")) }
                    p { code.feed { (feed) } }
                }
            }
        },
    )
}
