//! The duty page (who holds each role, a handover form per role) and the strip shown on
//! crisis-group pages.
use super::forms::HandoverInput;
use super::OnDuty;
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::ui::components::{csrf_field, error_summary};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub fn role_label(ctx: &PageCtx, role: &str) -> String {
    ctx.t(&format!("duty.role.{role}"))
}

/// "On duty: Crisis lead Karin Krisledare 070-… · Scribe …", linking to the duty page.
pub fn strip(ctx: &PageCtx, on_duty: &[OnDuty]) -> Markup {
    html! {
        p.on-duty {
            a href="/duty" { (ctx.t("duty.on_duty")) } ": "
            @if on_duty.is_empty() { span.muted { (ctx.t("duty.nobody")) } }
            @for (i, d) in on_duty.iter().enumerate() {
                @if i > 0 { " · " }
                span { (role_label(ctx, &d.role)) " " strong { (d.name.clone().unwrap_or_default()) }
                    @if let Some(p) = &d.phone { " " a href={ "tel:" (p.replace(' ', "")) } { (p) } } }
            }
        }
    }
}

pub struct DutyPage<'a> {
    pub roles: &'a [OnDuty],
    pub people: &'a [Member],
    /// The role whose form is being shown again with errors.
    pub failed: Option<(&'a str, &'a HandoverInput, &'a FieldErrors)>,
}

pub fn duty_page(ctx: &PageCtx, p: &DutyPage) -> Markup {
    let title = ctx.t("duty.title");
    let none = FieldErrors::default();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("duty.intro")) }
            @if let Some((_, _, errors)) = p.failed { (error_summary(ctx, errors)) }
            div.grid {
                @for d in p.roles {
                    @let (form, errors) = match p.failed {
                        Some((role, f, e)) if role == d.role => (Some(f), e),
                        _ => (None, &none),
                    };
                    section.card id={ "duty-" (d.role) } {
                        h2 { (role_label(ctx, &d.role)) }
                        @match &d.name {
                            Some(name) => {
                                p { strong { (name) } @if let Some(ph) = &d.phone { " · " a href={ "tel:" (ph.replace(' ', "")) } { (ph) } } }
                                @if let Some(s) = d.since { p.muted { (ctx.tf("duty.since", &[("at", &ctx.local_time(s))])) } }
                                @if !d.note.is_empty() { blockquote { (d.note) } }
                            }
                            None => p.muted { (ctx.t("duty.vacant")) },
                        }
                        form.stack method="post" action={ "/duty/" (d.role) } novalidate {
                            (csrf_field(ctx))
                            input type="hidden" name="version" value=(d.version);
                            @let user_field = format!("duty-{}-user", d.role);
                            @let note_field = format!("duty-{}-note", d.role);
                            div.field.invalid[errors.for_field("user_id").is_some()] {
                                label for=(user_field) { (ctx.t("duty.hand_to")) }
                                @if let Some(e) = errors.for_field("user_id") { p.field-error { (crate::i18n::field_error_message(ctx.lang, e)) } }
                                select id=(user_field) name="user_id" {
                                    option value="" { (ctx.t("duty.nobody_option")) }
                                    @for m in p.people.iter().filter(|m| m.membership.active) {
                                        @let chosen = form.map(|f| f.user_id).unwrap_or(d.user_id);
                                        option value=(m.user.id) selected[chosen == Some(m.user.id)] { (m.user.display_name) }
                                    }
                                }
                            }
                            div.field.invalid[errors.for_field("note").is_some()] {
                                label for=(note_field) { (ctx.t("duty.note")) }
                                @if let Some(e) = errors.for_field("note") { p.field-error { (crate::i18n::field_error_message(ctx.lang, e)) } }
                                textarea id=(note_field) name="note" rows="2" maxlength="2000" { (form.map(|f| f.note.as_str()).unwrap_or("")) }
                            }
                            button.primary type="submit" { (ctx.t("duty.hand_over")) }
                        }
                    }
                }
            }
        },
    )
}
