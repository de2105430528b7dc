//! `/plan/print`: the whole plan on paper, as a crisis group hands it to the board: each
//! scenario on its own page with its ladder and actions, then the tasks with their business
//! impact, the communication plan, the meeting rules, the checklists and the exercises held.
use super::PlanDocument;
use crate::auth::roles::AnyMember;
use crate::auth::Authorized;
use crate::error::AppResult;
use crate::state::AppState;
use crate::ui::{page, PageCtx};
use actix_web::{get, web};
use maud::{html, Markup};

fn or_dash(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "—".into())
}

pub fn print_page(
    ctx: &PageCtx,
    org_name: &str,
    doc: &PlanDocument,
    exercises: &[crate::entities::exercise::Model],
    scenario_titles: &std::collections::HashMap<i32, String>,
    may_export: bool,
) -> Markup {
    let title = ctx.tf("print.title", &[("organisation", org_name)]);
    let hours = |h: Option<i32>| h.map(|h| format!("{h} h")).unwrap_or_else(|| "—".into());
    page(
        ctx,
        &title,
        html! {
            article.printable-plan {
                p.no-print { (ctx.t("print.hint"))
                    @if may_export { " " a href="/plan/export.json" download { (ctx.t("print.json")) } } }
                h1 { (title) }
                p.lead { (ctx.tf("print.printed", &[("at", &ctx.local_time(chrono::Utc::now()))])) }
                nav.toc {
                    h2 { (ctx.t("print.contents")) }
                    ol {
                        @for (i, s) in doc.scenarios.iter().enumerate() { li { a href={ "#scenario-" (i) } { (s.title) } } }
                        li { a href="#tasks" { (ctx.t("tasks.title")) } }
                        li { a href="#communication" { (ctx.t("print.communication")) } }
                        li { a href="#checklists" { (ctx.t("print.checklists")) } }
                        li { a href="#exercises" { (ctx.t("exercises.title")) } }
                    }
                }
                @for (i, s) in doc.scenarios.iter().enumerate() {
                    section.scenario-sheet id={ "scenario-" (i) } {
                        h2 { (s.title) }
                        @if !s.description.is_empty() { p { (s.description) } }
                        dl.facts {
                            dt { (ctx.t("plan.kind_label")) } dd { (ctx.t(&format!("plan.kind.{}", s.kind))) }
                            dt { (ctx.t("plan.risk")) } dd { (s.probability) " × " (s.consequence) " = " (s.probability * s.consequence) }
                            dt { (ctx.t("plan.owner")) } dd { (or_dash(&s.owner)) }
                            dt { (ctx.t("plan.metric_label")) } dd { (ctx.t(&format!("plan.metric.{}", s.metric))) @if let Some(q) = &s.queue { " · " (q) } }
                        }
                        h3 { (ctx.t("plan.ladder")) }
                        @if s.levels.is_empty() { p { (ctx.t("plan.no_levels")) } } @else {
                            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                                thead { tr {
                                    th scope="col" { (ctx.t("plan.level_name")) }
                                    th scope="col" { (ctx.t("plan.trigger")) }
                                    th scope="col" { (ctx.t("plan.description")) }
                                    th scope="col" { (ctx.t("plan.report_every")) }
                                } }
                                tbody { @for l in &s.levels { tr {
                                    td { strong { (l.name) } }
                                    td { (l.trigger_value) }
                                    td { (l.description) @if l.start_rollcall { br; small { (ctx.t("plan.rollcall_message")) ": " (l.rollcall_message) } } }
                                    td { (hours(l.report_every_hours)) }
                                } } }
                            } }
                        }
                        h3 { (ctx.t("plan.actions")) }
                        @if s.actions.is_empty() { p { "—" } } @else {
                            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                                thead { tr {
                                    th scope="col" { (ctx.t("plan.level")) }
                                    th scope="col" { (ctx.t("plan.action")) }
                                    th scope="col" { (ctx.t("plan.area_label")) }
                                    th scope="col" { (ctx.t("plan.owner")) }
                                    th scope="col" { (ctx.t("plan.status")) }
                                } }
                                tbody { @for a in &s.actions { tr {
                                    td { (a.level.clone().unwrap_or_else(|| ctx.t("print.preparatory"))) }
                                    td { (a.title) @if !a.description.is_empty() { br; small { (a.description) } } }
                                    td { (ctx.t(&format!("plan.area.{}", a.area))) }
                                    td { (or_dash(&a.owner)) }
                                    td { (ctx.t(&format!("plan.action_status.{}", a.status))) @if let Some(d) = &a.due_date { br; small { (d) } } }
                                } } }
                            } }
                        }
                    }
                }
                section.plan-sheet id="tasks" {
                    h2 { (ctx.t("tasks.title")) }
                    div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                        thead { tr {
                            th scope="col" { (ctx.t("tasks.name")) }
                            th scope="col" { (ctx.t("tasks.criticality")) }
                            th scope="col" { (ctx.t("tasks.rto_short")) }
                            th scope="col" { (ctx.t("tasks.mtpd_short")) }
                            th scope="col" { (ctx.t("tasks.min_service")) }
                            th scope="col" { (ctx.t("print.depends")) }
                        } }
                        tbody { @for t in &doc.tasks { tr {
                            td { (t.name) }
                            td { (2 * t.customer_criticality + t.business_criticality) }
                            td { (hours(t.rto_hours)) }
                            td { (hours(t.mtpd_hours)) }
                            td { (t.min_service) }
                            td { ([t.depends_systems.as_str(), t.depends_suppliers.as_str(), t.depends_partners.as_str()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" · ")) }
                        } } }
                    } }
                }
                section.plan-sheet id="communication" {
                    h2 { (ctx.t("print.communication")) }
                    @if let Some(c) = &doc.chief_communicator { p { (ctx.t("comms.chief")) ": " (c) } }
                    div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                        thead { tr {
                            th scope="col" { (ctx.t("print.audience")) }
                            th scope="col" { (ctx.t("plan.owner")) }
                            th scope="col" { (ctx.t("comms.channels")) }
                            th scope="col" { (ctx.t("comms.cadence_label")) }
                        } }
                        tbody { @for a in &doc.communication { tr {
                            td { (ctx.t(&format!("comms.audience.{}", a.audience))) }
                            td { (or_dash(&a.owner)) @if let Some(d) = &a.deputy { br; small { (d) } } }
                            td { (a.channels) }
                            td { (ctx.t(&format!("comms.cadence.{}", a.cadence))) }
                        } } }
                    } }
                    @if !doc.meeting_rules.is_empty() {
                        h3 { (ctx.t("print.meeting_rules")) }
                        ol { @for r in &doc.meeting_rules { li { (r) } } }
                    }
                }
                section.plan-sheet id="checklists" {
                    h2 { (ctx.t("print.checklists")) }
                    @for c in &doc.checklists {
                        h3 { (c.title) }
                        ol { @for it in &c.items { li { (it.question) } } }
                    }
                }
                section.plan-sheet id="exercises" {
                    h2 { (ctx.t("exercises.title")) }
                    @if exercises.is_empty() { p { (ctx.t("exercises.none")) } } @else {
                        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                            thead { tr {
                                th scope="col" { (ctx.t("exercises.started")) }
                                th scope="col" { (ctx.t("exercises.scenario")) }
                                th scope="col" { (ctx.t("exercises.participants")) }
                                th scope="col" { (ctx.t("exercises.findings")) }
                            } }
                            tbody { @for e in exercises { tr {
                                td { (ctx.local_time(e.started_at)) }
                                td { (scenario_titles.get(&e.scenario_id).cloned().unwrap_or_default()) br; small { (e.title) } }
                                td { (crate::exercises::participant_ids(e).len()) }
                                td { (e.did_not_work) }
                            } } }
                        } }
                    }
                }
            }
        },
    )
}

/// The plan document from the printable plan's link, for a signed-in browser.
#[get("/plan/export.json")]
pub async fn export_download(
    user: Authorized<crate::auth::roles::Overseers>,
    state: web::Data<AppState>,
) -> AppResult<actix_web::HttpResponse> {
    super::api::download(&state, &user).await
}

#[get("/plan/print")]
pub async fn print(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<Markup> {
    let doc = super::export::export(&state.db, user.org_id()).await?;
    let exercises = crate::exercises::repo::list(&state.db, user.org_id(), None).await?;
    let titles = crate::scenarios::repo::list(&state.db, user.org_id())
        .await?
        .into_iter()
        .map(|s| (s.id, s.title))
        .collect();
    let may_export = user
        .roles
        .any(<crate::auth::roles::Overseers as crate::auth::roles::Policy>::ROLES);
    Ok(print_page(
        &ctx,
        &user.org.name,
        &doc,
        &exercises,
        &titles,
        may_export,
    ))
}
