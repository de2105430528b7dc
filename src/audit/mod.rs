//! The audit trail: who changed what, when, with the record before and after. Written through
//! `record` on the same connection or transaction as the change, so both land or neither does.
pub mod api;
pub mod repo;
pub mod views;
pub mod web;
pub mod words;

use crate::auth::CurrentUser;
use crate::entities::audit_event;
use chrono::Utc;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};
use serde::Serialize;

/// Who made a change: a signed-in person, or the system itself (a command, the demo seed).
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub name: String,
}

impl Actor {
    pub fn system(what: &str) -> Self {
        Actor {
            user_id: None,
            name: format!("system ({what})"),
        }
    }
}

impl From<&CurrentUser> for Actor {
    fn from(u: &CurrentUser) -> Self {
        Actor {
            user_id: Some(u.user.id),
            name: format!("{} <{}>", u.user.display_name, u.user.email),
        }
    }
}

/// A JSON snapshot of a record for the trail (secrets are `#[serde(skip)]` on the entities).
pub fn snapshot<T: Serialize>(value: &T) -> Option<serde_json::Value> {
    serde_json::to_value(value).ok()
}

pub struct Change<'a> {
    pub organisation_id: Option<i32>,
    pub entity: &'a str,
    pub entity_id: String,
    pub action: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    change: Change<'_>,
) -> Result<(), DbErr> {
    audit_event::Entity::insert(row(actor, change))
        .exec(db)
        .await?;
    Ok(())
}

/// Several changes in one statement (a batch of check-ins committed together).
pub async fn record_many<'a>(
    db: &impl ConnectionTrait,
    changes: impl IntoIterator<Item = (&'a Actor, Change<'a>)>,
) -> Result<(), DbErr> {
    let rows: Vec<_> = changes.into_iter().map(|(a, c)| row(a, c)).collect();
    if rows.is_empty() {
        return Ok(());
    }
    audit_event::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn row(actor: &Actor, change: Change<'_>) -> audit_event::ActiveModel {
    audit_event::ActiveModel {
        organisation_id: Set(change.organisation_id),
        actor_user_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        occurred_at: Set(Utc::now()),
        entity: Set(change.entity.to_string()),
        entity_id: Set(change.entity_id),
        action: Set(change.action.to_string()),
        before: Set(change.before),
        after: Set(change.after),
        ..Default::default()
    }
}
