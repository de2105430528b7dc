//! `/api/v1/rollcalls`: start one, see where it stands, close it; `/api/v1/r/{token}`: answer
//! from a personal link (the token is the credential, no sign-in); `/api/v1/sms/inbound/{key}`:
//! digit replies posted back by the SMS gateway.
use super::forms::{AnswerInput, StartInput};
use super::service::{self, Answered};
use super::status::{self, RollcallOut};
use crate::api_json::ApiJson;
use crate::audit::{self, Actor, Change};
use crate::auth::roles::AnyMember;
use crate::auth::{Authorized, Role};
use crate::entities::rollcall;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use serde::Serialize;
use utoipa::ToSchema;

/// The most names of people who have not answered in one answer of the list endpoint.
const LIST_NAMES: usize = 50;

/// Start a roll-call: the crisis lead for everyone (`team_id` null) or a team; a team lead for
/// one of their teams. Everyone asked gets the message by mail and/or SMS with a personal link.
#[utoipa::path(request_body = StartInput, responses((status = 201, body = RollcallOut), (status = 403, body = Problem), (status = 422, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[post("/rollcalls")]
pub async fn start_rollcall(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: ApiJson<StartInput>,
) -> AppResult<HttpResponse> {
    let rc = service::start(&state, &user, &body).await?;
    let (rc, sight) = status::visible(&state.db, &user, rc.id).await?;
    Ok(HttpResponse::Created().json(status::summarise(&state.db, &rc, &sight, None).await?))
}

/// The organisation's latest roll-calls (the crisis group and team leads).
#[utoipa::path(responses((status = 200, body = Vec<RollcallOut>), (status = 403, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[get("/rollcalls")]
pub async fn list_rollcalls(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<RollcallOut>>> {
    if !status::may_use(&state.db, &user).await? {
        return Err(AppError::Forbidden);
    }
    let mut out = vec![];
    for rc in status::latest(&state.db, user.org_id(), 20).await? {
        if let Ok((rc, sight)) = status::visible(&state.db, &user, rc.id).await {
            out.push(status::summarise(&state.db, &rc, &sight, Some(LIST_NAMES)).await?);
        }
    }
    Ok(web::Json(out))
}

/// Where a roll-call stands: totals, answers per status and per team, and who has not
/// answered (names for the crisis lead, and for team leads their own people).
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = RollcallOut), (status = 403, body = Problem), (status = 404, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[get("/rollcalls/{id}")]
pub async fn get_rollcall(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<RollcallOut>> {
    let (rc, sight) = status::visible(&state.db, &user, *id).await?;
    Ok(web::Json(
        status::summarise(&state.db, &rc, &sight, None).await?,
    ))
}

/// Close a roll-call early: no more reminders and no escalation. Answers still count.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = RollcallOut), (status = 403, body = Problem), (status = 404, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[post("/rollcalls/{id}/close")]
pub async fn end_rollcall(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<RollcallOut>> {
    let (rc, sight) = close_rollcall(&state, &user, *id).await?;
    Ok(web::Json(
        status::summarise(&state.db, &rc, &sight, None).await?,
    ))
}

pub async fn close_rollcall(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    id: i32,
) -> AppResult<(rollcall::Model, status::Sight)> {
    let (rc, _) = status::visible(&state.db, user, id).await?;
    if !user.roles.has(Role::CrisisLead) && rc.started_by_user_id != Some(user.user_id()) {
        return Err(AppError::Forbidden);
    }
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let done = rollcall::Entity::update_many()
        .col_expr(rollcall::Column::ClosedAt, Expr::value(Some(now)))
        .filter(rollcall::Column::Id.eq(rc.id))
        .filter(rollcall::Column::ClosedAt.is_null())
        .exec(&txn)
        .await?;
    // On SQLite the transaction holds the only writer connection: it must end before the
    // roll-call is read again below.
    if done.rows_affected != 1 {
        txn.rollback().await?;
    } else {
        status::log(&txn, &rc, "rollcall_closed", now).await?;
        audit::record(
            &txn,
            &Actor::from(user),
            Change {
                organisation_id: Some(rc.organisation_id),
                entity: "rollcall",
                entity_id: rc.id.to_string(),
                action: "close",
                before: None,
                after: Some(serde_json::json!({"closed_at": now})),
            },
        )
        .await?;
        txn.commit().await?;
        service::announce(state, &rc).await;
    }
    status::visible(&state.db, user, id).await
}

#[derive(Serialize, ToSchema)]
pub struct AnswerOut {
    /// The check-in recorded.
    pub status: String,
    /// The day it is the check-in for.
    pub day: chrono::NaiveDate,
    /// Whether it replaced an earlier answer.
    pub changed: bool,
}

/// Answer a roll-call with the token from its link: records today's check-in for that person.
/// No sign-in: the token is personal, signed and valid for a day.
#[utoipa::path(params(("token" = String, Path)), request_body = AnswerInput, responses((status = 200, body = AnswerOut), (status = 404, body = Problem), (status = 410, body = Problem), (status = 422, body = Problem)), tag = "rollcalls")]
#[post("/r/{token}")]
pub async fn answer_rollcall(
    state: web::Data<AppState>,
    token: web::Path<String>,
    body: ApiJson<AnswerInput>,
) -> AppResult<HttpResponse> {
    let (rollcall_id, user_id) =
        super::token::check(state.keys.secret(), &token).ok_or(AppError::NotFound)?;
    body.check().into_result()?;
    match service::answer(&state, rollcall_id, user_id, &body.status, "link").await? {
        Answered::Recorded {
            status,
            changed,
            day,
        } => Ok(HttpResponse::Ok().json(AnswerOut {
            status,
            day,
            changed,
        })),
        Answered::Expired => Err(AppError::Gone),
    }
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(start_rollcall)
        .service(list_rollcalls)
        .service(get_rollcall)
        .service(end_rollcall)
        .service(answer_rollcall)
        .service(super::sms_inbound::sms_inbound);
}
