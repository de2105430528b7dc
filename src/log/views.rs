//! The crisis log page: one field and a kind to write, the record below, printable.
use super::forms::LogInput;
use super::KINDS;
use crate::entities::{log_entry, scenario};
use crate::error::FieldErrors;
use crate::ui::components::{csrf_field, error_summary, field_id};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub struct LogPage<'a> {
    pub entries: &'a [log_entry::Model],
    pub scenarios: &'a [scenario::Model],
    pub authors: &'a [(i32, String)],
    pub form: &'a LogInput,
    pub errors: &'a FieldErrors,
    pub kind: &'a str,
    pub day: &'a str,
    pub scenario_id: Option<i32>,
}

fn kind_label(ctx: &PageCtx, kind: &str) -> String {
    ctx.t(&format!("log.kind.{kind}"))
}

/// What Beredskap saw, in the reader's language: `communicated/staff` is "Communicated to Staff:".
pub fn event_label(ctx: &PageCtx, event: &str) -> String {
    match event.split_once('/') {
        Some(("communicated", audience)) => ctx.tf(
            "log.event.communicated",
            &[("audience", &ctx.t(&format!("comms.audience.{audience}")))],
        ),
        Some(("duty_handover", role)) => ctx.tf(
            "log.event.duty_handover",
            &[("role", &ctx.t(&format!("duty.role.{role}")))],
        ),
        _ => ctx.t(&format!("log.event.{event}")),
    }
}

pub fn log_page(ctx: &PageCtx, p: &LogPage) -> Markup {
    let title = ctx.t("log.title");
    let text_error = p.errors.for_field("text");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead.no-print { (ctx.t("log.intro")) }
            (error_summary(ctx, p.errors))
            form.card.stack.no-print method="post" action="/log" novalidate {
                (csrf_field(ctx))
                div.field.invalid[text_error.is_some()] {
                    label for=(field_id("text")) { (ctx.t("log.text")) }
                    @if let Some(e) = text_error { p.field-error { (crate::i18n::field_error_message(ctx.lang, e)) } }
                    textarea id=(field_id("text")) name="text" rows="2" maxlength="4000" required { (p.form.text) }
                }
                div.field {
                    label for=(field_id("kind")) { (ctx.t("log.kind_label")) }
                    select id=(field_id("kind")) name="kind" {
                        @for k in KINDS { option value=(k) selected[*k == p.form.kind.as_str()] { (kind_label(ctx, k)) } }
                    }
                }
                @if !p.scenarios.is_empty() {
                    div.field {
                        label for=(field_id("scenario_id")) { (ctx.t("log.scenario")) }
                        select id=(field_id("scenario_id")) name="scenario_id" {
                            option value="" { "—" }
                            @for s in p.scenarios { option value=(s.id) selected[p.form.scenario_id == Some(s.id)] { (s.title) } }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("log.add")) }
            }
            form.inline.no-print method="get" action="/log" {
                label for="log-kind" { (ctx.t("log.kind_label")) }
                select id="log-kind" name="kind" {
                    option value="" { (ctx.t("log.all_kinds")) }
                    @for k in KINDS { option value=(k) selected[*k == p.kind] { (kind_label(ctx, k)) } }
                }
                @if !p.scenarios.is_empty() {
                    label for="log-scenario" { (ctx.t("log.scenario")) }
                    select id="log-scenario" name="scenario_id" {
                        option value="" { (ctx.t("log.all_scenarios")) }
                        @for s in p.scenarios { option value=(s.id) selected[p.scenario_id == Some(s.id)] { (s.title) } }
                    }
                }
                label for="log-day" { (ctx.t("log.day")) }
                input id="log-day" type="date" name="day" value=(p.day);
                button.secondary type="submit" { (ctx.t("log.show")) }
            }
            @if p.entries.is_empty() { p.empty { (ctx.t("log.empty")) } }
            @else {
                ol.log reversed {
                    @for e in p.entries {
                        li id={ "log-" (e.id) } class={ "log-" (e.kind) } {
                            time datetime=(e.occurred_at.to_rfc3339()) { (ctx.local_time(e.occurred_at)) } " "
                            span.badge { (kind_label(ctx, &e.kind)) } " "
                            @if let Some(s) = e.scenario_id.and_then(|id| p.scenarios.iter().find(|s| s.id == id)) { span.badge { (s.title) } " " }
                            @if let Some(c) = e.corrects_id { a href={ "#log-" (c) } { (ctx.t("log.corrects")) } " " }
                            @if !e.event.is_empty() { (event_label(ctx, &e.event)) " " }
                            (e.text)
                            " " small.meta {
                                @match e.author_user_id.and_then(|a| p.authors.iter().find(|(id, _)| *id == a)) {
                                    Some((_, name)) => (name),
                                    None => (ctx.t("log.by_beredskap")),
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
