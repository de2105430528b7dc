//! Keeping the outbox small: a publication's counts are kept once every target has reached an
//! end ("settled"), and after `OUTBOX_RETENTION_DAYS` the rows they count are removed.
//!
//! The publication list and the board read a settled publication's few count rows instead of
//! counting its thousands of targets, so both stay fast with a year of daily fan-outs. Rows
//! that failed for good (`dead`) are never removed: they are what an admin may still resend.
//!
//! Every instance runs these passes; they are safe side by side. Settling locks the
//! publication (PostgreSQL; SQLite has one writer) and checks again that it is unsettled and
//! nothing is on its way; "resend failed" takes the same lock before it unsettles it.
use crate::entities::{delivery_attempt, outbox_message, publication, publication_count};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
};
use std::collections::BTreeMap;

/// Statuses a row never leaves by itself (only "resend failed" takes `dead` back).
pub const ENDED: &[&str] = &["sent", "dead", "superseded", "cancelled"];
/// What the retention job removes.
pub const REMOVABLE: &[&str] = &["sent", "superseded", "cancelled"];
/// A publication is left alone this long after it was made, whatever its rows say.
const GRACE_SECONDS: i64 = 60;
/// Publications settled per pass.
const SETTLE_BATCH: u64 = 50;
/// Rows removed per transaction.
const PRUNE_BATCH: u64 = 2000;

/// Rows still on their way: waiting, being sent, or sent right now under a lease (a row
/// superseded while its send is in flight is still `superseded` until the send ends).
fn on_the_way(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(outbox_message::Column::Status.is_in(super::enqueue::ON_THE_WAY.iter().copied()))
        .add(outbox_message::Column::LeaseUntil.gt(now))
}

/// Keeps the counts of publications whose targets have all reached an end. Returns how many
/// were settled.
pub async fn settle_due(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let busy = Query::select()
        .expr(Expr::val(1))
        .from(outbox_message::Entity)
        .and_where(
            Expr::col((
                outbox_message::Entity,
                outbox_message::Column::PublicationId,
            ))
            .equals((publication::Entity, publication::Column::Id)),
        )
        .cond_where(on_the_way(now))
        .to_owned();
    let due: Vec<i32> = publication::Entity::find()
        .select_only()
        .column(publication::Column::Id)
        .filter(publication::Column::SettledAt.is_null())
        .filter(publication::Column::CreatedAt.lt(now - Duration::seconds(GRACE_SECONDS)))
        .filter(Expr::exists(busy).not())
        .order_by_asc(publication::Column::Id)
        .limit(SETTLE_BATCH)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut settled = 0;
    for id in due {
        if settle(state, id, now).await? {
            settled += 1;
        }
    }
    Ok(settled)
}

/// Locks a publication against a concurrent settle or resend; `None` if it is gone.
pub async fn lock(db: &impl ConnectionTrait, id: i32) -> AppResult<Option<publication::Model>> {
    let mut q = publication::Entity::find_by_id(id);
    if db.get_database_backend() == DbBackend::Postgres {
        q = q.lock_exclusive();
    }
    Ok(q.one(db).await?)
}

