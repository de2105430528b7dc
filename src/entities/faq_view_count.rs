use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Views of the public FAQ page (`faq_entry_id` 0) or of one answer's page, per local day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "faq_view_counts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub faq_entry_id: i32,
    pub day: Date,
    pub views: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
