//! The one page layout: header with navigation by role, organisation switcher, language.
use super::assets::ASSET_VERSION;
use super::components::csrf_field;
use super::PageCtx;
use crate::auth::Role;
use crate::i18n;
use maud::{html, Markup, DOCTYPE};

struct NavItem {
    href: &'static str,
    key: &'static str,
    roles: &'static [Role],
}

const NAV: &[NavItem] = &[
    NavItem {
        href: "/",
        key: "nav.dashboard",
        roles: &[],
    },
    NavItem {
        href: "/checkin",
        key: "nav.checkin",
        roles: &[],
    },
    NavItem {
        href: "/checkins",
        key: "nav.absence",
        roles: &[Role::CrisisLead, Role::CrisisMember, Role::Admin],
    },
    NavItem {
        href: "/rollcalls",
        key: "nav.rollcall",
        roles: &[Role::CrisisLead, Role::CrisisMember],
    },
    NavItem {
        href: "/capacity",
        key: "nav.capacity",
        roles: &[Role::CrisisLead, Role::CrisisMember, Role::Admin],
    },
    NavItem {
        href: "/home-working",
        key: "nav.home_working",
        roles: &[],
    },
    NavItem {
        href: "/plan",
        key: "nav.plan",
        roles: &[],
    },
    NavItem {
        href: "/plan/tasks",
        key: "nav.tasks",
        roles: &[],
    },
    NavItem {
        href: "/plan/communication",
        key: "nav.communication",
        roles: &[],
    },
    NavItem {
        href: "/faq",
        key: "nav.faq",
        roles: &[
            Role::Communicator,
            Role::CrisisLead,
            Role::CrisisMember,
            Role::Admin,
        ],
    },
    NavItem {
        href: "/log",
        key: "nav.log",
        roles: &[Role::CrisisLead, Role::CrisisMember, Role::Communicator],
    },
    NavItem {
        href: "/exercises",
        key: "nav.exercises",
        roles: &[Role::CrisisLead, Role::CrisisMember, Role::Communicator],
    },
    NavItem {
        href: "/questions",
        key: "nav.questions",
        roles: &[
            Role::Communicator,
            Role::CrisisLead,
            Role::CrisisMember,
            Role::Admin,
        ],
    },
    NavItem {
        href: "/knowledge",
        key: "nav.knowledge",
        roles: &[],
    },
    NavItem {
        href: "/plan/my-actions",
        key: "nav.my_actions",
        roles: &[],
    },
    NavItem {
        href: "/admin/users",
        key: "nav.users",
        roles: &[Role::Admin],
    },
    NavItem {
        href: "/admin/teams",
        key: "nav.teams",
        roles: &[Role::Admin],
    },
    NavItem {
        href: "/admin/organisation",
        key: "nav.organisation",
        roles: &[Role::Admin],
    },
    NavItem {
        href: "/admin/channels",
        key: "nav.channels",
        roles: &[Role::Admin],
    },
    NavItem {
        href: "/admin/audit",
        key: "nav.audit",
        roles: &[Role::Admin],
    },
];

fn is_current(ctx: &PageCtx, href: &str) -> bool {
    let under = |p: &str| ctx.path == p || ctx.path.starts_with(&format!("{p}/"));
    match href {
        "/" => ctx.path == "/",
        "/plan" => ctx.path == "/plan" || under("/plan/scenarios") || under("/plan/actions"),
        "/checkins" => under("/checkins") || under("/daily") || under("/trends"),
        other => under(other),
    }
}

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
                script src={ "/static/app.js?v=" (ASSET_VERSION) } defer {}
            }
            body {
                a.skip href="#main" { (ctx.t("nav.skip")) }
                header.top {
                    a.brand href="/" { "Beredskap" }
                    @if let Some(user) = &ctx.user {
                        (org_switcher(ctx, user.org.id, &user.org.name))
                        nav aria-label=(ctx.t("nav.main")) {
                            ul {
                                @for item in NAV.iter().filter(|i| i.roles.is_empty() || user.roles.any(i.roles)) {
                                    li { a href=(item.href) aria-current=[is_current(ctx, item.href).then_some("page")] { (ctx.t(item.key)) } }
                                }
                            }
                        }
                        div.account {
                            a href="/account" aria-current=[is_current(ctx, "/account").then_some("page")] { (user.user.display_name) }
                            form method="post" action="/logout" {
                                (csrf_field(ctx))
                                button.link type="submit" { (ctx.t("nav.sign_out")) }
                            }
                        }
                    }
                }
                @if let Some(d) = &ctx.on_duty { (crate::duty::views::strip(ctx, d)) }
                @if !ctx.banner.is_empty() {
                    div.banner role="status" {
                        @for a in &ctx.banner {
                            p {
                                strong { (if a.rising { "▲ " } else { "▼ " }) (a.scenario) } ": "
                                (a.from.clone().unwrap_or_else(|| ctx.t("plan.normal"))) " → " strong { (a.to.clone().unwrap_or_else(|| ctx.t("plan.normal"))) }
                                @if let Some(id) = a.holding_level_id {
                                    " " a.button href={ "/faq/holding/" (id) } { (ctx.t("holding.open")) }
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

fn org_switcher(ctx: &PageCtx, current_id: i32, current_name: &str) -> Markup {
    if ctx.orgs.len() < 2 {
        return html! { span.org { (current_name) } };
    }
    html! {
        form.org-switch method="post" action="/session/organisation" {
            (csrf_field(ctx))
            label.visually-hidden for="org-switch" { (ctx.t("nav.organisation_switch")) }
            select id="org-switch" name="organisation_id" {
                @for org in &ctx.orgs {
                    option value=(org.id) selected[org.id == current_id] { (org.name) }
                }
            }
            button type="submit" { (ctx.t("nav.switch")) }
        }
    }
}
