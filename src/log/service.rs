//! Writing to and reading the crisis log, always within one organisation.
use super::forms::LogInput;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{log_entry, scenario};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};

/// Entries shown at most per request.
pub const MAX_LISTED: u64 = 2_000;

pub async fn write(
    state: &AppState,
    actor: &CurrentUser,
    input: &LogInput,
) -> AppResult<log_entry::Model> {
    let (kind, text) = input.check().map_err(AppError::Validation)?;
    let org_id = actor.org_id();
    let mut errors = FieldErrors::default();
    if let Some(id) = input.scenario_id {
        let found = scenario::Entity::find_by_id(id)
            .filter(scenario::Column::OrganisationId.eq(org_id))
            .one(&state.db)
            .await?;
        if found.is_none() {
            errors.add("scenario_id", "not_found", "There is no such scenario.");
        }
    }
    if let Some(id) = input.corrects_id {
        let found = log_entry::Entity::find_by_id(id)
            .filter(log_entry::Column::OrganisationId.eq(org_id))
            .filter(log_entry::Column::ExerciseId.is_null())
            .one(&state.db)
            .await?;
        if found.is_none() {
            errors.add(
                "corrects_id",
                "not_found",
                "There is no such entry in the log.",
            );
        }
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    let row = log_entry::ActiveModel {
        organisation_id: Set(org_id),
        occurred_at: Set(state.clock.now()),
        kind: Set(kind),
        event: Set(String::new()),
        text: Set(text),
        scenario_id: Set(input.scenario_id),
        corrects_id: Set(input.corrects_id),
        author_user_id: Set(Some(actor.user_id())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "log_entry",
            entity_id: row.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&row),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// What to show: a kind, a scenario, a local day.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Option<String>,
    pub scenario_id: Option<i32>,
    pub day: Option<NaiveDate>,
}

/// Entries written since `from`, newest first (at most `MAX_LISTED`).
pub async fn since(
    db: &impl ConnectionTrait,
    org_id: i32,
    from: chrono::DateTime<chrono::Utc>,
) -> AppResult<Vec<log_entry::Model>> {
    Ok(log_entry::Entity::find()
        .filter(log_entry::Column::OrganisationId.eq(org_id))
        .filter(log_entry::Column::ExerciseId.is_null())
        .filter(log_entry::Column::OccurredAt.gte(from))
        .order_by_desc(log_entry::Column::OccurredAt)
        .order_by_desc(log_entry::Column::Id)
        .limit(MAX_LISTED)
        .all(db)
        .await?)
}

/// Entries in time order, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i32,
    time_zone: &str,
    f: &Filter,
) -> AppResult<Vec<log_entry::Model>> {
    // Exercises keep their own log.
    let mut q = log_entry::Entity::find()
        .filter(log_entry::Column::OrganisationId.eq(org_id))
        .filter(log_entry::Column::ExerciseId.is_null());
    if let Some(k) = &f.kind {
        q = q.filter(log_entry::Column::Kind.eq(k.clone()));
    }
    if let Some(s) = f.scenario_id {
        q = q.filter(log_entry::Column::ScenarioId.eq(s));
    }
    if let Some(day) = f.day {
        use crate::checkins::absence::local_day_start;
        let from = local_day_start(day, time_zone);
        let to = local_day_start(day.succ_opt().unwrap_or(day), time_zone);
        q = q
            .filter(log_entry::Column::OccurredAt.gte(from))
            .filter(log_entry::Column::OccurredAt.lt(to));
    }
    Ok(q.order_by_desc(log_entry::Column::OccurredAt)
        .order_by_desc(log_entry::Column::Id)
        .limit(MAX_LISTED)
        .all(db)
        .await?)
}
