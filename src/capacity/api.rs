//! `/api/v1/forecast` and `/api/v1/capacity`: the calculator and the live forecast.
use super::calculator::{self, ErlangInput, ErlangOutput};
use crate::api_json::ApiJson;
use crate::auth::roles::AnyMember;
use crate::auth::Authorized;
use crate::error::{AppResult, Problem};
use actix_web::{post, web};

/// The Erlang calculator: agents required and to schedule for one interval, and what callers
/// feel with `agents` (Erlang C; Erlang A with `patience_seconds`).
#[utoipa::path(request_body = ErlangInput, responses((status = 200, body = ErlangOutput), (status = 422, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[post("/forecast/erlang")]
pub async fn erlang_calculator(
    _user: Authorized<AnyMember>,
    body: ApiJson<ErlangInput>,
) -> AppResult<web::Json<ErlangOutput>> {
    Ok(web::Json(calculator::answer(&body)?))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(erlang_calculator);
}