async fn settle(state: &AppState, id: i32, now: DateTime<Utc>) -> AppResult<bool> {
    let txn = state.db.begin().await?;
    let Some(p) = lock(&txn, id).await? else {
        return Ok(false);
    };
    let busy = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Id)
        .filter(outbox_message::Column::PublicationId.eq(id))
        .filter(on_the_way(now))
        .into_tuple::<i32>()
        .one(&txn)
        .await?;
    if p.settled_at.is_some() || busy.is_some() {
        return Ok(false);
    }
    // Rows removed earlier (a settle, a resend, then the retention) are counted already.
    let mut counts = kept(&txn, id).await?;
    add(&mut counts, super::board::live_groups(&txn, id).await?, 1);
    keep(&txn, id, counts).await?;
    publication::Entity::update_many()
        .col_expr(publication::Column::SettledAt, Expr::value(Some(now)))
        .filter(publication::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// Unsettles a publication before its failed targets are queued again: what it keeps from
/// then on counts only the rows that are gone (removed by the retention job), and the board
/// adds the rows still there, on their way again. Call inside the resend's transaction, after
/// [`lock`] and before the rows change.
pub async fn unsettle(db: &impl ConnectionTrait, id: i32) -> AppResult<()> {
    let mut counts = kept(db, id).await?;
    add(&mut counts, super::board::live_groups(db, id).await?, -1);
    keep(db, id, counts).await?;
    publication::Entity::update_many()
        .col_expr(
            publication::Column::SettledAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(publication::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

type Counts = BTreeMap<(String, String, String), i64>;

/// A publication's kept counts.
async fn kept(db: &impl ConnectionTrait, id: i32) -> AppResult<Counts> {
    let mut counts = Counts::new();
    add(&mut counts, super::board::kept_groups(db, id).await?, 1);
    Ok(counts)
}

fn add(counts: &mut Counts, groups: Vec<(String, String, String, i64)>, sign: i64) {
    for (target, channel, status, n) in groups {
        *counts.entry((target, channel, status)).or_default() += sign * n;
    }
}

/// Replaces a publication's kept counts (those at zero or below are dropped).
async fn keep(db: &impl ConnectionTrait, id: i32, counts: Counts) -> AppResult<()> {
    publication_count::Entity::delete_many()
        .filter(publication_count::Column::PublicationId.eq(id))
        .exec(db)
        .await?;
    let rows: Vec<_> = counts
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(
            |((target, channel, status), n)| publication_count::ActiveModel {
                publication_id: Set(id),
                target: Set(target),
                channel: Set(channel),
                status: Set(status),
                n: Set(n),
                ..Default::default()
            },
        )
        .collect();
    if !rows.is_empty() {
        publication_count::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Removes sent, superseded and cancelled rows (and their attempts) of settled publications
/// older than `days`. Returns how many rows went. `days` = 0 keeps everything.
pub async fn prune(state: &AppState, days: u32) -> AppResult<u64> {
    if days == 0 {
        return Ok(0);
    }
    let cutoff = state.clock.now() - Duration::days(i64::from(days));
    let old: Vec<i32> = publication::Entity::find()
        .select_only()
        .column(publication::Column::Id)
        .filter(publication::Column::SettledAt.is_not_null())
        .filter(publication::Column::CreatedAt.lt(cutoff))
        .filter(
            publication::Column::Id.in_subquery(
                Query::select()
                    .column(outbox_message::Column::PublicationId)
                    .from(outbox_message::Entity)
                    .and_where(outbox_message::Column::Status.is_in(REMOVABLE.iter().copied()))
                    .and_where(outbox_message::Column::UpdatedAt.lt(cutoff))
                    .to_owned(),
            ),
        )
        .order_by_asc(publication::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut removed = 0;
    for id in old {
        loop {
            let txn = state.db.begin().await?;
            let ids: Vec<i32> = outbox_message::Entity::find()
                .select_only()
                .column(outbox_message::Column::Id)
                .filter(outbox_message::Column::PublicationId.eq(id))
                .filter(outbox_message::Column::Status.is_in(REMOVABLE.iter().copied()))
                .filter(outbox_message::Column::UpdatedAt.lt(cutoff))
                .order_by_asc(outbox_message::Column::Id)
                .limit(PRUNE_BATCH)
                .into_tuple()
                .all(&txn)
                .await?;
            if ids.is_empty() {
                break;
            }
            delivery_attempt::Entity::delete_many()
                .filter(delivery_attempt::Column::OutboxMessageId.is_in(ids.iter().copied()))
                .exec(&txn)
                .await?;
            let res = outbox_message::Entity::delete_many()
                .filter(outbox_message::Column::Id.is_in(ids.iter().copied()))
                .filter(outbox_message::Column::Status.is_in(REMOVABLE.iter().copied()))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            removed += res.rows_affected;
            if (ids.len() as u64) < PRUNE_BATCH {
                break;
            }
        }
    }
    if removed > 0 {
        tracing::info!(
            removed,
            days,
            "removed delivered outbox rows past retention"
        );
    }
    Ok(removed)
}

/// Runs for the life of the process: settles every 30 seconds, prunes every hour.
pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(30));
        let mut passes: u64 = 0;
        loop {
            tick.tick().await;
            if let Err(e) = settle_due(&state).await {
                tracing::warn!(error = ?e, "keeping publication counts failed");
            }
            if passes % 120 == 0 {
                if let Err(e) = prune(&state, state.settings.outbox_retention_days).await {
                    tracing::warn!(error = ?e, "removing old outbox rows failed");
                }
            }
            passes += 1;
        }
    }))
}
