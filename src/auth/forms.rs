//! Sign-in and account inputs, validated with `validator`.
use crate::auth::password::MIN_PASSWORD_LENGTH;
use serde::Deserialize;
use utoipa::ToSchema;
use validator::Validate;

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct LoginRequest {
    #[validate(email(code = "email"), length(min = 1, max = 254, code = "length"))]
    #[schema(required = true, format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 1024, code = "length"))]
    #[schema(required = true, min_length = 1, max_length = 1024)]
    pub password: String,
    /// The organisation's slug; the first one the person belongs to when left out.
    pub organisation: Option<String>,
    /// Pages only: where to go after signing in.
    #[serde(default)]
    #[schema(ignore)]
    pub next: Option<String>,
}

impl LoginRequest {
    /// People paste addresses with spaces and capitals; accounts are stored lower-case.
    pub fn normalised(mut self) -> Self {
        self.email = self.email.trim().to_lowercase();
        self
    }
}

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct PasswordChange {
    #[validate(length(min = 1, max = 1024, code = "length"))]
    pub current_password: String,
    #[validate(length(min = MIN_PASSWORD_LENGTH, max = 1024, code = "length"))]
    pub new_password: String,
}

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct ProfileUpdate {
    #[validate(length(min = 1, max = 120, code = "length"))]
    #[schema(required = true, min_length = 1, max_length = 120)]
    pub display_name: String,
    /// `en` or `sv`; empty means "follow my browser".
    #[serde(default)]
    pub language: Option<String>,
    /// A mobile number as written (`070-123 45 67`, `+46 70 123 45 67`), stored in E.164;
    /// empty removes it, left out keeps it.
    #[serde(default)]
    pub phone: Option<String>,
    /// How to be reached for roll-calls: `mail`, `sms` or `both` (SMS needs a number).
    #[serde(default)]
    pub reach_by: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    pub language: String,
    pub return_to: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct OrganisationChoice {
    pub organisation_id: i32,
}
