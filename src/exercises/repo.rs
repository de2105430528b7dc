//! Reading exercises, their injects, log, lessons and roll-calls, always within one
//! organisation.
use crate::entities::{exercise, exercise_inject, exercise_lesson, log_entry};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

/// The exercise if it is the organisation's.
pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<exercise::Model> {
    exercise::Entity::find_by_id(id)
        .filter(exercise::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Every exercise, newest first; of one scenario when given.
pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i32,
    scenario_id: Option<i32>,
) -> AppResult<Vec<exercise::Model>> {
    let mut q = exercise::Entity::find().filter(exercise::Column::OrganisationId.eq(org_id));
    if let Some(s) = scenario_id {
        q = q.filter(exercise::Column::ScenarioId.eq(s));
    }
    Ok(q.order_by_desc(exercise::Column::StartedAt)
        .order_by_desc(exercise::Column::Id)
        .all(db)
        .await?)
}

/// When each scenario was last exercised (the start of its latest exercise).
pub async fn last_exercised(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<HashMap<i32, DateTime<Utc>>> {
    let mut out = HashMap::new();
    for e in list(db, org_id, None).await? {
        out.entry(e.scenario_id).or_insert(e.started_at);
    }
    Ok(out)
}

pub async fn injects(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
) -> AppResult<Vec<exercise_inject::Model>> {
    Ok(exercise_inject::Entity::find()
        .filter(exercise_inject::Column::ExerciseId.eq(e.id))
        .order_by_asc(exercise_inject::Column::AtMinutes)
        .all(db)
        .await?)
}

pub async fn entries(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
) -> AppResult<Vec<log_entry::Model>> {
    Ok(log_entry::Entity::find()
        .filter(log_entry::Column::OrganisationId.eq(e.organisation_id))
        .filter(log_entry::Column::ExerciseId.eq(e.id))
        .order_by_desc(log_entry::Column::OccurredAt)
        .all(db)
        .await?)
}

pub async fn lessons(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
) -> AppResult<Vec<exercise_lesson::Model>> {
    Ok(exercise_lesson::Entity::find()
        .filter(exercise_lesson::Column::ExerciseId.eq(e.id))
        .order_by_asc(exercise_lesson::Column::Id)
        .all(db)
        .await?)
}

/// The exercise's roll-calls, newest first.
pub async fn rollcalls(
    db: &impl ConnectionTrait,
    e: &exercise::Model,
) -> AppResult<Vec<crate::entities::rollcall::Model>> {
    use crate::entities::rollcall;
    Ok(rollcall::Entity::find()
        .filter(rollcall::Column::OrganisationId.eq(e.organisation_id))
        .filter(rollcall::Column::ExerciseId.eq(e.id))
        .order_by_desc(rollcall::Column::Id)
        .all(db)
        .await?)
}
