//! Queries for scenarios and their ladders, always within one organisation.
use super::forms::{LadderInput, ScenarioInput};
use super::vocab;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{plan_action, scenario, threshold_level};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait, TryIntoModel,
};

pub const DEFAULT_MARGIN: f64 = 5.0;

pub fn conflict() -> AppError {
    AppError::Conflict(
        "Someone else changed this since you opened it. Your changes were not saved; reload to see the current version.".into(),
    )
}

/// The register: highest risk first, then by title.
pub async fn list(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<scenario::Model>> {
    let mut all = scenario::Entity::find()
        .filter(scenario::Column::OrganisationId.eq(org_id))
        .all(db)
        .await?;
    all.sort_by(|a, b| {
        vocab::risk(b.probability, b.consequence)
            .cmp(&vocab::risk(a.probability, a.consequence))
            .then_with(|| a.title.to_lowercase().cmp(&b.title.to_lowercase()))
    });
    Ok(all)
}

/// A scenario of this organisation; another organisation's id is simply not found.
pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<scenario::Model> {
    scenario::Entity::find_by_id(id)
        .filter(scenario::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The ladder, lowest level first.
pub async fn levels(
    db: &impl ConnectionTrait,
    org_id: i32,
    scenario_id: i32,
) -> AppResult<Vec<threshold_level::Model>> {
    Ok(threshold_level::Entity::find()
        .filter(threshold_level::Column::OrganisationId.eq(org_id))
        .filter(threshold_level::Column::ScenarioId.eq(scenario_id))
        .order_by_asc(threshold_level::Column::Position)
        .all(db)
        .await?)
}

pub async fn all_levels(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<Vec<threshold_level::Model>> {
    Ok(threshold_level::Entity::find()
        .filter(threshold_level::Column::OrganisationId.eq(org_id))
        .order_by_asc(threshold_level::Column::ScenarioId)
        .order_by_asc(threshold_level::Column::Position)
        .all(db)
        .await?)
}

/// The owner, when given, must be an active member of the organisation.
pub async fn check_person(
    db: &impl ConnectionTrait,
    org_id: i32,
    field: &str,
    user_id: Option<i32>,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if let Some(id) = user_id {
        match crate::orgs::members::get(db, org_id, id).await {
            Ok(m) if m.membership.active => {}
            Ok(_) | Err(AppError::NotFound) => errors.add(
                field,
                "unknown_person",
                "Choose an active member of the organisation.",
            ),
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub async fn create(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    input: ScenarioInput,
) -> AppResult<scenario::Model> {
    let input = input.normalised();
    let mut errors = input.check();
    check_person(
        db,
        actor.org_id(),
        "owner_user_id",
        input.owner_user_id,
        &mut errors,
    )
    .await?;
    crate::capacity::repo::check_queue_ref(db, actor.org_id(), input.queue_id, &mut errors).await?;
    errors.into_result()?;
    let now = Utc::now();
    let txn = db.begin().await?;
    let created = scenario::ActiveModel {
        organisation_id: Set(actor.org_id()),
        kind: Set(input.kind),
        standard_key: Set(None),
        title: Set(input.title),
        description: Set(input.description),
        probability: Set(input.probability.unwrap_or(1)),
        consequence: Set(input.consequence.unwrap_or(1)),
        owner_user_id: Set(input.owner_user_id),
        status: Set(input.status),
        metric: Set(input.metric),
        hysteresis_margin: Set(input.hysteresis_margin.unwrap_or(DEFAULT_MARGIN)),
        queue_id: Set(input.queue_id),
        current_level_id: Set(None),
        computed_level_id: Set(None),
        level_set_manually: Set(false),
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
            organisation_id: Some(actor.org_id()),
            entity: "scenario",
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

/// Saves an edit made from `input.version`; an edit from an older version is a conflict.
pub async fn update(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: ScenarioInput,
) -> AppResult<scenario::Model> {
    let input = input.normalised();
    let org_id = actor.org_id();
    let before = get(db, org_id, id).await?;
    let mut errors = input.check();
    check_person(
        db,
        org_id,
        "owner_user_id",
        input.owner_user_id,
        &mut errors,
    )
    .await?;
    crate::capacity::repo::check_queue_ref(db, org_id, input.queue_id, &mut errors).await?;
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    if errors.is_empty()
        && vocab::is_falling(&input.metric) != vocab::is_falling(&before.metric)
        && levels(db, org_id, id).await?.len() > 1
    {
        errors.add(
            "metric",
            "ladder_direction",
            "The ladder's triggers run the other way for this measure; change the ladder first.",
        );
    }
    if errors.is_empty() && input.metric != before.metric {
        let max = vocab::metric_max(&input.metric);
        if levels(db, org_id, id)
            .await?
            .iter()
            .any(|l| l.trigger_value > max)
        {
            errors.add(
                "metric",
                "ladder_out_of_range",
                "The ladder has triggers this measure cannot reach; change the ladder first.",
            );
        }
    }
    errors.into_result()?;
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.kind = Set(input.kind);
    row.title = Set(input.title);
    row.description = Set(input.description);
    row.probability = Set(input.probability.unwrap_or(before.probability));
    row.consequence = Set(input.consequence.unwrap_or(before.consequence));
    row.owner_user_id = Set(input.owner_user_id);
    row.status = Set(input.status);
    row.metric = Set(input.metric);
    row.hysteresis_margin = Set(input.hysteresis_margin.unwrap_or(before.hysteresis_margin));
    row.queue_id = Set(input.queue_id);
    let after = save_versioned(&txn, row, id, input.version.unwrap_or(0)).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "scenario",
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

/// Writes the row only if nobody saved since `expected` was read (compare-and-set on version).
pub async fn save_versioned(
    db: &impl ConnectionTrait,
    mut row: scenario::ActiveModel,
    id: i32,
    expected: i32,
) -> AppResult<scenario::Model> {
    row.version = Set(expected.saturating_add(1));
    row.updated_at = Set(Utc::now());
    crate::db::save_if_version(
        db,
        row,
        (scenario::Column::Id, id),
        (scenario::Column::Version, expected),
    )
    .await?;
    scenario::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Replaces the ladder. Rungs with an `id` keep their identity (and their actions); rungs left
/// out are removed, their actions becoming preparatory.
pub async fn replace_ladder(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    id: i32,
    ladder: LadderInput,
    margin: Option<f64>,
    version: Option<i32>,
) -> AppResult<Vec<threshold_level::Model>> {
    let org_id = actor.org_id();
    let scenario = get(db, org_id, id).await?;
    let mut errors = ladder.check(&scenario.metric);
    if let Some(m) = margin {
        if !(0.0..=50.0).contains(&m) {
            errors.add_with(
                "hysteresis_margin",
                "range",
                "Use a value between 0 and 50.",
                &[("min", "0"), ("max", "50")],
            );
        }
    }
    if version.is_none() {
        // As every other edit: without the version read, a concurrent edit would be lost.
        errors.add("version", "required", "This field is required.");
    }
    let existing = levels(db, org_id, id).await?;
    for (i, l) in ladder.levels.iter().enumerate() {
        if let Some(level_id) = l.id {
            if !existing.iter().any(|e| e.id == level_id) {
                errors.add(
                    &format!("levels[{i}].id"),
                    "unknown_level",
                    "This level does not belong to the scenario.",
                );
            }
        }
    }
    errors.into_result()?;

    let txn = db.begin().await?;
    let now = Utc::now();
    let kept: Vec<i32> = ladder.levels.iter().filter_map(|l| l.id).collect();
    for gone in existing.iter().filter(|e| !kept.contains(&e.id)) {
        plan_action::Entity::update_many()
            .col_expr(
                plan_action::Column::LevelId,
                Expr::value(Option::<i32>::None),
            )
            .filter(plan_action::Column::LevelId.eq(gone.id))
            .exec(&txn)
            .await?;
        gone.clone().delete(&txn).await?;
    }
    let mut saved = vec![];
    for (position, l) in ladder.levels.iter().enumerate() {
        let mut row = match l.id.and_then(|lid| existing.iter().find(|e| e.id == lid)) {
            Some(e) => e.clone().into_active_model(),
            None => threshold_level::ActiveModel {
                organisation_id: Set(org_id),
                scenario_id: Set(id),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.position = Set(position as i32);
        row.name = Set(l.name.trim().to_string());
        row.trigger_value = Set(l.trigger_value.unwrap_or(0.0));
        row.description = Set(l.description.trim().to_string());
        row.start_rollcall = Set(l.start_rollcall);
        row.rollcall_message = Set(l.rollcall_message.trim().to_string());
        row.report_every_hours = Set(l.report_every_hours);
        if let Some(q) = &l.holding_question {
            row.holding_question = Set(q.trim().to_string());
        }
        if let Some(a) = &l.holding_answer {
            row.holding_answer = Set(a.trim().to_string());
        }
        row.updated_at = Set(now);
        saved.push(row.save(&txn).await?.try_into_model()?);
    }
    // The level in force may have been removed; the scenario is then below every level.
    let mut row = scenario.clone().into_active_model();
    let current_kept = scenario.current_level_id.is_some_and(|c| kept.contains(&c));
    if !current_kept {
        row.current_level_id = Set(None);
        row.level_set_manually = Set(false);
    }
    if !scenario
        .computed_level_id
        .is_some_and(|c| kept.contains(&c))
    {
        row.computed_level_id = Set(None);
    }
    if let Some(m) = margin {
        row.hysteresis_margin = Set(m);
    }
    save_versioned(&txn, row, id, version.unwrap_or_default()).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "scenario_ladder",
            entity_id: id.to_string(),
            action: "replace",
            before: snapshot(&existing),
            after: snapshot(&saved),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
