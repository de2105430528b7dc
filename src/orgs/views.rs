//! Admin pages for people, teams and the organisation.
use super::forms::{MemberForm, OrganisationSettings, TeamInput};
use super::members::Member;
use crate::auth::roles::ALL_ROLES;
use crate::entities::{invitation, team};
use crate::error::FieldErrors;
use crate::i18n;
use crate::ui::components::{checkboxes, csrf_field, error_summary, select, textarea, Input};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub(super) fn role_options(ctx: &PageCtx) -> Vec<(String, String)> {
    ALL_ROLES
        .iter()
        .map(|r| (r.as_str().to_string(), ctx.t(&r.label_key())))
        .collect()
}

pub(super) fn team_options(ctx: &PageCtx, teams: &[team::Model]) -> Vec<(String, String)> {
    let mut opts = vec![(String::new(), ctx.t("members.no_team"))];
    opts.extend(teams.iter().map(|t| (t.id.to_string(), t.name.clone())));
    opts
}

fn role_names(ctx: &PageCtx, m: &Member) -> String {
    roles_text(ctx, &m.roles())
}

pub(super) fn roles_text(ctx: &PageCtx, roles: &crate::auth::RoleSet) -> String {
    roles
        .iter()
        .map(|r| ctx.t(&r.label_key()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn members_page(ctx: &PageCtx, people: &[Member], invited: &[invitation::Model]) -> Markup {
    let title = ctx.t("members.title");
    let active = people.iter().filter(|m| m.membership.active).count();
    page(
        ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) }
                a.button.primary href="/admin/users/new" { (ctx.t("members.add")) }
            }
            (super::invitations_views::pending_list(ctx, invited))
            p { (ctx.tf("members.count", &[("active", &active.to_string()), ("total", &people.len().to_string())])) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
                table {
                    thead { tr {
                        th scope="col" { (ctx.t("members.name")) }
                        th scope="col" { (ctx.t("members.email")) }
                        th scope="col" { (ctx.t("members.roles")) }
                        th scope="col" { (ctx.t("members.team")) }
                        th scope="col" { (ctx.t("members.status")) }
                    } }
                    tbody {
                        @for m in people {
                            tr.inactive[!m.membership.active] {
                                td { a href={ "/admin/users/" (m.user.id) } { (m.user.display_name) } }
                                td { (m.user.email) }
                                td { (role_names(ctx, m)) }
                                td { (m.team.as_ref().map(|t| t.name.as_str()).unwrap_or("—")) }
                                td { @if m.membership.active { (ctx.t("members.active")) } @else { span.badge { (ctx.t("members.deactivated")) } } }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn edit_member_page(
    ctx: &PageCtx,
    m: &Member,
    teams: &[team::Model],
    form: &MemberForm,
    errors: &FieldErrors,
) -> Markup {
    let title = m.user.display_name.clone();
    let team = vec![form.team_id.map(|t| t.to_string()).unwrap_or_default()];
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/users" { "← " (ctx.t("members.title")) } }
            h1 { (title) }
            p { (m.user.email) }
            (error_summary(ctx, errors))
            form.card method="post" action={ "/admin/users/" (m.user.id) } {
                (csrf_field(ctx))
                (checkboxes(ctx, errors, "roles", &ctx.t("members.roles"), &role_options(ctx), &form.roles))
                (select(ctx, errors, "team_id", &ctx.t("members.team"), &team_options(ctx, teams), &team, false))
                div.field.invalid[errors.for_field("active").is_some()] id="field-active" {
                    @if let Some(e) = errors.for_field("active") { p.field-error { (i18n::field_error_message(ctx.lang, e)) } }
                    label.check {
                        input type="checkbox" name="active" value="true" checked[form.active.is_some()];
                        " " (ctx.t("members.active_label"))
                    }
                    p.hint { (ctx.t("members.active_hint")) }
                }
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
        },
    )
}

pub fn teams_page(
    ctx: &PageCtx,
    teams: &[team::Model],
    counts: &[(i32, usize)],
    form: &TeamInput,
    errors: &FieldErrors,
) -> Markup {
    let title = ctx.t("teams.title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if teams.is_empty() { p { (ctx.t("teams.none")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr { th scope="col" { (ctx.t("teams.name")) } th scope="col" { (ctx.t("teams.people")) } } }
                    tbody { @for t in teams {
                        tr {
                            td { a href={ "/admin/teams/" (t.id) } { (t.name) } }
                            td { (counts.iter().find(|c| c.0 == t.id).map(|c| c.1).unwrap_or(0)) }
                        }
                    } }
                } }
            }
            section.card {
                h2 { (ctx.t("teams.add")) }
                (error_summary(ctx, errors))
                form method="post" action="/admin/teams" novalidate {
                    (csrf_field(ctx))
                    (Input::new("name", ctx.t("teams.name"), &form.name).required().render(ctx, errors))
                    button.primary type="submit" { (ctx.t("teams.add")) }
                }
            }
        },
    )
}

pub fn team_edit_page(
    ctx: &PageCtx,
    t: &team::Model,
    form: &TeamInput,
    errors: &FieldErrors,
    leads: Markup,
) -> Markup {
    let title = t.name.clone();
    page(
        ctx,
        &title,
        html! {
            p { a href="/admin/teams" { "← " (ctx.t("teams.title")) } }
            h1 { (title) }
            (error_summary(ctx, errors))
            form.card method="post" action={ "/admin/teams/" (t.id) } novalidate {
                (csrf_field(ctx))
                (Input::new("name", ctx.t("teams.name"), &form.name).required().render(ctx, errors))
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
            (leads)
            form.card method="post" action={ "/admin/teams/" (t.id) "/delete" } {
                (csrf_field(ctx))
                p { (ctx.t("teams.delete_hint")) }
                button.danger type="submit" { (ctx.t("teams.delete")) }
            }
        },
    )
}

pub fn settings_page(
    ctx: &PageCtx,
    slug: &str,
    public_url: &str,
    form: &OrganisationSettings,
    errors: &FieldErrors,
) -> Markup {
    let title = ctx.t("organisation.title");
    let languages: Vec<(String, String)> = i18n::ALL
        .iter()
        .map(|l| (l.code().to_string(), l.native_name().to_string()))
        .collect();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { (ctx.t("organisation.slug")) ": " code { (slug) } }
            (error_summary(ctx, errors))
            form.card method="post" action="/admin/organisation" novalidate {
                (csrf_field(ctx))
                (Input::new("name", ctx.t("organisation.name"), &form.name).required().render(ctx, errors))
                (Input::new("time_zone", ctx.t("organisation.time_zone"), &form.time_zone).required()
                    .hint(ctx.t("organisation.time_zone_hint")).render(ctx, errors))
                (select(ctx, errors, "default_language", &ctx.t("organisation.default_language"), &languages, &[form.default_language.clone()], false))
                (textarea(ctx, errors, "embed_origins", &ctx.t("organisation.embed_origins"), form.embed_origins.as_deref().unwrap_or(""), 3))
                p.hint { (ctx.t("organisation.embed_origins_hint")) }
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
            section.card #embed {
                h2 { (ctx.t("organisation.embed_title")) }
                p { (ctx.t("organisation.embed_script")) }
                pre { code { "<script src=\"" (public_url) "/p/" (slug) "/widget.js\" async></script>\n<div data-beredskap-faq></div>" } }
                p { (ctx.t("organisation.embed_frame")) }
                pre { code { "<iframe src=\"" (public_url) "/p/" (slug) "/embed\" title=\"FAQ\" style=\"width:100%;height:40rem;border:0\"></iframe>" } }
            }
        },
    )
}
