use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One message to everyone (or one team) asking where they will work today.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "rollcalls")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// None: everyone in the organisation.
    pub team_id: Option<i32>,
    pub message: String,
    /// The organisation's local day the answers are check-ins for.
    pub day: Date,
    pub deadline_at: DateTimeUtc,
    pub remind_after_minutes: Option<i32>,
    pub reminded_at: Option<DateTimeUtc>,
    /// When the team leads got their lists and the crisis group the summary.
    pub escalated_at: Option<DateTimeUtc>,
    /// Set when a scenario reaching a level started it.
    pub level_change_id: Option<i32>,
    pub started_by_user_id: Option<i32>,
    /// When the messages went into the outbox (a level's roll-call is launched by the tick).
    pub launched_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The exercise it belongs to (its answers are not check-ins).
    pub exercise_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
