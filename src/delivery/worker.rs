//! The delivery worker: claims due outbox rows, sends them concurrently (a limit per channel,
//! a timeout per send), and records each outcome. At least once: a row is marked sent only
//! after the receiver accepted it, and a row whose worker died is reclaimed when its lease
//! runs out, under the same idempotency key.
//!
//! On PostgreSQL the claim is `FOR UPDATE SKIP LOCKED`, so every instance runs a worker and
//! they share the rows without waiting on each other; on SQLite one process owns the file.
use super::content::{Subject, Update};
use super::live::{self, LiveEvent};
use super::schedule::{self, LEASE_SECONDS};
use super::senders::{self, Outcome};
use crate::audit::{self, Actor, Change};
use crate::entities::{
    delivery_channel, faq_revision, level_change, organisation, outbox_message, publication,
    scenario, subscriber, user,
};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::startup::AppState;
use chrono::{DateTime, Duration, Utc};
use futures_util::StreamExt;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// Rows claimed at a time.
pub const BATCH: u64 = 500;
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

/// Claims and sends until nothing is due.
pub async fn run_until_idle(state: &AppState) -> AppResult<usize> {
    let mut total = 0;
    loop {
        let n = run_once(state, BATCH).await?;
        total += n;
        if (n as u64) < BATCH {
            return Ok(total);
        }
    }
}

