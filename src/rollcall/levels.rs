//! Roll-calls that start themselves: a level with "start a roll-call" ticked writes one with
//! the level change (in its transaction, which has no SMS gateway at hand), and the next tick,
//! or the request that changed the level, launches it.
use super::service::{announce, launch};
use crate::audit::{self, Actor, Change};
use crate::entities::{organisation, rollcall};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

/// Called with a level change, in its transaction: a level with "start a roll-call" ticked
/// writes a roll-call of everyone, launched by the next tick (which has the SMS gateway).
pub async fn queue_for_level(
    db: &impl ConnectionTrait,
    org_id: i32,
    level: &crate::entities::threshold_level::Model,
    level_change_id: i32,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if !level.start_rollcall {
        return Ok(());
    }
    let Some(org) = organisation::Entity::find_by_id(org_id).one(db).await? else {
        return Ok(());
    };
    let message = if level.rollcall_message.trim().is_empty() {
        level.name.clone()
    } else {
        level.rollcall_message.trim().to_string()
    };
    rollcall::ActiveModel {
        organisation_id: Set(org_id),
        team_id: Set(None),
        message: Set(message),
        day: Set(crate::checkins::absence::local_day(now, &org.time_zone)),
        deadline_at: Set(now + Duration::minutes(super::forms::DEADLINE_DEFAULT.into())),
        remind_after_minutes: Set(Some(super::forms::DEADLINE_DEFAULT / 2)),
        level_change_id: Set(Some(level_change_id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Launches the roll-calls levels have written. The claim and the launch are one transaction,
/// so of two instances one launches and the other finds nothing to do.
pub async fn launch_pending(state: &AppState) -> AppResult<usize> {
    let pending = rollcall::Entity::find()
        .filter(rollcall::Column::LaunchedAt.is_null())
        .all(&state.db)
        .await?;
    let mut n = 0;
    for rc in pending {
        let now = state.clock.now();
        let txn = state.db.begin().await?;
        let claimed = rollcall::Entity::update_many()
            .col_expr(rollcall::Column::LaunchedAt, Expr::value(Some(now)))
            .filter(rollcall::Column::Id.eq(rc.id))
            .filter(rollcall::Column::LaunchedAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        // Counted from the launch: a level reached at night still gives people an hour.
        let deadline = now + (rc.deadline_at - rc.created_at);
        rollcall::Entity::update_many()
            .col_expr(rollcall::Column::DeadlineAt, Expr::value(deadline))
            .filter(rollcall::Column::Id.eq(rc.id))
            .exec(&txn)
            .await?;
        let asked = launch(&txn, state.sms.is_some(), &rc, now).await?;
        audit::record(
            &txn,
            &Actor::system("roll-call on a level"),
            Change {
                organisation_id: Some(rc.organisation_id),
                entity: "rollcall",
                entity_id: rc.id.to_string(),
                action: "start",
                before: None,
                after: Some(serde_json::json!({"rollcall": rc, "asked": asked})),
            },
        )
        .await?;
        txn.commit().await?;
        announce(state, &rc).await;
        n += 1;
    }
    if n > 0 {
        state.delivery.kick();
    }
    Ok(n)
}
