//! `/api/v1/exercises`: rehearsing a scenario from start to after-action review.
use super::forms::{ExerciseLevelInput, ExercisePublishInput, ReviewInput, StartInput};
use super::{repo, review, running, service, Moment};
use crate::auth::roles::{CommunicationEditors, CrisisGroup};
use crate::auth::Authorized;
use crate::entities::{exercise, exercise_lesson};
use crate::error::{AppResult, Problem};
use crate::log::api::LogEntryOut;
use crate::log::forms::LogInput;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct ExerciseOut {
    pub id: i32,
    pub scenario_id: i32,
    pub title: String,
    /// `running`, `ended` or `reviewed`.
    pub status: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The exercise's own level (the scenario's real level is not touched).
    pub level_id: Option<i32>,
    pub participants: Vec<i32>,
    pub worked: String,
    pub did_not_work: String,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl From<exercise::Model> for ExerciseOut {
    fn from(e: exercise::Model) -> Self {
        ExerciseOut {
            participants: super::participant_ids(&e),
            id: e.id,
            scenario_id: e.scenario_id,
            title: e.title,
            status: e.status,
            started_at: e.started_at,
            ended_at: e.ended_at,
            level_id: e.level_id,
            worked: e.worked,
            did_not_work: e.did_not_work,
            reviewed_at: e.reviewed_at,
            version: e.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LessonOut {
    pub text: String,
    /// `action` or `plan_change`.
    pub kind: String,
    pub owner_user_id: Option<i32>,
    /// The action it became.
    pub action_id: Option<i32>,
}

impl From<exercise_lesson::Model> for LessonOut {
    fn from(l: exercise_lesson::Model) -> Self {
        LessonOut {
            text: l.text,
            kind: l.kind,
            owner_user_id: l.owner_user_id,
            action_id: l.action_id,
        }
    }
}

/// One exercise with its log (injects included as their times come) and its lessons.
#[derive(Serialize, ToSchema)]
pub struct ExerciseDetailOut {
    pub exercise: ExerciseOut,
    /// Newest first.
    pub timeline: Vec<Moment>,
    /// Injects whose time has not come yet.
    pub injects_to_come: usize,
    pub lessons: Vec<LessonOut>,
}

pub async fn detail(state: &AppState, e: exercise::Model) -> AppResult<ExerciseDetailOut> {
    let entries = repo::entries(&state.db, &e).await?;
    let injects = repo::injects(&state.db, &e).await?;
    let lessons = repo::lessons(&state.db, &e).await?;
    let (timeline, injects_to_come) = super::timeline(&e, &entries, &injects, state.clock.now());
    Ok(ExerciseDetailOut {
        exercise: e.into(),
        timeline,
        injects_to_come,
        lessons: lessons.into_iter().map(Into::into).collect(),
    })
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct ExerciseQuery {
    /// Only this scenario's exercises (its history).
    pub scenario_id: Option<i32>,
}

/// Every exercise, newest first: the history an auditor asks for.
#[utoipa::path(params(ExerciseQuery), responses((status = 200, body = Vec<ExerciseOut>)), tag = "exercises", security(("bearer" = [])))]
#[get("/exercises")]
pub async fn list_exercises(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    query: web::Query<ExerciseQuery>,
) -> AppResult<web::Json<Vec<ExerciseOut>>> {
    let list = repo::list(&state.read, user.org_id(), query.scenario_id).await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// Starts an exercise of a scenario, with its injects; participants hear of it (EXERCISE).
#[utoipa::path(request_body = StartInput, responses((status = 201, body = ExerciseOut), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises")]
pub async fn start_exercise(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<StartInput>,
) -> AppResult<HttpResponse> {
    let e = service::start(&state, &user, &body).await?;
    Ok(HttpResponse::Created().json(ExerciseOut::from(e)))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = ExerciseDetailOut)), tag = "exercises", security(("bearer" = [])))]
#[get("/exercises/{id}")]
pub async fn get_exercise(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<ExerciseDetailOut>> {
    let e = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(detail(&state, e).await?))
}

/// Sets the exercise's own level; the real level, banner and public page do not change.
#[utoipa::path(params(("id" = i32, Path)), request_body = ExerciseLevelInput, responses((status = 200, body = ExerciseOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises/{id}/level")]
pub async fn set_exercise_level(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ExerciseLevelInput>,
) -> AppResult<web::Json<ExerciseOut>> {
    Ok(web::Json(
        running::set_level(&state, &user, *id, &body).await?.into(),
    ))
}

/// Writes in the exercise's own log.
#[utoipa::path(params(("id" = i32, Path)), request_body = LogInput, responses((status = 201, body = LogEntryOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises/{id}/log")]
pub async fn write_exercise_log(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<LogInput>,
) -> AppResult<HttpResponse> {
    let e = running::write(&state, &user, *id, &body).await?;
    Ok(HttpResponse::Created().json(LogEntryOut::from(e)))
}

/// "Publishes" an answer in the exercise: to its participants and internal channels only.
#[utoipa::path(params(("id" = i32, Path)), request_body = ExercisePublishInput, responses((status = 201, body = LogEntryOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises/{id}/publish")]
pub async fn publish_in_exercise(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ExercisePublishInput>,
) -> AppResult<HttpResponse> {
    let e = running::publish(&state, &user, *id, &body).await?;
    Ok(HttpResponse::Created().json(LogEntryOut::from(e)))
}

/// A roll-call of the participants, marked EXERCISE; answers are not check-ins.
#[utoipa::path(params(("id" = i32, Path)), request_body = crate::rollcall::forms::StartInput, responses((status = 201, body = crate::rollcall::status::RollcallOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises/{id}/rollcall")]
pub async fn exercise_rollcall(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<crate::rollcall::forms::StartInput>,
) -> AppResult<HttpResponse> {
    let rc = running::rollcall(&state, &user, *id, &body).await?;
    let out = crate::rollcall::status::summarise(
        &state.db,
        &rc,
        &crate::rollcall::status::Sight::All,
        None,
    )
    .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Ends the exercise; its after-action review opens.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = ExerciseOut), (status = 409, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[post("/exercises/{id}/end")]
pub async fn end_exercise(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<ExerciseOut>> {
    Ok(web::Json(service::end(&state, &user, *id).await?.into()))
}

/// The after-action review; each lesson becomes an action in the scenario with its owner.
#[utoipa::path(params(("id" = i32, Path)), request_body = ReviewInput, responses((status = 200, body = ExerciseDetailOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "exercises", security(("bearer" = [])))]
#[put("/exercises/{id}/review")]
pub async fn review_exercise(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ReviewInput>,
) -> AppResult<web::Json<ExerciseDetailOut>> {
    let e = review::review(&state, &user, *id, &body).await?;
    Ok(web::Json(detail(&state, e).await?))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_exercises)
        .service(start_exercise)
        .service(get_exercise)
        .service(set_exercise_level)
        .service(write_exercise_log)
        .service(publish_in_exercise)
        .service(exercise_rollcall)
        .service(end_exercise)
        .service(review_exercise);
}
