use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: Option<i32>,
    pub actor_user_id: Option<i32>,
    pub actor_name: String,
    pub occurred_at: DateTimeUtc,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<Json>,
    pub after: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
