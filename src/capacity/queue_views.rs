//! The queue pages: the list with each team's split, the queue form, who staffs it.
use super::forms::{KINDS, WEEKDAYS};
use super::queue_form::QueueForm;
use super::views::target;
use crate::entities::{queue, queue_share, team};
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::ui::components::{conflict_notice, csrf_field, error_summary, select, textarea, Input};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub fn queues_page(
    ctx: &PageCtx,
    queues: &[queue::Model],
    teams: &[team::Model],
    shares: &[queue_share::Model],
) -> Markup {
    let title = ctx.t("queues.title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("queues.intro")) }
            p { a.button.primary href="/capacity/queues/new" { (ctx.t("queues.new")) } " " a href="/capacity" { (ctx.t("queues.to_forecast")) } }
            @if queues.is_empty() {
                p.muted { (ctx.t("capacity.no_queues")) }
            } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("queues.name")) } th scope="col" { (ctx.t("queues.kind")) } th scope="col" { (ctx.t("queues.target")) }
                        th scope="col" { (ctx.t("queues.aht")) }
                        @for t in teams { th scope="col" { (t.name) } }
                    } }
                    tbody { @for q in queues {
                        tr {
                            th scope="row" { a href={ "/capacity/queues/" (q.id) } { (q.name) } }
                            td { (ctx.t(&format!("capacity.kind.{}", q.kind))) }
                            td { (target(ctx, &q.kind, q.target_service_level, q.target_seconds)) }
                            td { (q.aht_seconds) " s" }
                            @for t in teams {
                                td { @match shares.iter().find(|s| s.queue_id == q.id && s.team_id == t.id) {
                                    Some(s) => { (format!("{:.0} %", s.share_pct)) },
                                    None => { "—" },
                                } }
                            }
                        }
                    } }
                } }
            }
        },
    )
}

fn day_label(ctx: &PageCtx, day: &str) -> String {
    ctx.t(&format!("queues.day.{day}"))
}

pub fn queue_form(
    ctx: &PageCtx,
    id: Option<i32>,
    form: &QueueForm,
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let kinds: Vec<(String, String)> = KINDS
        .iter()
        .map(|k| (k.to_string(), ctx.t(&format!("capacity.kind.{k}"))))
        .collect();
    let intervals: Vec<(String, String)> = ["15", "30", "60"]
        .iter()
        .map(|m| (m.to_string(), format!("{m} min")))
        .collect();
    let hour_names: Vec<String> = WEEKDAYS.iter().map(|d| format!("hours_{d}")).collect();
    let volume_names: Vec<String> = WEEKDAYS.iter().map(|d| format!("volume_{d}")).collect();
    let action = match id {
        Some(id) => format!("/capacity/queues/{id}"),
        None => "/capacity/queues/new".into(),
    };
    html! {
        (conflict_notice(ctx, conflict))
        (error_summary(ctx, errors))
        form.card method="post" action=(action) novalidate {
            (csrf_field(ctx))
            @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
            (Input::new("name", ctx.t("queues.name"), &form.name).required().render(ctx, errors))
            div.row {
                (select(ctx, errors, "kind", &ctx.t("queues.kind"), &kinds, &[form.kind.clone()], false))
                (select(ctx, errors, "interval_minutes", &ctx.t("queues.interval"), &intervals, &[form.interval_minutes.clone()], false))
            }
            fieldset {
                legend { (ctx.t("queues.target")) }
                div.row {
                    (Input::new("target_pct", ctx.t("queues.target_pct"), &form.target_pct).kind("text").render(ctx, errors))
                    (Input::new("target_seconds", ctx.t("queues.target_seconds"), &form.target_seconds).kind("text").hint(ctx.t("queues.voice_chat")).render(ctx, errors))
                    (Input::new("target_hours", ctx.t("queues.target_hours"), &form.target_hours).kind("text").hint(ctx.t("queues.email_only")).render(ctx, errors))
                }
            }
            div.row {
                (Input::new("aht_seconds", ctx.t("queues.aht"), &form.aht_seconds).kind("text").render(ctx, errors))
                (Input::new("concurrency", ctx.t("queues.concurrency"), &form.concurrency).kind("text").hint(ctx.t("queues.chat_only")).render(ctx, errors))
                (Input::new("patience_seconds", ctx.t("queues.patience"), &form.patience_seconds).kind("text").hint(ctx.t("queues.patience_hint")).render(ctx, errors))
            }
            div.row {
                (Input::new("max_occupancy_pct", ctx.t("queues.max_occupancy"), &form.max_occupancy_pct).kind("text").render(ctx, errors))
                (Input::new("shrinkage_pct", ctx.t("queues.shrinkage"), &form.shrinkage_pct).kind("text").hint(ctx.t("queues.shrinkage_hint")).render(ctx, errors))
            }
            fieldset {
                legend { (ctx.t("queues.week")) }
                p.hint { (ctx.t("queues.week_hint")) }
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.week {
                    thead { tr { th scope="col" { (ctx.t("queues.weekday")) } th scope="col" { (ctx.t("queues.hours")) } th scope="col" { (ctx.t("queues.volume")) } } }
                    tbody { @for (i, day) in WEEKDAYS.iter().enumerate() {
                        tr {
                            th scope="row" { (day_label(ctx, day)) }
                            td { (Input::new(&hour_names[i], day_label(ctx, day) + " · " + &ctx.t("queues.hours"), form.hours()[i]).render(ctx, errors)) }
                            td { (Input::new(&volume_names[i], day_label(ctx, day) + " · " + &ctx.t("queues.volume"), form.volumes()[i]).kind("text").render(ctx, errors)) }
                        }
                    } }
                } }
            }
            (textarea(ctx, errors, "profile_csv", &ctx.t("queues.profile"), &form.profile_csv, 8))
            p.hint { (ctx.t("queues.profile_hint")) }
            button.primary type="submit" { (ctx.t("forms.save")) }
        }
    }
}

