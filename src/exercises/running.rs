//! While an exercise runs: its own level, log entries, "publications" and roll-calls, all
//! kept to the participants and internal channels.
use super::forms::{ExerciseLevelInput, ExercisePublishInput};
use super::notice;
use super::repo::get;
use super::service::{audit_change, org_lang, running};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{exercise, log_entry};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::log::forms::LogInput;
use crate::state::AppState;
use sea_orm::{ActiveModelTrait, IntoActiveModel, Set, TransactionTrait};

/// Sets the exercise's own level; the scenario's real level is not touched.
pub async fn set_level(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: &ExerciseLevelInput,
) -> AppResult<exercise::Model> {
    let org_id = actor.org_id();
    let before = get(&state.db, org_id, id).await?;
    running(&before)?;
    let levels = crate::scenarios::repo::levels(&state.db, org_id, before.scenario_id).await?;
    let name = |l: Option<i32>| {
        l.and_then(|l| levels.iter().find(|x| x.id == l))
            .map(|l| l.name.clone())
    };
    if input.level_id.is_some() && name(input.level_id).is_none() {
        return Err(AppError::Validation(FieldErrors::single(
            "level_id",
            "unknown_level",
            "This level does not belong to the scenario.",
        )));
    }
    if input.level_id == before.level_id {
        return Ok(before);
    }
    let scenario = crate::scenarios::repo::get(&state.db, org_id, before.scenario_id).await?;
    let lang = org_lang(actor);
    let normal = lang.t("plan.normal");
    let text = format!(
        "{}: {} → {}",
        scenario.title,
        name(before.level_id).unwrap_or_else(|| normal.clone()),
        name(input.level_id).unwrap_or(normal)
    );
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.level_id = Set(input.level_id);
    row.version = Set(before.version.saturating_add(1));
    crate::db::save_if_version(
        &txn,
        row,
        (exercise::Column::Id, id),
        (exercise::Column::Version, before.version),
    )
    .await?;
    let after = get(&txn, org_id, id).await?;
    notice::log(
        &txn,
        &after,
        "event",
        "level_change",
        text.clone(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    notice::send(
        &txn,
        &after,
        text,
        String::new(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    audit_change(
        &txn,
        actor,
        id,
        "level",
        snapshot(&before),
        snapshot(&after),
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    Ok(after)
}

/// An entry in the exercise's log (a decision, event, information or request).
pub async fn write(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: &LogInput,
) -> AppResult<log_entry::Model> {
    let (kind, text) = input.check().map_err(AppError::Validation)?;
    let e = get(&state.db, actor.org_id(), id).await?;
    running(&e)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let row = notice::log(&txn, &e, &kind, "", text, Some(actor.user_id()), now).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
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

/// "Publishes" an answer in the exercise: to the participants and internal channels only.
pub async fn publish(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: &ExercisePublishInput,
) -> AppResult<log_entry::Model> {
    input.check().into_result()?;
    let e = get(&state.db, actor.org_id(), id).await?;
    running(&e)?;
    let now = state.clock.now();
    let question = input.question.trim().to_string();
    let txn = state.db.begin().await?;
    let row = notice::log(
        &txn,
        &e,
        "event",
        "faq_published",
        question.clone(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    notice::send(
        &txn,
        &e,
        question.clone(),
        input.answer.trim().to_string(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    audit_change(
        &txn,
        actor,
        id,
        "publish",
        None,
        Some(serde_json::json!({"question": question, "answer": input.answer.trim()})),
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    Ok(row)
}

/// A roll-call of the participants, marked EXERCISE; its answers are not check-ins.
pub async fn rollcall(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: &crate::rollcall::forms::StartInput,
) -> AppResult<crate::entities::rollcall::Model> {
    let org_id = actor.org_id();
    let e = get(&state.db, org_id, id).await?;
    running(&e)?;
    input.check().into_result()?;
    let ids = super::participant_ids(&e);
    let people: Vec<_> = crate::orgs::members::list(&state.db, org_id)
        .await?
        .into_iter()
        .filter(|m| m.membership.active && ids.contains(&m.user.id))
        .map(|m| (m.membership, m.user))
        .collect();
    let now = state.clock.now();
    let (deadline, remind) = input.minutes();
    let message = org_lang(actor).tf("exercises.marked", &[("headline", input.message.trim())]);
    let txn = state.db.begin().await?;
    let rc = crate::entities::rollcall::ActiveModel {
        organisation_id: Set(org_id),
        team_id: Set(None),
        message: Set(message),
        day: Set(crate::checkins::absence::local_day(
            now,
            &actor.org.time_zone,
        )),
        deadline_at: Set(now + chrono::Duration::minutes(deadline.into())),
        remind_after_minutes: Set(remind),
        started_by_user_id: Set(Some(actor.user_id())),
        launched_at: Set(Some(now)),
        created_at: Set(now),
        exercise_id: Set(Some(e.id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let asked =
        crate::rollcall::service::launch_to(&txn, state.sms.is_some(), &rc, people, now).await?;
    audit_change(
        &txn,
        actor,
        id,
        "rollcall",
        None,
        Some(serde_json::json!({"rollcall": rc, "asked": asked})),
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    crate::rollcall::service::announce(state, &rc).await;
    Ok(rc)
}
