//! The one page layout: header with the menu by role (see [`super::nav`]), organisation
//! switcher, language.
use super::assets::ASSET_VERSION;
use super::components::csrf_field;
use super::PageCtx;
use crate::i18n;
use maud::{html, Markup, DOCTYPE};

/// Puts the lines of a form's error summary in the order its fields have on the page, so a
/// person fixing them goes from top to bottom.
fn in_form_order(content: Markup) -> Markup {
    let html = content.into_string();
    let Some(start) = html.find("<div class=\"error-summary\"") else {
        return maud::PreEscaped(html);
    };
    let (Some(ul), Some(end)) = (
        html[start..].find("<ul>").map(|i| start + i + 4),
        html[start..].find("</ul>").map(|i| start + i),
    ) else {
        return maud::PreEscaped(html);
    };
    let items: Vec<&str> = html[ul..end]
        .split_inclusive("</li>")
        .filter(|i| !i.trim().is_empty())
        .collect();
    let place = |item: &str| {
        item.split("data-field=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|field| html[end..].find(&format!("id=\"field-{field}\"")))
            .unwrap_or(usize::MAX)
    };
    let mut ordered = items.clone();
    ordered.sort_by_key(|i| place(i));
    maud::PreEscaped(format!(
        "{}{}{}",
        &html[..ul],
        ordered.concat(),
        &html[end..]
    ))
}

pub fn page(ctx: &PageCtx, title: &str, content: Markup) -> Markup {
    let content = in_form_order(content);
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Beredskap" }
                link rel="stylesheet" href={ "/static/app.css?v=" (ASSET_VERSION) };
                (crate::ui::assets::icon_link())
                script src={ "/static/app.js?v=" (ASSET_VERSION) } defer {}
            }
            body {
                a.skip href="#main" { (ctx.t("nav.skip")) }
                header.top {
                    a.brand href="/" { "Beredskap" }
                    @if let Some(user) = &ctx.user {
                        div.org-wide { (org_switcher(ctx, user.org.id, &user.org.name, "org-switch")) }
                        (super::nav::wide(ctx, &user.roles))
                        div.account { (super::nav::account(ctx, &user.user.display_name)) }
                        (super::nav::phone(ctx, &user.roles, html! {
                            (org_switcher(ctx, user.org.id, &user.org.name, "org-switch-menu"))
                            (super::nav::account(ctx, &user.user.display_name))
                        }))
                    }
                }
                @if let Some(d) = &ctx.on_duty { (crate::duty::views::strip(ctx, d)) }
                @if !ctx.banner.is_empty() {
                    div.banner role="status" {
                        @for a in &ctx.banner {
                            p {
                                strong { (if a.rising { "▲ " } else { "▼ " }) a href={ "/plan/scenarios/" (a.scenario_id) } { (a.scenario) } } ": "
                                (a.from.clone().unwrap_or_else(|| ctx.t("plan.normal"))) " → " strong { (a.to.clone().unwrap_or_else(|| ctx.t("plan.normal"))) }
                                @if let Some(id) = a.holding_level_id {
                                    " " a.button href={ "/faq/holding/" (id) } { (ctx.t("holding.open")) }
                                }
                                form.dismiss method="post" action="/banner/dismiss" {
                                    (csrf_field(ctx))
                                    input type="hidden" name="change_id" value=(a.change_id);
                                    input type="hidden" name="return_to" value=(ctx.path);
                                    button.link type="submit" { (ctx.t("banner.dismiss")) }
                                }
                            }
                        }
                    }
                }
                @if ctx.checkin_reminder && ctx.path != "/checkin" {
                    div.banner.reminder role="status" { p { (ctx.t("reminders.in_app")) " " a href="/checkin" { (ctx.t("reminders.button")) } } }
                }
                @if ctx.test_due && ctx.path != "/home-working" {
                    div.banner.reminder role="status" { p { (ctx.t("readiness.banner_test_due")) " " a href="/home-working#test" { (ctx.t("readiness.log_test")) } } }
                }
                main id="main" { (content) }
                footer {
                    form.lang method="post" action="/language" {
                        (csrf_field(ctx))
                        input type="hidden" name="return_to" value=(ctx.path);
                        label for="footer-lang" { (ctx.t("nav.language")) }
                        select id="footer-lang" name="language" {
                            @for l in i18n::ALL {
                                option value=(l.code()) selected[l == ctx.lang] lang=(l.code()) { (l.native_name()) }
                            }
                        }
                        button type="submit" { (ctx.t("forms.change")) }
                    }
                }
            }
        }
    }
}

fn org_switcher(ctx: &PageCtx, current_id: i32, current_name: &str, id: &str) -> Markup {
    if ctx.orgs.len() < 2 {
        return html! { span.org { (current_name) } };
    }
    html! {
        form.org-switch method="post" action="/session/organisation" {
            (csrf_field(ctx))
            label.visually-hidden for=(id) { (ctx.t("nav.organisation_switch")) }
            select id=(id) name="organisation_id" {
                @for org in &ctx.orgs {
                    option value=(org.id) selected[org.id == current_id] { (org.name) }
                }
            }
            button type="submit" { (ctx.t("nav.switch")) }
        }
    }
}
