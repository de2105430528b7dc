//! `/api/v1/scenarios`: the register, ladders, levels set by hand and their history.
use super::forms::{LadderInput, ManualLevelInput, ScenarioInput};
use super::{levels, repo, standard, vocab};
use crate::audit::Actor;
use crate::auth::roles::{AnyMember, CrisisGroup, CrisisLeads};
use crate::auth::Authorized;
use crate::entities::{level_change, scenario, threshold_level};
use crate::error::{AppResult, Problem};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::{get, patch, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct LevelOut {
    pub id: i32,
    pub position: i32,
    pub name: String,
    /// What the ladder measures (the scenario's metric).
    pub metric: String,
    pub trigger_value: f64,
    pub description: String,
    /// Reaching the level starts a roll-call of everyone.
    pub start_rollcall: bool,
    pub rollcall_message: String,
    /// The FAQ answer prepared for when the level is reached (empty: none).
    pub holding_question: String,
    pub holding_answer: String,
    /// Hours between situation reports while the level is in force; none: no cadence.
    pub report_every_hours: Option<i32>,
}

impl LevelOut {
    pub fn new(l: threshold_level::Model, metric: &str) -> Self {
        LevelOut {
            id: l.id,
            position: l.position,
            name: l.name,
            metric: metric.into(),
            trigger_value: l.trigger_value,
            description: l.description,
            start_rollcall: l.start_rollcall,
            rollcall_message: l.rollcall_message,
            holding_question: l.holding_question,
            holding_answer: l.holding_answer,
            report_every_hours: l.report_every_hours,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ScenarioOut {
    pub id: i32,
    pub kind: String,
    pub standard_key: Option<String>,
    pub title: String,
    pub description: String,
    pub probability: i32,
    pub consequence: i32,
    /// Probability × consequence.
    pub risk: i32,
    /// `low`, `moderate`, `high` or `critical`.
    pub risk_band: String,
    pub owner_user_id: Option<i32>,
    pub status: String,
    pub metric: String,
    pub hysteresis_margin: f64,
    /// For `forecast_service_level`: the queue the ladder reads (none: the worst queue).
    pub queue_id: Option<i32>,
    pub current_level_id: Option<i32>,
    /// The level the live figures point to (differs when the level was set by hand).
    pub computed_level_id: Option<i32>,
    pub level_set_manually: bool,
    pub levels: Vec<LevelOut>,
    /// When the scenario was last exercised (the register: `GET /api/v1/scenarios` only).
    pub last_exercised_at: Option<DateTime<Utc>>,
    /// Not exercised in the last 12 months (the register only).
    pub exercise_due: Option<bool>,
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

impl ScenarioOut {
    pub fn new(s: scenario::Model, levels: Vec<threshold_level::Model>) -> Self {
        let risk = vocab::risk(s.probability, s.consequence);
        ScenarioOut {
            levels: levels
                .into_iter()
                .map(|l| LevelOut::new(l, &s.metric))
                .collect(),
            id: s.id,
            kind: s.kind,
            standard_key: s.standard_key,
            title: s.title,
            description: s.description,
            probability: s.probability,
            consequence: s.consequence,
            risk,
            risk_band: vocab::risk_band(risk).into(),
            owner_user_id: s.owner_user_id,
            status: s.status,
            metric: s.metric,
            hysteresis_margin: s.hysteresis_margin,
            queue_id: s.queue_id,
            current_level_id: s.current_level_id,
            computed_level_id: s.computed_level_id,
            level_set_manually: s.level_set_manually,
            last_exercised_at: None,
            exercise_due: None,
            version: s.version,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LevelChangeOut {
    pub occurred_at: DateTime<Utc>,
    pub from_level_id: Option<i32>,
    pub to_level_id: Option<i32>,
    pub from_name: Option<String>,
    pub to_name: Option<String>,
    pub metric: String,
    /// The figure that caused an automatic change.
    pub value: Option<f64>,
    /// `automatic`, `manual` or `released`.
    pub cause: String,
    pub reason: Option<String>,
    pub changed_by_user_id: Option<i32>,
}

impl From<level_change::Model> for LevelChangeOut {
    fn from(c: level_change::Model) -> Self {
        LevelChangeOut {
            occurred_at: c.occurred_at,
            from_level_id: c.from_level_id,
            to_level_id: c.to_level_id,
            from_name: c.from_name,
            to_name: c.to_name,
            metric: c.metric,
            value: c.value,
            cause: c.cause,
            reason: c.reason,
            changed_by_user_id: c.changed_by_user_id,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StandardAdded {
    /// How many of the four were new to the organisation.
    pub added: usize,
}

#[derive(Deserialize, Serialize, ToSchema, Default)]
#[serde(default)]
pub struct LadderBody {
    pub levels: Vec<super::forms::LevelInput>,
    pub hysteresis_margin: Option<f64>,
    /// The scenario version the ladder was edited from.
    pub version: Option<i32>,
}

async fn out(state: &AppState, org_id: i32, s: scenario::Model) -> AppResult<ScenarioOut> {
    let levels = repo::levels(&state.db, org_id, s.id).await?;
    Ok(ScenarioOut::new(s, levels))
}

/// The register, highest risk first.
#[utoipa::path(responses((status = 200, body = Vec<ScenarioOut>)), tag = "scenarios", security(("bearer" = [])))]
#[get("/scenarios")]
pub async fn list_scenarios(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<ScenarioOut>>> {
    let all_levels = repo::all_levels(&state.db, user.org_id()).await?;
    let list = repo::list(&state.db, user.org_id()).await?;
    let exercised = crate::exercises::repo::last_exercised(&state.db, user.org_id()).await?;
    let now = state.clock.now();
    Ok(web::Json(
        list.into_iter()
            .map(|s| {
                let levels = all_levels
                    .iter()
                    .filter(|l| l.scenario_id == s.id)
                    .cloned()
                    .collect();
                let last = exercised.get(&s.id).copied();
                ScenarioOut {
                    last_exercised_at: last,
                    exercise_due: Some(crate::exercises::not_exercised_lately(last, now)),
                    ..ScenarioOut::new(s, levels)
                }
            })
            .collect(),
    ))
}

#[utoipa::path(request_body = ScenarioInput, responses((status = 201, body = ScenarioOut), (status = 422, body = Problem)), tag = "scenarios", security(("bearer" = [])))]
#[post("/scenarios")]
pub async fn create_scenario(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<ScenarioInput>,
) -> AppResult<HttpResponse> {
    let s = repo::create(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(out(&state, user.org_id(), s).await?))
}

/// Adds the four standard scenarios with their levels and actions, in the organisation's language.
#[utoipa::path(operation_id = "add_standard_scenarios", responses((status = 200, body = StandardAdded)), tag = "scenarios", security(("bearer" = [])))]
#[post("/scenarios/standard")]
pub async fn add_standard(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<StandardAdded>> {
    let lang = Lang::parse(&user.org.default_language).unwrap_or(Lang::En);
    let added =
        standard::add_standard_scenarios(&state.db, user.org_id(), lang, &Actor::from(&user.0))
            .await?;
    Ok(web::Json(StandardAdded { added }))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = ScenarioOut), (status = 404, body = Problem)), tag = "scenarios", security(("bearer" = [])))]
#[get("/scenarios/{id}")]
pub async fn get_scenario(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<ScenarioOut>> {
    let s = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(out(&state, user.org_id(), s).await?))
}

/// Edit a scenario. Send the `version` you read; a stale version answers 409.
#[utoipa::path(params(("id" = i32, Path)), request_body = ScenarioInput, responses((status = 200, body = ScenarioOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "scenarios", security(("bearer" = [])))]
#[patch("/scenarios/{id}")]
pub async fn update_scenario(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ScenarioInput>,
) -> AppResult<web::Json<ScenarioOut>> {
    let s = repo::update(&state.db, &user, *id, body.into_inner()).await?;
    Ok(web::Json(out(&state, user.org_id(), s).await?))
}

/// Replace the threshold ladder, lowest level first; triggers must rise strictly.
#[utoipa::path(params(("id" = i32, Path)), request_body = LadderBody, responses((status = 200, body = ScenarioOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "scenarios", security(("bearer" = [])))]
#[put("/scenarios/{id}/levels")]
pub async fn replace_levels(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<LadderBody>,
) -> AppResult<web::Json<ScenarioOut>> {
    let body = body.into_inner();
    repo::replace_ladder(
        &state.db,
        &user,
        *id,
        LadderInput {
            levels: body.levels,
        },
        body.hysteresis_margin,
        body.version,
    )
    .await?;
    let s = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(out(&state, user.org_id(), s).await?))
}

/// Set the level by hand with a reason (crisis lead), or `"release": true` to follow the figures again.
#[utoipa::path(params(("id" = i32, Path)), request_body = ManualLevelInput, responses((status = 200, body = ScenarioOut), (status = 403, body = Problem), (status = 422, body = Problem)), tag = "scenarios", security(("bearer" = [])))]
#[post("/scenarios/{id}/level")]
pub async fn set_level(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<ManualLevelInput>,
) -> AppResult<web::Json<ScenarioOut>> {
    let s = levels::set_by_hand(&state.db, &user, *id, body.into_inner()).await?;
    crate::rollcall::levels::launch_pending(&state).await?;
    Ok(web::Json(out(&state, user.org_id(), s).await?))
}

/// Every level change, newest first, with the figures or reason behind it.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Vec<LevelChangeOut>)), tag = "scenarios", security(("bearer" = [])))]
#[get("/scenarios/{id}/level-history")]
pub async fn level_history(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<Vec<LevelChangeOut>>> {
    repo::get(&state.db, user.org_id(), *id).await?;
    let changes = levels::history(&state.db, user.org_id(), *id, 500).await?;
    Ok(web::Json(changes.into_iter().map(Into::into).collect()))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_scenarios)
        .service(create_scenario)
        .service(add_standard)
        .service(get_scenario)
        .service(update_scenario)
        .service(replace_levels)
        .service(set_level)
        .service(level_history);
}
