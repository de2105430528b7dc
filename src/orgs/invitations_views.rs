//! Pages for invitations: the admin's form and record, and the page the person accepts on.
use super::forms::NewMember;
use super::invitations::Acceptance;
use super::views::{role_options, roles_text, team_options};
use crate::auth::password::MIN_PASSWORD_LENGTH;
use crate::auth::RoleSet;
use crate::entities::{invitation, organisation, team};
use crate::error::FieldErrors;
use crate::ui::components::{checkboxes, csrf_field, error_summary, select, Input};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub fn invite_page(
    ctx: &PageCtx,
    teams: &[team::Model],
    form: &NewMember,
    errors: &FieldErrors,
) -> Markup {
    let title = ctx.t("members.add");
    let team = vec![form.team_id.map(|t| t.to_string()).unwrap_or_default()];
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/users" { "← " (ctx.t("members.title")) } }
            h1 { (title) }
            p.lead { (ctx.t("invitations.intro")) }
            (error_summary(ctx, errors))
            form.card method="post" action="/admin/users/new" novalidate {
                (csrf_field(ctx))
                (Input::new("email", ctx.t("members.email"), &form.email).kind("email").required().render(ctx, errors))
                (Input::new("display_name", ctx.t("members.name"), &form.display_name).required().render(ctx, errors))
                (checkboxes(ctx, errors, "roles", &ctx.t("members.roles"), &role_options(ctx), &form.roles))
                (select(ctx, errors, "team_id", &ctx.t("members.team"), &team_options(ctx, teams), &team, false))
                button.primary type="submit" { (ctx.t("invitations.send")) }
            }
        },
    )
}

pub fn invitation_page(
    ctx: &PageCtx,
    inv: &invitation::Model,
    link: Option<&str>,
    mail_failed: bool,
) -> Markup {
    let title = ctx.tf("invitations.title", &[("name", &inv.display_name)]);
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/users" { "← " (ctx.t("members.title")) } }
            h1 { (title) }
            dl.facts {
                dt { (ctx.t("members.email")) } dd { (inv.email) }
                dt { (ctx.t("members.roles")) } dd { (roles_text(ctx, &RoleSet::from_stored(&inv.roles))) }
                dt { (ctx.t("invitations.status")) } dd { (ctx.t(&format!("invitations.status_{}", inv.status))) }
                dt { (ctx.t("invitations.expires")) } dd { (ctx.local_time(inv.expires_at)) }
            }
            @if inv.status == "pending" {
                @match link {
                    Some(link) => {
                        p.notice.warning[mail_failed] role="status" {
                            @if mail_failed { (ctx.t("invitations.mail_failed")) } @else { (ctx.t("invitations.no_mail")) }
                        }
                        label for="invite-link" { (ctx.t("invitations.link")) }
                        input id="invite-link" type="text" readonly value=(link);
                    }
                    None => { p.notice role="status" { (ctx.tf("invitations.mailed", &[("email", &inv.email)])) } }
                }
                form method="post" action={ "/admin/invitations/" (inv.id) "/revoke" } {
                    (csrf_field(ctx))
                    button.secondary type="submit" { (ctx.t("invitations.revoke")) }
                }
            }
        },
    )
}

/// The admin's list of invitations still waiting, above the people.
pub fn pending_list(ctx: &PageCtx, invited: &[invitation::Model]) -> Markup {
    html! {
        @if !invited.is_empty() {
            section.card {
                h2 { (ctx.t("invitations.pending")) }
                ul {
                    @for i in invited {
                        li { a href={ "/admin/invitations/" (i.id) } { (i.display_name) } " · " (i.email)
                            " · " (ctx.t("invitations.expires")) " " (ctx.local_time(i.expires_at)) }
                    }
                }
            }
        }
    }
}

pub fn accept_page(
    ctx: &PageCtx,
    inv: &invitation::Model,
    org: &organisation::Model,
    token: &str,
    form: &Acceptance,
    errors: &FieldErrors,
) -> Markup {
    let title = ctx.tf("invitations.accept_title", &[("org", &org.name)]);
    page(
        ctx,
        &title,
        html! {
            section.narrow {
                h1 { (title) }
                p.lead { (ctx.tf("invitations.accept_intro", &[("org", &org.name), ("email", &inv.email),
                    ("roles", &roles_text(ctx, &RoleSet::from_stored(&inv.roles)))])) }
                (error_summary(ctx, errors))
                form method="post" action={ "/invite/" (token) } novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="email" value=(inv.email) autocomplete="username";
                    (Input::new("display_name", ctx.t("members.name"), &form.display_name).required().autocomplete("name").render(ctx, errors))
                    (Input::new("password", ctx.t("login.password"), "").kind("password").required().autocomplete("current-password")
                        .hint(ctx.tf("invitations.password_hint", &[("min", &MIN_PASSWORD_LENGTH.to_string())])).render(ctx, errors))
                    button.primary type="submit" { (ctx.tf("invitations.accept", &[("org", &org.name)])) }
                }
            }
        },
    )
}

pub fn gone_page(ctx: &PageCtx) -> Markup {
    let title = ctx.t("invitations.gone_title");
    page(
        ctx,
        &title,
        html! {
            section.narrow {
                h1 { (title) }
                p { (ctx.t("invitations.gone")) }
                p { a href="/login" { (ctx.t("login.title")) } }
            }
        },
    )
}
