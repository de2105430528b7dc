//! What one outbox row sends, and to whom: the batch's publications, subscribers, people and
//! channels are loaded once, then each row becomes a mail, a chat post, a signed webhook or a
//! live announcement.
use super::content::{Subject, Update};
use super::live::{self, LiveEvent};
use super::senders::{self, Outcome};
use crate::entities::{
    delivery_channel, faq_revision, level_change, organisation, outbox_message, publication,
    scenario, subscriber, user,
};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a batch needs, loaded once.
pub struct Batch {
    pub updates: HashMap<i32, Arc<Update>>,
    pub channels: HashMap<i32, delivery_channel::Model>,
    pub subscribers: HashMap<i32, subscriber::Model>,
    pub users: HashMap<i32, user::Model>,
}

pub async fn load(db: &impl ConnectionTrait, rows: &[outbox_message::Model]) -> AppResult<Batch> {
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
        let subject = if let Some(rc) = p.rollcall_id {
            let Some(rollcall) = crate::entities::rollcall::Entity::find_by_id(rc)
                .one(db)
                .await?
            else {
                continue;
            };
            Subject::RollCall { rollcall }
        } else if let Some(rid) = p.revision_id {
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
            let on_duty = crate::duty::held(db, change.organisation_id).await?;
            Subject::Level {
                change,
                scenario_title,
                on_duty,
            }
        } else if let Some(exercise_id) = p.exercise_id {
            Subject::Exercise {
                exercise_id,
                body: p.body.clone().unwrap_or_default(),
            }
        } else {
            Subject::Withdrawn
        };
        updates.insert(pid, Arc::new(Update::new(org, p, subject)));
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

pub async fn deliver(
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
    if let Subject::RollCall { rollcall } = &update.subject {
        let Some(person) = row.user_id.and_then(|id| batch.users.get(&id)) else {
            return Outcome::Cancelled {
                reason: "the person was removed".into(),
            };
        };
        return crate::rollcall::messages::deliver(state, update, rollcall, row, person).await;
    }
    let base = state.settings.public_url();
    let now = state.clock.now();
    match row.target.as_str() {
        // The knowledge base reads the database: once the publication is committed it shows
        // it. The public page, JSON and feed are rendered from memory, which is emptied here
        // (and on other instances when the live announcement reaches them). The row records
        // that moment.
        "site" => {
            state.public_cache.invalidate(row.organisation_id);
            Outcome::Sent { status: None }
        }
        "knowledge_base" => Outcome::Sent { status: None },
        "live" => {
            let event = LiveEvent {
                organisation_id: row.organisation_id,
                kind: "faq".into(),
                entry_id: row.entry_id,
                publication_id: Some(row.publication_id),
                rollcall_id: None,
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
            senders::post_json(http, &state.outbound, &channel.url, body, &headers, now).await
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
    let message_id = format!("<{}@{}>", row.idempotency_key, state.settings.public_host());
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
                language: Some(lang.code()),
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
            language: Some(lang.code()),
        },
    )
    .await
}
