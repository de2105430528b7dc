//! `/api/v1/reports`: the daily situation reports.
use super::forms::ReportInput;
use super::service;
use crate::auth::roles::{CrisisGroup, Overseers};
use crate::auth::Authorized;
use crate::entities::{report_followup, situation_report};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct FollowupOut {
    pub action_id: Option<i32>,
    pub action_title: String,
    pub status: String,
    pub outcome: String,
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub day: NaiveDate,
    pub situation: String,
    pub delivery: String,
    pub delivery_note: String,
    pub wellbeing_note: String,
    pub decisions: String,
    pub attendees: Vec<i32>,
    pub headcount: i32,
    pub present: i32,
    pub absent: i32,
    pub unknown: i32,
    pub absence_pct: Option<f64>,
    pub wellbeing_avg: Option<f64>,
    pub workload_change_pct: Option<f64>,
    pub followups: Vec<FollowupOut>,
    /// The day's forecast per queue as it stood when the report was last saved that day.
    pub capacity: Vec<crate::capacity::live::QueueToday>,
    /// The day's five most asked questions as they stood when the report was last saved that day.
    pub top_questions: Vec<crate::questions::board::TopQuestion>,
    /// The day's decisions from the crisis log as they stood when the report was last saved.
    pub log_decisions: Vec<crate::log::LoggedDecision>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl ReportOut {
    fn new(r: situation_report::Model, f: Vec<report_followup::Model>) -> Self {
        ReportOut {
            attendees: r
                .attendees
                .split(',')
                .filter_map(|x| x.parse().ok())
                .collect(),
            followups: f
                .into_iter()
                .map(|f| FollowupOut {
                    action_id: f.action_id,
                    action_title: f.action_title,
                    status: f.status,
                    outcome: f.outcome,
                })
                .collect(),
            day: r.day,
            situation: r.situation,
            delivery: r.delivery,
            delivery_note: r.delivery_note,
            wellbeing_note: r.wellbeing_note,
            decisions: r.decisions,
            headcount: r.headcount,
            present: r.present,
            absent: r.absent,
            unknown: r.unknown,
            absence_pct: r.absence_pct,
            wellbeing_avg: r.wellbeing_avg,
            workload_change_pct: r.workload_change_pct,
            capacity: r
                .capacity
                .as_deref()
                .and_then(|c| serde_json::from_str(c).ok())
                .unwrap_or_default(),
            top_questions: r
                .questions
                .as_deref()
                .and_then(|q| serde_json::from_str(q).ok())
                .unwrap_or_default(),
            log_decisions: r
                .log_decisions
                .as_deref()
                .and_then(|q| serde_json::from_str(q).ok())
                .unwrap_or_default(),
            version: r.version,
            updated_at: r.updated_at,
        }
    }
}

/// Every daily report, newest first (without follow-ups).
#[utoipa::path(responses((status = 200, body = Vec<ReportOut>)), tag = "reports", security(("bearer" = [])))]
#[get("/reports")]
pub async fn list_reports(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<ReportOut>>> {
    let list = service::list(&state.db, user.org_id()).await?;
    Ok(web::Json(
        list.into_iter()
            .map(|r| ReportOut::new(r, vec![]))
            .collect(),
    ))
}

#[utoipa::path(params(("day" = NaiveDate, Path)), responses((status = 200, body = ReportOut), (status = 404, body = Problem)), tag = "reports", security(("bearer" = [])))]
#[get("/reports/{day}")]
pub async fn get_report(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    day: web::Path<NaiveDate>,
) -> AppResult<web::Json<ReportOut>> {
    let (r, f) = service::report(&state.db, user.org_id(), *day)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(web::Json(ReportOut::new(r, f)))
}

/// Save today's daily check-in: figures are copied from the live data; each follow-up changes
/// its action. Send the versions you read; a stale one answers 409.
#[utoipa::path(request_body = ReportInput, responses((status = 200, body = ReportOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "reports", security(("bearer" = [])))]
#[put("/reports/today")]
pub async fn save_today(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<ReportInput>,
) -> AppResult<web::Json<ReportOut>> {
    let day = crate::checkins::service::today(&state, &user.org.time_zone);
    service::save(&state, &user, day, &body).await?;
    let (r, f) = service::report(&state.db, user.org_id(), day)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(web::Json(ReportOut::new(r, f)))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_reports)
        .service(save_today)
        .service(get_report);
}
