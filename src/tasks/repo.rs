//! Queries for the task inventory, scoped to one organisation.
use super::forms::TaskInput;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::work_task;
use crate::error::{AppError, AppResult};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

pub async fn list(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<work_task::Model>> {
    Ok(work_task::Entity::find()
        .filter(work_task::Column::OrganisationId.eq(org_id))
        .order_by_asc(work_task::Column::Name)
        .all(db)
        .await?)
}

pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<work_task::Model> {
    work_task::Entity::find_by_id(id)
        .filter(work_task::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn fill(row: &mut work_task::ActiveModel, input: &TaskInput) {
    row.name = Set(input.name.clone());
    row.kind = Set(input.kind.clone());
    row.description = Set(input.description.clone());
    row.customer_criticality = Set(input.customer_criticality.unwrap_or(1));
    row.business_criticality = Set(input.business_criticality.unwrap_or(1));
    row.remote_capable = Set(input.remote_capable.clone());
    row.remote_limits = Set(input.remote_limits.join(","));
    row.remote_limit_note = Set(input.remote_limit_note.clone());
    row.sla = Set(input.sla.clone());
    row.sla_at_risk = Set(input.sla_at_risk);
    row.postpone_cost = Set(input.postpone_cost.clone());
    row.postpone_note = Set(input.postpone_note.clone());
    row.fallback = Set(input.fallback.clone());
    row.fallback_note = Set(input.fallback_note.clone());
    row.cross_trainable = Set(input.cross_trainable);
    row.queue_id = Set(input.queue_id);
    row.overflow_per_hour = Set(input.overflow_per_hour);
    row.rto_hours = Set(input.rto_hours);
    row.mtpd_hours = Set(input.mtpd_hours);
    row.min_service = Set(input.min_service.clone());
    row.min_service_level = Set(input.min_service_level);
    row.depends_systems = Set(input.depends_systems.clone());
    row.depends_suppliers = Set(input.depends_suppliers.clone());
    row.depends_partners = Set(input.depends_partners.clone());
    row.updated_at = Set(Utc::now());
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    input: TaskInput,
) -> AppResult<work_task::Model> {
    let input = input.normalised();
    let mut errors = input.check();
    crate::capacity::repo::check_queue_ref(db, actor.org_id(), input.queue_id, &mut errors).await?;
    errors.into_result()?;
    let txn = db.begin().await?;
    let mut row = work_task::ActiveModel {
        organisation_id: Set(actor.org_id()),
        version: Set(1),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    fill(&mut row, &input);
    let created = row.insert(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "task",
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

pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: TaskInput,
) -> AppResult<work_task::Model> {
    let before = get(db, actor.org_id(), id).await?;
    let input = input.normalised();
    let mut errors = input.check();
    crate::capacity::repo::check_queue_ref(db, actor.org_id(), input.queue_id, &mut errors).await?;
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    errors.into_result()?;
    let version = input.version.unwrap_or(0);
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    fill(&mut row, &input);
    row.version = Set(version.saturating_add(1));
    crate::db::save_if_version(
        &txn,
        row,
        (work_task::Column::Id, id),
        (work_task::Column::Version, version),
    )
    .await?;
    let after = get(&txn, actor.org_id(), id).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "task",
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

pub async fn delete(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let before = get(db, actor.org_id(), id).await?;
    let txn = db.begin().await?;
    before.clone().delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "task",
            entity_id: id.to_string(),
            action: "delete",
            before: snapshot(&before),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
