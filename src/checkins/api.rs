//! `/api/v1/checkins`, `/absence`, `/volumes`, `/checkin-settings`.
use super::absence::Absence;
use super::forms::{CheckinInput, SettingsInput, VolumesInput};
use super::{repo, service};
use crate::auth::roles::{AnyMember, CrisisGroup, CrisisLeads, Overseers};
use crate::auth::Authorized;
use crate::entities::{checkin_settings, daily_volume, staff_checkin};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct CheckinOut {
    pub user_id: i32,
    pub day: NaiveDate,
    pub status: String,
    /// Counted as absent (sick, caring for a child, leave, other absence).
    pub absent: bool,
    pub wellbeing: Option<i32>,
    pub note: String,
    pub recorded_by_user_id: Option<i32>,
    pub updated_at: DateTime<Utc>,
}

impl From<staff_checkin::Model> for CheckinOut {
    fn from(c: staff_checkin::Model) -> Self {
        CheckinOut {
            absent: super::absence::is_absent(&c.status),
            user_id: c.user_id,
            day: c.day,
            status: c.status,
            wellbeing: c.wellbeing,
            note: c.note,
            recorded_by_user_id: c.recorded_by_user_id,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AbsenceOut {
    pub headcount: usize,
    pub present: usize,
    pub absent: usize,
    /// Not checked in yet; never counted as present.
    pub unknown: usize,
    /// Absent over the headcount, in %.
    pub absence_pct: Option<f64>,
}

impl From<Absence> for AbsenceOut {
    fn from(a: Absence) -> Self {
        AbsenceOut {
            headcount: a.headcount,
            present: a.present,
            absent: a.absent,
            unknown: a.unknown,
            absence_pct: a.absence_pct(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TeamAbsenceOut {
    pub team_id: Option<i32>,
    pub team_name: Option<String>,
    #[serde(flatten)]
    pub absence: AbsenceOut,
}

#[derive(Serialize, ToSchema)]
pub struct DayAbsenceOut {
    pub day: NaiveDate,
    pub overall: AbsenceOut,
    pub teams: Vec<TeamAbsenceOut>,
    /// The average of today's wellbeing answers (1–5); individual answers are not shown here.
    pub wellbeing_avg: Option<f64>,
    pub wellbeing_answers: usize,
    /// Today's workload against normal, in %.
    pub workload_change_pct: Option<f64>,
}

#[derive(Deserialize, IntoParams)]
pub struct DayQuery {
    /// `YYYY-MM-DD`; today when left out.
    pub day: Option<NaiveDate>,
}

#[derive(Deserialize, IntoParams)]
pub struct RangeQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Serialize, ToSchema)]
pub struct VolumesOut {
    pub day: NaiveDate,
    pub calls: Option<i32>,
    pub mails: Option<i32>,
    pub chats: Option<i32>,
    pub web_visits: Option<i32>,
    pub backlog: Option<i32>,
}

impl From<daily_volume::Model> for VolumesOut {
    fn from(v: daily_volume::Model) -> Self {
        VolumesOut {
            day: v.day,
            calls: v.calls,
            mails: v.mails,
            chats: v.chats,
            web_visits: v.web_visits,
            backlog: v.backlog,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SettingsOut {
    pub normal_calls: Option<i32>,
    pub normal_mails: Option<i32>,
    pub normal_chats: Option<i32>,
    pub normal_web_visits: Option<i32>,
    pub reminder_time: Option<String>,
    pub meeting_time: Option<String>,
    pub meeting_minutes: i32,
    pub meeting_place: String,
    pub wellbeing_call_days: i32,
    pub version: i32,
}

impl From<checkin_settings::Model> for SettingsOut {
    fn from(s: checkin_settings::Model) -> Self {
        SettingsOut {
            normal_calls: s.normal_calls,
            normal_mails: s.normal_mails,
            normal_chats: s.normal_chats,
            normal_web_visits: s.normal_web_visits,
            reminder_time: s.reminder_time,
            meeting_time: s.meeting_time,
            meeting_minutes: s.meeting_minutes,
            meeting_place: s.meeting_place,
            wellbeing_call_days: s.wellbeing_call_days,
            version: s.version,
        }
    }
}

/// Check yourself in for today (or plan leave ahead): one per person per day, changeable that day.
#[utoipa::path(request_body = CheckinInput, responses((status = 200, body = CheckinOut), (status = 422, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[post("/checkins")]
pub async fn check_in(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<CheckinInput>,
) -> AppResult<web::Json<CheckinOut>> {
    Ok(web::Json(
        service::check_in(&state, &user, user.user_id(), &body)
            .await?
            .into(),
    ))
}

/// A crisis lead records a check-in on someone's behalf (audited as such).
#[utoipa::path(params(("user_id" = i32, Path)), request_body = CheckinInput, responses((status = 200, body = CheckinOut), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[put("/checkins/people/{user_id}")]
pub async fn check_in_for(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    user_id: web::Path<i32>,
    body: crate::api_json::ApiJson<CheckinInput>,
) -> AppResult<web::Json<CheckinOut>> {
    Ok(web::Json(
        service::check_in(&state, &user, *user_id, &body)
            .await?
            .into(),
    ))
}

/// Your own check-ins over a period (default: the last 30 days and the year ahead).
#[utoipa::path(params(RangeQuery), responses((status = 200, body = Vec<CheckinOut>)), tag = "checkins", security(("bearer" = [])))]
#[get("/checkins/mine")]
pub async fn mine(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    q: web::Query<RangeQuery>,
) -> AppResult<web::Json<Vec<CheckinOut>>> {
    let today = service::today(&state, &user.org.time_zone);
    let from = q.from.unwrap_or(today - chrono::Duration::days(30));
    let to = q.to.unwrap_or(today + chrono::Duration::days(366));
    let list = repo::of_person(&state.read, user.org_id(), user.user_id(), from, to).await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// Every individual check-in of a day. Crisis lead only: it shows who is sick and how each feels.
#[utoipa::path(params(DayQuery), responses((status = 200, body = Vec<CheckinOut>), (status = 403, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[get("/checkins")]
pub async fn of_day(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    q: web::Query<DayQuery>,
) -> AppResult<web::Json<Vec<CheckinOut>>> {
    let day = q
        .day
        .unwrap_or_else(|| service::today(&state, &user.org.time_zone));
    Ok(web::Json(
        repo::for_day(&state.read, user.org_id(), day)
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

/// Present, absent and not yet checked in, overall and per team.
#[utoipa::path(params(DayQuery), responses((status = 200, body = DayAbsenceOut)), tag = "checkins", security(("bearer" = [])))]
#[get("/absence")]
pub async fn absence(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    q: web::Query<DayQuery>,
) -> AppResult<web::Json<DayAbsenceOut>> {
    let day = q
        .day
        .unwrap_or_else(|| service::today(&state, &user.org.time_zone));
    let a = repo::absence(&state.read, user.org_id(), day).await?;
    let settings = repo::settings_for_reading(&state, user.org_id()).await?;
    let volumes = repo::volumes(&state.read, user.org_id(), day).await?;
    Ok(web::Json(DayAbsenceOut {
        day,
        overall: a.overall.into(),
        teams: a
            .teams
            .into_iter()
            .map(|(t, ab)| TeamAbsenceOut {
                team_id: t.as_ref().map(|t| t.id),
                team_name: t.map(|t| t.name),
                absence: ab.into(),
            })
            .collect(),
        wellbeing_avg: a.wellbeing_avg,
        wellbeing_answers: a.wellbeing_answers,
        workload_change_pct: volumes.and_then(|v| service::workload_of(&v, &settings)),
    }))
}

#[utoipa::path(params(("day" = NaiveDate, Path)), responses((status = 200, body = VolumesOut), (status = 404, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[get("/volumes/{day}")]
pub async fn get_volumes(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    day: web::Path<NaiveDate>,
) -> AppResult<web::Json<VolumesOut>> {
    Ok(web::Json(
        repo::volumes(&state.db, user.org_id(), *day)
            .await?
            .ok_or(AppError::NotFound)?
            .into(),
    ))
}

/// Record a day's volumes; today's feed the workload scenarios at once.
#[utoipa::path(params(("day" = NaiveDate, Path)), request_body = VolumesInput, responses((status = 200, body = VolumesOut), (status = 422, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[put("/volumes/{day}")]
pub async fn put_volumes(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    day: web::Path<NaiveDate>,
    body: crate::api_json::ApiJson<VolumesInput>,
) -> AppResult<web::Json<VolumesOut>> {
    Ok(web::Json(
        service::record_volumes(&state, &user, *day, &body)
            .await?
            .into(),
    ))
}

#[utoipa::path(responses((status = 200, body = SettingsOut)), tag = "checkins", security(("bearer" = [])))]
#[get("/checkin-settings")]
pub async fn get_settings(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<SettingsOut>> {
    Ok(web::Json(
        repo::settings(&state.db, user.org_id()).await?.into(),
    ))
}

/// Normal daily volumes, the reminder time and the daily meeting. Send the `version` you read.
#[utoipa::path(request_body = SettingsInput, responses((status = 200, body = SettingsOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "checkins", security(("bearer" = [])))]
#[put("/checkin-settings")]
pub async fn put_settings(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<SettingsInput>,
) -> AppResult<web::Json<SettingsOut>> {
    Ok(web::Json(
        service::update_settings(&state, &user, body.into_inner())
            .await?
            .into(),
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(check_in)
        .service(check_in_for)
        .service(mine)
        .service(of_day)
        .service(absence)
        .service(get_volumes)
        .service(put_volumes)
        .service(get_settings)
        .service(put_settings);
}
