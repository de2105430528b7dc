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

/// An entry to add to a log: the real one, or an exercise's.
pub struct NewEntry<'a> {
    pub organisation_id: i32,
    pub at: DateTime<Utc>,
    pub kind: &'a str,
    /// What Beredskap wrote it for; empty when a person wrote it.
    pub event: &'a str,
    pub text: String,
    pub scenario_id: Option<i32>,
    pub author_user_id: Option<i32>,
    pub exercise_id: Option<i32>,
}

pub async fn append(db: &impl ConnectionTrait, e: NewEntry<'_>) -> Result<log_entry::Model, DbErr> {
    log_entry::ActiveModel {
        organisation_id: Set(e.organisation_id),
        occurred_at: Set(e.at),
        kind: Set(e.kind.into()),
        event: Set(e.event.into()),
        text: Set(e.text),
        scenario_id: Set(e.scenario_id),
        corrects_id: Set(None),
        author_user_id: Set(e.author_user_id),
        exercise_id: Set(e.exercise_id),
        ..Default::default()
    }
    .insert(db)
    .await
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
    append(
        db,
        NewEntry {
            organisation_id,
            at,
            kind: "event",
            event,
            text,
            scenario_id,
            author_user_id: None,
            exercise_id: None,
        },
    )
    .await
}
