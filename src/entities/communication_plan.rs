use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "communication_plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// `staff`, `customers`, `management`, `other_departments` or `partners`.
    pub audience: String,
    pub owner_user_id: Option<i32>,
    pub deputy_user_id: Option<i32>,
    /// Comma-separated channel names as people say them.
    pub channels: String,
    /// `daily`, `weekly` or `on_change`.
    pub cadence: String,
    pub notes: String,
    pub last_communicated_at: Option<DateTimeUtc>,
    pub next_due_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
