//! `/api/v1/tasks`: the task inventory and its ranking for a scenario.
use super::forms::TaskInput;
use super::{ranking, repo};
use crate::auth::roles::{AnyMember, CrisisGroup};
use crate::auth::Authorized;
use crate::entities::work_task;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct TaskOut {
    pub id: i32,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub customer_criticality: i32,
    pub business_criticality: i32,
    /// 2 × customer + organisation criticality (3–15).
    pub criticality: i32,
    pub remote_capable: String,
    pub remote_limits: Vec<String>,
    pub remote_limit_note: String,
    pub sla: String,
    pub sla_at_risk: bool,
    pub postpone_cost: String,
    pub postpone_note: String,
    pub fallback: String,
    pub fallback_note: String,
    pub cross_trainable: bool,
    /// The queue whose contacts this task is.
    pub queue_id: Option<i32>,
    /// Contacts an hour an overflow partner can take.
    pub overflow_per_hour: Option<i32>,
    /// Recovery time objective, hours.
    pub rto_hours: Option<i32>,
    /// Maximum tolerable period of disruption, hours.
    pub mtpd_hours: Option<i32>,
    pub min_service: String,
    /// For a queue: the least acceptable service level, per cent.
    pub min_service_level: Option<f64>,
    pub depends_systems: String,
    pub depends_suppliers: String,
    pub depends_partners: String,
    pub version: i32,
}

impl From<work_task::Model> for TaskOut {
    fn from(t: work_task::Model) -> Self {
        TaskOut {
            criticality: ranking::criticality(&t),
            remote_limits: t
                .remote_limits
                .split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            id: t.id,
            name: t.name,
            kind: t.kind,
            description: t.description,
            customer_criticality: t.customer_criticality,
            business_criticality: t.business_criticality,
            remote_capable: t.remote_capable,
            remote_limit_note: t.remote_limit_note,
            sla: t.sla,
            sla_at_risk: t.sla_at_risk,
            postpone_cost: t.postpone_cost,
            postpone_note: t.postpone_note,
            fallback: t.fallback,
            fallback_note: t.fallback_note,
            cross_trainable: t.cross_trainable,
            queue_id: t.queue_id,
            overflow_per_hour: t.overflow_per_hour,
            rto_hours: t.rto_hours,
            mtpd_hours: t.mtpd_hours,
            min_service: t.min_service,
            min_service_level: t.min_service_level,
            depends_systems: t.depends_systems,
            depends_suppliers: t.depends_suppliers,
            depends_partners: t.depends_partners,
            version: t.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RankedOut {
    pub rank: usize,
    pub score: i32,
    /// `protect`, `postpone`, `hand_over`, `keep`, `plan_on_site`, `catch_up` or `train`.
    pub advice: String,
    pub reasons: Vec<String>,
    /// For a task the scenario leaves undone, when it passes its maximum tolerable
    /// disruption (counted from when the scenario's level was reached).
    pub tolerance: Option<super::impact::Tolerance>,
    pub task: TaskOut,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RankQuery {
    /// The scenario to rank for.
    pub scenario_id: i32,
}

#[utoipa::path(responses((status = 200, body = Vec<TaskOut>)), tag = "tasks", security(("bearer" = [])))]
#[get("/tasks")]
pub async fn list_tasks(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<TaskOut>>> {
    Ok(web::Json(
        repo::list(&state.db, user.org_id())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[utoipa::path(request_body = TaskInput, responses((status = 201, body = TaskOut), (status = 422, body = Problem)), tag = "tasks", security(("bearer" = [])))]
#[post("/tasks")]
pub async fn create_task(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<TaskInput>,
) -> AppResult<HttpResponse> {
    let t = repo::create(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(TaskOut::from(t)))
}

/// The inventory ranked for one scenario, with the advice and the reasons for each task.
#[utoipa::path(params(RankQuery), responses((status = 200, body = Vec<RankedOut>), (status = 404, body = Problem)), tag = "tasks", security(("bearer" = [])))]
#[get("/tasks/ranked")]
pub async fn ranked_tasks(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    q: web::Query<RankQuery>,
) -> AppResult<web::Json<Vec<RankedOut>>> {
    let scenario = crate::scenarios::repo::get(&state.db, user.org_id(), q.scenario_id).await?;
    let tasks = repo::list(&state.db, user.org_id()).await?;
    let since = crate::scenarios::levels::in_force_since(&state.db, &scenario).await?;
    let now = state.clock.now();
    Ok(web::Json(
        ranking::rank(&scenario.kind, &tasks)
            .into_iter()
            .enumerate()
            .map(|(i, r)| RankedOut {
                rank: i + 1,
                tolerance: super::impact::tolerance(&r, since, now),
                score: r.score,
                advice: r.advice.into(),
                reasons: r.reasons.iter().map(|s| s.to_string()).collect(),
                task: r.task.into(),
            })
            .collect(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = TaskOut), (status = 404, body = Problem)), tag = "tasks", security(("bearer" = [])))]
#[get("/tasks/{id}")]
pub async fn get_task(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<TaskOut>> {
    Ok(web::Json(
        repo::get(&state.db, user.org_id(), *id).await?.into(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), request_body = TaskInput, responses((status = 200, body = TaskOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "tasks", security(("bearer" = [])))]
#[patch("/tasks/{id}")]
pub async fn update_task(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<TaskInput>,
) -> AppResult<web::Json<TaskOut>> {
    Ok(web::Json(
        repo::update(&state.db, &user, *id, body.into_inner())
            .await?
            .into(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem)), tag = "tasks", security(("bearer" = [])))]
#[delete("/tasks/{id}")]
pub async fn delete_task(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete(&state.db, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_tasks)
        .service(create_task)
        .service(ranked_tasks)
        .service(get_task)
        .service(update_task)
        .service(delete_task);
}
