//! `/api/v1/communication`: the plan per audience, "communicated now", meeting rules.
use super::forms::{
    ChiefCommunicatorInput, CommunicatedInput, CommunicationPlanInput, MeetingRuleInput,
};
use super::repo;
use crate::auth::roles::{AnyMember, CommunicationEditors};
use crate::auth::Authorized;
use crate::entities::{communication_plan, meeting_rule};
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{delete, get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct CommunicationPlanOut {
    pub audience: String,
    pub owner_user_id: Option<i32>,
    pub deputy_user_id: Option<i32>,
    pub channels: Vec<String>,
    pub cadence: String,
    pub notes: String,
    pub last_communicated_at: Option<DateTime<Utc>>,
    pub next_due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub version: i32,
}

impl From<communication_plan::Model> for CommunicationPlanOut {
    fn from(p: communication_plan::Model) -> Self {
        CommunicationPlanOut {
            overdue: repo::is_overdue(&p, Utc::now()),
            channels: p
                .channels
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            audience: p.audience,
            owner_user_id: p.owner_user_id,
            deputy_user_id: p.deputy_user_id,
            cadence: p.cadence,
            notes: p.notes,
            last_communicated_at: p.last_communicated_at,
            next_due_at: p.next_due_at,
            version: p.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeetingRuleOut {
    pub id: i32,
    pub position: i32,
    pub text: String,
}

impl From<meeting_rule::Model> for MeetingRuleOut {
    fn from(r: meeting_rule::Model) -> Self {
        MeetingRuleOut {
            id: r.id,
            position: r.position,
            text: r.text,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CommunicationOut {
    pub plans: Vec<CommunicationPlanOut>,
    pub meeting_rules: Vec<MeetingRuleOut>,
    /// The one person who communicates through every layer of the organisation.
    pub chief_communicator_user_id: Option<i32>,
}

#[utoipa::path(responses((status = 200, body = CommunicationOut)), tag = "communication", security(("bearer" = [])))]
#[get("/communication")]
pub async fn get_communication(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<CommunicationOut>> {
    let plans = repo::plans(&state.db, user.org_id()).await?;
    let rules = repo::rules(&state.db, user.org_id()).await?;
    Ok(web::Json(CommunicationOut {
        plans: plans.into_iter().map(Into::into).collect(),
        meeting_rules: rules.into_iter().map(Into::into).collect(),
        chief_communicator_user_id: user.org.chief_communicator_user_id,
    }))
}

/// Set owner, deputy, channels and cadence for one audience. Send the `version` you read.
#[utoipa::path(params(("audience" = String, Path, description = "staff, customers, management, other_departments or partners")), request_body = CommunicationPlanInput,
    responses((status = 200, body = CommunicationPlanOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "communication", security(("bearer" = [])))]
#[put("/communication/{audience}")]
pub async fn update_plan(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    audience: web::Path<String>,
    body: crate::api_json::ApiJson<CommunicationPlanInput>,
) -> AppResult<web::Json<CommunicationPlanOut>> {
    Ok(web::Json(
        repo::update(&state.db, &user, &audience, body.into_inner())
            .await?
            .into(),
    ))
}

/// Record that the audience was told now; sets the next due time by the cadence.
#[utoipa::path(params(("audience" = String, Path)), request_body = CommunicatedInput, responses((status = 200, body = CommunicationPlanOut), (status = 404, body = Problem)), tag = "communication", security(("bearer" = [])))]
#[post("/communication/{audience}/communicated")]
pub async fn communicated(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    audience: web::Path<String>,
    body: crate::api_json::ApiJson<CommunicatedInput>,
) -> AppResult<web::Json<CommunicationPlanOut>> {
    Ok(web::Json(
        repo::communicated(&state.db, &user, &audience, &body.note)
            .await?
            .into(),
    ))
}

#[utoipa::path(request_body = MeetingRuleInput, responses((status = 201, body = MeetingRuleOut), (status = 422, body = Problem)), tag = "communication", security(("bearer" = [])))]
#[post("/meeting-rules")]
pub async fn add_rule(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<MeetingRuleInput>,
) -> AppResult<HttpResponse> {
    let r = repo::add_rule(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(MeetingRuleOut::from(r)))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem)), tag = "communication", security(("bearer" = [])))]
#[delete("/meeting-rules/{id}")]
pub async fn delete_rule(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete_rule(&state.db, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Name the one person who communicates through every layer of the organisation.
#[utoipa::path(request_body = ChiefCommunicatorInput, responses((status = 204), (status = 422, body = Problem)), tag = "communication", security(("bearer" = [])))]
#[put("/communication-chief")]
pub async fn set_chief(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<ChiefCommunicatorInput>,
) -> AppResult<HttpResponse> {
    repo::set_chief_communicator(&state, &user, body.user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_communication)
        .service(update_plan)
        .service(communicated)
        .service(add_rule)
        .service(delete_rule)
        .service(set_chief);
}
