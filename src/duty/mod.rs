//! Who is on duty: the crisis lead on duty, the deputy, the scribe and the communicator on
//! duty, each held by one person at a time and handed over with a note. Shown on every
//! crisis-group page and in level alerts, which reach the people on duty first.
pub mod api;
pub mod forms;
pub mod service;
pub mod views;
pub mod web;

use crate::entities::{duty_role, user};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

/// The duty roles, in the order they are shown.
pub const ROLES: &[&str] = &["crisis_lead", "deputy", "scribe", "communicator"];

/// One duty role and who holds it now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OnDuty {
    /// `crisis_lead`, `deputy`, `scribe` or `communicator`.
    pub role: String,
    /// Nobody holds the role when empty.
    pub user_id: Option<i32>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Since when they hold it.
    pub since: Option<DateTime<Utc>>,
    /// The handover note.
    pub note: String,
    /// Send it back when handing over; 0 when the role was never held.
    pub version: i32,
}

/// Every duty role of the organisation, held or not, in `ROLES` order.
pub async fn current(db: &impl ConnectionTrait, org_id: i32) -> Result<Vec<OnDuty>, DbErr> {
    let rows = duty_role::Entity::find()
        .filter(duty_role::Column::OrganisationId.eq(org_id))
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().filter_map(|r| r.user_id).collect();
    let users = if ids.is_empty() {
        vec![]
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
    };
    Ok(ROLES
        .iter()
        .map(|role| {
            let row = rows.iter().find(|r| r.role == *role);
            let holder = row
                .and_then(|r| r.user_id)
                .and_then(|id| users.iter().find(|u| u.id == id));
            OnDuty {
                role: role.to_string(),
                user_id: holder.map(|u| u.id),
                name: holder.map(|u| u.display_name.clone()),
                phone: holder.and_then(|u| u.phone.clone()),
                email: holder.map(|u| u.email.clone()),
                since: row.filter(|_| holder.is_some()).map(|r| r.since),
                note: row.map(|r| r.note.clone()).unwrap_or_default(),
                version: row.map(|r| r.version).unwrap_or(0),
            }
        })
        .collect())
}

/// Only the roles somebody holds.
pub async fn held(db: &impl ConnectionTrait, org_id: i32) -> Result<Vec<OnDuty>, DbErr> {
    Ok(current(db, org_id)
        .await?
        .into_iter()
        .filter(|d| d.user_id.is_some())
        .collect())
}

/// "Crisis lead on duty: Karin Krisledare, 070-123 45 67" for each held role, for mails.
pub fn lines(lang: crate::i18n::Lang, on_duty: &[OnDuty]) -> Vec<String> {
    on_duty
        .iter()
        .filter_map(|d| {
            let name = d.name.as_deref()?;
            let role = lang.t(&format!("duty.role.{}", d.role));
            Some(match d.phone.as_deref() {
                Some(p) => format!("{role}: {name}, {p}"),
                None => format!("{role}: {name}"),
            })
        })
        .collect()
}
