//! Inputs for teams, members and organisation settings.
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;
use validator::{Validate, ValidationError};

pub fn valid_time_zone(tz: &str) -> Result<(), ValidationError> {
    tz.parse::<chrono_tz::Tz>()
        .map(|_| ())
        .map_err(|_| ValidationError::new("time_zone"))
}

pub fn valid_language(lang: &str) -> Result<(), ValidationError> {
    crate::i18n::Lang::parse(lang)
        .map(|_| ())
        .ok_or_else(|| ValidationError::new("language"))
}

/// Slugs appear in public addresses (`/p/{slug}/faq`): lower-case letters, digits and dashes.
pub fn valid_slug(slug: &str) -> Result<(), ValidationError> {
    let ok = !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(()).ok_or_else(|| ValidationError::new("slug"))
}

/// Lets a PATCH tell "leave as is" (absent) from "clear it" (`null`).
pub fn double_option<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct TeamInput {
    #[validate(length(min = 1, max = 80, code = "length"))]
    #[schema(required = true, min_length = 1, max_length = 80)]
    pub name: String,
}

impl TeamInput {
    pub fn normalised(mut self) -> Self {
        self.name = self.name.trim().to_string();
        self
    }
}

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct NewMember {
    #[validate(email(code = "email"), length(min = 1, max = 254, code = "length"))]
    #[schema(required = true, format = Email, max_length = 254)]
    pub email: String,
    #[validate(length(min = 1, max = 120, code = "length"))]
    #[schema(required = true, min_length = 1, max_length = 120)]
    pub display_name: String,
    /// One or more of `admin`, `crisis_lead`, `crisis_member`, `communicator`, `staff`.
    #[schema(required = true, min_items = 1)]
    pub roles: Vec<String>,
    pub team_id: Option<i32>,
}

impl NewMember {
    pub fn normalised(mut self) -> Self {
        self.email = self.email.trim().to_lowercase();
        self.display_name = self.display_name.trim().to_string();
        self
    }
}

/// Changes to a membership; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MemberUpdate {
    pub roles: Option<Vec<String>>,
    #[serde(deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    pub team_id: Option<Option<i32>>,
    pub active: Option<bool>,
    /// The person's mobile number (E.164 once stored); empty removes it.
    pub phone: Option<String>,
    /// `mail`, `sms` or `both`.
    pub reach_by: Option<String>,
}

/// The member form on the page sends everything at once; an unticked box sends nothing.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub roles: Vec<String>,
    pub team_id: Option<i32>,
    pub active: Option<String>,
}

impl From<MemberForm> for MemberUpdate {
    fn from(f: MemberForm) -> Self {
        MemberUpdate {
            roles: Some(f.roles),
            team_id: Some(f.team_id),
            active: Some(f.active.is_some()),
            // The member page does not edit contact details; the API does.
            phone: None,
            reach_by: None,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Validate, ToSchema)]
#[serde(default)]
pub struct OrganisationSettings {
    #[validate(length(min = 1, max = 120, code = "length"))]
    pub name: String,
    /// An IANA time zone such as `Europe/Stockholm`.
    #[validate(custom(function = "valid_time_zone"))]
    pub time_zone: String,
    /// `en` or `sv`.
    #[validate(custom(function = "valid_language"))]
    pub default_language: String,
    /// The sites allowed to show the FAQ in a frame (`/p/{org}/embed`): origins such as
    /// `https://www.example.se`, separated by spaces or new lines. Left out: kept as it is.
    #[schema(max_length = 2000)]
    pub embed_origins: Option<String>,
}

/// The most origins an organisation may list.
pub const MAX_EMBED_ORIGINS: usize = 20;

/// Reads the listed origins as `scheme://host[:port]`, or says which one is not an origin.
pub fn embed_origins(text: &str) -> Result<Vec<String>, String> {
    let mut out: Vec<String> = vec![];
    for item in text.split(|c: char| c.is_whitespace() || c == ',') {
        if item.is_empty() {
            continue;
        }
        let parsed = url::Url::parse(item).map_err(|_| item.to_string())?;
        let plain = matches!(parsed.scheme(), "https" | "http")
            && parsed.host_str().is_some()
            && parsed.username().is_empty()
            && parsed.password().is_none()
            && matches!(parsed.path(), "" | "/")
            && parsed.query().is_none()
            && parsed.fragment().is_none();
        if !plain {
            return Err(item.to_string());
        }
        let origin = parsed.origin().ascii_serialization();
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    if out.len() > MAX_EMBED_ORIGINS {
        return Err(out[MAX_EMBED_ORIGINS].clone());
    }
    Ok(out)
}
