use sea_orm::entity::prelude::*;
use serde::Serialize;

/// "Asked again": a member of staff gave this answer today, on this channel.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "faq_asks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub faq_entry_id: i32,
    pub user_id: i32,
    /// The organisation's local day.
    pub day: Date,
    pub channel: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
