use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Something that happens in a drill `at_minutes` after its start.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "exercise_injects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub exercise_id: i32,
    pub organisation_id: i32,
    pub at_minutes: i32,
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