fn claim_sql(backend: DbBackend) -> String {
    let due = "(status IN ('pending', 'retrying') AND next_attempt_at <= $3) \
               OR (status = 'sending' AND lease_until < $3)";
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
) -> AppResult<Vec<outbox_message::Model>> {
    let backend = state.db.get_database_backend();
    let stmt = Statement::from_sql_and_values(
        backend,
        claim_sql(backend),
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

/// Everything a batch needs, loaded once.
struct Batch {
    updates: HashMap<i32, Arc<Update>>,
    channels: HashMap<i32, delivery_channel::Model>,
    subscribers: HashMap<i32, subscriber::Model>,
    users: HashMap<i32, user::Model>,
}

async fn load(db: &impl ConnectionTrait, rows: &[outbox_message::Model]) -> AppResult<Batch> {
    let ids = |f: fn(&outbox_message::Model) -> Option<i32>| -> Vec<i32> {
        let mut v: Vec<i32> = rows.iter().filter_map(f).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let mut updates = HashMap::new();
    for pid in ids(|r| Some(r.publication_id)) {
        let Some(p) = publication::Entity::find_by_id(pid).one(db).await? else {
            continue;
        };
        let Some(org) = organisation::Entity::find_by_id(p.organisation_id)
            .one(db)
            .await?
        else {
            continue;
        };
        let subject = if let Some(rid) = p.revision_id {
            let Some(revision) = faq_revision::Entity::find_by_id(rid).one(db).await? else {
                continue;
            };
            Subject::Faq {
                checked_at: revision.created_at,
                revision,
            }
        } else if let Some(lid) = p.level_change_id {
            let Some(change) = level_change::Entity::find_by_id(lid).one(db).await? else {
                continue;
            };
            let scenario_title = scenario::Entity::find_by_id(change.scenario_id)
                .one(db)
                .await?
                .map(|s| s.title)
                .unwrap_or_default();
            Subject::Level {
                change,
                scenario_title,
            }
        } else {
            Subject::Withdrawn
        };
        updates.insert(
            pid,
            Arc::new(Update {
                org,
                publication: p,
                subject,
            }),
        );
    }
    let channels = delivery_channel::Entity::find()
        .filter(delivery_channel::Column::Id.is_in(ids(|r| r.channel_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut subscribers = HashMap::new();
    for chunk in ids(|r| r.subscriber_id).chunks(1000) {
        for s in subscriber::Entity::find()
            .filter(subscriber::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            subscribers.insert(s.id, s);
        }
    }
    let users = user::Entity::find()
        .filter(user::Column::Id.is_in(ids(|r| r.user_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    Ok(Batch {
        updates,
        channels,
        subscribers,
        users,
    })
}

/// One pass: claim up to `limit` due rows, send them, record what happened.
pub async fn run_once(state: &AppState, limit: u64) -> AppResult<usize> {
    let now = state.clock.now();
    let rows = claim(state, now, limit).await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let n = rows.len();
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let heartbeat = spawn_heartbeat(state.clone(), ids);
    let batch = Arc::new(load(&state.db, &rows).await?);
    let mail_connections = state.settings.mail_connections.clamp(1, 256);
    let mail_slots = Arc::new(Semaphore::new(mail_connections));
    let endpoint_slots: HashMap<i32, Arc<Semaphore>> = batch
        .channels
        .keys()
        .map(|id| (*id, Arc::new(Semaphore::new(PER_ENDPOINT))))
        .collect();
    let http = senders::http_client();
    futures_util::stream::iter(rows)
        .for_each_concurrent(mail_connections + 16 * PER_ENDPOINT, |row| {
            let (batch, state, http) = (batch.clone(), state.clone(), http.clone());
            let slot = match row.channel_id {
                Some(id) => endpoint_slots.get(&id).cloned(),
                None if row.target == "email" => Some(mail_slots.clone()),
                None => None,
            };
            async move {
                let _permit = match &slot {
                    Some(s) => s.acquire().await.ok(),
                    None => None,
                };
                let outcome = deliver(&state, &batch, &http, &row).await;
                if let Err(e) = record(&state, &batch, &row, outcome).await {
                    tracing::warn!(error = ?e, row = row.id, "could not record a delivery outcome");
                }
            }
        })
        .await;
    heartbeat.abort();
    Ok(n)
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

fn host(state: &AppState) -> String {
    url::Url::parse(&state.settings.public_url())
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "beredskap.invalid".into())
}

async fn deliver(
    state: &AppState,
    batch: &Batch,
    http: &reqwest::Client,
    row: &outbox_message::Model,
) -> Outcome {
    let Some(update) = batch.updates.get(&row.publication_id) else {
        return Outcome::Cancelled {
            reason: "the publication no longer exists".into(),
        };
    };
    let base = state.settings.public_url();
    let now = state.clock.now();
    match row.target.as_str() {
        // The public page, its JSON and feed, and the knowledge base read the database: once
        // the publication is committed they show it. The row records that moment.
        "site" | "knowledge_base" => Outcome::Sent { status: None },
        "live" => {
            let event = LiveEvent {
                organisation_id: row.organisation_id,
                kind: "faq".into(),
                entry_id: row.entry_id,
                publication_id: Some(row.publication_id),
                public: matches!(&update.subject, Subject::Faq { revision, .. } if revision.visibility == "public")
                    || matches!(update.subject, Subject::Withdrawn),
            };
            match live::announce(state, event).await {
                Ok(()) => Outcome::Sent { status: None },
                Err(e) => Outcome::Retry {
                    error: format!("{e:#}"),
                    status: None,
                    retry_after: None,
                },
            }
        }
        "email" => deliver_mail(state, batch, update, row, &base).await,
        "channel" => {
            let Some(channel) = row.channel_id.and_then(|id| batch.channels.get(&id)) else {
                return Outcome::Cancelled {
                    reason: "the channel was removed".into(),
                };
            };
            if !channel.enabled {
                return Outcome::Cancelled {
                    reason: "the channel is disabled".into(),
                };
            }
            let payload = update.chat_payload(&channel.kind, &base, now);
            let body = serde_json::to_vec(&payload).unwrap_or_default();
            let mut headers = vec![("Idempotency-Key", row.idempotency_key.clone())];
            if channel.kind == "webhook" {
                let id = format!("msg_{}", row.idempotency_key);
                let ts = now.timestamp();
                match super::signing::sign(&channel.secret, &id, ts, &body) {
                    Ok(sig) => {
                        headers.push(("webhook-id", id));
                        headers.push(("webhook-timestamp", ts.to_string()));
                        headers.push(("webhook-signature", sig));
                    }
                    Err(e) => {
                        return Outcome::Refused {
                            error: format!("the channel's secret is unusable: {e}"),
                            status: None,
                        }
                    }
                }
            }
            senders::post_json(http, &channel.url, body, &headers, now).await
        }
        other => Outcome::Cancelled {
            reason: format!("unknown target {other}"),
        },
    }
}

async fn deliver_mail(
    state: &AppState,
    batch: &Batch,
    update: &Update,
    row: &outbox_message::Model,
    base: &str,
) -> Outcome {
    let message_id = format!("<{}@{}>", row.idempotency_key, host(state));
    if let Some(sid) = row.subscriber_id {
        let Some(sub) = batch
            .subscribers
            .get(&sid)
            .filter(|s| s.status == "confirmed")
        else {
            return Outcome::Cancelled {
                reason: "unsubscribed".into(),
            };
        };
        let token = super::tokens::make(state.keys.secret(), "unsubscribe", sub.id, &sub.email, 0);
        let unsubscribe = format!("{base}/p/{}/unsubscribe?token={token}", update.org.slug);
        let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
        let Some(mail) = update.subscriber_mail(lang, base, &unsubscribe) else {
            return Outcome::Cancelled {
                reason: "nothing to mail for this publication".into(),
            };
        };
        return senders::mail(
            state.mailer.as_deref(),
            &crate::mail::Outgoing {
                to: &sub.email,
                subject: &mail.subject,
                text: &mail.text,
                html: &mail.html,
                message_id: Some(&message_id),
                list_unsubscribe: Some(&unsubscribe),
            },
        )
        .await;
    }
    let Some(u) = row.user_id.and_then(|id| batch.users.get(&id)) else {
        return Outcome::Cancelled {
            reason: "the person was removed".into(),
        };
    };
    let lang = u
        .language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::parse(&update.org.default_language))
        .unwrap_or(Lang::En);
    let Some(mail) = update.member_mail(lang, base) else {
        return Outcome::Cancelled {
            reason: "nothing to mail for this publication".into(),
        };
    };
    senders::mail(
        state.mailer.as_deref(),
        &crate::mail::Outgoing {
            to: &u.email,
            subject: &mail.subject,
            text: &mail.text,
            html: &mail.html,
            message_id: Some(&message_id),
            list_unsubscribe: None,
        },
    )
    .await
}

/// Moves the row on from `sending`, but only while this worker still holds it.
async fn finish(
    state: &AppState,
    row: &outbox_message::Model,
    status: &str,
    error: Option<String>,
    http_status: Option<u16>,
    next_attempt: Option<DateTime<Utc>>,
) -> AppResult<bool> {
    let now = state.clock.now();
    let mut q = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value(status))
        .col_expr(
            outbox_message::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox_message::Column::LastError, Expr::value(error))
        .col_expr(
            outbox_message::Column::LastStatus,
            Expr::value(http_status.map(i32::from)),
        )
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now));
    if status == "sent" {
        q = q.col_expr(outbox_message::Column::SentAt, Expr::value(Some(now)));
    }
    if let Some(at) = next_attempt {
        q = q.col_expr(outbox_message::Column::NextAttemptAt, Expr::value(at));
    }
    let res = q
        .filter(outbox_message::Column::Id.eq(row.id))
        .filter(outbox_message::Column::Status.eq("sending"))
        .filter(outbox_message::Column::ClaimedBy.eq(state.delivery.worker_id.clone()))
        .exec(&state.db)
        .await?;
    Ok(res.rows_affected == 1)
}

async fn record(
    state: &AppState,
    batch: &Batch,
    row: &outbox_message::Model,
    outcome: Outcome,
) -> AppResult<()> {
    let now = state.clock.now();
    match outcome {
        Outcome::Sent { status } => {
            finish(state, row, "sent", None, status, None).await?;
        }
        Outcome::Cancelled { reason } => {
            finish(state, row, "cancelled", Some(reason), None, None).await?;
        }
        Outcome::Retry {
            error,
            status,
            retry_after,
        } => match schedule::next_delay(row.attempts, retry_after) {
            Some(delay) => {
                finish(
                    state,
                    row,
                    "retrying",
                    Some(error),
                    status,
                    Some(now + delay),
                )
                .await?;
            }
            None => {
                let error = format!("gave up after {} attempts: {error}", row.attempts);
                if finish(state, row, "dead", Some(error.clone()), status, None).await? {
                    dead(state, batch, row, &error).await?;
                }
            }
        },
        Outcome::Refused { error, status } => {
            if finish(state, row, "dead", Some(error.clone()), status, None).await? {
                dead(state, batch, row, &error).await?;
            }
        }
        Outcome::Gone { status } => {
            let error = "the endpoint answered 410 Gone; it has been disabled".to_string();
            if finish(state, row, "dead", Some(error.clone()), Some(status), None).await? {
                if let Some(channel_id) = row.channel_id {
                    super::channels::disable_gone(&state.db, channel_id, now).await?;
                }
                dead(state, batch, row, &error).await?;
            }
        }
    }
    Ok(())
}

/// A target that will not be delivered: into the audit trail, and its owner is told by mail
/// (the channel's owner, else whoever published). For subscriber mail the author hears once
/// per publication, not once per address.
async fn dead(
    state: &AppState,
    batch: &Batch,
    row: &outbox_message::Model,
    error: &str,
) -> AppResult<()> {
    audit::record(
        &state.db,
        &Actor::system("delivery"),
        Change {
            organisation_id: Some(row.organisation_id),
            entity: "outbox_message",
            entity_id: row.id.to_string(),
            action: "dead",
            before: None,
            after: Some(serde_json::json!({
                "publication_id": row.publication_id,
                "target": row.target,
                "recipient": row.recipient,
                "attempts": row.attempts,
                "error": error,
            })),
        },
    )
    .await?;
    let Some(update) = batch.updates.get(&row.publication_id) else {
        return Ok(());
    };
    let channel = row.channel_id.and_then(|id| batch.channels.get(&id));
    if row.target == "email" {
        let earlier = outbox_message::Entity::find()
            .filter(outbox_message::Column::PublicationId.eq(row.publication_id))
            .filter(outbox_message::Column::Status.eq("dead"))
            .filter(outbox_message::Column::Target.eq("email"))
            .filter(outbox_message::Column::Id.ne(row.id))
            .one(&state.db)
            .await?;
        if earlier.is_some() {
            return Ok(());
        }
    }
    let owner_id = channel
        .and_then(|c| c.owner_user_id)
        .or(update.publication.created_by_user_id);
    let (Some(owner_id), Some(mailer)) = (owner_id, state.mailer.as_deref()) else {
        return Ok(());
    };
    let Some(owner) = user::Entity::find_by_id(owner_id).one(&state.db).await? else {
        return Ok(());
    };
    let lang = owner
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::En);
    let board = format!(
        "{}/faq/publications/{}",
        state.settings.public_url(),
        row.publication_id
    );
    let subject = lang.tf("delivery.dead.subject", &[("target", &row.recipient)]);
    let text = lang.tf(
        "delivery.dead.body",
        &[
            ("title", &update.publication.title),
            ("target", &row.recipient),
            ("error", error),
            ("url", &board),
        ],
    );
    let html = maud::html! { p { (text) } p { a href=(board) { (board) } } }.into_string();
    if let Err(e) = mailer.send(&owner.email, &subject, &text, &html).await {
        tracing::warn!(error = %e, owner = owner.id, "could not tell the owner of a dead delivery");
    }
    Ok(())
}
