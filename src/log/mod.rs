//! The crisis log: a time-stamped record of what the crisis group decided, heard, was told and
//! asked for, written by hand and by Beredskap itself (level changes, publications). Only ever
//! added to: a correction is a new entry pointing at the one it corrects.
pub mod api;
pub mod forms;
pub mod service;
pub mod views;
pub mod web;

use crate::entities::log_entry;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

pub const KINDS: &[&str] = &["decision", "event", "information", "request"];

/// A decision from the log as a situation report keeps it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct LoggedDecision {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub text: String,
    pub scenario_id: Option<i32>,
}

/// The decisions written in the log on `day` (organisation time), oldest first.
pub async fn decisions_of_day(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    time_zone: &str,
    day: chrono::NaiveDate,
) -> crate::error::AppResult<Vec<LoggedDecision>> {
    let filter = service::Filter {
        kind: Some("decision".into()),
        day: Some(day),
        ..Default::default()
    };
    let mut out: Vec<LoggedDecision> = service::list(db, organisation_id, time_zone, &filter)
        .await?
        .into_iter()
        .map(|e| LoggedDecision {
            id: e.id,
            at: e.occurred_at,
            text: e.text,
            scenario_id: e.scenario_id,
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// An entry Beredskap writes for something it saw, in the transaction that made it happen.
pub async fn system(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    event: &str,
    text: String,
    scenario_id: Option<i32>,
    at: DateTime<Utc>,
) -> Result<log_entry::Model, DbErr> {
    log_entry::ActiveModel {
        organisation_id: Set(organisation_id),
        occurred_at: Set(at),
        kind: Set("event".into()),
        event: Set(event.into()),
        text: Set(text),
        scenario_id: Set(scenario_id),
        corrects_id: Set(None),
        author_user_id: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}
