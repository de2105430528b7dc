//! The delivery board: for one publication, per channel how many targets were sent, are
//! still on their way, failed or were dropped; each error; and "resend failed".
use crate::audit::{self, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{delivery_attempt, outbox_message, publication, publication_count};
use crate::error::AppResult;
use crate::state::AppState;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ChannelProgress {
    /// `site`, `knowledge_base`, `live`, `email`, `subscribers` (the subscriber list, while the
    /// worker writes it out as one `email` row each) or `channel`.
    pub target: String,
    /// The chat or webhook channel's name; empty for the others.
    pub channel: String,
    pub sent: i64,
    /// Waiting, being sent, or waiting for a retry.
    pub pending: i64,
    /// Given up on (schedule exhausted, refused, endpoint gone).
    pub failed: i64,
    /// Not sent on purpose: superseded by a newer revision, unsubscribed, channel removed.
    pub dropped: i64,
}

/// One try at a target, as the board shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attempt {
    pub at: chrono::DateTime<chrono::Utc>,
    /// `failed` (tried again later), `refused`, `gone` or `sent`.
    pub outcome: String,
    pub http_status: Option<i32>,
    pub error: Option<String>,
}

/// A target that has had trouble: failing now, given up on, or sent after failures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeliveryError {
    pub target: String,
    pub recipient: String,
    pub status: String,
    pub attempts: i32,
    pub error: String,
    pub http_status: Option<i32>,
    pub next_attempt_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Every attempt, oldest first.
    pub history: Vec<Attempt>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Board {
    pub publication_id: i32,
    pub kind: String,
    pub title: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub channels: Vec<ChannelProgress>,
    pub total: i64,
    pub sent: i64,
    pub pending: i64,
    pub failed: i64,
    pub dropped: i64,
    /// Sent and dropped as a share of all targets, 0–100.
    pub percent_done: i64,
    pub errors: Vec<DeliveryError>,
}

fn bucket(status: &str) -> usize {
    match status {
        "sent" => 0,
        "pending" | "sending" | "retrying" => 1,
        "dead" => 2,
        _ => 3,
    }
}

/// How far one publication has got, for the list of publications.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    /// Sent, failed and dropped as a share of all targets, 0–100.
    pub percent_done: i64,
}

/// The totals of many publications in two queries (the list page shows fifty): settled ones
/// from their kept counts, the others from their rows (and the counts of rows already gone).
/// The organisation's latest publications, newest first, each with its delivery totals (the
/// list of publications and the start page's card).
pub async fn latest_with_totals(
    db: &impl ConnectionTrait,
    org_id: i32,
    limit: u64,
) -> AppResult<Vec<(publication::Model, Totals)>> {
    let list = crate::faq::repo::publications(db, org_id, None, limit).await?;
    let mut totals = totals(db, &list).await?;
    Ok(list
        .into_iter()
        .map(|p| {
            let t = totals.remove(&p.id).unwrap_or_default();
            (p, t)
        })
        .collect())
}

pub async fn totals(
    db: &impl ConnectionTrait,
    publications: &[publication::Model],
) -> AppResult<std::collections::HashMap<i32, Totals>> {
    let live = publications.iter().filter(|p| p.settled_at.is_none());
    let mut groups: Vec<(i32, String, i64)> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::PublicationId)
        .column(outbox_message::Column::Status)
        .column_as(outbox_message::Column::Id.count(), "n")
        .filter(outbox_message::Column::PublicationId.is_in(live.map(|p| p.id)))
        .filter(super::expand::counted())
        .group_by(outbox_message::Column::PublicationId)
        .group_by(outbox_message::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    groups.extend(
        publication_count::Entity::find()
            .select_only()
            .column(publication_count::Column::PublicationId)
            .column(publication_count::Column::Status)
            .column(publication_count::Column::N)
            .filter(
                publication_count::Column::PublicationId.is_in(publications.iter().map(|p| p.id)),
            )
            .into_tuple::<(i32, String, i64)>()
            .all(db)
            .await?,
    );
    let mut out: std::collections::HashMap<i32, (Totals, i64)> = Default::default();
    for (id, status, n) in groups {
        let (t, pending) = out.entry(id).or_default();
        t.total += n;
        match bucket(&status) {
            0 => t.sent += n,
            1 => *pending += n,
            2 => t.failed += n,
            _ => {}
        }
    }
    Ok(out
        .into_iter()
        .map(|(id, (mut t, pending))| {
            t.percent_done = percent_done(t.total, pending);
            (id, t)
        })
        .collect())
}

fn percent_done(total: i64, pending: i64) -> i64 {
    if total == 0 {
        100
    } else {
        (total - pending) * 100 / total
    }
}

/// A publication's targets counted by channel and status, from its rows: `(target, channel
/// name or "", status, n)`.
pub async fn live_groups(
    db: &impl ConnectionTrait,
    publication_id: i32,
) -> AppResult<Vec<(String, String, String, i64)>> {
    Ok(outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::Target)
        .column_as(
            Expr::cust("CASE WHEN target = 'channel' THEN recipient ELSE '' END"),
            "channel",
        )
        .column(outbox_message::Column::Status)
        .column_as(outbox_message::Column::Id.count(), "n")
        .filter(outbox_message::Column::PublicationId.eq(publication_id))
        .filter(super::expand::counted())
        .group_by(outbox_message::Column::Target)
        .group_by(Expr::cust(
            "CASE WHEN target = 'channel' THEN recipient ELSE '' END",
        ))
        .group_by(outbox_message::Column::Status)
        .into_tuple()
        .all(db)
        .await?)
}

