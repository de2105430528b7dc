//! Queries for actions, scoped to one organisation.
use super::forms::ActionInput;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::roles::Policy;
use crate::auth::CurrentUser;
use crate::entities::plan_action;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::scenarios::repo as scenarios;
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

pub fn is_open(a: &plan_action::Model) -> bool {
    a.status == "planned" || a.status == "in_progress"
}

pub fn is_overdue(a: &plan_action::Model, today: NaiveDate) -> bool {
    is_open(a) && a.due_date.is_some_and(|d| d < today)
}

/// Done out of all that count (cancelled actions do not), for a progress bar.
pub fn progress(actions: &[plan_action::Model]) -> (usize, usize) {
    let counted: Vec<_> = actions.iter().filter(|a| a.status != "cancelled").collect();
    (
        counted.iter().filter(|a| a.status == "done").count(),
        counted.len(),
    )
}

pub async fn for_scenario(
    db: &impl ConnectionTrait,
    org_id: i32,
    scenario_id: i32,
) -> AppResult<Vec<plan_action::Model>> {
    Ok(plan_action::Entity::find()
        .filter(plan_action::Column::OrganisationId.eq(org_id))
        .filter(plan_action::Column::ScenarioId.eq(scenario_id))
        .order_by_asc(plan_action::Column::Position)
        .order_by_asc(plan_action::Column::Id)
        .all(db)
        .await?)
}

pub async fn all(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<plan_action::Model>> {
    Ok(plan_action::Entity::find()
        .filter(plan_action::Column::OrganisationId.eq(org_id))
        .order_by_asc(plan_action::Column::DueDate)
        .order_by_asc(plan_action::Column::Id)
        .all(db)
        .await?)
}

/// The open actions a person owns, soonest due first (undated last).
pub async fn mine(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
) -> AppResult<Vec<plan_action::Model>> {
    let mut list: Vec<_> = plan_action::Entity::find()
        .filter(plan_action::Column::OrganisationId.eq(org_id))
        .filter(plan_action::Column::OwnerUserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .filter(is_open)
        .collect();
    list.sort_by_key(|a| (a.due_date.is_none(), a.due_date, a.id));
    Ok(list)
}

pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<plan_action::Model> {
    plan_action::Entity::find_by_id(id)
        .filter(plan_action::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn check_refs(
    db: &impl ConnectionTrait,
    org_id: i32,
    scenario_id: i32,
    input: &ActionInput,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if let Some(level_id) = input.level_id {
        let levels = scenarios::levels(db, org_id, scenario_id).await?;
        if !levels.iter().any(|l| l.id == level_id) {
            errors.add(
                "level_id",
                "unknown_level",
                "This level does not belong to the scenario.",
            );
        }
    }
    scenarios::check_person(db, org_id, "owner_user_id", input.owner_user_id, errors).await
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    scenario_id: i32,
    input: ActionInput,
) -> AppResult<plan_action::Model> {
    let org_id = actor.org_id();
    scenarios::get(db, org_id, scenario_id).await?;
    let input = input.normalised();
    let (mut errors, due) = input.check();
    check_refs(db, org_id, scenario_id, &input, &mut errors).await?;
    errors.into_result()?;
    let txn = db.begin().await?;
    let position = plan_action::Entity::find()
        .filter(plan_action::Column::ScenarioId.eq(scenario_id))
        .count(&txn)
        .await? as i32;
    let now = Utc::now();
    let created = plan_action::ActiveModel {
        organisation_id: Set(org_id),
        scenario_id: Set(scenario_id),
        level_id: Set(input.level_id),
        area: Set(input.area),
        title: Set(input.title),
        description: Set(input.description),
        owner_user_id: Set(input.owner_user_id),
        due_date: Set(due),
        status: Set(input.status),
        outcome: Set(input.outcome),
        outcome_rating: Set(input.outcome_rating),
        position: Set(position),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "action",
            entity_id: created.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

/// Saves an edit, including the outcome review, made from `input.version`.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: ActionInput,
) -> AppResult<plan_action::Model> {
    let org_id = actor.org_id();
    let before = get(db, org_id, id).await?;
    let input = input.normalised();
    let (mut errors, due) = input.check();
    check_refs(db, org_id, before.scenario_id, &input, &mut errors).await?;
    let Some(version) = input.version else {
        errors.add("version", "required", "This field is required.");
        return Err(AppError::Validation(errors));
    };
    errors.into_result()?;
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.level_id = Set(input.level_id);
    row.area = Set(input.area);
    row.title = Set(input.title);
    row.description = Set(input.description);
    row.owner_user_id = Set(input.owner_user_id);
    row.due_date = Set(due);
    row.status = Set(input.status);
    row.outcome = Set(input.outcome);
    row.outcome_rating = Set(input.outcome_rating);
    row.version = Set(version.saturating_add(1));
    row.updated_at = Set(Utc::now());
    crate::db::save_if_version(
        &txn,
        row,
        (plan_action::Column::Id, id),
        (plan_action::Column::Version, version),
    )
    .await?;
    let after = get(&txn, org_id, id).await?;
    if after.status == "done" && before.status != "done" {
        crate::log::system(
            &txn,
            org_id,
            "action_done",
            after.title.clone(),
            Some(after.scenario_id),
            after.updated_at,
        )
        .await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "action",
            entity_id: id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// The owner of an action (or the crisis group) reports progress: status and outcome only.
pub async fn update_progress(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: ActionInput,
) -> AppResult<plan_action::Model> {
    let before = get(db, actor.org_id(), id).await?;
    let in_group = actor.roles.any(crate::auth::roles::CrisisGroup::ROLES);
    if before.owner_user_id != Some(actor.user_id()) && !in_group {
        return Err(AppError::Forbidden);
    }
    let full = ActionInput {
        level_id: before.level_id,
        area: before.area.clone(),
        title: before.title.clone(),
        description: before.description.clone(),
        owner_user_id: before.owner_user_id,
        due_date: before.due_date.map(|d| d.to_string()),
        status: input.status,
        outcome: input.outcome,
        outcome_rating: input.outcome_rating,
        version: input.version,
        past_due_ok: false,
    };
    update(db, actor, id, full).await
}
