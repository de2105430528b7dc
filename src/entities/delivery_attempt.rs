use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One try at delivering one outbox row, kept so the board shows the whole history.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "delivery_attempts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub outbox_message_id: i32,
    pub attempted_at: DateTimeUtc,
    pub outcome: String,
    pub http_status: Option<i32>,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
