use crate::checkins::forms::VolumesInput;
use crate::error::FieldErrors;
use crate::scenarios::vocab::{self, check_one_of};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const DELIVERY: &[&str] = &["green", "amber", "red"];

/// The follow-up of one open action: its status and what came of it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct Followup {
    pub action_id: i32,
    pub status: String,
    pub outcome: String,
    /// The action's version as shown in the form.
    pub version: i32,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ReportInput {
    /// The world outside: what is happening.
    pub situation: String,
    /// `green`, `amber` or `red`.
    pub delivery: String,
    pub delivery_note: String,
    pub volumes: VolumesInput,
    pub wellbeing_note: String,
    pub decisions: String,
    pub followups: Vec<Followup>,
    /// User ids of those present.
    pub attendees: Vec<i32>,
    /// The report's version when opened; none for a new one.
    pub version: Option<i32>,
}

impl ReportInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        check_one_of(&mut e, "delivery", &self.delivery, DELIVERY);
        for (field, text, max) in [
            ("situation", &self.situation, 8000),
            ("delivery_note", &self.delivery_note, 2000),
            ("wellbeing_note", &self.wellbeing_note, 2000),
            ("decisions", &self.decisions, 8000),
        ] {
            if text.chars().count() > max {
                e.add_with(
                    field,
                    "length",
                    format!("Use between 0 and {max} characters."),
                    &[("min", "0"), ("max", &max.to_string())],
                );
            }
        }
        for (field, v) in self.volumes.fields() {
            if v.is_some_and(|n| !(0..=10_000_000).contains(&n)) {
                e.add_with(
                    field,
                    "range",
                    "Use a value between 0 and 10000000.",
                    &[("min", "0"), ("max", "10000000")],
                );
            }
        }
        for (i, f) in self.followups.iter().enumerate() {
            check_one_of(
                &mut e,
                &format!("followups[{i}].status"),
                &f.status,
                vocab::ACTION_STATUSES,
            );
            if f.outcome.chars().count() > 4000 {
                e.add_with(
                    &format!("followups[{i}].outcome"),
                    "length",
                    "Use between 0 and 4000 characters.",
                    &[("min", "0"), ("max", "4000")],
                );
            }
        }
        e
    }
}

/// The form as the page sends it: parallel lists for the follow-ups, repeated attendees.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReportForm {
    pub situation: String,
    pub delivery: String,
    pub delivery_note: String,
    pub calls: Option<String>,
    pub mails: Option<String>,
    pub chats: Option<String>,
    pub web_visits: Option<String>,
    pub backlog: Option<String>,
    pub wellbeing_note: String,
    pub decisions: String,
    pub action_id: Vec<i32>,
    pub action_version: Vec<i32>,
    pub action_status: Vec<String>,
    pub action_outcome: Vec<String>,
    pub attendees: Vec<i32>,
    pub version: Option<i32>,
}

impl ReportForm {
    /// Numbers typed into the page; what is not a whole number is reported against its field.
    pub fn into_input(self) -> (ReportInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let mut num = |field: &str, v: &Option<String>| -> Option<i32> {
            let t = v.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
            match t.replace([' ', '\u{a0}'], "").parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add(field, "number", "Enter a whole number.");
                    None
                }
            }
        };
        let volumes = VolumesInput {
            calls: num("calls", &self.calls),
            mails: num("mails", &self.mails),
            chats: num("chats", &self.chats),
            web_visits: num("web_visits", &self.web_visits),
            backlog: num("backlog", &self.backlog),
        };
        let followups = self
            .action_id
            .iter()
            .enumerate()
            .map(|(i, id)| Followup {
                action_id: *id,
                version: self.action_version.get(i).copied().unwrap_or(0),
                status: self.action_status.get(i).cloned().unwrap_or_default(),
                outcome: self.action_outcome.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        let input = ReportInput {
            situation: self.situation,
            delivery: self.delivery,
            delivery_note: self.delivery_note,
            volumes,
            wellbeing_note: self.wellbeing_note,
            decisions: self.decisions,
            followups,
            attendees: self.attendees,
            version: self.version,
        };
        (input, errors)
    }
}
