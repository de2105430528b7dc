//! Opening the day's check-in pre-filled, and saving it with the follow-up of every open action.
use super::forms::{Followup, ReportInput};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::checkins::{repo as checkins, service as live};
use crate::entities::{daily_volume, level_change, plan_action, report_followup, situation_report};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};

pub async fn report(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
) -> AppResult<Option<(situation_report::Model, Vec<report_followup::Model>)>> {
    let Some(r) = situation_report::Entity::find()
        .filter(situation_report::Column::OrganisationId.eq(org_id))
        .filter(situation_report::Column::Day.eq(day))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let f = report_followup::Entity::find()
        .filter(report_followup::Column::OrganisationId.eq(org_id))
        .filter(report_followup::Column::ReportId.eq(r.id))
        .order_by_asc(report_followup::Column::Id)
        .all(db)
        .await?;
    Ok(Some((r, f)))
}

pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<Vec<situation_report::Model>> {
    Ok(situation_report::Entity::find()
        .filter(situation_report::Column::OrganisationId.eq(org_id))
        .order_by_desc(situation_report::Column::Day)
        .all(db)
        .await?)
}

/// What changed since yesterday, shown at the top of the day's check-in.
pub struct SinceYesterday {
    pub absence_today: Option<f64>,
    pub absence_yesterday: Option<f64>,
    pub unknown_today: usize,
    pub level_changes: Vec<(level_change::Model, String)>,
    pub actions_done: Vec<plan_action::Model>,
    pub overdue: Vec<plan_action::Model>,
    pub volumes_today: Option<daily_volume::Model>,
    pub volumes_yesterday: Option<daily_volume::Model>,
    pub wellbeing_today: Option<f64>,
    pub wellbeing_yesterday: Option<f64>,
    pub yesterday_report: Option<situation_report::Model>,
    /// What the crisis log gained in the last 24 hours, newest first.
    pub logged: Vec<crate::entities::log_entry::Model>,
}

pub async fn since_yesterday(
    state: &AppState,
    user: &CurrentUser,
    day: NaiveDate,
) -> AppResult<SinceYesterday> {
    let org_id = user.org_id();
    let yesterday = day - Duration::days(1);
    let today_abs = checkins::absence(&state.db, org_id, day).await?;
    let yest_abs = checkins::absence(&state.db, org_id, yesterday).await?;
    let since = state.clock.now() - Duration::hours(24);
    let scenarios = crate::scenarios::repo::list(&state.db, org_id).await?;
    let changes = level_change::Entity::find()
        .filter(level_change::Column::OrganisationId.eq(org_id))
        .filter(level_change::Column::OccurredAt.gte(since))
        .order_by_desc(level_change::Column::OccurredAt)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| {
            let title = scenarios
                .iter()
                .find(|s| s.id == c.scenario_id)
                .map(|s| s.title.clone())
                .unwrap_or_default();
            (c, title)
        })
        .collect();
    let actions = crate::plans::repo::all(&state.db, org_id).await?;
    Ok(SinceYesterday {
        absence_today: today_abs.overall.absence_pct(),
        // A day nobody checked in says nothing about absence.
        absence_yesterday: yest_abs
            .overall
            .absence_pct()
            .filter(|_| yest_abs.overall.unknown < yest_abs.overall.headcount),
        unknown_today: today_abs.overall.unknown,
        level_changes: changes,
        actions_done: actions
            .iter()
            .filter(|a| a.status == "done" && a.updated_at >= since)
            .cloned()
            .collect(),
        overdue: actions
            .iter()
            .filter(|a| crate::plans::repo::is_overdue(a, day))
            .cloned()
            .collect(),
        volumes_today: checkins::volumes(&state.db, org_id, day).await?,
        volumes_yesterday: checkins::volumes(&state.db, org_id, yesterday).await?,
        wellbeing_today: today_abs.wellbeing_avg,
        wellbeing_yesterday: yest_abs.wellbeing_avg,
        yesterday_report: report(&state.db, org_id, yesterday).await?.map(|(r, _)| r),
        logged: crate::log::service::since(&state.db, org_id, since).await?,
    })
}

