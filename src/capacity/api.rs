//! `/api/v1/forecast`, `/api/v1/queues` and `/api/v1/capacity`: the calculator, the queues
//! and who staffs them, and the live forecast.
use super::calculator::{self, ErlangInput, ErlangOutput};
use super::forecast::WhatIf;
use super::forms::{OpeningHours, QueueInput, StaffingInput, WeekdayVolumes};
use super::live::{self, CapacityOut};
use super::repo::{self, Staffing};
use crate::api_json::ApiJson;
use crate::auth::roles::{AnyMember, Overseers};
use crate::auth::Authorized;
use crate::entities::queue;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::state::AppState;
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

#[derive(Serialize, ToSchema)]
pub struct QueueOut {
    pub id: i32,
    pub name: String,
    /// `voice`, `chat` or `email`.
    pub kind: String,
    pub interval_minutes: i32,
    pub opening_hours: OpeningHours,
    pub weekday_volumes: WeekdayVolumes,
    /// One weight per interval from midnight; empty: spread evenly over the open hours.
    pub profile: Vec<f64>,
    pub target_service_level: f64,
    pub target_seconds: i32,
    pub aht_seconds: i32,
    pub concurrency: i32,
    pub patience_seconds: Option<i32>,
    pub max_occupancy: f64,
    pub shrinkage: f64,
    pub version: i32,
}

impl From<queue::Model> for QueueOut {
    fn from(q: queue::Model) -> Self {
        QueueOut {
            opening_hours: OpeningHours::from_stored(&q.opening_hours),
            weekday_volumes: WeekdayVolumes::from_stored(&q.weekday_volumes),
            profile: q
                .profile
                .split(',')
                .filter_map(|w| w.trim().parse().ok())
                .collect(),
            id: q.id,
            name: q.name,
            kind: q.kind,
            interval_minutes: q.interval_minutes,
            target_service_level: q.target_service_level,
            target_seconds: q.target_seconds,
            aht_seconds: q.aht_seconds,
            concurrency: q.concurrency,
            patience_seconds: q.patience_seconds,
            max_occupancy: q.max_occupancy,
            shrinkage: q.shrinkage,
            version: q.version,
        }
    }
}

