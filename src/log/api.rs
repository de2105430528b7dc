//! `/api/v1/log`: the crisis log.
use super::forms::LogInput;
use super::service::{self, Filter};
use crate::auth::roles::CommunicationEditors;
use crate::auth::Authorized;
use crate::entities::log_entry;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct LogEntryOut {
    pub id: i32,
    pub occurred_at: DateTime<Utc>,
    /// `decision`, `event`, `information` or `request`.
    pub kind: String,
    /// What Beredskap wrote it for (`level_change`, `faq_published`, `faq_withdrawn`); empty
    /// when a person wrote it.
    pub event: String,
    pub text: String,
    pub scenario_id: Option<i32>,
    pub corrects_id: Option<i32>,
    pub author_user_id: Option<i32>,
}

impl From<log_entry::Model> for LogEntryOut {
    fn from(e: log_entry::Model) -> Self {
        LogEntryOut {
            id: e.id,
            occurred_at: e.occurred_at,
            kind: e.kind,
            event: e.event,
            text: e.text,
            scenario_id: e.scenario_id,
            corrects_id: e.corrects_id,
            author_user_id: e.author_user_id,
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct LogQuery {
    /// `decision`, `event`, `information` or `request`.
    pub kind: Option<String>,
    #[param(value_type = Option<i32>)]
    pub scenario_id: Option<String>,
    /// A day in the organisation's time zone, `YYYY-MM-DD`.
    pub day: Option<String>,
}

impl LogQuery {
    pub fn filter(&self) -> AppResult<Filter> {
        let mut e = FieldErrors::default();
        let kind = self.kind.clone().filter(|k| !k.is_empty());
        if let Some(k) = &kind {
            crate::scenarios::vocab::check_one_of(&mut e, "kind", k, super::KINDS);
        }
        let day = match self.day.as_deref().filter(|d| !d.is_empty()) {
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    e.add("day", "date", "Enter a date as YYYY-MM-DD.");
                    None
                }
            },
            None => None,
        };
        let scenario_id = match self.scenario_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(s) => match s.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    e.add("scenario_id", "integer", "Choose a scenario.");
                    None
                }
            },
        };
        if !e.is_empty() {
            return Err(AppError::Validation(e));
        }
        Ok(Filter {
            kind,
            scenario_id,
            day,
        })
    }
}

/// The log, newest first; filter by kind, scenario and day.
#[utoipa::path(params(LogQuery), responses((status = 200, body = Vec<LogEntryOut>), (status = 422, body = Problem)), tag = "log", security(("bearer" = [])))]
#[get("/log")]
pub async fn list(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    query: web::Query<LogQuery>,
) -> AppResult<HttpResponse> {
    let f = query.filter()?;
    let entries = service::list(&state.read, user.org_id(), &user.org.time_zone, &f).await?;
    let out: Vec<LogEntryOut> = entries.into_iter().map(Into::into).collect();
    Ok(HttpResponse::Ok().json(out))
}

/// Adds an entry; entries are never edited (a correction names `corrects_id`).
#[utoipa::path(request_body = LogInput, responses((status = 201, body = LogEntryOut), (status = 422, body = Problem)), tag = "log", security(("bearer" = [])))]
#[post("/log")]
pub async fn create(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<LogInput>,
) -> AppResult<HttpResponse> {
    let e = service::write(&state, &user, &body).await?;
    Ok(HttpResponse::Created().json(LogEntryOut::from(e)))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list).service(create);
}
