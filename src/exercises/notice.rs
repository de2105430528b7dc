//! What an exercise tells: a notice marked EXERCISE to its participants by mail and to the
//! internal chat channels, through the same outbox as everything else. Never to subscribers,
//! the public page, the feed or a public channel.
use crate::entities::{exercise, log_entry, publication};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

/// Writes an entry in the exercise's own log (never in the real one).
pub async fn log(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
    kind: &str,
    event: &str,
    text: String,
    author: Option<i32>,
    at: DateTime<Utc>,
) -> AppResult<log_entry::Model> {
    Ok(crate::log::append(
        db,
        crate::log::NewEntry {
            organisation_id: e.organisation_id,
            at,
            kind,
            event,
            text,
            scenario_id: Some(e.scenario_id),
            author_user_id: author,
            exercise_id: Some(e.id),
        },
    )
    .await?)
}

/// Sends `headline` (and `body`) to the participants and internal channels, marked EXERCISE
/// when it is delivered.
pub async fn send(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
    headline: String,
    body: String,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let p = publication::ActiveModel {
        organisation_id: Set(e.organisation_id),
        kind: Set("exercise".into()),
        entry_id: Set(None),
        revision_id: Set(None),
        level_change_id: Set(None),
        title: Set(headline.chars().take(200).collect()),
        created_by_user_id: Set(by),
        created_at: Set(now),
        exercise_id: Set(Some(e.id)),
        body: Set(Some(body)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::delivery::enqueue::internal_notice(db, &p, &super::participant_ids(e), now).await?;
    Ok(())
}
