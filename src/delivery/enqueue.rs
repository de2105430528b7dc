//! Writing the outbox: one row per channel target, in the same transaction as the thing that
//! is being delivered (a published revision, a level change). The worker does the sending.
//!
//! Idempotency keys are built only from what is delivered and where (`faq-r{revision}-…`,
//! `level-{change}-…`), so a retry or a second worker re-sends under the same key: the mail's
//! `Message-ID` and the webhook's `webhook-id`.
use crate::auth::Role;
use crate::entities::{delivery_channel, membership, outbox_message, publication};
use crate::error::AppResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// The live and site targets are local work; they are written as rows too so that a crash
/// between the commit and the broadcast still reaches every open browser after restart.
pub const LOCAL_TARGETS: &[&str] = &["site", "knowledge_base", "live"];

/// Statuses a row can still leave by being sent.
pub const UNDELIVERED: &[&str] = &["pending", "retrying"];
/// Not sent yet, or being sent now: what the outbox still has to do.
pub const ON_THE_WAY: &[&str] = &["pending", "retrying", "sending"];

pub(super) struct Row {
    pub target: &'static str,
    pub channel_id: Option<i32>,
    pub subscriber_id: Option<i32>,
    pub user_id: Option<i32>,
    pub recipient: String,
    pub key: String,
}

pub(super) fn row(
    org_id: i32,
    publication_id: i32,
    entry_id: Option<i32>,
    now: DateTime<Utc>,
    r: Row,
) -> outbox_message::ActiveModel {
    outbox_message::ActiveModel {
        organisation_id: Set(org_id),
        publication_id: Set(publication_id),
        entry_id: Set(entry_id),
        target: Set(r.target.to_string()),
        channel_id: Set(r.channel_id),
        subscriber_id: Set(r.subscriber_id),
        user_id: Set(r.user_id),
        recipient: Set(r.recipient),
        idempotency_key: Set(r.key),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        lease_until: Set(None),
        claimed_by: Set(None),
        last_error: Set(None),
        last_status: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

async fn insert_rows(
    db: &impl ConnectionTrait,
    rows: Vec<outbox_message::ActiveModel>,
) -> AppResult<usize> {
    let n = rows.len();
    // 19 columns a row: 500 rows stay well inside both backends' bind-parameter limits.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(500).collect();
        outbox_message::Entity::insert_many(chunk).exec(db).await?;
    }
    Ok(n)
}

async fn enabled_channels(
    db: &impl ConnectionTrait,
    org_id: i32,
    internal_only: bool,
) -> AppResult<Vec<delivery_channel::Model>> {
    let mut q = delivery_channel::Entity::find()
        .filter(delivery_channel::Column::OrganisationId.eq(org_id))
        .filter(delivery_channel::Column::Enabled.eq(true));
    if internal_only {
        q = q.filter(delivery_channel::Column::Audience.eq("internal"));
    }
    Ok(q.all(db).await?)
}

/// A newer revision of an entry makes older undelivered rows pointless: the new one carries
/// the whole current answer. Rows being sent right now are marked too: if their send succeeds
/// the worker still records it as sent, but if it fails they are dropped, never retried, so an
/// old answer cannot arrive after the new one.
pub async fn supersede(
    db: &impl ConnectionTrait,
    entry_id: i32,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    super::expand::lock_listings(db, entry_id).await?;
    let res = outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value("superseded"))
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_message::Column::EntryId.eq(entry_id))
        .filter(outbox_message::Column::Status.is_in(ON_THE_WAY.iter().copied()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// Every target of a published FAQ revision (`key_prefix` is `faq-r{revision id}`, or
/// `faq-w{publication id}` for a withdrawal, which has no revision). Internal entries go only to the knowledge base,
/// to open staff browsers and to internal chat channels; withdrawals only refresh the pages.
pub async fn faq_publication(
    db: &impl ConnectionTrait,
    p: &publication::Model,
    entry_id: i32,
    key_prefix: &str,
    public: bool,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let org_id = p.organisation_id;
    supersede(db, entry_id, now).await?;
    let key = |target: &str| format!("{key_prefix}-{target}");
    let mut rows = vec![];
    let mut push = |r: Row| rows.push(row(org_id, p.id, Some(entry_id), now, r));
    for target in LOCAL_TARGETS {
        if *target == "site" && !public && p.kind != "faq_withdrawn" {
            continue;
        }
        push(Row {
            target,
            channel_id: None,
            subscriber_id: None,
            user_id: None,
            recipient: String::new(),
            key: key(target),
        });
    }
    if p.kind != "faq_withdrawn" {
        for c in enabled_channels(db, org_id, !public).await? {
            push(Row {
                target: "channel",
                channel_id: Some(c.id),
                subscriber_id: None,
                user_id: None,
                recipient: c.name.clone(),
                key: key(&format!("ch{}", c.id)),
            });
        }
        if public {
            // One row for every subscriber: the worker lists them (see `expand`).
            push(Row {
                target: super::expand::TARGET,
                channel_id: None,
                subscriber_id: None,
                user_id: None,
                recipient: String::new(),
                key: super::expand::key(key_prefix),
            });
        }
    }
    insert_rows(db, rows).await
}

/// A threshold level change reaches the crisis group by mail and every internal channel.
pub async fn level_change(
    db: &impl ConnectionTrait,
    p: &publication::Model,
    level_change_id: i32,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let org_id = p.organisation_id;
    let members = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::Active.eq(true))
        .find_also_related(crate::entities::user::Entity)
        .all(db)
        .await?;
    // Whoever is on duty first (in role order), then the rest of the crisis group.
    let on_duty: Vec<i32> = crate::duty::held(db, org_id)
        .await?
        .into_iter()
        .filter_map(|d| d.user_id)
        .collect();
    let rank = |id: i32| {
        on_duty
            .iter()
            .position(|d| *d == id)
            .unwrap_or(on_duty.len())
    };
    let mut told: Vec<_> = members
        .into_iter()
        .filter_map(|(m, u)| Some((m, u?)))
        .filter(|(m, u)| {
            crate::auth::roles::RoleSet::from_stored(&m.roles)
                .any(&[Role::CrisisLead, Role::CrisisMember])
                || on_duty.contains(&u.id)
        })
        .collect();
    told.sort_by_key(|(_, u)| (rank(u.id), u.id));
    let users = told.into_iter().map(|(_, u)| u).collect();
    members_and_internal_channels(db, p, users, &format!("level-{level_change_id}"), now).await
}

/// An internal notice (an exercise's): by mail to `user_ids` and to the internal chat
/// channels. Never to subscribers or public channels.
pub async fn internal_notice(
    db: &impl ConnectionTrait,
    p: &publication::Model,
    user_ids: &[i32],
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let users = crate::entities::user::Entity::find()
        .filter(crate::entities::user::Column::Id.is_in(user_ids.to_vec()))
        .all(db)
        .await?;
    members_and_internal_channels(db, p, users, &format!("notice-{}", p.id), now).await
}

/// A mail to each of `users` (in that order), then every enabled internal channel.
async fn members_and_internal_channels(
    db: &impl ConnectionTrait,
    p: &publication::Model,
    users: Vec<crate::entities::user::Model>,
    key_prefix: &str,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let org_id = p.organisation_id;
    let key = |target: &str| format!("{key_prefix}-{target}");
    let mut rows = vec![];
    for user in users {
        rows.push(row(
            org_id,
            p.id,
            None,
            now,
            Row {
                target: "email",
                channel_id: None,
                subscriber_id: None,
                user_id: Some(user.id),
                recipient: user.email.clone(),
                key: key(&format!("user{}", user.id)),
            },
        ));
    }
    for c in enabled_channels(db, org_id, true).await? {
        rows.push(row(
            org_id,
            p.id,
            None,
            now,
            Row {
                target: "channel",
                channel_id: Some(c.id),
                subscriber_id: None,
                user_id: None,
                recipient: c.name.clone(),
                key: key(&format!("ch{}", c.id)),
            },
        ));
    }
    insert_rows(db, rows).await
}

/// Someone a personal message goes to, with how they want to be reached.
pub struct Person {
    pub user_id: i32,
    pub email: String,
    pub phone: Option<String>,
    /// `mail`, `sms` or `both`.
    pub reach_by: String,
}

impl Person {
    /// The targets for this person: mail unless they asked for SMS only and can get it; SMS
    /// when they asked for it, have a number, and a gateway is set up.
    pub fn targets(&self, sms_enabled: bool) -> Vec<&'static str> {
        let sms = sms_enabled && self.phone.is_some() && self.reach_by != "mail";
        let mail = !sms || self.reach_by == "both";
        [(mail, "email"), (sms, "sms")]
            .into_iter()
            .filter_map(|(on, t)| on.then_some(t))
            .collect()
    }
}

