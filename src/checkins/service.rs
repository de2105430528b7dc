//! Check-ins and daily volumes, and what they set off: the ladders re-evaluated from the live
//! figures, level changes recorded and handed to the notifier.
use super::absence::{local_day, workload_change_pct};
use super::forms::{CheckinInput, SettingsInput, VolumesInput};
use super::repo;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::entities::{checkin_settings, daily_volume, staff_checkin};
use crate::error::{AppError, AppResult};
use crate::scenarios::levels::{self, LevelChanged, MetricValues};
use crate::state::AppState;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, IntoActiveModel, Set, TransactionTrait};

/// While more than this share of the headcount is unknown, absence figures cannot lower a level.
pub const PARTIAL_UNKNOWN_PCT: f64 = 25.0;

pub fn today(state: &AppState, time_zone: &str) -> NaiveDate {
    local_day(state.clock.now(), time_zone)
}

/// Checks in `subject` (oneself, or someone else by a crisis lead on their behalf).
pub async fn check_in(
    state: &AppState,
    actor: &CurrentUser,
    subject: i32,
    input: &CheckinInput,
) -> AppResult<staff_checkin::Model> {
    let org = &actor.org;
    let on_behalf = subject != actor.user_id();
    if on_behalf {
        if !actor.roles.has(Role::CrisisLead) {
            return Err(AppError::Forbidden);
        }
        let m = crate::orgs::members::get(&state.db, org.id, subject).await?;
        if !m.membership.active {
            return Err(AppError::NotFound);
        }
    }
    let today = today(state, &org.time_zone);
    let (errors, day) = input.check(today);
    errors.into_result()?;
    let saved = super::writer::write(
        state,
        super::writer::Submitted {
            org_id: org.id,
            user_id: subject,
            day,
            status: input.status.clone(),
            wellbeing: input.wellbeing,
            note: input.note.clone(),
            recorded_by: on_behalf.then(|| actor.user_id()),
            source: if on_behalf { "on_behalf" } else { "app" },
            actor: Actor::from(actor),
            action: if on_behalf {
                "record_on_behalf"
            } else {
                "check_in"
            },
        },
    )
    .await?;
    if day == today {
        // The ladders see it within a tick (one round per organisation, not per check-in).
        crate::scenarios::evaluation::soon(state, org.id);
    }
    Ok(saved)
}

/// The live figures of today: absence over the headcount and workload against normal.
pub async fn live_figures(
    state: &AppState,
    org_id: i32,
    time_zone: &str,
) -> AppResult<MetricValues> {
    let day = today(state, time_zone);
    let absence = repo::overall_absence(&state.read, org_id, day).await?;
    let volumes = repo::volumes(&state.read, org_id, day).await?;
    let settings = repo::settings_for_reading(state, org_id).await?;
    Ok(MetricValues {
        absence_pct: absence.absence_pct(),
        workload_change_pct: volumes.and_then(|v| workload_of(&v, &settings)),
        absence_partial: absence
            .unknown_pct()
            .is_some_and(|u| u > PARTIAL_UNKNOWN_PCT),
        forecast: crate::capacity::live::ladder_values(state, org_id, time_zone).await?,
    })
}

pub fn workload_of(v: &daily_volume::Model, s: &checkin_settings::Model) -> Option<f64> {
    workload_change_pct(
        &[v.calls, v.mails, v.chats, v.web_visits],
        &[
            s.normal_calls,
            s.normal_mails,
            s.normal_chats,
            s.normal_web_visits,
        ],
    )
}

/// Applies today's figures to every ladder; each change goes to the notifier.
pub async fn reevaluate(
    state: &AppState,
    org_id: i32,
    time_zone: &str,
    actor: &Actor,
) -> AppResult<Vec<LevelChanged>> {
    let figures = live_figures(state, org_id, time_zone).await?;
    let changes = levels::evaluate(&state.db, &state.read, org_id, figures, actor).await?;
    for c in &changes {
        state.notifier.level_changed(c);
    }
    if !changes.is_empty() {
        crate::rollcall::levels::launch_pending(state).await?;
    }
    Ok(changes)
}

/// Records the day's volumes (calls, mails, chats, web visits, backlog).
pub async fn record_volumes(
    state: &AppState,
    actor: &CurrentUser,
    day: NaiveDate,
    input: &VolumesInput,
) -> AppResult<daily_volume::Model> {
    input.check().into_result()?;
    let org_id = actor.org_id();
    let txn = state.db.begin().await?;
    let before = repo::volumes(&txn, org_id, day).await?;
    let now = Utc::now();
    daily_volume::Entity::insert(daily_volume::ActiveModel {
        organisation_id: Set(org_id),
        day: Set(day),
        calls: Set(input.calls),
        mails: Set(input.mails),
        chats: Set(input.chats),
        web_visits: Set(input.web_visits),
        backlog: Set(input.backlog),
        recorded_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            daily_volume::Column::OrganisationId,
            daily_volume::Column::Day,
        ])
        .update_columns([
            daily_volume::Column::Calls,
            daily_volume::Column::Mails,
            daily_volume::Column::Chats,
            daily_volume::Column::WebVisits,
            daily_volume::Column::Backlog,
            daily_volume::Column::RecordedByUserId,
            daily_volume::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let after = repo::volumes(&txn, org_id, day)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "daily_volumes",
            entity_id: day.to_string(),
            action: "record",
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    if day == today(state, &actor.org.time_zone) {
        reevaluate(state, org_id, &actor.org.time_zone, &Actor::from(actor)).await?;
    }
    Ok(after)
}

pub async fn update_settings(
    state: &AppState,
    actor: &CurrentUser,
    input: SettingsInput,
) -> AppResult<checkin_settings::Model> {
    let input = input.normalised();
    let mut errors = input.check();
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    errors.into_result()?;
    let org_id = actor.org_id();
    let before = repo::settings(&state.db, org_id).await?;
    let version = input.version.unwrap_or(0);
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.normal_calls = Set(input.normal_calls);
    row.normal_mails = Set(input.normal_mails);
    row.normal_chats = Set(input.normal_chats);
    row.normal_web_visits = Set(input.normal_web_visits);
    row.reminder_time = Set(input.reminder_time);
    row.meeting_time = Set(input.meeting_time);
    row.meeting_minutes = Set(input.meeting_minutes.unwrap_or(before.meeting_minutes));
    row.meeting_place = Set(input.meeting_place);
    row.wellbeing_call_days = Set(input
        .wellbeing_call_days
        .unwrap_or(before.wellbeing_call_days));
    row.version = Set(version.saturating_add(1));
    row.updated_at = Set(Utc::now());
    crate::db::save_if_version(
        &txn,
        row,
        (checkin_settings::Column::Id, before.id),
        (checkin_settings::Column::Version, version),
    )
    .await?;
    let after = repo::settings(&txn, org_id).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "checkin_settings",
            entity_id: org_id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
