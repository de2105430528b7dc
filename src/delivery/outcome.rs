//! Recording what happened to a row: sent, retried on the schedule, dead (and its owner
//! told), or cancelled. Only the worker that holds a row's claim may move it on.
use super::dispatch::Batch;
use super::schedule;
use super::senders::Outcome;
use crate::audit::{self, Actor, Change};
use crate::entities::{delivery_attempt, outbox_message, user};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

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
    // A row superseded while it was being sent keeps that status unless this send made it.
    let from = if status == "sent" {
        vec!["sending", "superseded"]
    } else {
        vec!["sending"]
    };
    let res = q
        .filter(outbox_message::Column::Id.eq(row.id))
        .filter(outbox_message::Column::Status.is_in(from))
        .filter(outbox_message::Column::ClaimedBy.eq(state.delivery.worker_id.clone()))
        .exec(&state.db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Keeps one attempt in the row's history. A first attempt that succeeded needs no entry (the
/// row says so), which keeps a fan-out to thousands of subscribers at one write per mail.
async fn remember(
    state: &AppState,
    row: &outbox_message::Model,
    outcome: &Outcome,
) -> AppResult<()> {
    let (label, http_status, error) = match outcome {
        Outcome::Sent { .. } if row.attempts <= 1 => return Ok(()),
        Outcome::Cancelled { .. } => return Ok(()),
        Outcome::Sent { status } => ("sent", *status, None),
        Outcome::Retry { error, status, .. } => ("failed", *status, Some(error.clone())),
        Outcome::Refused { error, status } => ("refused", *status, Some(error.clone())),
        Outcome::Gone { status } => ("gone", Some(*status), None),
    };
    delivery_attempt::Entity::insert(delivery_attempt::ActiveModel {
        outbox_message_id: Set(row.id),
        attempted_at: Set(state.clock.now()),
        outcome: Set(label.into()),
        http_status: Set(http_status.map(i32::from)),
        error: Set(error),
        ..Default::default()
    })
    .exec(&state.db)
    .await?;
    Ok(())
}

/// First-try successes, the bulk of a fan-out, recorded together: one `UPDATE` per
/// [`SentTogether::AT_ONCE`] rows instead of one per mail. A row waiting here is still
/// `sending` under this worker's lease; if the worker dies first it is sent again under the
/// same idempotency key, as after a crash between a send and its record.
#[derive(Default)]
pub struct SentTogether {
    ids: std::sync::Mutex<Vec<i32>>,
}

impl SentTogether {
    pub const AT_ONCE: usize = 250;

    /// Whether `outcome` can wait to be recorded with others: a mail sent at the first try
    /// (the relay's 250 is what every one of them records).
    pub fn takes(row: &outbox_message::Model, outcome: &Outcome) -> bool {
        row.target == "email"
            && row.attempts <= 1
            && matches!(outcome, Outcome::Sent { status: Some(250) })
    }

    pub async fn add(&self, state: &AppState, id: i32) -> AppResult<()> {
        let full = {
            let mut ids = self.ids.lock().unwrap_or_else(|e| e.into_inner());
            ids.push(id);
            (ids.len() >= Self::AT_ONCE).then(|| std::mem::take(&mut *ids))
        };
        match full {
            Some(ids) => sent(state, ids).await,
            None => Ok(()),
        }
    }

    pub async fn flush(&self, state: &AppState) -> AppResult<()> {
        let ids = std::mem::take(&mut *self.ids.lock().unwrap_or_else(|e| e.into_inner()));
        sent(state, ids).await
    }
}

/// Marks rows sent that this worker still holds (or that were superseded while being sent).
async fn sent(state: &AppState, ids: Vec<i32>) -> AppResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let now = state.clock.now();
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value("sent"))
        .col_expr(
            outbox_message::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox_message::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .col_expr(outbox_message::Column::LastStatus, Expr::value(Some(250)))
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .col_expr(outbox_message::Column::SentAt, Expr::value(Some(now)))
        .filter(outbox_message::Column::Id.is_in(ids))
        .filter(outbox_message::Column::Status.is_in(["sending", "superseded"]))
        .filter(outbox_message::Column::ClaimedBy.eq(state.delivery.worker_id.clone()))
        .exec(&state.db)
        .await?;
    Ok(())
}

pub async fn record(
    state: &AppState,
    batch: &Batch,
    row: &outbox_message::Model,
    outcome: Outcome,
) -> AppResult<()> {
    let now = state.clock.now();
    remember(state, row, &outcome).await?;
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
    if let Err(e) = mailer
        .send(&owner.email, lang, &subject, &text, &html)
        .await
    {
        tracing::warn!(error = %e, owner = owner.id, "could not tell the owner of a dead delivery");
    }
    Ok(())
}
