//! Queries for the communication plan and meeting rules, scoped to one organisation.
use super::forms::{CommunicationPlanInput, MeetingRuleInput, AUDIENCES};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{communication_plan, meeting_rule, organisation};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::scenarios::repo::check_person;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

/// When the next communication is due after one at `at`.
pub fn next_due(cadence: &str, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    match cadence {
        "daily" => Some(at + Duration::days(1)),
        "weekly" => Some(at + Duration::days(7)),
        _ => None,
    }
}

pub fn is_overdue(p: &communication_plan::Model, now: DateTime<Utc>) -> bool {
    p.next_due_at.is_some_and(|due| due < now)
}

/// One row per audience, in the fixed order; missing rows are made on first look.
pub async fn plans(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<Vec<communication_plan::Model>> {
    let existing = communication_plan::Entity::find()
        .filter(communication_plan::Column::OrganisationId.eq(org_id))
        .all(db)
        .await?;
    let mut out = vec![];
    for audience in AUDIENCES {
        match existing.iter().find(|p| p.audience == *audience) {
            Some(p) => out.push(p.clone()),
            None => {
                let now = Utc::now();
                let row = communication_plan::ActiveModel {
                    organisation_id: Set(org_id),
                    audience: Set(audience.to_string()),
                    owner_user_id: Set(None),
                    deputy_user_id: Set(None),
                    channels: Set(String::new()),
                    cadence: Set(if *audience == "staff" {
                        "daily".into()
                    } else {
                        "on_change".into()
                    }),
                    notes: Set(String::new()),
                    last_communicated_at: Set(None),
                    next_due_at: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                };
                // Two first looks at once may both try; the unique index keeps one.
                match communication_plan::Entity::insert(row)
                    .on_conflict(
                        sea_orm::sea_query::OnConflict::columns([
                            communication_plan::Column::OrganisationId,
                            communication_plan::Column::Audience,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .do_nothing()
                    .exec(db)
                    .await
                {
                    Ok(_) => {}
                    Err(e) => return Err(e.into()),
                }
                let made = communication_plan::Entity::find()
                    .filter(communication_plan::Column::OrganisationId.eq(org_id))
                    .filter(communication_plan::Column::Audience.eq(*audience))
                    .one(db)
                    .await?
                    .ok_or(AppError::NotFound)?;
                out.push(made);
            }
        }
    }
    Ok(out)
}

pub async fn plan(
    db: &impl ConnectionTrait,
    org_id: i32,
    audience: &str,
) -> AppResult<communication_plan::Model> {
    if !AUDIENCES.contains(&audience) {
        return Err(AppError::NotFound);
    }
    plans(db, org_id)
        .await?
        .into_iter()
        .find(|p| p.audience == audience)
        .ok_or(AppError::NotFound)
}

pub async fn update(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    audience: &str,
    input: CommunicationPlanInput,
) -> AppResult<communication_plan::Model> {
    let org_id = actor.org_id();
    let before = plan(db, org_id, audience).await?;
    let input = input.normalised();
    let mut errors = input.check();
    check_person(
        db,
        org_id,
        "owner_user_id",
        input.owner_user_id,
        &mut errors,
    )
    .await?;
    check_person(
        db,
        org_id,
        "deputy_user_id",
        input.deputy_user_id,
        &mut errors,
    )
    .await?;
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    errors.into_result()?;
    let version = input.version.unwrap_or(0);
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.owner_user_id = Set(input.owner_user_id);
    row.deputy_user_id = Set(input.deputy_user_id);
    row.channels = Set(input.channels);
    // A new cadence counts from the last time it was done.
    if input.cadence != before.cadence {
        row.next_due_at = Set(before
            .last_communicated_at
            .and_then(|at| next_due(&input.cadence, at)));
    }
    row.cadence = Set(input.cadence);
    row.notes = Set(input.notes);
    let after = save_versioned(&txn, row, before.id, version).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "communication_plan",
            entity_id: audience.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn save_versioned(
    db: &impl ConnectionTrait,
    mut row: communication_plan::ActiveModel,
    id: i32,
    version: i32,
) -> AppResult<communication_plan::Model> {
    row.version = Set(version.saturating_add(1));
    row.updated_at = Set(Utc::now());
    crate::db::save_if_version(
        db,
        row,
        (communication_plan::Column::Id, id),
        (communication_plan::Column::Version, version),
    )
    .await?;
    communication_plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// "We communicated now": records it and sets the next due time by the cadence.
pub async fn communicated(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    audience: &str,
    note: &str,
) -> AppResult<communication_plan::Model> {
    let org_id = actor.org_id();
    let before = plan(db, org_id, audience).await?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.last_communicated_at = Set(Some(now));
    row.next_due_at = Set(next_due(&before.cadence, now));
    let after = save_versioned(&txn, row, before.id, before.version).await?;
    let event = format!("communicated/{audience}");
    crate::log::system(&txn, org_id, &event, note.trim().into(), None, now).await?;
    audit::record(&txn, &Actor::from(actor), Change {
        organisation_id: Some(org_id),
        entity: "communication_plan",
        entity_id: audience.to_string(),
        action: "communicated",
        before: snapshot(&before),
        after: Some(serde_json::json!({ "at": now, "next_due_at": after.next_due_at, "note": note.trim() })),
    })
    .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn rules(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<meeting_rule::Model>> {
    Ok(meeting_rule::Entity::find()
        .filter(meeting_rule::Column::OrganisationId.eq(org_id))
        .order_by_asc(meeting_rule::Column::Position)
        .order_by_asc(meeting_rule::Column::Id)
        .all(db)
        .await?)
}

pub async fn add_rule(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    input: MeetingRuleInput,
) -> AppResult<meeting_rule::Model> {
    input.check().into_result()?;
    let org_id = actor.org_id();
    let txn = db.begin().await?;
    let position = rules(&txn, org_id)
        .await?
        .iter()
        .map(|r| r.position + 1)
        .max()
        .unwrap_or(0);
    let now = Utc::now();
    let rule = meeting_rule::ActiveModel {
        organisation_id: Set(org_id),
        position: Set(position),
        text: Set(input.text.trim().to_string()),
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
            entity: "meeting_rule",
            entity_id: rule.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&rule),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(rule)
}

pub async fn delete_rule(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let org_id = actor.org_id();
    let rule = meeting_rule::Entity::find_by_id(id)
        .filter(meeting_rule::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = db.begin().await?;
    rule.clone().delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "meeting_rule",
            entity_id: id.to_string(),
            action: "delete",
            before: snapshot(&rule),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_chief_communicator(
    state: &crate::state::AppState,
    actor: &CurrentUser,
    user_id: Option<i32>,
) -> AppResult<organisation::Model> {
    let db = &state.db;
    let org_id = actor.org_id();
    let mut errors = FieldErrors::default();
    check_person(db, org_id, "user_id", user_id, &mut errors).await?;
    errors.into_result()?;
    let txn = db.begin().await?;
    let before = organisation::Entity::find_by_id(org_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut row = before.clone().into_active_model();
    row.chief_communicator_user_id = Set(user_id);
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "organisation",
            entity_id: org_id.to_string(),
            action: "set_chief_communicator",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    // Sessions carry the organisation, and with it who the chief communicator is.
    crate::auth::sessions::forget(state, crate::auth::sessions::Forget::Organisation(org_id)).await;
    Ok(after)
}
