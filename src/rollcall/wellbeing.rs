//! Weekly wellbeing calls: during home working each team lead calls their people, at least
//! every `wellbeing_call_days` days (7 unless the organisation says otherwise), and logs whether
//! they were reached and how they are. The note is for the person's leads and the crisis lead
//! only (it stays out of the audit trail, which admins read); the crisis group sees counts and
//! the average.
use super::forms::CallInput;
use crate::audit::{self, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::entities::{staff_checkin, wellbeing_call};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LastCall {
    pub called_at: DateTime<Utc>,
    pub reached: bool,
    pub wellbeing: Option<i32>,
    pub note: String,
    pub caller_user_id: Option<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallRow {
    pub user_id: i32,
    pub display_name: String,
    pub phone: Option<String>,
    /// Checked in as working remotely within the interval.
    pub working_from_home: bool,
    pub last_call: Option<LastCall>,
    /// Working from home and not called within the interval.
    pub due: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallList {
    pub team_id: i32,
    pub team_name: String,
    pub interval_days: i32,
    pub due: usize,
    pub people: Vec<CallRow>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallsSummary {
    pub interval_days: i32,
    /// Calls logged within the interval.
    pub calls: usize,
    pub reached: usize,
    /// The average of the answers of those reached (1–5).
    pub wellbeing_avg: Option<f64>,
    /// People working from home whose call is due.
    pub due: usize,
}

pub async fn interval_days(db: &impl ConnectionTrait, org_id: i32) -> AppResult<i32> {
    Ok(crate::checkins::repo::settings(db, org_id)
        .await?
        .wellbeing_call_days
        .max(1))
}

/// The team's call list, due first; for its leads and the crisis lead.
pub async fn list(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    team_id: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<CallList> {
    let org_id = actor.org_id();
    let t = crate::orgs::repo::team(db, org_id, team_id).await?;
    if !crate::orgs::team_leads::may_see_team(db, actor, team_id).await? {
        return Err(AppError::Forbidden);
    }
    let days = interval_days(db, org_id).await?;
    let people = super::service::staff(db, org_id, Some(team_id)).await?;
    let mut rows = vec![];
    for (_, u) in people {
        let (home, last) = person_state(db, org_id, u.id, today, days).await?;
        let due = home
            && last
                .as_ref()
                .is_none_or(|c| now - c.called_at >= Duration::days(days.into()));
        rows.push(CallRow {
            user_id: u.id,
            display_name: u.display_name,
            phone: u.phone,
            working_from_home: home,
            last_call: last,
            due,
        });
    }
    rows.sort_by(|a, b| (!a.due, &a.display_name).cmp(&(!b.due, &b.display_name)));
    Ok(CallList {
        team_id,
        team_name: t.name,
        interval_days: days,
        due: rows.iter().filter(|r| r.due).count(),
        people: rows,
    })
}

async fn person_state(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    today: NaiveDate,
    days: i32,
) -> AppResult<(bool, Option<LastCall>)> {
    let home = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::UserId.eq(user_id))
        .filter(staff_checkin::Column::Status.eq("remote"))
        .filter(staff_checkin::Column::Day.between(today - Duration::days(days.into()), today))
        .one(db)
        .await?
        .is_some();
    let last = wellbeing_call::Entity::find()
        .filter(wellbeing_call::Column::OrganisationId.eq(org_id))
        .filter(wellbeing_call::Column::UserId.eq(user_id))
        .order_by_desc(wellbeing_call::Column::CalledAt)
        .one(db)
        .await?
        .map(|c| LastCall {
            called_at: c.called_at,
            reached: c.reached,
            wellbeing: c.wellbeing,
            note: c.note,
            caller_user_id: c.caller_user_id,
        });
    Ok((home, last))
}

/// Logs a call: by a lead of the person's team, or the crisis lead.
pub async fn record(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    input: &CallInput,
    now: DateTime<Utc>,
) -> AppResult<wellbeing_call::Model> {
    let org_id = actor.org_id();
    let mut errors = input.check();
    let member = crate::orgs::members::get(db, org_id, input.user_id)
        .await
        .ok();
    let Some(member) = member.filter(|m| m.membership.active) else {
        errors.add(
            "user_id",
            "unknown_person",
            "Choose an active member of the organisation.",
        );
        return Err(errors.into_result().unwrap_err());
    };
    let team_id = member.membership.team_id;
    let allowed = actor.roles.has(Role::CrisisLead)
        || match team_id {
            Some(t) => crate::orgs::team_leads::may_see_team(db, actor, t).await?,
            None => false,
        };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    errors.into_result()?;
    let call = wellbeing_call::ActiveModel {
        organisation_id: Set(org_id),
        user_id: Set(input.user_id),
        team_id: Set(team_id),
        caller_user_id: Set(Some(actor.user_id())),
        called_at: Set(now),
        reached: Set(input.reached),
        wellbeing: Set(input.wellbeing.filter(|_| input.reached)),
        note: Set(input.note.trim().to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit::record(
        db,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "wellbeing_call",
            entity_id: call.id.to_string(),
            action: "log",
            before: None,
            // The note is for the person's leads and the crisis lead, not the audit readers.
            after: Some(serde_json::json!({
                "user_id": call.user_id,
                "reached": call.reached,
                "wellbeing": call.wellbeing,
                "note": if call.note.is_empty() { "" } else { "(kept with the call)" },
            })),
        },
    )
    .await?;
    Ok(call)
}

/// Counts for the crisis group: no names, no notes.
pub async fn summary(
    db: &impl ConnectionTrait,
    org_id: i32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<CallsSummary> {
    let days = interval_days(db, org_id).await?;
    let since = now - Duration::days(days.into());
    let calls = wellbeing_call::Entity::find()
        .filter(wellbeing_call::Column::OrganisationId.eq(org_id))
        .filter(wellbeing_call::Column::CalledAt.gte(since))
        .all(db)
        .await?;
    let answers: Vec<i32> = calls.iter().filter_map(|c| c.wellbeing).collect();
    // Two reads for the whole organisation, not two per person: who worked from home within
    // the interval, and who was called within it.
    let mut home: Vec<i32> = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::Status.eq("remote"))
        .filter(staff_checkin::Column::Day.between(today - Duration::days(days.into()), today))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    home.sort_unstable();
    home.dedup();
    let called: std::collections::HashSet<i32> = calls.iter().map(|c| c.user_id).collect();
    let staff: std::collections::HashSet<i32> = super::service::staff(db, org_id, None)
        .await?
        .into_iter()
        .map(|(_, u)| u.id)
        .collect();
    let due = home
        .iter()
        .filter(|u| staff.contains(u) && !called.contains(u))
        .count();
    Ok(CallsSummary {
        interval_days: days,
        calls: calls.len(),
        reached: calls.iter().filter(|c| c.reached).count(),
        wellbeing_avg: (!answers.is_empty()).then(|| {
            (answers.iter().sum::<i32>() as f64 / answers.len() as f64 * 10.0).round() / 10.0
        }),
        due,
    })
}

/// How many of the people `actor` leads are due a call (for their start page).
pub async fn due_for_lead(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut n = 0;
    for t in crate::orgs::team_leads::teams_led_by(db, actor.org_id(), actor.user_id()).await? {
        n += list(db, actor, t.id, today, now).await?.due;
    }
    Ok(n)
}
