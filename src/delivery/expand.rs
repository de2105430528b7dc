//! A publication's mail to subscribers, listed by the worker instead of by the publish request.
//!
//! Publishing writes one `subscribers` row however many people subscribe, so the page, the
//! feed and open browsers show the answer as fast at 100,000 subscribers as at 10. The worker
//! claims that row like any other and turns it into one `email` row per confirmed subscriber,
//! [`BATCH`] at a time, each batch committed (and the senders woken) before the next, so mail
//! starts leaving while the list is still being written. Keys are the ones the publish
//! request used to write (`{prefix}-sub{id}`), inserted with `ON CONFLICT DO NOTHING`: a worker
//! that dies half-way leaves its lease to run out, and whoever claims the row again starts
//! over without sending anyone a second mail.
//!
//! A newer revision supersedes the row. Each batch first locks it (`FOR UPDATE` on PostgreSQL;
//! SQLite has one writer) and stops once it is no longer being listed by this worker, and
//! [`super::enqueue::supersede`] locks it before it marks the rows written so far: no batch of
//! the old answer can slip in after the new one.
use super::schedule::LEASE_SECONDS;
use crate::entities::{outbox_message, subscriber};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::Duration;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};

/// The target of the one row a publication to subscribers starts as.
pub const TARGET: &str = "subscribers";
/// Subscribers listed per transaction (19 columns a row stay inside both backends' limits).
pub const BATCH: u64 = 1000;

/// The key of the row that stands for every subscriber of a publication.
pub fn key(prefix: &str) -> String {
    format!("{prefix}-{TARGET}")
}

/// The key of one subscriber's mail: the same whether the publish request or the worker wrote it.
pub fn subscriber_key(prefix: &str, subscriber_id: i32) -> String {
    format!("{prefix}-sub{subscriber_id}")
}

/// Lists the subscribers of a claimed `subscribers` row as mail rows, then marks it sent.
pub async fn expand(state: &AppState, row: outbox_message::Model) {
    if let Err(e) = listed(state, &row).await {
        // The lease runs out and the row is claimed again; the keys make that safe.
        tracing::warn!(error = ?e, row = row.id, "listing a publication's subscribers failed");
    }
}

async fn listed(state: &AppState, row: &outbox_message::Model) -> AppResult<()> {
    let prefix = row
        .idempotency_key
        .strip_suffix(&format!("-{TARGET}"))
        .unwrap_or(&row.idempotency_key)
        .to_string();
    let mut after = 0;
    loop {
        let txn = state.db.begin().await?;
        let mut mine = outbox_message::Entity::find_by_id(row.id);
        if txn.get_database_backend() == DbBackend::Postgres {
            mine = mine.lock_exclusive();
        }
        let still_mine = mine.one(&txn).await?.is_some_and(|r| {
            r.status == "sending" && r.claimed_by.as_deref() == Some(&state.delivery.worker_id)
        });
        if !still_mine {
            return Ok(());
        }
        let subs: Vec<(i32, String)> = subscriber::Entity::find()
            .select_only()
            .column(subscriber::Column::Id)
            .column(subscriber::Column::Email)
            .filter(subscriber::Column::OrganisationId.eq(row.organisation_id))
            .filter(subscriber::Column::Status.eq("confirmed"))
            // Those following every answer, and those following this one.
            .filter(subscriber::Column::FaqEntryId.is_in([0, row.entry_id.unwrap_or(0)]))
            .filter(subscriber::Column::Id.gt(after))
            .order_by_asc(subscriber::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(&txn)
            .await?;
        let now = state.clock.now();
        let last = subs.len() < BATCH as usize;
        after = subs.last().map_or(after, |(id, _)| *id);
        if !subs.is_empty() {
            outbox_message::Entity::insert_many(subs.into_iter().map(|(id, email)| {
                super::enqueue::row(
                    row.organisation_id,
                    row.publication_id,
                    row.entry_id,
                    now,
                    super::enqueue::Row {
                        target: "email",
                        channel_id: None,
                        subscriber_id: Some(id),
                        user_id: None,
                        recipient: email,
                        key: subscriber_key(&prefix, id),
                    },
                )
            }))
            .on_conflict(
                OnConflict::column(outbox_message::Column::IdempotencyKey)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        }
        let mut update = outbox_message::Entity::update_many()
            .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
            .filter(outbox_message::Column::Id.eq(row.id));
        update = if last {
            update
                .col_expr(outbox_message::Column::Status, Expr::value("sent"))
                .col_expr(outbox_message::Column::SentAt, Expr::value(Some(now)))
        } else {
            let until = now + Duration::seconds(LEASE_SECONDS);
            update.col_expr(outbox_message::Column::LeaseUntil, Expr::value(Some(until)))
        };
        update.exec(&txn).await?;
        txn.commit().await?;
        state.delivery.kick();
        if last {
            return Ok(());
        }
    }
}

/// Locks the `subscribers` rows of an entry still being listed, so that a supersede marks
/// every mail row a listing batch wrote (see the module's note).
pub async fn lock_listings(db: &impl ConnectionTrait, entry_id: i32) -> AppResult<()> {
    if db.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Id)
        .filter(outbox_message::Column::EntryId.eq(entry_id))
        .filter(outbox_message::Column::Target.eq(TARGET))
        .filter(outbox_message::Column::Status.is_in(super::enqueue::ON_THE_WAY.iter().copied()))
        .lock_exclusive()
        .into_tuple::<i32>()
        .all(db)
        .await?;
    Ok(())
}

/// Rows that count on the delivery board: a `subscribers` row only while it is being listed.
pub fn counted() -> sea_orm::Condition {
    sea_orm::Condition::any()
        .add(outbox_message::Column::Target.ne(TARGET))
        .add(
            Expr::col(outbox_message::Column::Status)
                .is_in(super::enqueue::ON_THE_WAY.iter().copied()),
        )
}
