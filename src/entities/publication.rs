use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "publications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    /// `faq_new`, `faq_changed`, `faq_no_news`, `level_change` or a roll-call's `rollcall…`.
    pub kind: String,
    pub entry_id: Option<i32>,
    pub revision_id: Option<i32>,
    pub level_change_id: Option<i32>,
    /// Set for a roll-call's messages (`rollcall`, `rollcall_reminder`, `rollcall_escalation`).
    pub rollcall_id: Option<i32>,
    pub title: String,
    pub created_by_user_id: Option<i32>,
    pub created_at: DateTimeUtc,
    /// When every target reached an end and the counts were kept in `publication_counts`;
    /// empty while anything is still on its way (and again after "resend failed").
    pub settled_at: Option<DateTimeUtc>,
    /// An exercise notice: which exercise.
    pub exercise_id: Option<i32>,
    /// An exercise notice's text (the headline is `title`).
    pub body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