/// Today's form: the saved report, or yesterday's text and attendees to edit, with today's
/// volumes and every open action to follow up.
pub async fn prefill(
    state: &AppState,
    user: &CurrentUser,
    day: NaiveDate,
    since: &SinceYesterday,
) -> AppResult<ReportInput> {
    let org_id = user.org_id();
    let scenarios = crate::scenarios::repo::list(&state.db, org_id).await?;
    let levels = crate::scenarios::repo::all_levels(&state.db, org_id).await?;
    let open: Vec<plan_action::Model> = crate::plans::repo::all(&state.db, org_id)
        .await?
        .into_iter()
        .filter(|a| crate::plans::repo::is_open(a) && needs_follow_up(a, &scenarios, &levels, day))
        .collect();
    let followups = open
        .iter()
        .map(|a| Followup {
            action_id: a.id,
            status: a.status.clone(),
            outcome: a.outcome.clone().unwrap_or_default(),
            version: a.version,
        })
        .collect();
    let v = &since.volumes_today;
    let volumes = crate::checkins::forms::VolumesInput {
        calls: v.as_ref().and_then(|v| v.calls),
        mails: v.as_ref().and_then(|v| v.mails),
        chats: v.as_ref().and_then(|v| v.chats),
        web_visits: v.as_ref().and_then(|v| v.web_visits),
        backlog: v.as_ref().and_then(|v| v.backlog),
    };
    let ids = |s: &str| {
        s.split(',')
            .filter_map(|x| x.trim().parse().ok())
            .collect::<Vec<i32>>()
    };
    Ok(match report(&state.db, org_id, day).await? {
        Some((r, _)) => ReportInput {
            situation: r.situation,
            delivery: r.delivery,
            delivery_note: r.delivery_note,
            volumes,
            wellbeing_note: r.wellbeing_note,
            decisions: r.decisions,
            followups,
            attendees: ids(&r.attendees),
            version: Some(r.version),
        },
        None => {
            let y = since.yesterday_report.as_ref();
            ReportInput {
                situation: y.map(|r| r.situation.clone()).unwrap_or_default(),
                delivery: y
                    .map(|r| r.delivery.clone())
                    .unwrap_or_else(|| "green".into()),
                delivery_note: String::new(),
                volumes,
                wellbeing_note: String::new(),
                decisions: String::new(),
                followups,
                attendees: y
                    .map(|r| ids(&r.attendees))
                    .unwrap_or_else(|| vec![user.user_id()]),
                version: None,
            }
        }
    })
}

/// Daily business: actions under way, due within a week, or of a level now in force. A
/// planned action of a scenario at no level can wait for its level.
pub fn needs_follow_up(
    a: &plan_action::Model,
    scenarios: &[crate::entities::scenario::Model],
    levels: &[crate::entities::threshold_level::Model],
    day: NaiveDate,
) -> bool {
    if a.status == "in_progress" || a.due_date.is_some_and(|d| d <= day + Duration::days(7)) {
        return true;
    }
    let Some(s) = scenarios.iter().find(|s| s.id == a.scenario_id) else {
        return false;
    };
    let pos = |id: Option<i32>| {
        id.and_then(|id| levels.iter().find(|l| l.id == id))
            .map(|l| l.position)
    };
    match (pos(s.current_level_id), a.level_id) {
        (Some(current), Some(_)) => pos(a.level_id).is_some_and(|p| p <= current),
        (Some(_), None) => true,
        (None, _) => false,
    }
}

