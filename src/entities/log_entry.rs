use sea_orm::entity::prelude::*;
use serde::Serialize;

/// One line of the crisis log. Never edited: a correction is a new entry (`corrects_id`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "log_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub occurred_at: DateTimeUtc,
    /// `decision`, `event`, `information` or `request`.
    pub kind: String,
    /// What Beredskap wrote it for (`level_change`, `faq_published`, `faq_withdrawn`); empty
    /// when a person wrote it.
    pub event: String,
    pub text: String,
    pub scenario_id: Option<i32>,
    pub corrects_id: Option<i32>,
    pub author_user_id: Option<i32>,
    /// The exercise it belongs to; `None` for the real log.
    pub exercise_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
