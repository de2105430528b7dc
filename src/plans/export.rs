//! The plan's actions as CSV: scenario, level, area, action, owner, due date, status and
//! outcome, one row per action, for the crisis group to work with in a spreadsheet.
use super::repo;
use crate::auth::roles::CrisisGroup;
use crate::auth::Authorized;
use crate::csv_export::{self, cell, CsvLayout};
use crate::error::AppResult;
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};

async fn actions_csv(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    layout: &CsvLayout,
) -> AppResult<(String, Vec<u8>)> {
    let delimiter = layout.delimiter(user)?;
    let org_id = user.org_id();
    let scenarios = crate::scenarios::repo::list(&state.db, org_id).await?;
    let levels = crate::scenarios::repo::all_levels(&state.db, org_id).await?;
    let people = crate::orgs::members::list(&state.db, org_id).await?;
    let today = super::api::org_today(&user.org.time_zone);
    let mut rows = vec![[
        "scenario",
        "level",
        "area",
        "action",
        "owner",
        "owner_email",
        "due",
        "status",
        "overdue",
        "outcome_rating",
        "outcome",
    ]
    .map(String::from)
    .to_vec()];
    for a in repo::all(&state.db, org_id).await? {
        let scenario = scenarios.iter().find(|s| s.id == a.scenario_id);
        let level = a.level_id.and_then(|id| levels.iter().find(|l| l.id == id));
        let owner = a
            .owner_user_id
            .and_then(|id| people.iter().find(|m| m.user.id == id));
        rows.push(vec![
            cell(scenario.map_or("", |s| s.title.as_str())),
            cell(level.map_or("", |l| l.name.as_str())),
            a.area.clone(),
            cell(&a.title),
            cell(owner.map_or("", |m| m.user.display_name.as_str())),
            cell(owner.map_or("", |m| m.user.email.as_str())),
            a.due_date.map(|d| d.to_string()).unwrap_or_default(),
            a.status.clone(),
            repo::is_overdue(&a, today).to_string(),
            a.outcome_rating.clone().unwrap_or_default(),
            cell(a.outcome.as_deref().unwrap_or("")),
        ]);
    }
    Ok((
        format!("actions-{}-{today}.csv", user.org.slug),
        csv_export::write(delimiter, rows)?,
    ))
}

/// Every action of the plan as CSV, with a byte-order mark and the separator of the user's
/// language unless `delimiter` says otherwise.
#[utoipa::path(operation_id = "export_actions", params(CsvLayout), responses((status = 200, content_type = "text/csv", body = String), (status = 422, body = crate::error::Problem)), tag = "actions", security(("bearer" = [])))]
#[get("/actions/export")]
pub async fn export_api(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    layout: web::Query<CsvLayout>,
) -> AppResult<HttpResponse> {
    let (name, body) = actions_csv(&state, &user, &layout).await?;
    Ok(csv_export::download(&name, body))
}

#[get("/plan/actions.csv")]
pub async fn export_page(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    layout: web::Query<CsvLayout>,
) -> AppResult<HttpResponse> {
    let (name, body) = actions_csv(&state, &user, &layout).await?;
    Ok(csv_export::download(&name, body))
}
