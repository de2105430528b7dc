use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "checklist_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub template_id: i32,
    pub position: i32,
    /// `yes_no`, `choice`, `number` or `text`.
    pub kind: String,
    pub question: String,
    pub help: String,
    /// For `choice`: one option per line.
    pub options: String,
    /// What blocks home working: `no` for yes/no, blocking options (one per line) for a choice, a minimum for a number; empty: never blocks.
    pub blocks_on: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
