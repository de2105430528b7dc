use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "faq_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub entry_id: i32,
    pub number: i32,
    /// `new`, `changed` or `no_news`.
    pub kind: String,
    pub question: String,
    pub answer_md: String,
    pub internal_note: String,
    pub category: String,
    pub visibility: String,
    pub working_on_it: bool,
    pub next_update_at: Option<DateTimeUtc>,
    pub author_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
