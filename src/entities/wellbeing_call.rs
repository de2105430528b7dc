use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A team lead's call to someone working from home.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "wellbeing_calls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub user_id: i32,
    pub team_id: Option<i32>,
    pub caller_user_id: Option<i32>,
    pub called_at: DateTimeUtc,
    pub reached: bool,
    /// 1–5, when reached.
    pub wellbeing: Option<i32>,
    /// For the person's leads and the crisis lead only.
    pub note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
