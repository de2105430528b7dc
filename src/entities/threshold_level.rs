use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "threshold_levels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub scenario_id: i32,
    pub position: i32,
    pub name: String,
    pub trigger_value: f64,
    pub description: String,
    /// Reaching this level starts a roll-call of everyone with `rollcall_message`.
    pub start_rollcall: bool,
    pub rollcall_message: String,
    /// The prepared FAQ question for when the level is reached (may hold `{scenario}`, `{level}`,
    /// `{next_update}`, `{organisation}`); empty when none is prepared.
    pub holding_question: String,
    pub holding_answer: String,
    /// A situation report is due this many hours after the last while the level is active.
    pub report_every_hours: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
