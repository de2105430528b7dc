//! What happens to a roll-call as time passes: those who have not answered are reminded; at
//! the deadline each team lead is sent their people who have not answered and the crisis
//! group the summary. Each step is claimed by a conditional update committed with its
//! messages, so with several instances it happens once, and a crash before the commit leaves
//! it for the next tick.
use super::levels::launch_pending;
use super::service::{announce, person, publication_for};
use crate::auth::Role;
use crate::delivery::enqueue::{self, Person};
use crate::entities::{membership, rollcall, rollcall_recipient, team_lead, user};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};

/// Looks at every open roll-call; returns how many steps were taken.
pub async fn run_due(state: &AppState) -> AppResult<usize> {
    let mut n = launch_pending(state).await?;
    let open = rollcall::Entity::find()
        .filter(rollcall::Column::EscalatedAt.is_null())
        .filter(rollcall::Column::ClosedAt.is_null())
        .filter(rollcall::Column::LaunchedAt.is_not_null())
        .all(&state.db)
        .await?;
    for rc in open {
        let now = state.clock.now();
        let started = rc.launched_at.unwrap_or(rc.created_at);
        if let Some(m) = rc.remind_after_minutes {
            if rc.reminded_at.is_none()
                && now >= started + Duration::minutes(m.into())
                && now < rc.deadline_at
                && remind(state, &rc, now).await?
            {
                n += 1;
            }
        }
        if now >= rc.deadline_at && escalate(state, &rc, now).await? {
            n += 1;
        }
    }
    if n > 0 {
        state.delivery.kick();
    }
    Ok(n)
}

async fn unanswered(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
) -> AppResult<Vec<(i32, Option<i32>)>> {
    use sea_orm::QuerySelect;
    Ok(rollcall_recipient::Entity::find()
        .select_only()
        .column(rollcall_recipient::Column::UserId)
        .column(rollcall_recipient::Column::TeamId)
        .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
        .filter(rollcall_recipient::Column::Status.is_null())
        .into_tuple()
        .all(db)
        .await?)
}

async fn people(db: &impl ConnectionTrait, ids: Vec<i32>) -> AppResult<Vec<Person>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        for u in user::Entity::find()
            .filter(user::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            out.push(person(&u));
        }
    }
    Ok(out)
}

/// Claims a step: sets `column` to now where it is still empty.
async fn claim(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
    column: rollcall::Column,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    Ok(rollcall::Entity::update_many()
        .col_expr(column, Expr::value(Some(now)))
        .filter(rollcall::Column::Id.eq(rc.id))
        .filter(column.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}

/// One batch of a roll-call's messages (`kind`: a reminder, the leads' lists, the summary) to
/// `user_ids`, in `txn`; nothing when there is nobody to tell.
async fn send(
    state: &AppState,
    txn: &impl ConnectionTrait,
    rc: &rollcall::Model,
    kind: &str,
    key: &str,
    user_ids: Vec<i32>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if user_ids.is_empty() {
        return Ok(());
    }
    let p = publication_for(txn, rc, kind, None, now).await?;
    let to = people(txn, user_ids).await?;
    let prefix = format!("rc{}-{key}", rc.id);
    enqueue::people(txn, &p, &prefix, &to, state.sms.is_some(), now).await?;
    Ok(())
}

async fn remind(state: &AppState, rc: &rollcall::Model, now: DateTime<Utc>) -> AppResult<bool> {
    let txn = state.db.begin().await?;
    if !claim(&txn, rc, rollcall::Column::RemindedAt, now).await? {
        return Ok(false);
    }
    let ids: Vec<i32> = unanswered(&txn, rc)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    send(state, &txn, rc, "rollcall_reminder", "rem", ids, now).await?;
    txn.commit().await?;
    announce(state, rc).await;
    Ok(true)
}

/// At the deadline: each lead of a team with people who have not answered gets their list,
/// the crisis group the summary.
async fn escalate(state: &AppState, rc: &rollcall::Model, now: DateTime<Utc>) -> AppResult<bool> {
    let txn = state.db.begin().await?;
    if !claim(&txn, rc, rollcall::Column::EscalatedAt, now).await? {
        return Ok(false);
    }
    let missing = unanswered(&txn, rc).await?;
    let mut teams: Vec<i32> = missing.iter().filter_map(|(_, t)| *t).collect();
    teams.sort_unstable();
    teams.dedup();
    let mut leads: Vec<i32> = team_lead::Entity::find()
        .filter(team_lead::Column::OrganisationId.eq(rc.organisation_id))
        .filter(team_lead::Column::TeamId.is_in(teams))
        .all(&txn)
        .await?
        .into_iter()
        .map(|l| l.user_id)
        .collect();
    leads.sort_unstable();
    leads.dedup();
    send(state, &txn, rc, "rollcall_escalation", "esc", leads, now).await?;
    let group: Vec<i32> = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(rc.organisation_id))
        .filter(membership::Column::Active.eq(true))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|m| {
            crate::auth::roles::RoleSet::from_stored(&m.roles)
                .any(&[Role::CrisisLead, Role::CrisisMember])
        })
        .map(|m| m.user_id)
        .collect();
    send(state, &txn, rc, "rollcall_summary", "sum", group, now).await?;
    if rc.closed_at.is_none() {
        super::status::log(&txn, rc, "rollcall_deadline", now).await?;
    }
    txn.commit().await?;
    announce(state, rc).await;
    Ok(true)
}
