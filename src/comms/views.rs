//! The communication plan page.
use super::forms::{CommunicationPlanInput, CADENCES};
use super::repo::is_overdue;
use super::web::Failed;
use crate::entities::{communication_plan, meeting_rule};
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::ui::components::{
    conflict_notice, csrf_field, error_summary, person_options, select, textarea, vocab_options,
    Input,
};
use crate::ui::{page, PageCtx};
use chrono::{DateTime, Utc};
use maud::{html, Markup};

pub struct CommsPage {
    pub plans: Vec<communication_plan::Model>,
    pub rules: Vec<meeting_rule::Model>,
    pub people: Vec<Member>,
    pub chief: Option<i32>,
    pub can_edit: bool,
    pub now: DateTime<Utc>,
}

fn person(people: &[Member], id: Option<i32>) -> String {
    id.and_then(|id| people.iter().find(|m| m.user.id == id))
        .map(|m| m.user.display_name.clone())
        .unwrap_or_else(|| "—".into())
}

pub fn comms_page(ctx: &PageCtx, d: &CommsPage, failed: &Failed) -> Markup {
    let title = ctx.t("comms.title");
    let people = person_options(ctx, &d.people);
    let opt = |v: Option<i32>| vec![v.map(|n| n.to_string()).unwrap_or_default()];
    let no_errors = FieldErrors::default();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("comms.intro")) }
            section.card id="chief" {
                h2 { (ctx.t("comms.chief")) }
                p { (ctx.t("comms.chief_intro")) }
                @let chief_errors = match failed { Failed::Chief { errors } => errors, _ => &no_errors };
                @if d.can_edit {
                    form.inline method="post" action="/plan/communication/chief" {
                        (csrf_field(ctx))
                        (select(ctx, chief_errors, "user_id", &ctx.t("comms.chief_person"), &people, &opt(d.chief), false))
                        button.primary type="submit" { (ctx.t("forms.save")) }
                    }
                } @else { p { strong { (person(&d.people, d.chief)) } } }
            }
            div.cards {
                @for p in &d.plans {
                    @let (form, errors, conflict) = match failed {
                        Failed::Plan { audience, form, errors, conflict } if *audience == p.audience => (form.clone(), errors, *conflict),
                        _ => (CommunicationPlanInput { owner_user_id: p.owner_user_id, deputy_user_id: p.deputy_user_id, channels: p.channels.clone(), cadence: p.cadence.clone(), notes: p.notes.clone(), version: Some(p.version) }, &no_errors, false),
                    };
                    @let overdue = is_overdue(p, d.now);
                    section.card.overdue[overdue] id=(p.audience) {
                        h2 { (ctx.t(&format!("comms.audience.{}", p.audience))) }
                        p.status-line {
                            (ctx.t(&format!("comms.cadence.{}", p.cadence))) " · "
                            @match p.last_communicated_at {
                                Some(at) => { (ctx.t("comms.last")) " " time datetime=(at.to_rfc3339()) { (ctx.local_time(at)) } }
                                None => { (ctx.t("comms.never")) }
                            }
                            @if let Some(due) = p.next_due_at { " · " (ctx.t("comms.next")) " " time datetime=(due.to_rfc3339()) { (ctx.local_time(due)) } }
                            @if overdue { " " span.badge.danger { (ctx.t("comms.overdue")) } }
                        }
                        @if d.can_edit {
                            form method="post" action={ "/plan/communication/" (p.audience) "/done" } {
                                (csrf_field(ctx))
                                input type="hidden" name="note" value="";
                                button.primary type="submit" { (ctx.t("comms.communicated_now")) }
                            }
                            (crate::ui::components::scoped(&format!("{}-", p.audience), || html! {
                            details open[!errors.is_empty() || conflict] {
                                summary { (ctx.t("comms.edit")) }
                                (conflict_notice(ctx, conflict))
                                (error_summary(ctx, errors))
                                form method="post" action={ "/plan/communication/" (p.audience) } novalidate {
                                    (csrf_field(ctx))
                                    @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                                    (select(ctx, errors, "owner_user_id", &ctx.t("comms.owner"), &people, &opt(form.owner_user_id), false))
                                    (select(ctx, errors, "deputy_user_id", &ctx.t("comms.deputy"), &people, &opt(form.deputy_user_id), false))
                                    (Input::new("channels", ctx.t("comms.channels"), &form.channels).hint(ctx.t("comms.channels_hint")).render(ctx, errors))
                                    (select(ctx, errors, "cadence", &ctx.t("comms.cadence_label"), &vocab_options(ctx, "comms.cadence", CADENCES), &[form.cadence.clone()], false))
                                    (textarea(ctx, errors, "notes", &ctx.t("comms.notes"), &form.notes, 2))
                                    button type="submit" { (ctx.t("forms.save")) }
                                }
                            }
                            }))
                        }
                        dl.facts {
                            dt { (ctx.t("comms.owner")) } dd { (person(&d.people, p.owner_user_id)) }
                            dt { (ctx.t("comms.deputy")) } dd { (person(&d.people, p.deputy_user_id)) }
                            dt { (ctx.t("comms.channels")) } dd { (if p.channels.is_empty() { "—" } else { &p.channels }) }
                        }
                    }
                }
            }
            section.card id="rules" {
                h2 { (ctx.t("comms.rules")) }
                p { (ctx.t("comms.rules_intro")) }
                @if d.rules.is_empty() { p.muted { (ctx.t("comms.no_rules")) } }
                ol.rules { @for r in &d.rules {
                    li {
                        (r.text)
                        @if d.can_edit {
                            form.inline method="post" action={ "/plan/communication/rules/" (r.id) "/delete" } {
                                (csrf_field(ctx))
                                button.link type="submit" aria-label={ (ctx.t("comms.remove_rule")) ": " (r.text) } { (ctx.t("comms.remove")) }
                            }
                        }
                    }
                } }
                @if d.can_edit {
                    @let (text, errors) = match failed { Failed::Rule { form, errors } => (form.text.clone(), errors), _ => (String::new(), &no_errors) };
                    form method="post" action="/plan/communication/rules" novalidate {
                        (csrf_field(ctx))
                        (Input::new("text", ctx.t("comms.new_rule"), &text).render(ctx, errors))
                        button.primary type="submit" { (ctx.t("comms.add_rule")) }
                    }
                }
            }
        },
    )
}