pub async fn save(
    state: &AppState,
    actor: &CurrentUser,
    day: NaiveDate,
    input: &ReportInput,
) -> AppResult<situation_report::Model> {
    let org_id = actor.org_id();
    let mut errors = input.check();
    for id in &input.attendees {
        crate::scenarios::repo::check_person(
            &state.db,
            org_id,
            "attendees",
            Some(*id),
            &mut errors,
        )
        .await?;
    }
    errors.into_result()?;
    let has_volumes = input.volumes.fields().iter().any(|(_, v)| v.is_some());
    if has_volumes {
        live::record_volumes(state, actor, day, &input.volumes).await?;
    }
    let figures = checkins::absence(&state.db, org_id, day).await?;
    let settings = checkins::settings(&state.db, org_id).await?;
    let workload = checkins::volumes(&state.db, org_id, day)
        .await?
        .and_then(|v| live::workload_of(&v, &settings));

    // The day's forecast as it stands now; a report saved on a later day keeps the copy it has.
    let today = crate::checkins::service::today(state, &actor.org.time_zone);
    let capacity = if day == today {
        let c = crate::capacity::live::today(state, org_id, &actor.org.time_zone).await?;
        (!c.is_empty()).then(|| serde_json::to_string(&c).unwrap_or_default())
    } else {
        None
    };
    let questions = if day == today {
        let top =
            crate::questions::board::todays_top(&state.db, &actor.org, state.clock.now()).await?;
        Some(serde_json::to_string(&top).unwrap_or_default())
    } else {
        None
    };
    // The day's decisions from the crisis log, kept as they stood.
    let log_decisions = if day == today {
        let d = crate::log::decisions_of_day(&state.db, org_id, &actor.org.time_zone, day).await?;
        Some(serde_json::to_string(&d).unwrap_or_default())
    } else {
        None
    };
    let txn = state.db.begin().await?;
    let audit_actor = Actor::from(actor);
    let before = report(&txn, org_id, day).await?.map(|(r, _)| r);
    let now = state.clock.now();
    let attendees = input
        .attendees
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let o = &figures.overall;
    let fill = |row: &mut situation_report::ActiveModel| {
        row.situation = Set(input.situation.trim().to_string());
        row.delivery = Set(input.delivery.clone());
        row.delivery_note = Set(input.delivery_note.trim().to_string());
        row.wellbeing_note = Set(input.wellbeing_note.trim().to_string());
        row.decisions = Set(input.decisions.trim().to_string());
        row.attendees = Set(attendees.clone());
        row.headcount = Set(o.headcount as i32);
        row.present = Set(o.present as i32);
        row.absent = Set(o.absent as i32);
        row.unknown = Set(o.unknown as i32);
        row.absence_pct = Set(o.absence_pct());
        row.wellbeing_avg = Set(figures.wellbeing_avg);
        row.workload_change_pct = Set(workload);
        if day == today {
            row.capacity = Set(capacity.clone());
            row.questions = Set(questions.clone());
            row.log_decisions = Set(log_decisions.clone());
        }
        row.updated_at = Set(now);
    };
    let saved = match &before {
        None => {
            let mut row = situation_report::ActiveModel {
                organisation_id: Set(org_id),
                day: Set(day),
                created_by_user_id: Set(Some(actor.user_id())),
                version: Set(1),
                created_at: Set(now),
                ..Default::default()
            };
            fill(&mut row);
            // Two people saving the first report of the day at once: the unique index keeps one.
            row.insert(&txn).await.map_err(|e| match e.sql_err() {
                Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
                    crate::scenarios::repo::conflict()
                }
                _ => e.into(),
            })?
        }
        Some(b) => {
            let expected = input.version.ok_or_else(crate::scenarios::repo::conflict)?;
            let mut row = b.clone().into_active_model();
            fill(&mut row);
            row.version = Set(expected.saturating_add(1));
            crate::db::save_if_version(
                &txn,
                row,
                (situation_report::Column::Id, b.id),
                (situation_report::Column::Version, expected),
            )
            .await?;
            situation_report::Entity::find_by_id(b.id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    // Each open action's follow-up: the action itself changes, and the report keeps a copy.
    report_followup::Entity::delete_many()
        .filter(report_followup::Column::ReportId.eq(saved.id))
        .exec(&txn)
        .await?;
    for f in &input.followups {
        let action = crate::plans::repo::get(&txn, org_id, f.action_id).await?;
        let outcome = f.outcome.trim().to_string();
        if action.status != f.status || action.outcome.clone().unwrap_or_default() != outcome {
            let mut row = action.clone().into_active_model();
            row.status = Set(f.status.clone());
            row.outcome = Set(Some(outcome.clone()).filter(|o| !o.is_empty()));
            row.version = Set(f.version.saturating_add(1));
            row.updated_at = Set(now);
            crate::db::save_if_version(
                &txn,
                row,
                (plan_action::Column::Id, action.id),
                (plan_action::Column::Version, f.version),
            )
            .await?;
            let after = crate::plans::repo::get(&txn, org_id, action.id).await?;
            audit::record(
                &txn,
                &audit_actor,
                Change {
                    organisation_id: Some(org_id),
                    entity: "action",
                    entity_id: action.id.to_string(),
                    action: "follow_up",
                    before: snapshot(&action),
                    after: snapshot(&after),
                },
            )
            .await?;
        }
        report_followup::ActiveModel {
            organisation_id: Set(org_id),
            report_id: Set(saved.id),
            action_id: Set(Some(action.id)),
            action_title: Set(action.title.clone()),
            status: Set(f.status.clone()),
            outcome: Set(outcome),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &audit_actor,
        Change {
            organisation_id: Some(org_id),
            entity: "situation_report",
            entity_id: day.to_string(),
            action: if before.is_some() { "update" } else { "create" },
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&saved),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(saved)
}
