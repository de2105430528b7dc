//! The delivery worker: claims due outbox rows, sends them concurrently (a limit per channel,
//! a timeout per send), and records each outcome. At least once: a row is marked sent only
//! after the receiver accepted it, and a row whose worker died is reclaimed when its lease
//! runs out, under the same idempotency key.
//!
//! On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`, so every instance runs a worker and
//! they share the rows without waiting on each other; on SQLite one process owns the file.
use super::dispatch::{deliver, load};
use super::expand;
use super::live::{self, LiveEvent};
use super::outcome::{record, SentTogether};
use super::schedule::LEASE_SECONDS;
use crate::entities::outbox_message;
use crate::error::AppResult;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Rows claimed at a time.
pub const BATCH: u64 = 500;
/// Local targets (page, knowledge base, browsers) claimed at a time, ahead of the rest.
pub const LOCAL_BATCH: u64 = 100;
/// Texts in flight at once to the SMS gateway.
pub const SMS_AT_ONCE: usize = 16;
/// Sends in flight at once to one chat or webhook endpoint.
pub const PER_ENDPOINT: usize = 4;

/// Runs for the life of the process: whenever woken by a commit, and every second for rows
/// whose retry time has come.
pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        loop {
            if let Err(e) = run_until_idle(&state).await {
                tracing::warn!(error = ?e, "delivery worker pass failed");
            }
            tokio::select! {
                _ = state.delivery.woken() => {}
                _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
            }
        }
    }))
}

/// Claims and sends until nothing is due: first the local targets (the public page and open
/// browsers, cheap and what most people see), then mail and chat. While a full batch is being
/// sent the next one is claimed, so the connections do not wait for the database between
/// batches of a large fan-out.
pub async fn run_until_idle(state: &AppState) -> AppResult<usize> {
    let mut total = 0;
    for (local_only, limit) in [(true, LOCAL_BATCH), (false, BATCH)] {
        let mut next = claim(state, state.clock.now(), limit, local_only).await?;
        while !next.is_empty() {
            let rows = std::mem::take(&mut next);
            let full = rows.len() as u64 >= limit;
            total += rows.len();
            if full {
                let (sent, claimed) = tokio::join!(
                    send(state, rows),
                    claim(state, state.clock.now(), limit, local_only)
                );
                sent?;
                next = claimed?;
            } else {
                send(state, rows).await?;
            }
        }
    }
    Ok(total)
}

fn claim_sql(backend: DbBackend, local_only: bool) -> String {
    let due = "((status IN ('pending', 'retrying') AND next_attempt_at <= $3) \
               OR (status = 'sending' AND lease_until < $3))";
    let due = if local_only {
        format!("{due} AND target IN ('site', 'knowledge_base', 'live')")
    } else {
        due.to_string()
    };
    let lock = if backend == DbBackend::Postgres {
        " FOR UPDATE SKIP LOCKED"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE outbox_messages SET status = 'sending', claimed_by = $1, lease_until = $2, \
         attempts = attempts + 1, updated_at = $3 \
         WHERE id IN (SELECT id FROM outbox_messages WHERE {due} \
         ORDER BY next_attempt_at, id LIMIT $4{lock}) RETURNING *"
    );
    if backend == DbBackend::Postgres {
        sql
    } else {
        sql.replace('$', "?")
    }
}

async fn claim(
    state: &AppState,
    now: DateTime<Utc>,
    limit: u64,
    local_only: bool,
) -> AppResult<Vec<outbox_message::Model>> {
    let backend = state.db.get_database_backend();
    let stmt = Statement::from_sql_and_values(
        backend,
        claim_sql(backend, local_only),
        [
            state.delivery.worker_id.clone().into(),
            (now + Duration::seconds(LEASE_SECONDS)).into(),
            now.into(),
            (limit as i64).into(),
        ],
    );
    Ok(outbox_message::Entity::find()
        .from_raw_sql(stmt)
        .all(&state.db)
        .await?)
}

/// One pass: claim up to `limit` due rows (only local targets when asked), send them, record
/// what happened.
pub async fn run_once(state: &AppState, limit: u64, local_only: bool) -> AppResult<usize> {
    let rows = claim(state, state.clock.now(), limit, local_only).await?;
    let n = rows.len();
    send(state, rows).await?;
    Ok(n)
}