/// A publication's kept counts (see [`super::retention`]), in the form of [`live_groups`].
pub(super) async fn kept_groups(
    db: &impl ConnectionTrait,
    publication_id: i32,
) -> AppResult<Vec<(String, String, String, i64)>> {
    Ok(publication_count::Entity::find()
        .select_only()
        .column(publication_count::Column::Target)
        .column(publication_count::Column::Channel)
        .column(publication_count::Column::Status)
        .column(publication_count::Column::N)
        .filter(publication_count::Column::PublicationId.eq(publication_id))
        .into_tuple()
        .all(db)
        .await?)
}

pub async fn board(db: &impl ConnectionTrait, p: &publication::Model) -> AppResult<Board> {
    let groups: Vec<(String, String, String, i64)> = if p.settled_at.is_some() {
        kept_groups(db, p.id).await?
    } else {
        // Rows removed while it was settled (then a resend) are only in the kept counts.
        let mut live = live_groups(db, p.id).await?;
        live.extend(kept_groups(db, p.id).await?);
        live
    };
    let order = [
        "site",
        "knowledge_base",
        "live",
        "email",
        "subscribers",
        "channel",
    ];
    let mut channels: Vec<ChannelProgress> = vec![];
    for (target, channel, status, n) in groups {
        let i = match channels
            .iter()
            .position(|c| c.target == target && c.channel == channel)
        {
            Some(i) => i,
            None => {
                channels.push(ChannelProgress {
                    target,
                    channel,
                    ..Default::default()
                });
                channels.len() - 1
            }
        };
        let c = &mut channels[i];
        match bucket(&status) {
            0 => c.sent += n,
            1 => c.pending += n,
            2 => c.failed += n,
            _ => c.dropped += n,
        }
    }
    channels.sort_by_key(|c| (order.iter().position(|o| *o == c.target), c.channel.clone()));
    let sum = |f: fn(&ChannelProgress) -> i64| channels.iter().map(f).sum::<i64>();
    let (sent, pending, failed, dropped) = (
        sum(|c| c.sent),
        sum(|c| c.pending),
        sum(|c| c.failed),
        sum(|c| c.dropped),
    );
    let total = sent + pending + failed + dropped;
    let troubled = outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.eq(p.id))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(outbox_message::Column::LastError.is_not_null())
                        .add(outbox_message::Column::Status.is_in([
                            "dead",
                            "retrying",
                            "cancelled",
                        ])),
                )
                .add(
                    Condition::all()
                        .add(outbox_message::Column::Status.is_in(["sent", "superseded"]))
                        .add(outbox_message::Column::Attempts.gt(1)),
                ),
        )
        .order_by_asc(outbox_message::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    let mut history: std::collections::HashMap<i32, Vec<Attempt>> = Default::default();
    for a in delivery_attempt::Entity::find()
        .filter(delivery_attempt::Column::OutboxMessageId.is_in(troubled.iter().map(|r| r.id)))
        .order_by_asc(delivery_attempt::Column::Id)
        .all(db)
        .await?
    {
        history
            .entry(a.outbox_message_id)
            .or_default()
            .push(Attempt {
                at: a.attempted_at,
                outcome: a.outcome,
                http_status: a.http_status,
                error: a.error,
            });
    }
    let errors = troubled
        .into_iter()
        .map(|r| DeliveryError {
            next_attempt_at: (r.status == "retrying").then_some(r.next_attempt_at),
            history: history.remove(&r.id).unwrap_or_default(),
            target: r.target,
            recipient: r.recipient,
            status: r.status,
            attempts: r.attempts,
            error: r.last_error.unwrap_or_default(),
            http_status: r.last_status,
        })
        .collect();
    Ok(Board {
        publication_id: p.id,
        kind: p.kind.clone(),
        title: p.title.clone(),
        created_at: p.created_at,
        percent_done: percent_done(total, pending),
        channels,
        total,
        sent,
        pending,
        failed,
        dropped,
        errors,
    })
}

/// Puts every failed target of the publication back in the queue with a fresh schedule.
/// Channels that are disabled stay failed until an admin enables them again.
pub async fn resend_failed(
    state: &AppState,
    actor: &CurrentUser,
    p: &publication::Model,
) -> AppResult<u64> {
    let now = state.clock.now();
    let txn = state.db.begin().await?;
    // The kept counts would hide the rows going back on their way.
    if super::retention::lock(&txn, p.id)
        .await?
        .is_some_and(|p| p.settled_at.is_some())
    {
        super::retention::unsettle(&txn, p.id).await?;
    }
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value("pending"))
        .col_expr(outbox_message::Column::Attempts, Expr::value(0))
        .col_expr(outbox_message::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_message::Column::PublicationId.eq(p.id))
        .filter(outbox_message::Column::Status.eq("dead"))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "publication",
            entity_id: p.id.to_string(),
            action: "resend_failed",
            before: None,
            after: Some(serde_json::json!({ "requeued": res.rows_affected })),
        },
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    Ok(res.rows_affected)
}
