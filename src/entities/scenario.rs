use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "scenarios")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// `high_absence`, `relocation`, `workload_up`, `workload_down` or `custom`.
    pub kind: String,
    /// Set for scenarios added from the standard set, so adding it twice adds nothing.
    pub standard_key: Option<String>,
    pub title: String,
    pub description: String,
    pub probability: i32,
    pub consequence: i32,
    pub owner_user_id: Option<i32>,
    /// `monitoring`, `active` or `closed`.
    pub status: String,
    /// What the ladder measures: `absence`, `workload_increase`, `workload_decrease` or `manual`.
    pub metric: String,
    /// Percentage points below a trigger the value must fall before its level is left.
    pub hysteresis_margin: f64,
    pub current_level_id: Option<i32>,
    /// The level the live figures point to, shown beside a level set by hand.
    pub computed_level_id: Option<i32>,
    pub level_set_manually: bool,
    /// The queue a `forecast_service_level` ladder reads; none reads the worst queue.
    pub queue_id: Option<i32>,
    /// Bumped on every edit; an edit made from an older version is refused.
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
