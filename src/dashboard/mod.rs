//! The first page after sign-in, arranged by role: the crisis group sees today's absence,
//! the levels, the forecast and the latest publications; communicators their desk; admins the
//! organisation; staff their check-in (they land on it, with the day's levels and answers).
pub mod crisis;
pub mod today;

use crate::auth::roles::AnyMember;
use crate::auth::{Authorized, Role};
use crate::error::AppResult;
use crate::state::AppState;
use crate::ui::{page, PageCtx};
use actix_web::{get, web};
use maud::{html, Markup};

#[get("/")]
pub async fn dashboard(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<Markup> {
    let title = ctx.t("dashboard.title");
    let team = match user.membership.team_id {
        Some(id) => crate::orgs::repo::team(&state.db, user.org_id(), id)
            .await
            .ok()
            .map(|t| t.name),
        None => None,
    };
    let admin = if user.roles.has(Role::Admin) {
        let people = crate::orgs::members::list(&state.db, user.org_id()).await?;
        let teams = crate::orgs::repo::list_teams(&state.db, user.org_id()).await?;
        let recent =
            crate::audit::repo::search(&state.db, user.org_id(), &Default::default()).await?;
        Some((
            people.iter().filter(|m| m.membership.active).count(),
            teams.len(),
            recent.events.into_iter().take(5).collect::<Vec<_>>(),
        ))
    } else {
        None
    };
    let todays_checkin = if user.roles.has(Role::Staff) {
        let today = crate::checkins::service::today(&state, &user.org.time_zone);
        crate::checkins::repo::of_person(&state.db, user.org_id(), user.user_id(), today, today)
            .await?
            .into_iter()
            .next()
    } else {
        None
    };
    let crisis = if user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Communicator])
    {
        Some(
            crisis::summary(
                &state.db,
                user.org_id(),
                &user.org.time_zone,
                state.clock.now(),
            )
            .await?,
        )
    } else {
        None
    };
    let now = state.clock.now();
    let day = crate::checkins::service::today(&state, &user.org.time_zone);
    let absence = if user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Admin])
    {
        Some(crate::checkins::repo::overall_absence(&state.read, user.org_id(), day).await?)
    } else {
        None
    };
    let publications =
        if user
            .roles
            .any(&[Role::CrisisLead, Role::CrisisMember, Role::Communicator])
        {
            crate::delivery::board::latest_with_totals(&state.read, user.org_id(), 5).await?
        } else {
            vec![]
        };
    // Staff who are nothing else see what the day holds for everyone: levels and answers.
    let staff_news = if user.roles.iter().all(|r| r == Role::Staff) {
        Some(today::staff_news(&state, user.org_id(), &ctx).await?)
    } else {
        None
    };
    let desk = if user.roles.has(Role::Communicator) {
        Some(today::desk(&state.read, &user.org, now).await?)
    } else {
        None
    };
    let capacity = if user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Admin])
    {
        crate::capacity::live::today(&state, user.org_id(), &user.org.time_zone).await?
    } else {
        vec![]
    };
    let led =
        crate::orgs::team_leads::teams_led_by(&state.db, user.org_id(), user.user_id()).await?;
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let calls_due = if led.is_empty() {
        0
    } else {
        crate::rollcall::wellbeing::due_for_lead(&state.db, &user, today, state.clock.now()).await?
    };
    let calls = if user.roles.any(&[Role::CrisisLead, Role::CrisisMember]) {
        Some(
            crate::rollcall::wellbeing::summary(&state.db, user.org_id(), today, state.clock.now())
                .await?,
        )
    } else {
        None
    };
    // Prepared answers for levels just reached, ready to publish.
    let mut holding = vec![];
    for a in &ctx.banner {
        if let Some(id) = a.holding_level_id {
            if let Ok((level, s)) =
                crate::faq::holding::prepared(&state.db, user.org_id(), id).await
            {
                let q = crate::faq::holding::fill(
                    &level.holding_question,
                    &s.title,
                    &level.name,
                    &user.org.name,
                    None,
                );
                holding.push((id, level.name, s.title, q));
            }
        }
    }
    let roles = user
        .roles
        .iter()
        .map(|r| ctx.t(&r.label_key()))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(page(
        &ctx,
        &title,
        html! {
            h1 { (ctx.tf("dashboard.greeting", &[("name", &user.user.display_name)])) }
            p.lead { (ctx.tf("dashboard.you_are", &[("roles", &roles), ("organisation", &user.org.name)]))
                @if let Some(t) = &team { " " (ctx.tf("dashboard.your_team", &[("team", t)])) } }
            div.cards {
                @for (id, level, scenario, question) in &holding {
                    section.card.holding {
                        h2 { (ctx.tf("holding.card_title", &[("level", level), ("scenario", scenario)])) }
                        p { "“" (question) "”" }
                        p { a.button.primary href={ "/faq/holding/" (id) } { (ctx.t("holding.open")) } }
                    }
                }
                @if let Some(a) = &absence { (today::absence_card(&ctx, a)) }
                @if let Some(summary) = &crisis {
                    (crisis::crisis_card(&ctx, summary))
                }
                @if let (Some(d), Some(summary)) = (&desk, &crisis) {
                    (today::desk_card(&ctx, d, &summary.overdue_faq))
                }
                @if !led.is_empty() {
                    section.card {
                        h2 { (ctx.t("team_leads.title")) }
                        p { (ctx.tf("team_leads.your_team", &[("teams", &led.iter().map(|t| t.name.clone()).collect::<Vec<_>>().join(", "))])) }
                        @if calls_due > 0 {
                            p.warning { strong { (ctx.tf("wellbeing.due_count", &[("n", &calls_due.to_string())])) } }
                        }
                        p { a.button.primary href="/my-team" { (ctx.t("team_leads.open")) } }
                    }
                }
                @if let Some(c) = &calls {
                    section.card {
                        h2 { (ctx.t("wellbeing.group_title")) }
                        p { (ctx.tf("wellbeing.group_counts", &[("calls", &c.calls.to_string()), ("reached", &c.reached.to_string()), ("days", &c.interval_days.to_string())])) }
                        @if let Some(avg) = c.wellbeing_avg { p { (ctx.tf("wellbeing.group_avg", &[("avg", &ctx.decimal(avg, 1))])) } }
                        p { (ctx.tf("wellbeing.due_count", &[("n", &c.due.to_string())])) }
                    }
                }
                @if !capacity.is_empty() {
                    section.card.wide {
                        h2 { (ctx.t("capacity.today_card")) }
                        (crate::capacity::views::today_table(&ctx, &capacity))
                        p { a href="/capacity" { (ctx.t("capacity.to_capacity")) } }
                    }
                }
                @if user.roles.any(&[Role::CrisisLead, Role::CrisisMember, Role::Communicator]) {
                    (today::publications_card(&ctx, &publications))
                }
                @if user.roles.has(Role::Staff) {
                    section.card {
                        h2 { (ctx.t("dashboard.staff")) }
                        @match &todays_checkin {
                            Some(c) => p { (ctx.tf("checkins.checked_in_as", &[("status", &ctx.t(&format!("checkins.status.{}", c.status)))])) }
                            None => p { (ctx.t("dashboard.not_checked_in")) }
                        }
                        p { a.button.primary href="/checkin" { (ctx.t("nav.checkin")) } }
                    }
                    @if let Some(news) = &staff_news { (news) }
                }
                @if let Some((people, teams, recent)) = &admin {
                    section.card {
                        h2 { (ctx.t("dashboard.administration")) }
                        ul.stats {
                            li { a href="/admin/users" { strong { (people) } " " (ctx.t("dashboard.active_people")) } }
                            li { a href="/admin/teams" { strong { (teams) } " " (ctx.t("dashboard.teams")) } }
                        }
                        h3 { (ctx.t("dashboard.recent_changes")) }
                        ul.recent {
                            @for e in recent {
                                li { time datetime=(e.occurred_at.to_rfc3339()) { (ctx.local_time(e.occurred_at)) } " · " (crate::audit::words::sentence(ctx.lang, e)) }
                            }
                        }
                        p { a href="/admin/audit" { (ctx.t("dashboard.whole_trail")) } }
                    }
                }
            }
        },
    ))
}
