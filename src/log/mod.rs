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
