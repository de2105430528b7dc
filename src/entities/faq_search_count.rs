use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Public searches for one normalised query on one local day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "faq_search_counts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub day: Date,
    pub query: String,
    pub searches: i64,
    /// Of those, the searches that found no answer.
    pub empty_searches: i64,
    /// The answer written for the query ("Answer this").
    pub faq_entry_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