#[utoipa::path(responses((status = 200, body = Vec<QueueOut>)), tag = "capacity", security(("bearer" = [])))]
#[get("/queues")]
pub async fn list_queues(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<QueueOut>>> {
    Ok(web::Json(
        repo::list(&state.db, user.org_id())
            .await?
            .into_iter()
            .map(Into::into)
            .collect(),
    ))
}

#[utoipa::path(request_body = QueueInput, responses((status = 201, body = QueueOut), (status = 422, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[post("/queues")]
pub async fn create_queue(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    body: ApiJson<QueueInput>,
) -> AppResult<HttpResponse> {
    let q = repo::create(&state.db, &user, &body).await?;
    crate::capacity::ladder::reevaluate(&state, &user.org, &user).await?;
    Ok(HttpResponse::Created().json(QueueOut::from(q)))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = QueueOut), (status = 404, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[get("/queues/{id}")]
pub async fn get_queue(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<QueueOut>> {
    Ok(web::Json(
        repo::get(&state.db, user.org_id(), *id).await?.into(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), request_body = QueueInput, responses((status = 200, body = QueueOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[patch("/queues/{id}")]
pub async fn update_queue(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: ApiJson<QueueInput>,
) -> AppResult<web::Json<QueueOut>> {
    let q = repo::update(&state.db, &user, *id, &body).await?;
    crate::capacity::ladder::reevaluate(&state, &user.org, &user).await?;
    Ok(web::Json(q.into()))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[delete("/queues/{id}")]
pub async fn delete_queue(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete(&state.db, &user, *id).await?;
    crate::capacity::ladder::reevaluate(&state, &user.org, &user).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Staffing), (status = 404, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[get("/queues/{id}/staffing")]
pub async fn get_staffing(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<Staffing>> {
    repo::get(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(
        repo::staffing_of(&state.db, user.org_id(), *id).await?,
    ))
}

/// Replaces who staffs the queue: the teams with the share of their present time on it, and
/// the people trained for it.
#[utoipa::path(params(("id" = i32, Path)), request_body = StaffingInput, responses((status = 200, body = Staffing), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[put("/queues/{id}/staffing")]
pub async fn set_staffing(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: ApiJson<StaffingInput>,
) -> AppResult<web::Json<Staffing>> {
    let s = repo::set_staffing(&state.db, &user, *id, &body).await?;
    crate::capacity::ladder::reevaluate(&state, &user.org, &user).await?;
    Ok(web::Json(s))
}

#[derive(Debug, Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
pub struct CapacityQuery {
    /// The day, `YYYY-MM-DD`, today to 7 days ahead; today when left out.
    pub day: Option<String>,
    /// What if: staff absence to assume instead of the check-ins, 0–100 %.
    pub absence_pct: Option<f64>,
    /// What if: contacts against the expected day, in %.
    pub volume_change_pct: Option<f64>,
    /// What if: handle time against normal, in %.
    pub aht_change_pct: Option<f64>,
    /// What if: agents added to `extra_queue_id`.
    pub extra_agents: Option<u32>,
    pub extra_queue_id: Option<i32>,
}

impl CapacityQuery {
    /// The day and the what-if, each field checked by name.
    pub fn read(&self, today: NaiveDate) -> Result<(NaiveDate, WhatIf), FieldErrors> {
        use super::numbers::optional;
        let mut e = FieldErrors::default();
        let day = match self.day.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => Some(today),
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) if d >= today && d <= today + chrono::Duration::days(live::DAYS_AHEAD) => {
                    Some(d)
                }
                Ok(_) => {
                    e.add(
                        "day",
                        "range",
                        format!(
                            "Choose a day from today to {} days ahead.",
                            live::DAYS_AHEAD
                        ),
                    );
                    None
                }
                Err(_) => {
                    e.add("day", "date", "Write the day as YYYY-MM-DD.");
                    None
                }
            },
        };
        let w = WhatIf {
            absence_pct: optional(&mut e, "absence_pct", self.absence_pct, 0.0, 100.0),
            volume_change_pct: optional(
                &mut e,
                "volume_change_pct",
                self.volume_change_pct,
                -100.0,
                1000.0,
            )
            .unwrap_or(0.0),
            aht_change_pct: optional(&mut e, "aht_change_pct", self.aht_change_pct, -90.0, 500.0)
                .unwrap_or(0.0),
            extra_agents: match self.extra_agents {
                Some(n) if n > 10_000 => {
                    super::numbers::within(&mut e, "extra_agents", f64::from(n), 0.0, 10_000.0);
                    0
                }
                n => n.unwrap_or(0),
            },
            extra_queue_id: self.extra_queue_id,
        };
        match (e.is_empty(), day) {
            (true, Some(d)) => Ok((d, w)),
            _ => Err(e),
        }
    }
}

/// The day's forecast per queue and interval: agents available (a range while people have not
/// checked in), required and short; service level, speed of answer and hang-ups; who could move;
/// the contacts to deflect. With what-if parameters, the same with the change applied.
#[utoipa::path(params(CapacityQuery), responses((status = 200, body = CapacityOut), (status = 422, body = Problem)), tag = "capacity", security(("bearer" = [])))]
#[get("/capacity")]
pub async fn capacity(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    q: web::Query<CapacityQuery>,
) -> AppResult<web::Json<CapacityOut>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let (day, what_if) = q.read(today).map_err(AppError::Validation)?;
    Ok(web::Json(
        live::forecast(&state, &user.org, day, &what_if).await?,
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(erlang_calculator)
        .service(list_queues)
        .service(create_queue)
        .service(get_queue)
        .service(update_queue)
        .service(delete_queue)
        .service(get_staffing)
        .service(set_staffing)
        .service(capacity);
}
