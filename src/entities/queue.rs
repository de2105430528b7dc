use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A contact channel the centre staffs: phone, chat or e-mail/cases.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "queues")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub name: String,
    /// `voice`, `chat` or `email`.
    pub kind: String,
    /// 15, 30 or 60.
    pub interval_minutes: i32,
    /// Seven entries, Monday first: `HH:MM-HH:MM`, or empty when closed.
    pub opening_hours: String,
    /// A normal day's contacts per weekday, Monday first.
    pub weekday_volumes: String,
    /// Weights per interval from midnight: the shape of a normal day.
    pub profile: String,
    /// 0–1: the share to answer within `target_seconds`.
    pub target_service_level: f64,
    pub target_seconds: i32,
    pub aht_seconds: i32,
    /// Chats an agent handles at once (1 for voice and e-mail).
    pub concurrency: i32,
    pub patience_seconds: Option<i32>,
    pub max_occupancy: f64,
    pub shrinkage: f64,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
