use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "delivery_channels")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub name: String,
    /// `slack`, `mattermost`, `teams` or `webhook` (Standard Webhooks, signed).
    pub kind: String,
    pub url: String,
    /// `whsec_…` for signed webhooks; empty for chat endpoints.
    #[serde(skip)]
    pub secret: String,
    /// `public` or `internal`; internal channels also hear of level changes.
    pub audience: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    pub owner_user_id: Option<i32>,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
