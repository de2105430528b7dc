//! Reading the trail back, always within one organisation.
use crate::entities::audit_event;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Entity kind, such as `user`, `team`, `organisation`, `session`.
    pub entity: Option<String>,
    /// Action, such as `create`, `update`, `deactivate`, `sign_in`.
    pub action: Option<String>,
    /// The acting user's id.
    pub actor: Option<i32>,
    /// Only events at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Only events before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    /// Page number, from 1.
    pub page: Option<u64>,
}

pub const PAGE_SIZE: u64 = 50;

pub struct AuditPage {
    pub events: Vec<audit_event::Model>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

pub async fn search(
    db: &impl ConnectionTrait,
    org_id: i32,
    f: &AuditFilter,
) -> Result<AuditPage, DbErr> {
    let mut q = audit_event::Entity::find().filter(audit_event::Column::OrganisationId.eq(org_id));
    if let Some(e) = f.entity.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_event::Column::Entity.eq(e));
    }
    if let Some(a) = f.action.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(audit_event::Column::Action.eq(a));
    }
    if let Some(actor) = f.actor {
        q = q.filter(audit_event::Column::ActorUserId.eq(actor));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_event::Column::OccurredAt.gte(from));
    }
    if let Some(to) = f.to {
        q = q.filter(audit_event::Column::OccurredAt.lt(to));
    }
    let total = q.clone().count(db).await?;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = f.page.unwrap_or(1).clamp(1, pages);
    let events = q
        .order_by_desc(audit_event::Column::OccurredAt)
        .order_by_desc(audit_event::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    Ok(AuditPage {
        events,
        total,
        page,
        pages,
    })
}

/// The distinct entity kinds seen in an organisation's trail, for the filter.
pub async fn entity_kinds(db: &impl ConnectionTrait, org_id: i32) -> Result<Vec<String>, DbErr> {
    audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::Entity)
        .distinct()
        .filter(audit_event::Column::OrganisationId.eq(org_id))
        .order_by_asc(audit_event::Column::Entity)
        .into_tuple::<String>()
        .all(db)
        .await
}
