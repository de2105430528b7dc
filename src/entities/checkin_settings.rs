use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "checkin_settings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// A normal day's volumes, against which workload change is measured.
    pub normal_calls: Option<i32>,
    pub normal_mails: Option<i32>,
    pub normal_chats: Option<i32>,
    pub normal_web_visits: Option<i32>,
    /// `HH:MM` local time: staff not checked in by then are reminded.
    pub reminder_time: Option<String>,
    /// `HH:MM` local time of the crisis group's daily meeting.
    pub meeting_time: Option<String>,
    pub meeting_minutes: i32,
    pub meeting_place: String,
    /// People working from home are due a wellbeing call this many days after the last.
    pub wellbeing_call_days: i32,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