/// Sends claimed rows and records what happened to each.
async fn send(state: &AppState, rows: Vec<outbox_message::Model>) -> AppResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // Lists of subscribers are written out beside the sending, so mail leaves while the rest
    // of the list is still being written.
    let (listings, rows): (Vec<_>, Vec<_>) =
        rows.into_iter().partition(|r| r.target == expand::TARGET);
    for listing in listings {
        let s = state.clone();
        let task = tokio::spawn(async move { expand::expand(&s, listing).await });
        state.keep_in_background(task.abort_handle());
    }
    if rows.is_empty() {
        return Ok(());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let progressed: std::collections::BTreeSet<(i32, i32)> = rows
        .iter()
        .map(|r| (r.organisation_id, r.publication_id))
        .collect();
    let heartbeat = spawn_heartbeat(state.clone(), ids);
    let batch = Arc::new(load(&state.db, &rows).await?);
    let mail_connections = state.settings.mail_connections.clamp(1, 256);
    let mail_slots = Arc::new(Semaphore::new(mail_connections));
    let sms_slots = Arc::new(Semaphore::new(SMS_AT_ONCE));
    let endpoint_slots: HashMap<i32, Arc<Semaphore>> = batch
        .channels
        .keys()
        .map(|id| (*id, Arc::new(Semaphore::new(PER_ENDPOINT))))
        .collect();
    let http = state.http.clone();
    let sent = Arc::new(SentTogether::default());
    futures_util::stream::iter(rows)
        .for_each_concurrent(mail_connections + SMS_AT_ONCE + 16 * PER_ENDPOINT, |row| {
            let (batch, state, http, sent) =
                (batch.clone(), state.clone(), http.clone(), sent.clone());
            let slot = match row.channel_id {
                Some(id) => endpoint_slots.get(&id).cloned(),
                None if row.target == "email" => Some(mail_slots.clone()),
                None if row.target == "sms" => Some(sms_slots.clone()),
                None => None,
            };
            async move {
                let permit = match &slot {
                    Some(s) => s.acquire().await.ok(),
                    None => None,
                };
                let began = std::time::Instant::now();
                let outcome = deliver(&state, &batch, &http, &row).await;
                // The connection is free for the next send while this one is recorded.
                drop(permit);
                state
                    .metrics
                    .delivered(&row.target, outcome.label(), began.elapsed());
                let recorded = if SentTogether::takes(&row, &outcome) {
                    sent.add(&state, row.id).await
                } else {
                    record(&state, &batch, &row, outcome).await
                };
                if let Err(e) = recorded {
                    tracing::warn!(error = ?e, row = row.id, "could not record a delivery outcome");
                }
            }
        })
        .await;
    let flushed = sent.flush(state).await;
    heartbeat.abort();
    // Delivery boards open on these publications fetch their figures again.
    for (organisation_id, publication_id) in progressed {
        let event = LiveEvent {
            organisation_id,
            kind: "delivery".into(),
            entry_id: None,
            publication_id: Some(publication_id),
            rollcall_id: None,
            public: false,
        };
        if let Err(e) = live::announce(state, event).await {
            tracing::warn!(error = %e, "could not announce delivery progress");
        }
    }
    flushed
}

/// Keeps the claimed rows' lease alive while a slow batch is still being sent, so another
/// instance does not take them over from a worker that is merely busy.
fn spawn_heartbeat(state: AppState, ids: Vec<i32>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs((LEASE_SECONDS / 3) as u64)).await;
            let until = state.clock.now() + Duration::seconds(LEASE_SECONDS);
            let res = outbox_message::Entity::update_many()
                .col_expr(outbox_message::Column::LeaseUntil, Expr::value(until))
                .filter(outbox_message::Column::Id.is_in(ids.clone()))
                .filter(outbox_message::Column::Status.eq("sending"))
                .filter(outbox_message::Column::ClaimedBy.eq(state.delivery.worker_id.clone()))
                .exec(&state.db)
                .await;
            if let Err(e) = res {
                tracing::warn!(error = %e, "could not extend delivery leases");
            }
        }
    })
}
