use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "staff_checkins")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub user_id: i32,
    /// The organisation's local day.
    pub day: Date,
    /// `office`, `remote`, `sick`, `child_care`, `leave` or `other_absence`.
    pub status: String,
    /// 1–5; none for leave entered ahead.
    pub wellbeing: Option<i32>,
    pub note: String,
    /// Someone other than the person, when a crisis lead recorded it on their behalf.
    pub recorded_by_user_id: Option<i32>,
    /// `app`, `on_behalf`, `rollcall` (a tap on a roll-call link) or `sms` (a digit reply).
    pub source: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
