use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "situation_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub day: Date,
    pub situation: String,
    /// `green`, `amber` or `red`.
    pub delivery: String,
    pub delivery_note: String,
    pub wellbeing_note: String,
    pub decisions: String,
    /// Comma-separated user ids.
    pub attendees: String,
    pub headcount: i32,
    pub present: i32,
    pub absent: i32,
    pub unknown: i32,
    pub absence_pct: Option<f64>,
    pub wellbeing_avg: Option<f64>,
    pub workload_change_pct: Option<f64>,
    pub created_by_user_id: Option<i32>,
    /// The day's forecast per queue as it stood when the report was written (JSON).
    pub capacity: Option<String>,
    /// The day's top questions as they stood when the report was written (JSON).
    pub questions: Option<String>,
    /// The day's decisions from the crisis log as they stood when the report was saved (JSON).
    pub log_decisions: Option<String>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
