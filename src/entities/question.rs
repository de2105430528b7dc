use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A question a member of staff was asked that the FAQ does not answer (yet).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "questions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub topic_id: i32,
    pub text: String,
    /// `phone`, `mail`, `chat`, `social`, `forum` or `visit`.
    pub channel: String,
    pub user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
