//! CSV export of check-ins by date range and team, for the crisis lead (it names who was sick).
use super::absence::is_absent;
use super::repo;
use crate::auth::roles::CrisisLeads;
use crate::auth::Authorized;
use crate::csv_export::{self, cell, CsvLayout};
use crate::error::{AppResult, FieldErrors};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use chrono::{Duration, NaiveDate};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// First day, `YYYY-MM-DD` (default: 30 days ago).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (default: today).
    pub to: Option<String>,
    /// Only this team.
    pub team_id: Option<i32>,
}

fn day(field: &str, v: &Option<String>, default: NaiveDate, errors: &mut FieldErrors) -> NaiveDate {
    match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => default,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.add(field, "date", "Enter a date as YYYY-MM-DD.");
            default
        }),
    }
}

pub async fn csv_of(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    q: &ExportQuery,
    layout: &CsvLayout,
) -> AppResult<(String, Vec<u8>)> {
    let delimiter = layout.delimiter(user)?;
    let today = super::service::today(state, &user.org.time_zone);
    let mut errors = FieldErrors::default();
    let from = day("from", &q.from, today - Duration::days(30), &mut errors);
    let to = day("to", &q.to, today, &mut errors);
    if errors.is_empty() && (to < from || (to - from).num_days() > 800) {
        errors.add(
            "to",
            "range",
            "Choose an end on or after the start, at most 800 days later.",
        );
    }
    if let Some(t) = q.team_id {
        if crate::orgs::repo::team(&state.db, user.org_id(), t)
            .await
            .is_err()
        {
            errors.add(
                "team_id",
                "unknown_team",
                "Choose one of this organisation's teams.",
            );
        }
    }
    errors.into_result()?;
    let members = crate::orgs::members::list(&state.db, user.org_id()).await?;
    let checkins = repo::between(&state.db, user.org_id(), from, to).await?;
    let mut rows = vec![[
        "day",
        "email",
        "name",
        "team",
        "status",
        "absent",
        "wellbeing",
        "note",
        "recorded_by",
    ]
    .map(String::from)
    .to_vec()];
    for c in checkins {
        let Some(m) = members.iter().find(|m| m.user.id == c.user_id) else {
            continue;
        };
        if q.team_id.is_some() && m.membership.team_id != q.team_id {
            continue;
        }
        let by = c
            .recorded_by_user_id
            .and_then(|id| members.iter().find(|m| m.user.id == id))
            .map(|m| m.user.email.clone())
            .unwrap_or_default();
        rows.push(vec![
            c.day.to_string(),
            cell(&m.user.email),
            cell(&m.user.display_name),
            cell(m.team.as_ref().map(|t| t.name.as_str()).unwrap_or("")),
            c.status.clone(),
            is_absent(&c.status).to_string(),
            c.wellbeing.map(|w| w.to_string()).unwrap_or_default(),
            cell(&c.note),
            cell(&by),
        ]);
    }
    Ok((
        format!("checkins-{}-{from}-{to}.csv", user.org.slug),
        csv_export::write(delimiter, rows)?,
    ))
}

/// Check-ins as CSV (day, person, team, status, absent, wellbeing, note), with a byte-order
/// mark and the separator of the user's language unless `delimiter` says otherwise.
#[utoipa::path(operation_id = "export_checkins", params(ExportQuery, CsvLayout), responses((status = 200, content_type = "text/csv", body = String), (status = 422, body = crate::error::Problem)), tag = "checkins", security(("bearer" = [])))]
#[get("/checkins/export")]
pub async fn export_api(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    q: web::Query<ExportQuery>,
    layout: web::Query<CsvLayout>,
) -> AppResult<HttpResponse> {
    let (name, body) = csv_of(&state, &user, &q, &layout).await?;
    Ok(csv_export::download(&name, body))
}

#[get("/checkins/export.csv")]
pub async fn export_page(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    q: web::Query<ExportQuery>,
    layout: web::Query<CsvLayout>,
) -> AppResult<HttpResponse> {
    let (name, body) = csv_of(&state, &user, &q, &layout).await?;
    Ok(csv_export::download(&name, body))
}
