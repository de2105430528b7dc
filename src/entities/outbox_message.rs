use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "outbox_messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub publication_id: i32,
    pub entry_id: Option<i32>,
    /// `site`, `knowledge_base`, `live`, `email` or `channel`.
    pub target: String,
    pub channel_id: Option<i32>,
    pub subscriber_id: Option<i32>,
    pub user_id: Option<i32>,
    pub recipient: String,
    /// Built only from the revision (or level change) and the target: the mail's Message-ID and the webhook-id.
    pub idempotency_key: String,
    /// `pending`, `sending`, `retrying`, `sent`, `dead`, `superseded` or `cancelled`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// While `sending`: a worker that dies leaves the row to be reclaimed after this.
    pub lease_until: Option<DateTimeUtc>,
    pub claimed_by: Option<String>,
    pub last_error: Option<String>,
    pub last_status: Option<i32>,
    pub sent_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
