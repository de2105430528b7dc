use sea_orm::entity::prelude::*;
use serde::Serialize;

/// How many of a settled publication's targets ended in one status, per channel.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "publication_counts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub publication_id: i32,
    /// `site`, `knowledge_base`, `live`, `email` or `channel`.
    pub target: String,
    /// The chat or webhook channel's name for `channel`; empty for the others.
    pub channel: String,
    /// `sent`, `dead`, `superseded` or `cancelled`.
    pub status: String,
    pub n: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
