//! `/api/v1/duty`: who is on duty, and handing a role over.
use super::forms::HandoverInput;
use super::{service, OnDuty};
use crate::auth::roles::{AnyMember, CommunicationEditors};
use crate::auth::Authorized;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, put, web};

/// Every duty role and who holds it now.
#[utoipa::path(responses((status = 200, body = Vec<OnDuty>)), tag = "duty", security(("bearer" = [])))]
#[get("/duty")]
pub async fn on_duty(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<OnDuty>>> {
    Ok(web::Json(super::current(&state.read, user.org_id()).await?))
}

/// Hands a role over to someone (or to nobody) with a note; written in the crisis log.
#[utoipa::path(
    params(("role" = String, Path, description = "`crisis_lead`, `deputy`, `scribe` or `communicator`")),
    request_body = HandoverInput,
    responses((status = 200, body = OnDuty), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    tag = "duty", security(("bearer" = []))
)]
#[put("/duty/{role}")]
pub async fn hand_over_duty(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    role: web::Path<String>,
    body: crate::api_json::ApiJson<HandoverInput>,
) -> AppResult<web::Json<OnDuty>> {
    service::hand_over(&state, &user, &role, &body).await?;
    let now = super::current(&state.db, user.org_id()).await?;
    let out = now
        .into_iter()
        .find(|d| d.role == *role)
        .ok_or(crate::error::AppError::NotFound)?;
    Ok(web::Json(out))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(on_duty).service(hand_over_duty);
}
