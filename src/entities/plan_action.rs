use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "plan_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub scenario_id: i32,
    /// None: a preparatory action, for any level.
    pub level_id: Option<i32>,
    /// `communication`, `staffing` or `technology`.
    pub area: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<i32>,
    pub due_date: Option<Date>,
    /// `planned`, `in_progress`, `done` or `cancelled`.
    pub status: String,
    pub outcome: Option<String>,
    /// `worked`, `partly` or `did_not_work`.
    pub outcome_rating: Option<String>,
    pub position: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
