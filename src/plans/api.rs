//! `/api/v1/…/actions`: action plans and "my actions".
use super::forms::ActionInput;
use super::repo;
use crate::auth::roles::{AnyMember, CrisisGroup};
use crate::auth::Authorized;
use crate::entities::plan_action;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::{NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ActionOut {
    pub id: i32,
    pub scenario_id: i32,
    pub level_id: Option<i32>,
    pub area: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<i32>,
    pub due_date: Option<NaiveDate>,
    pub status: String,
    pub outcome: Option<String>,
    pub outcome_rating: Option<String>,
    /// Open and past its due date (in the organisation's time zone).
    pub overdue: bool,
    pub version: i32,
}

impl ActionOut {
    pub fn new(a: plan_action::Model, today: NaiveDate) -> Self {
        ActionOut {
            overdue: repo::is_overdue(&a, today),
            id: a.id,
            scenario_id: a.scenario_id,
            level_id: a.level_id,
            area: a.area,
            title: a.title,
            description: a.description,
            owner_user_id: a.owner_user_id,
            due_date: a.due_date,
            status: a.status,
            outcome: a.outcome,
            outcome_rating: a.outcome_rating,
            version: a.version,
        }
    }
}

/// Today in the organisation's time zone: what "overdue" is measured against.
pub fn org_today(time_zone: &str) -> NaiveDate {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    Utc::now().with_timezone(&tz).date_naive()
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Vec<ActionOut>), (status = 404, body = Problem)), tag = "actions", security(("bearer" = [])))]
#[get("/scenarios/{id}/actions")]
pub async fn list_actions(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<Vec<ActionOut>>> {
    crate::scenarios::repo::get(&state.db, user.org_id(), *id).await?;
    let today = org_today(&user.org.time_zone);
    let list = repo::for_scenario(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(
        list.into_iter().map(|a| ActionOut::new(a, today)).collect(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), request_body = ActionInput, responses((status = 201, body = ActionOut), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "actions", security(("bearer" = [])))]
#[post("/scenarios/{id}/actions")]
pub async fn create_action(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ActionInput>,
) -> AppResult<HttpResponse> {
    let a = repo::create(&state.db, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(ActionOut::new(a, org_today(&user.org.time_zone))))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = ActionOut), (status = 404, body = Problem)), tag = "actions", security(("bearer" = [])))]
#[get("/actions/{id}")]
pub async fn get_action(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<ActionOut>> {
    let a = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(ActionOut::new(a, org_today(&user.org.time_zone))))
}

/// Edit an action, its status or its outcome review. Send the `version` you read.
#[utoipa::path(params(("id" = i32, Path)), request_body = ActionInput, responses((status = 200, body = ActionOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "actions", security(("bearer" = [])))]
#[patch("/actions/{id}")]
pub async fn update_action(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ActionInput>,
) -> AppResult<web::Json<ActionOut>> {
    let a = repo::update(&state.db, &user, *id, body.into_inner()).await?;
    Ok(web::Json(ActionOut::new(a, org_today(&user.org.time_zone))))
}

/// The open actions the signed-in person owns, soonest due first.
#[utoipa::path(responses((status = 200, body = Vec<ActionOut>)), tag = "actions", security(("bearer" = [])))]
#[get("/me/actions")]
pub async fn my_actions(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<ActionOut>>> {
    let today = org_today(&user.org.time_zone);
    let list = repo::mine(&state.db, user.org_id(), user.user_id()).await?;
    Ok(web::Json(
        list.into_iter().map(|a| ActionOut::new(a, today)).collect(),
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // Before `/actions/{id}`, which would take "export" for an id.
    cfg.service(super::export::export_api)
        .service(list_actions)
        .service(create_action)
        .service(get_action)
        .service(update_action)
        .service(my_actions);
}