/// A personal message to each of `people` (a roll-call and its reminders and escalations),
/// by mail and/or SMS as each prefers. Keys are `{key_prefix}-u{user}-{mail|sms}`.
pub async fn people(
    db: &impl ConnectionTrait,
    p: &publication::Model,
    key_prefix: &str,
    people: &[Person],
    sms_enabled: bool,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let mut rows = vec![];
    for person in people {
        for target in person.targets(sms_enabled) {
            let (recipient, suffix) = match target {
                "sms" => (person.phone.clone().unwrap_or_default(), "sms"),
                _ => (person.email.clone(), "mail"),
            };
            rows.push(row(
                p.organisation_id,
                p.id,
                None,
                now,
                Row {
                    target,
                    channel_id: None,
                    subscriber_id: None,
                    user_id: Some(person.user_id),
                    recipient,
                    key: format!("{key_prefix}-u{}-{suffix}", person.user_id),
                },
            ));
        }
    }
    insert_rows(db, rows).await
}

#[cfg(test)]
mod tests {
    use super::Person;

    fn person(phone: Option<&str>, reach_by: &str) -> Person {
        Person {
            user_id: 1,
            email: "a@example.org".into(),
            phone: phone.map(str::to_string),
            reach_by: reach_by.into(),
        }
    }

    #[test]
    fn people_are_reached_as_they_asked_and_never_not_at_all() {
        let phone = Some("+46701234567");
        assert_eq!(person(phone, "sms").targets(true), ["sms"]);
        assert_eq!(person(phone, "both").targets(true), ["email", "sms"]);
        assert_eq!(person(phone, "mail").targets(true), ["email"]);
        // No gateway, or no number: mail rather than nothing.
        assert_eq!(person(phone, "sms").targets(false), ["email"]);
        assert_eq!(person(None, "sms").targets(true), ["email"]);
        assert_eq!(person(None, "both").targets(true), ["email"]);
    }
}
