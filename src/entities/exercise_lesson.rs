use sea_orm::entity::prelude::*;
use serde::Serialize;

/// A lesson of an after-action review and the action it became.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "exercise_lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub exercise_id: i32,
    pub organisation_id: i32,
    pub text: String,
    /// `action` or `plan_change`.
    pub kind: String,
    pub owner_user_id: Option<i32>,
    pub action_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
