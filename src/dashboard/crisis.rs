//! What the crisis group needs at a glance: every scenario at its level, open and overdue
//! actions, overdue communication. Shared by the dashboard page and the API.
use crate::auth::roles::AnyMember;
use crate::auth::Authorized;
use crate::entities::{communication_plan, plan_action, scenario, threshold_level};
use crate::error::AppResult;
use crate::plans::api::{org_today, ActionOut};
use crate::state::AppState;
use crate::ui::PageCtx;
use actix_web::{get, web};
use chrono::Utc;
use maud::{html, Markup};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

pub struct CrisisSummary {
    pub scenarios: Vec<(
        scenario::Model,
        Option<threshold_level::Model>,
        Option<threshold_level::Model>,
    )>,
    pub open_actions: usize,
    pub current_level_actions: Vec<plan_action::Model>,
    pub overdue_actions: Vec<plan_action::Model>,
    pub overdue_communication: Vec<communication_plan::Model>,
    /// Published answers whose promised next update has passed.
    pub overdue_faq: Vec<crate::entities::faq_entry::Model>,
    /// Home-working readiness, shown beside the work-moves-elsewhere scenario.
    pub readiness_pct: Option<f64>,
    /// The next situation report a level in force asks for.
    pub report_due: Option<crate::daily::cadence::ReportDue>,
}

pub async fn summary(
    db: &impl ConnectionTrait,
    org_id: i32,
    time_zone: &str,
    now: chrono::DateTime<Utc>,
) -> AppResult<CrisisSummary> {
    let today = org_today(time_zone);
    let levels = crate::scenarios::repo::all_levels(db, org_id).await?;
    let find = |id: Option<i32>| id.and_then(|id| levels.iter().find(|l| l.id == id).cloned());
    let scenarios: Vec<_> = crate::scenarios::repo::list(db, org_id)
        .await?
        .into_iter()
        .filter(|s| s.status != "closed")
        .map(|s| {
            let current = find(s.current_level_id);
            let computed = find(s.computed_level_id);
            (s, current, computed)
        })
        .collect();
    let actions = crate::plans::repo::all(db, org_id).await?;
    let open: Vec<_> = actions
        .iter()
        .filter(|a| crate::plans::repo::is_open(a))
        .collect();
    let current_ids: Vec<i32> = scenarios
        .iter()
        .filter_map(|(s, _, _)| s.current_level_id)
        .collect();
    Ok(CrisisSummary {
        report_due: crate::daily::cadence::next_due(db, org_id, now).await?,
        readiness_pct: match crate::checklists::service::current(
            db,
            org_id,
            crate::checklists::service::STANDARD_FAMILY,
        )
        .await?
        {
            Some(_) => {
                crate::checklists::service::readiness(
                    db,
                    org_id,
                    crate::checklists::service::STANDARD_FAMILY,
                    today,
                    false,
                )
                .await?
                .overall
                .readiness_pct
            }
            None => None,
        },
        open_actions: open.len(),
        current_level_actions: open
            .iter()
            .filter(|a| a.level_id.is_some_and(|l| current_ids.contains(&l)))
            .map(|a| (*a).clone())
            .collect(),
        overdue_actions: open
            .iter()
            .filter(|a| crate::plans::repo::is_overdue(a, today))
            .map(|a| (*a).clone())
            .collect(),
        overdue_communication: crate::comms::repo::plans(db, org_id)
            .await?
            .into_iter()
            .filter(|p| crate::comms::repo::is_overdue(p, now))
            .collect(),
        overdue_faq: crate::faq::repo::published(db, org_id, false)
            .await?
            .into_iter()
            .filter(|e| crate::faq::repo::update_overdue(e, now))
            .collect(),
        scenarios,
    })
}

