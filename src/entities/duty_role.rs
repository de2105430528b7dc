use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Who holds one duty role now (crisis lead on duty, deputy, scribe, communicator on duty).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "duty_roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub role: String,
    pub user_id: Option<i32>,
    pub since: DateTimeUtc,
    /// The handover note.
    pub note: String,
    pub handed_over_by_user_id: Option<i32>,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
