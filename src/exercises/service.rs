//! Starting, running and ending an exercise, always within one organisation. Every write is
//! audited; nothing here touches the scenario's real level, the public FAQ or its channels.
use super::forms::{ExerciseLevelInput, ExercisePublishInput, StartInput};
use super::notice;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::entities::{exercise, exercise_inject, exercise_lesson, log_entry, scenario};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::log::forms::LogInput;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
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

fn running(e: &exercise::Model) -> AppResult<()> {
    if e.status != "running" {
        return Err(AppError::Conflict(
            "The exercise has ended; its log is closed.".into(),
        ));
    }
    Ok(())
}

async fn audit_change(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i32,
    action: &'static str,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<()> {
    audit::record(
        db,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "exercise",
            entity_id: id.to_string(),
            action,
            before,
            after,
        },
    )
    .await?;
    Ok(())
}

/// The crisis group's active members, who take part when nobody is named.
async fn crisis_group(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<i32>> {
    Ok(crate::orgs::members::list(db, org_id)
        .await?
        .into_iter()
        .filter(|m| m.membership.active && m.roles().any(&[Role::CrisisLead, Role::CrisisMember]))
        .map(|m| m.user.id)
        .collect())
}

pub async fn start(
    state: &AppState,
    actor: &CurrentUser,
    input: &StartInput,
) -> AppResult<exercise::Model> {
    let org_id = actor.org_id();
    let mut errors = input.check();
    let mut scenario: Option<scenario::Model> = None;
    if let Some(id) = input.scenario_id {
        match crate::scenarios::repo::get(&state.db, org_id, id).await {
            Ok(s) => scenario = Some(s),
            Err(AppError::NotFound) => {
                errors.add("scenario_id", "not_found", "There is no such scenario.")
            }
            Err(e) => return Err(e),
        }
        let open = exercise::Entity::find()
            .filter(exercise::Column::OrganisationId.eq(org_id))
            .filter(exercise::Column::ScenarioId.eq(id))
            .filter(exercise::Column::Status.eq("running"))
            .one(&state.db)
            .await?;
        if open.is_some() {
            errors.add(
                "scenario_id",
                "already_running",
                "An exercise of this scenario is running; end it first.",
            );
        }
    }
    for (i, id) in input.participants.iter().enumerate() {
        let field = format!("participants[{i}]");
        crate::scenarios::repo::check_person(&state.db, org_id, &field, Some(*id), &mut errors)
            .await?;
    }
    errors.into_result()?;
    let Some(scenario) = scenario else {
        return Err(AppError::NotFound);
    };
    let mut people = if input.participants.is_empty() {
        crisis_group(&state.db, org_id).await?
    } else {
        input.participants.clone()
    };
    if !people.contains(&actor.user_id()) {
        people.push(actor.user_id());
    }
    people.sort_unstable();
    people.dedup();
    let title = match input.title.trim() {
        "" => format!(
            "{}: {}",
            actor_lang(actor).t("exercises.title_default"),
            scenario.title
        ),
        t => t.to_string(),
    };
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let e = exercise::ActiveModel {
        organisation_id: Set(org_id),
        scenario_id: Set(scenario.id),
        title: Set(title.clone()),
        status: Set("running".into()),
        started_at: Set(now),
        ended_at: Set(None),
        started_by_user_id: Set(Some(actor.user_id())),
        level_id: Set(None),
        participants: Set(people
            .iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")),
        worked: Set(String::new()),
        did_not_work: Set(String::new()),
        reviewed_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for i in &input.injects {
        exercise_inject::ActiveModel {
            exercise_id: Set(e.id),
            organisation_id: Set(org_id),
            at_minutes: Set(i.at_minutes.unwrap_or(0)),
            text: Set(i.text.trim().to_string()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    notice::log(
        &txn,
        &e,
        "event",
        "exercise_started",
        title.clone(),
        None,
        now,
    )
    .await?;
    let lang = org_lang(actor);
    notice::send(
        &txn,
        &e,
        lang.tf("exercises.notice_started", &[("title", &title)]),
        lang.tf(
            "exercises.notice_started_body",
            &[("scenario", &scenario.title)],
        ),
        Some(actor.user_id()),
        now,
    )
    .await?;
    audit_change(
        &txn,
        actor,
        e.id,
        "start",
        None,
        Some(serde_json::json!({"exercise": e, "injects": input.injects.len()})),
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    Ok(e)
}

fn actor_lang(actor: &CurrentUser) -> crate::i18n::Lang {
    actor
        .user
        .language
        .as_deref()
        .and_then(crate::i18n::Lang::parse)
        .unwrap_or_else(|| org_lang(actor))
}

/// Notices are written in the organisation's language (each reader's mail is marked in theirs).
fn org_lang(actor: &CurrentUser) -> crate::i18n::Lang {
    crate::i18n::Lang::parse(&actor.org.default_language).unwrap_or(crate::i18n::Lang::En)
}

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

/// Ends the exercise; its review opens.
pub async fn end(state: &AppState, actor: &CurrentUser, id: i32) -> AppResult<exercise::Model> {
    let org_id = actor.org_id();
    let before = get(&state.db, org_id, id).await?;
    running(&before)?;
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.status = Set("ended".into());
    row.ended_at = Set(Some(now));
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
        "exercise_ended",
        after.title.clone(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    let lang = org_lang(actor);
    notice::send(
        &txn,
        &after,
        lang.tf("exercises.notice_ended", &[("title", &after.title)]),
        String::new(),
        Some(actor.user_id()),
        now,
    )
    .await?;
    audit_change(&txn, actor, id, "end", snapshot(&before), snapshot(&after)).await?;
    txn.commit().await?;
    state.delivery.kick();
    Ok(after)
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
