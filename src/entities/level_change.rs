use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "level_changes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub scenario_id: i32,
    pub from_level_id: Option<i32>,
    pub to_level_id: Option<i32>,
    pub from_name: Option<String>,
    pub to_name: Option<String>,
    pub metric: String,
    pub value: Option<f64>,
    /// `automatic`, `manual` or `released` (back to automatic).
    pub cause: String,
    pub reason: Option<String>,
    pub changed_by_user_id: Option<i32>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
