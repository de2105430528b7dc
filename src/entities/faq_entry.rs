use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "faq_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub category: String,
    pub position: i32,
    /// `public` (the public page, feed, subscribers) or `internal` (staff only).
    pub visibility: String,
    pub question: String,
    /// Markdown; rendered to sanitised HTML wherever it is shown.
    pub answer_md: String,
    pub internal_note: String,
    pub working_on_it: bool,
    /// While `working_on_it`, when the next update was promised.
    pub next_update_at: Option<DateTimeUtc>,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
    pub revision_count: i32,
    pub first_published_at: Option<DateTimeUtc>,
    pub last_published_at: Option<DateTimeUtc>,
    /// When the answer was last published or confirmed unchanged ("no news").
    pub checked_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
