//! The after-action review: what worked, what did not, and lessons that each become an action
//! in the scenario with an owner, in one transaction (all or nothing).
use super::forms::ReviewInput;
use super::repo::get;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{exercise, exercise_lesson, plan_action};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};

pub async fn review(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: &ReviewInput,
) -> AppResult<exercise::Model> {
    let org_id = actor.org_id();
    let before = get(&state.db, org_id, id).await?;
    if before.status == "running" {
        return Err(AppError::Conflict(
            "End the exercise before its review.".into(),
        ));
    }
    let (mut errors, due) = input.check();
    for (i, l) in input.lessons.iter().enumerate() {
        crate::scenarios::repo::check_person(
            &state.db,
            org_id,
            &format!("lessons[{i}].owner_user_id"),
            l.owner_user_id,
            &mut errors,
        )
        .await?;
    }
    errors.into_result()?;
    let version = input.version.unwrap_or_default();
    let now = state.clock.now();
    let lang =
        crate::i18n::Lang::parse(&actor.org.default_language).unwrap_or(crate::i18n::Lang::En);
    let day = crate::checkins::absence::local_day(before.started_at, &actor.org.time_zone);
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.worked = Set(input.worked.trim().to_string());
    row.did_not_work = Set(input.did_not_work.trim().to_string());
    row.status = Set("reviewed".into());
    row.reviewed_at = Set(Some(now));
    row.version = Set(version.saturating_add(1));
    crate::db::save_if_version(
        &txn,
        row,
        (exercise::Column::Id, id),
        (exercise::Column::Version, version),
    )
    .await?;
    let mut position = plan_action::Entity::find()
        .filter(plan_action::Column::ScenarioId.eq(before.scenario_id))
        .count(&txn)
        .await? as i32;
    let mut actions = vec![];
    for (l, due) in input.lessons.iter().zip(due) {
        let key = if l.kind == "plan_change" {
            "exercises.lesson_plan_change"
        } else {
            "exercises.lesson_action"
        };
        let action = plan_action::ActiveModel {
            organisation_id: Set(org_id),
            scenario_id: Set(before.scenario_id),
            level_id: Set(None),
            area: Set(l.area.clone()),
            title: Set(l.text.trim().to_string()),
            description: Set(lang.tf(key, &[("title", &before.title), ("day", &day.to_string())])),
            owner_user_id: Set(l.owner_user_id),
            due_date: Set(due),
            status: Set("planned".into()),
            outcome: Set(None),
            outcome_rating: Set(None),
            position: Set(position),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        position += 1;
        exercise_lesson::ActiveModel {
            exercise_id: Set(id),
            organisation_id: Set(org_id),
            text: Set(l.text.trim().to_string()),
            kind: Set(l.kind.clone()),
            owner_user_id: Set(l.owner_user_id),
            action_id: Set(Some(action.id)),
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
                entity_id: action.id.to_string(),
                action: "create",
                before: None,
                after: snapshot(&action),
            },
        )
        .await?;
        actions.push(action.id);
    }
    let after = get(&txn, org_id, id).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "exercise",
            entity_id: id.to_string(),
            action: "review",
            before: snapshot(&before),
            after: Some(serde_json::json!({"exercise": after, "actions": actions})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