pub struct StaffingView<'a> {
    pub queue: &'a queue::Model,
    pub teams: &'a [team::Model],
    pub shares: Vec<(i32, String)>,
    pub trained: Vec<i32>,
    pub people: &'a [Member],
}

pub fn staffing_form(ctx: &PageCtx, v: &StaffingView, errors: &FieldErrors) -> Markup {
    html! {
        form.card method="post" action={ "/capacity/queues/" (v.queue.id) "/staffing" } novalidate {
            (csrf_field(ctx))
            h2 { (ctx.t("queues.staffing")) }
            p.hint { (ctx.t("queues.staffing_hint")) }
            @for (i, t) in v.teams.iter().enumerate() {
                @let name = format!("teams[{i}].share_pct");
                @let value = v.shares.iter().find(|s| s.0 == t.id).map(|s| s.1.clone()).unwrap_or_default();
                @let err = errors.for_field(&name);
                div.field.invalid[err.is_some()] {
                    input type="hidden" name="team_id" value=(t.id);
                    label for={ "share-" (t.id) } { (ctx.tf("queues.team_share", &[("team", &t.name)])) }
                    @if let Some(e) = err { p.field-error { (crate::i18n::field_error_message(ctx.lang, e)) } }
                    input id={ "share-" (t.id) } name="share_pct" type="text" inputmode="decimal" value=(value) aria-invalid=[err.map(|_| "true")];
                }
            }
            fieldset.field {
                legend { (ctx.t("queues.trained")) }
                p.hint { (ctx.t("queues.trained_hint")) }
                @for m in v.people.iter().filter(|m| m.membership.active) {
                    label.check {
                        input type="checkbox" name="trained" value=(m.user.id) checked[v.trained.contains(&m.user.id)];
                        " " (m.user.display_name)
                        @if let Some(t) = &m.team { span.muted { " (" (t.name) ")" } }
                    }
                }
            }
            button.primary type="submit" { (ctx.t("forms.save")) }
        }
    }
}

pub fn edit_page(
    ctx: &PageCtx,
    q: &queue::Model,
    form: &QueueForm,
    errors: &FieldErrors,
    conflict: bool,
    staffing: &StaffingView,
    staffing_errors: &FieldErrors,
) -> Markup {
    let title = ctx.tf("queues.edit", &[("name", &q.name)]);
    page(
        ctx,
        &title,
        html! {
            p { a href="/capacity/queues" { "← " (ctx.t("queues.title")) } }
            h1 { (title) }
            (error_summary(ctx, staffing_errors))
            (staffing_form(ctx, staffing, staffing_errors))
            h2 { (ctx.t("queues.settings")) }
            (queue_form(ctx, Some(q.id), form, errors, conflict))
            p { a.danger href={ "/capacity/queues/" (q.id) "/delete" } { (ctx.t("queues.delete")) } }
        },
    )
}

pub fn new_page(ctx: &PageCtx, form: &QueueForm, errors: &FieldErrors) -> Markup {
    let title = ctx.t("queues.new");
    page(
        ctx,
        &title,
        html! {
            p { a href="/capacity/queues" { "← " (ctx.t("queues.title")) } }
            h1 { (title) }
            (queue_form(ctx, None, form, errors, false))
        },
    )
}
