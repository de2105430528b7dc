use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A rehearsal of one scenario, from its start to its after-action review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "exercises")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub scenario_id: i32,
    pub title: String,
    /// `running`, `ended` or `reviewed`.
    pub status: String,
    pub started_at: DateTimeUtc,
    pub ended_at: Option<DateTimeUtc>,
    pub started_by_user_id: Option<i32>,
    /// The exercise's own level on the scenario's ladder.
    pub level_id: Option<i32>,
    /// Comma-separated user ids.
    pub participants: String,
    pub worked: String,
    pub did_not_work: String,
    pub reviewed_at: Option<DateTimeUtc>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
