//! Starting, running and ending an exercise, always within one organisation. Every write is
//! audited; nothing here touches the scenario's real level, the public FAQ or its channels.
use super::forms::StartInput;
use super::notice;
use super::repo::get;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::entities::{exercise, exercise_inject, scenario};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set,
    TransactionTrait,
};

pub(super) fn running(e: &exercise::Model) -> AppResult<()> {
    if e.status != "running" {
        return Err(AppError::Conflict(
            "The exercise has ended; its log is closed.".into(),
        ));
    }
    Ok(())
}

pub(super) async fn audit_change(
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
pub(super) fn org_lang(actor: &CurrentUser) -> crate::i18n::Lang {
    crate::i18n::Lang::parse(&actor.org.default_language).unwrap_or(crate::i18n::Lang::En)
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
