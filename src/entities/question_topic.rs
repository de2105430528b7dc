use sea_orm::entity::prelude::*;
use serde::Serialize;

/// Questions that say the same thing, grouped under the words of the first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "question_topics")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub text: String,
    /// What new questions are compared with.
    pub normalised: String,
    /// The answer written for it (a draft until published).
    pub faq_entry_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub last_asked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
