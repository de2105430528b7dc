use sea_orm::entity::prelude::*;
use serde::Serialize;

/// An offer to join an organisation, accepted by the person through a signed link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub email: String,
    pub display_name: String,
    /// Comma-separated, as on memberships.
    pub roles: String,
    pub team_id: Option<i32>,
    pub invited_by: Option<i32>,
    /// `pending`, `accepted` or `revoked`.
    pub status: String,
    pub expires_at: DateTimeUtc,
    pub accepted_at: Option<DateTimeUtc>,
    pub accepted_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
