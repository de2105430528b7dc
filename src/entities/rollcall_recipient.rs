use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One person asked in a roll-call, and their answer.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "rollcall_recipients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub rollcall_id: i32,
    pub organisation_id: i32,
    pub user_id: i32,
    /// Their team when the roll-call started.
    pub team_id: Option<i32>,
    /// The check-in status they answered with.
    pub status: Option<String>,
    pub answered_at: Option<DateTimeUtc>,
    /// `link`, `sms`, `app` or `on_behalf`.
    pub answered_via: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