#[derive(Serialize, ToSchema)]
pub struct ScenarioAtLevel {
    pub id: i32,
    pub title: String,
    pub status: String,
    pub risk: i32,
    pub level: Option<String>,
    pub level_set_manually: bool,
    /// What the live figures say, when it differs from the level in force.
    pub figures_say: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CrisisDashboardOut {
    pub scenarios: Vec<ScenarioAtLevel>,
    pub open_actions: usize,
    pub current_level_actions: Vec<ActionOut>,
    pub overdue_actions: Vec<ActionOut>,
    /// Audiences whose communication is overdue.
    pub overdue_communication: Vec<String>,
    /// FAQ answers whose promised next update has passed.
    pub overdue_faq_updates: Vec<OverdueFaqOut>,
    /// Today's forecast per open queue (no names: the figures only).
    pub capacity: Vec<crate::capacity::live::QueueToday>,
    /// The next situation report a level in force asks for (none without a cadence).
    pub report_due: Option<crate::daily::cadence::ReportDue>,
}

#[derive(Serialize, ToSchema)]
pub struct OverdueFaqOut {
    pub entry_id: i32,
    pub question: String,
    pub next_update_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Each open scenario at its current level, open and overdue actions, overdue communication.
#[utoipa::path(responses((status = 200, body = CrisisDashboardOut)), tag = "dashboard", security(("bearer" = [])))]
#[get("/dashboard/crisis")]
pub async fn crisis_dashboard(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<CrisisDashboardOut>> {
    let s = summary(
        &state.db,
        user.org_id(),
        &user.org.time_zone,
        state.clock.now(),
    )
    .await?;
    let today = org_today(&user.org.time_zone);
    let capacity = crate::capacity::live::today(&state, user.org_id(), &user.org.time_zone).await?;
    Ok(web::Json(CrisisDashboardOut {
        capacity,
        report_due: s.report_due,
        scenarios: s
            .scenarios
            .into_iter()
            .map(|(sc, current, computed)| ScenarioAtLevel {
                figures_say: (sc.level_set_manually && sc.computed_level_id != sc.current_level_id)
                    .then(|| computed.map(|l| l.name).unwrap_or_default()),
                id: sc.id,
                title: sc.title,
                status: sc.status,
                risk: sc.probability * sc.consequence,
                level: current.map(|l| l.name),
                level_set_manually: sc.level_set_manually,
            })
            .collect(),
        open_actions: s.open_actions,
        current_level_actions: s
            .current_level_actions
            .into_iter()
            .map(|a| ActionOut::new(a, today))
            .collect(),
        overdue_actions: s
            .overdue_actions
            .into_iter()
            .map(|a| ActionOut::new(a, today))
            .collect(),
        overdue_communication: s
            .overdue_communication
            .into_iter()
            .map(|p| p.audience)
            .collect(),
        overdue_faq_updates: s
            .overdue_faq
            .into_iter()
            .map(|e| OverdueFaqOut {
                entry_id: e.id,
                question: e.question,
                next_update_at: e.next_update_at,
            })
            .collect(),
    }))
}

/// The crisis group's card: each scenario at its level, then what needs doing.
pub fn crisis_card(ctx: &PageCtx, s: &CrisisSummary) -> Markup {
    html! {
        section.card.wide {
            h2 { (ctx.t("dashboard.crisis_group")) }
            @if s.scenarios.is_empty() {
                p { (ctx.t("dashboard.no_scenarios")) " " a href="/plan" { (ctx.t("nav.plan")) } }
            } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("plan.scenario")) }
                        th scope="col" { (ctx.t("plan.level")) }
                        th scope="col" { (ctx.t("plan.risk")) }
                    } }
                    tbody { @for (sc, current, computed) in &s.scenarios {
                        tr.at-level[current.is_some()] {
                            td { a href={ "/plan/scenarios/" (sc.id) } { (sc.title) }
                                @if sc.kind == "relocation" { @if let Some(p) = s.readiness_pct { br; a href="/readiness" { small { (format!("{p:.0} %")) " " (ctx.t("dashboard.readiness")) } } } } }
                            td {
                                @match current { Some(l) => strong.level-on { (l.name) }, None => span.muted { (ctx.t("plan.normal")) } }
                                @if sc.level_set_manually {
                                    " " span.badge { (ctx.t("plan.by_hand")) }
                                    @if sc.computed_level_id != sc.current_level_id {
                                        br; small { (ctx.tf("plan.figures_say", &[("level", &computed.as_ref().map(|l| l.name.clone()).unwrap_or_else(|| ctx.t("plan.normal")))])) }
                                    }
                                }
                            }
                            td { (crate::scenarios::views::risk_badge(ctx, sc.probability, sc.consequence)) }
                        }
                    } }
                } }
            }
            @if let Some(d) = &s.report_due {
                p.report-due.alert[d.overdue] {
                    strong { (ctx.tf(if d.overdue { "cadence.overdue" } else { "cadence.next_due" }, &[("at", &ctx.local_time(d.due_at))])) }
                    " (" (ctx.tf("cadence.why", &[("hours", &d.every_hours.to_string()), ("scenario", &d.scenario), ("level", &d.level)])) ") "
                    a.button[d.overdue] href="/daily" { (ctx.t("cadence.write_now")) }
                }
            }
            ul.stats {
                li { a href="/plan" { strong { (s.open_actions) } " " (ctx.t("dashboard.open_actions")) } }
                li.alert[!s.overdue_actions.is_empty()] { strong { (s.overdue_actions.len()) } " " (ctx.t("dashboard.overdue_actions")) }
                li.alert[!s.overdue_communication.is_empty()] { a href="/plan/communication" { strong { (s.overdue_communication.len()) } " " (ctx.t("dashboard.overdue_communication")) } }
                li.alert[!s.overdue_faq.is_empty()] { a href="/faq" { strong { (s.overdue_faq.len()) } " " (ctx.t("dashboard.overdue_faq")) } }
            }
            @if !s.current_level_actions.is_empty() {
                h3 { (ctx.t("dashboard.actions_now")) }
                ul { @for a in &s.current_level_actions { li { a href={ "/plan/actions/" (a.id) } { (a.title) } " · " (ctx.t(&format!("plan.area.{}", a.area))) } } }
            }
            @if !s.overdue_actions.is_empty() {
                h3 { (ctx.t("dashboard.overdue_actions")) }
                ul { @for a in &s.overdue_actions { li.overdue { a href={ "/plan/actions/" (a.id) } { (a.title) } @if let Some(d) = a.due_date { " · " (d.to_string()) } } } }
            }
            @if !s.overdue_communication.is_empty() {
                h3 { (ctx.t("dashboard.overdue_communication")) }
                ul { @for p in &s.overdue_communication { li.overdue { a href={ "/plan/communication#" (p.audience) } { (ctx.t(&format!("comms.audience.{}", p.audience))) } } } }
            }
            @if !s.overdue_faq.is_empty() {
                h3 { (ctx.t("dashboard.overdue_faq")) }
                ul { @for e in &s.overdue_faq { li.overdue { a href={ "/faq#q" (e.id) } { (e.question) } @if let Some(at) = e.next_update_at { " · " (ctx.local_time(at)) } } } }
            }
        }
    }
}
