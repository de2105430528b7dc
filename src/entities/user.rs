use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub email: String,
    pub display_name: String,
    /// Never serialised: the audit trail and the API must not carry it.
    #[serde(skip)]
    pub password_hash: String,
    pub language: Option<String>,
    /// A mobile number in E.164, for roll-call messages by SMS.
    pub phone: Option<String>,
    /// `mail`, `sms` or `both`.
    pub reach_by: String,
    #[serde(skip)]
    pub token_version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::membership::Entity")]
    Membership,
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl ActiveModel {
    /// A new account with no saved language (the browser's decides) and its first token
    /// version: the one shape every way of making an account (a command, an invitation, the
    /// demo) starts from.
    pub fn new_account(
        email: String,
        display_name: String,
        password_hash: String,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        use sea_orm::Set;
        ActiveModel {
            email: Set(email),
            display_name: Set(display_name),
            password_hash: Set(password_hash),
            language: Set(None),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    }
}
