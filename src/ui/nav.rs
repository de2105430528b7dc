//! The menu by role. Each role sees the pages it uses, in four groups (today, communication,
//! the plan, administration). On a wide screen a short menu is one row and a long one opens
//! group by group; on a phone the whole menu folds behind one button (a `<details>`, so it
//! needs no script), which puts every page two taps away and the content near the top.
use super::components::csrf_field;
use super::PageCtx;
use crate::auth::{Role, RoleSet};
use maud::{html, Markup};

struct Item {
    href: &'static str,
    key: &'static str,
    /// Empty: everyone.
    roles: &'static [Role],
}

struct Group {
    key: &'static str,
    items: &'static [Item],
}

const CRISIS: &[Role] = &[Role::CrisisLead, Role::CrisisMember];
const CRISIS_ADMIN: &[Role] = &[Role::CrisisLead, Role::CrisisMember, Role::Admin];
const CRISIS_COMMS: &[Role] = &[Role::CrisisLead, Role::CrisisMember, Role::Communicator];
const COMMS_ALL: &[Role] = &[
    Role::Communicator,
    Role::CrisisLead,
    Role::CrisisMember,
    Role::Admin,
];

const GROUPS: &[Group] = &[
    Group {
        key: "nav.group.today",
        items: &[
            Item {
                href: "/",
                key: "nav.dashboard",
                roles: &[],
            },
            Item {
                href: "/checkin",
                key: "nav.checkin",
                roles: &[],
            },
            Item {
                href: "/daily",
                key: "nav.daily",
                roles: CRISIS,
            },
            Item {
                href: "/checkins",
                key: "nav.absence",
                roles: CRISIS_ADMIN,
            },
            Item {
                href: "/trends",
                key: "nav.trends",
                roles: CRISIS_ADMIN,
            },
            Item {
                href: "/capacity",
                key: "nav.capacity",
                roles: CRISIS_ADMIN,
            },
            Item {
                href: "/rollcalls",
                key: "nav.rollcall",
                roles: CRISIS,
            },
            Item {
                href: "/log",
                key: "nav.log",
                roles: CRISIS_COMMS,
            },
            Item {
                href: "/duty",
                key: "nav.duty",
                roles: CRISIS_COMMS,
            },
        ],
    },
    Group {
        key: "nav.group.communication",
        items: &[
            Item {
                href: "/faq",
                key: "nav.faq",
                roles: COMMS_ALL,
            },
            Item {
                href: "/questions",
                key: "nav.questions",
                roles: COMMS_ALL,
            },
            Item {
                href: "/knowledge",
                key: "nav.knowledge",
                roles: &[],
            },
            Item {
                href: "/plan/communication",
                key: "nav.communication",
                roles: &[],
            },
        ],
    },
    Group {
        key: "nav.group.plan",
        items: &[
            Item {
                href: "/plan",
                key: "nav.plan",
                roles: &[],
            },
            Item {
                href: "/plan/tasks",
                key: "nav.tasks",
                roles: &[],
            },
            Item {
                href: "/home-working",
                key: "nav.home_working",
                roles: &[],
            },
            Item {
                href: "/exercises",
                key: "nav.exercises",
                roles: CRISIS_COMMS,
            },
            Item {
                href: "/plan/my-actions",
                key: "nav.my_actions",
                roles: &[],
            },
        ],
    },
    Group {
        key: "nav.group.admin",
        items: &[
            Item {
                href: "/admin/users",
                key: "nav.users",
                roles: &[Role::Admin],
            },
            Item {
                href: "/admin/teams",
                key: "nav.teams",
                roles: &[Role::Admin],
            },
            Item {
                href: "/admin/organisation",
                key: "nav.organisation",
                roles: &[Role::Admin],
            },
            Item {
                href: "/admin/channels",
                key: "nav.channels",
                roles: &[Role::Admin],
            },
            Item {
                href: "/admin/audit",
                key: "nav.audit",
                roles: &[Role::Admin],
            },
        ],
    },
];

/// Up to this many pages are one row on a wide screen; more open group by group.
const FLAT_UP_TO: usize = 9;

fn is_current(ctx: &PageCtx, href: &str) -> bool {
    let under = |p: &str| ctx.path == p || ctx.path.starts_with(&format!("{p}/"));
    match href {
        "/" => ctx.path == "/",
        "/plan" => ctx.path == "/plan" || under("/plan/scenarios") || under("/plan/actions"),
        "/daily" => under("/daily") || under("/reports"),
        other => under(other),
    }
}

/// The groups with the items this person may use; groups left empty are left out.
fn visible(roles: &RoleSet) -> Vec<(&'static Group, Vec<&'static Item>)> {
    GROUPS
        .iter()
        .map(|g| {
            let items: Vec<&Item> = g
                .items
                .iter()
                .filter(|i| i.roles.is_empty() || roles.any(i.roles))
                .collect();
            (g, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

fn link(ctx: &PageCtx, item: &Item) -> Markup {
    html! { a href=(item.href) aria-current=[is_current(ctx, item.href).then_some("page")] { (ctx.t(item.key)) } }
}

/// The wide screen's menu: one row, or one dropdown per group (the one holding the page
/// marked).
pub fn wide(ctx: &PageCtx, roles: &RoleSet) -> Markup {
    let groups = visible(roles);
    let count: usize = groups.iter().map(|(_, items)| items.len()).sum();
    html! {
        nav.wide aria-label=(ctx.t("nav.main")) {
            @if count <= FLAT_UP_TO {
                ul {
                    @for (_, items) in &groups { @for item in items { li { (link(ctx, item)) } } }
                }
            } @else {
                ul.groups {
                    @for (group, items) in &groups {
                        @let here = items.iter().any(|i| is_current(ctx, i.href));
                        li {
                            details.dropdown {
                                summary.here[here] { (ctx.t(group.key)) }
                                ul { @for item in items { li { (link(ctx, item)) } } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The phone's menu: one button; behind it every page by group, then the person's own links.
pub fn phone(ctx: &PageCtx, roles: &RoleSet, account: Markup) -> Markup {
    html! {
        details.phone-menu {
            summary { (ctx.t("nav.menu")) }
            div.panel {
                nav aria-label=(ctx.t("nav.main")) {
                    @for (group, items) in visible(roles) {
                        p.group-name { (ctx.t(group.key)) }
                        ul { @for item in items { li { (link(ctx, item)) } } }
                    }
                }
                div.phone-account { (account) }
            }
        }
    }
}

/// The person's name (to their account) and signing out.
pub fn account(ctx: &PageCtx, name: &str) -> Markup {
    html! {
        a href="/account" aria-current=[is_current(ctx, "/account").then_some("page")] { (name) }
        form method="post" action="/logout" {
            (csrf_field(ctx))
            button.link type="submit" { (ctx.t("nav.sign_out")) }
        }
    }
}
