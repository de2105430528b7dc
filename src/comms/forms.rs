use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use serde::Deserialize;
use utoipa::ToSchema;

pub const AUDIENCES: &[&str] = &[
    "staff",
    "customers",
    "management",
    "other_departments",
    "partners",
];
pub const CADENCES: &[&str] = &["daily", "weekly", "on_change"];

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommunicationPlanInput {
    pub owner_user_id: Option<i32>,
    pub deputy_user_id: Option<i32>,
    /// Channels in the users' words, comma-separated ("intranet, daily briefing, SMS").
    pub channels: String,
    /// `daily`, `weekly` or `on_change`.
    pub cadence: String,
    pub notes: String,
    pub version: Option<i32>,
}

impl CommunicationPlanInput {
    pub fn normalised(mut self) -> Self {
        self.channels = self
            .channels
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        self.notes = self.notes.trim().to_string();
        self
    }

    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        check_one_of(&mut e, "cadence", &self.cadence, CADENCES);
        if self.channels.chars().count() > 300 {
            e.add_with(
                "channels",
                "length",
                "Use between 0 and 300 characters.",
                &[("min", "0"), ("max", "300")],
            );
        }
        if self.notes.chars().count() > 2000 {
            e.add_with(
                "notes",
                "length",
                "Use between 0 and 2000 characters.",
                &[("min", "0"), ("max", "2000")],
            );
        }
        if self.owner_user_id.is_some() && self.owner_user_id == self.deputy_user_id {
            e.add(
                "deputy_user_id",
                "same_as_owner",
                "The deputy must be someone other than the owner.",
            );
        }
        e
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MeetingRuleInput {
    pub text: String,
}

impl MeetingRuleInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if !(1..=300).contains(&self.text.trim().chars().count()) {
            e.add_with(
                "text",
                "length",
                "Use between 1 and 300 characters.",
                &[("min", "1"), ("max", "300")],
            );
        }
        e
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChiefCommunicatorInput {
    /// None: nobody named yet.
    pub user_id: Option<i32>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommunicatedInput {
    /// What was said, for the audit trail.
    pub note: String,
}
