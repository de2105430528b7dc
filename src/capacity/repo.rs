//! Queries for queues and who staffs them, scoped to one organisation. Every write is audited.
use super::forms::{QueueInput, QueueSettings, StaffingInput};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{queue, queue_share, queue_skill, scenario, work_task};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;

/// Voice first, then chat, then e-mail; by name within a kind.
fn kind_rank(kind: &str) -> usize {
    super::forms::KINDS
        .iter()
        .position(|k| *k == kind)
        .unwrap_or(9)
}

pub async fn list(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<queue::Model>> {
    let mut qs = queue::Entity::find()
        .filter(queue::Column::OrganisationId.eq(org_id))
        .order_by_asc(queue::Column::Name)
        .all(db)
        .await?;
    qs.sort_by_key(|q| kind_rank(&q.kind));
    Ok(qs)
}

pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<queue::Model> {
    queue::Entity::find_by_id(id)
        .filter(queue::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn shares(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<queue_share::Model>> {
    Ok(queue_share::Entity::find()
        .filter(queue_share::Column::OrganisationId.eq(org_id))
        .all(db)
        .await?)
}

pub async fn skills(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<queue_skill::Model>> {
    Ok(queue_skill::Entity::find()
        .filter(queue_skill::Column::OrganisationId.eq(org_id))
        .order_by_asc(queue_skill::Column::Id)
        .all(db)
        .await?)
}

/// A queue named by another record (a ladder, a task) must be the organisation's own; another
/// tenant's id reads as unknown.
pub async fn check_queue_ref(
    db: &impl ConnectionTrait,
    org_id: i32,
    queue_id: Option<i32>,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if let Some(id) = queue_id {
        if get(db, org_id, id).await.is_err() {
            errors.add(
                "queue_id",
                "unknown_queue",
                "Choose one of this organisation's queues.",
            );
        }
    }
    Ok(())
}

async fn check_name(
    db: &impl ConnectionTrait,
    org_id: i32,
    name: &str,
    except: Option<i32>,
) -> AppResult<()> {
    let wanted = name.to_lowercase();
    if list(db, org_id)
        .await?
        .iter()
        .any(|q| q.name.to_lowercase() == wanted && Some(q.id) != except)
    {
        return Err(AppError::Validation(FieldErrors::single(
            "name",
            "taken",
            "A queue with this name already exists.",
        )));
    }
    Ok(())
}

fn fill(row: &mut queue::ActiveModel, s: &QueueSettings) {
    row.name = Set(s.name.clone());
    row.kind = Set(s.kind.clone());
    row.interval_minutes = Set(s.interval_minutes);
    row.opening_hours = Set(s.opening_hours.stored());
    row.weekday_volumes = Set(s.weekday_volumes.stored());
    row.profile = Set(s
        .profile
        .iter()
        .map(|w| w.to_string())
        .collect::<Vec<_>>()
        .join(","));
    row.target_service_level = Set(s.target_service_level);
    row.target_seconds = Set(s.target_seconds);
    row.aht_seconds = Set(s.aht_seconds);
    row.concurrency = Set(s.concurrency);
    row.patience_seconds = Set(s.patience_seconds);
    row.max_occupancy = Set(s.max_occupancy);
    row.shrinkage = Set(s.shrinkage);
    row.updated_at = Set(Utc::now());
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    entity_id: i32,
    action: &str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<()> {
    audit::record(
        db,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "queue",
            entity_id: entity_id.to_string(),
            action,
            before,
            after,
        },
    )
    .await?;
    Ok(())
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    input: &QueueInput,
) -> AppResult<queue::Model> {
    let settings = input.check().map_err(AppError::Validation)?;
    let txn = db.begin().await?;
    check_name(&txn, actor.org_id(), &settings.name, None).await?;
    let now = Utc::now();
    let mut row = queue::ActiveModel {
        organisation_id: Set(actor.org_id()),
        version: Set(1),
        created_at: Set(now),
        ..Default::default()
    };
    fill(&mut row, &settings);
    let created = row.insert(&txn).await?;
    record(&txn, actor, created.id, "create", None, snapshot(&created)).await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: &QueueInput,
) -> AppResult<queue::Model> {
    let before = get(db, actor.org_id(), id).await?;
    let checked = input.check();
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    errors.into_result()?;
    let settings = checked.map_err(AppError::Validation)?;
    let version = input.version.unwrap_or(0);
    let txn = db.begin().await?;
    check_name(&txn, actor.org_id(), &settings.name, Some(id)).await?;
    let mut row = before.clone().into_active_model();
    fill(&mut row, &settings);
    row.version = Set(version.saturating_add(1));
    crate::db::save_if_version(
        &txn,
        row,
        (queue::Column::Id, id),
        (queue::Column::Version, version),
    )
    .await?;
    let after = get(&txn, actor.org_id(), id).await?;
    record(
        &txn,
        actor,
        id,
        "update",
        snapshot(&before),
        snapshot(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Deletes a queue with its shares and skills; ladders and tasks that named it forget it.
pub async fn delete(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let before = get(db, actor.org_id(), id).await?;
    let txn = db.begin().await?;
    queue_share::Entity::delete_many()
        .filter(queue_share::Column::QueueId.eq(id))
        .exec(&txn)
        .await?;
    queue_skill::Entity::delete_many()
        .filter(queue_skill::Column::QueueId.eq(id))
        .exec(&txn)
        .await?;
    scenario::Entity::update_many()
        .col_expr(scenario::Column::QueueId, Expr::value(Option::<i32>::None))
        .filter(scenario::Column::OrganisationId.eq(actor.org_id()))
        .filter(scenario::Column::QueueId.eq(id))
        .exec(&txn)
        .await?;
    work_task::Entity::update_many()
        .col_expr(work_task::Column::QueueId, Expr::value(Option::<i32>::None))
        .filter(work_task::Column::OrganisationId.eq(actor.org_id()))
        .filter(work_task::Column::QueueId.eq(id))
        .exec(&txn)
        .await?;
    before.clone().delete(&txn).await?;
    record(&txn, actor, id, "delete", snapshot(&before), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Who staffs one queue, as stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Staffing {
    pub teams: Vec<super::forms::TeamShareInput>,
    pub trained: Vec<i32>,
}

pub async fn staffing_of(
    db: &impl ConnectionTrait,
    org_id: i32,
    queue_id: i32,
) -> AppResult<Staffing> {
    let teams = shares(db, org_id)
        .await?
        .into_iter()
        .filter(|s| s.queue_id == queue_id)
        .map(|s| super::forms::TeamShareInput {
            team_id: s.team_id,
            share_pct: s.share_pct,
        })
        .collect();
    let trained = skills(db, org_id)
        .await?
        .into_iter()
        .filter(|s| s.queue_id == queue_id)
        .map(|s| s.user_id)
        .collect();
    Ok(Staffing { teams, trained })
}

/// Replaces who staffs a queue. A team's shares over all queues may not pass 100 %; teams and
/// people must belong to the organisation (another tenant's ids are simply not found).
pub async fn set_staffing(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    queue_id: i32,
    input: &StaffingInput,
) -> AppResult<Staffing> {
    let org_id = actor.org_id();
    get(db, org_id, queue_id).await?;
    let teams = crate::orgs::repo::list_teams(db, org_id).await?;
    let members = crate::orgs::members::list(db, org_id).await?;
    let others = shares(db, org_id).await?;
    let mut e = FieldErrors::default();
    let mut seen = std::collections::HashSet::new();
    for (i, t) in input.teams.iter().enumerate() {
        if !teams.iter().any(|x| x.id == t.team_id) {
            e.add(
                &format!("teams[{i}].team_id"),
                "unknown_team",
                "Choose one of this organisation's teams.",
            );
            continue;
        }
        if !seen.insert(t.team_id) {
            e.add(
                &format!("teams[{i}].team_id"),
                "duplicate",
                "Each team once.",
            );
        }
        if super::numbers::within(
            &mut e,
            &format!("teams[{i}].share_pct"),
            t.share_pct,
            0.0,
            100.0,
        )
        .is_some()
        {
            let elsewhere: f64 = others
                .iter()
                .filter(|s| s.team_id == t.team_id && s.queue_id != queue_id)
                .map(|s| s.share_pct)
                .sum();
            if elsewhere + t.share_pct > 100.0 + 1e-9 {
                let left = format!("{}", (100.0 - elsewhere).max(0.0));
                e.add_with(
                    &format!("teams[{i}].share_pct"),
                    "over_full",
                    format!("The team's shares over all queues would pass 100 %; at most {left} % is left."),
                    &[("max", &left)],
                );
            }
        }
    }
    for (i, u) in input.trained.iter().enumerate() {
        if !members.iter().any(|m| m.user.id == *u) {
            e.add(
                &format!("trained[{i}]"),
                "unknown_person",
                "Choose an active member of the organisation.",
            );
        }
    }
    e.into_result()?;
    let before = staffing_of(db, org_id, queue_id).await?;
    let txn = db.begin().await?;
    queue_share::Entity::delete_many()
        .filter(queue_share::Column::QueueId.eq(queue_id))
        .exec(&txn)
        .await?;
    queue_skill::Entity::delete_many()
        .filter(queue_skill::Column::QueueId.eq(queue_id))
        .exec(&txn)
        .await?;
    for t in input.teams.iter().filter(|t| t.share_pct > 0.0) {
        queue_share::ActiveModel {
            organisation_id: Set(org_id),
            queue_id: Set(queue_id),
            team_id: Set(t.team_id),
            share_pct: Set(t.share_pct),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut trained = input.trained.clone();
    trained.sort_unstable();
    trained.dedup();
    for u in &trained {
        queue_skill::ActiveModel {
            organisation_id: Set(org_id),
            queue_id: Set(queue_id),
            user_id: Set(*u),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let after = staffing_of(&txn, org_id, queue_id).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "queue_staffing",
            entity_id: queue_id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
