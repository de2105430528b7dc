use sea_orm::entity::prelude::*;
use serde::Serialize;

/// The share of a team's present time spent on a queue.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "queue_shares")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub queue_id: i32,
    pub team_id: i32,
    /// 0–100.
    pub share_pct: f64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
