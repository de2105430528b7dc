use super::absence::{can_be_planned, STATUSES};
use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CheckinInput {
    /// `office`, `remote`, `sick`, `child_care`, `leave` or `other_absence`.
    pub status: String,
    /// How you feel, 1 (bad) to 5 (good). Optional.
    pub wellbeing: Option<i32>,
    pub note: String,
    /// `YYYY-MM-DD`; today (the organisation's day) when left out. Later days only for planned
    /// leave or other planned absence.
    pub day: Option<String>,
}

impl CheckinInput {
    pub fn check(&self, today: NaiveDate) -> (FieldErrors, NaiveDate) {
        let mut e = FieldErrors::default();
        check_one_of(&mut e, "status", &self.status, STATUSES);
        if let Some(w) = self.wellbeing {
            if !(1..=5).contains(&w) {
                e.add_with(
                    "wellbeing",
                    "range",
                    "Use a value between 1 and 5.",
                    &[("min", "1"), ("max", "5")],
                );
            }
        }
        if self.note.chars().count() > 500 {
            e.add_with(
                "note",
                "length",
                "Use between 0 and 500 characters.",
                &[("min", "0"), ("max", "500")],
            );
        }
        let day = match self.day.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
            None => today,
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Err(_) => {
                    e.add("day", "date", "Enter a date as YYYY-MM-DD.");
                    today
                }
                Ok(day) if day < today => {
                    e.add(
                        "day",
                        "past_day",
                        "A day that has passed cannot be checked in for.",
                    );
                    day
                }
                Ok(day) if day > today && !can_be_planned(&self.status) => {
                    e.add(
                        "day",
                        "not_plannable",
                        "Only leave and other planned absence can be entered ahead.",
                    );
                    day
                }
                Ok(day) if (day - today).num_days() > 366 => {
                    e.add("day", "too_far", "Plan at most a year ahead.");
                    day
                }
                Ok(day) => day,
            },
        };
        (e, day)
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct VolumesInput {
    pub calls: Option<i32>,
    pub mails: Option<i32>,
    pub chats: Option<i32>,
    pub web_visits: Option<i32>,
    pub backlog: Option<i32>,
}

impl VolumesInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        for (field, v) in self.fields() {
            if v.is_some_and(|n| !(0..=10_000_000).contains(&n)) {
                e.add_with(
                    field,
                    "range",
                    "Use a value between 0 and 10000000.",
                    &[("min", "0"), ("max", "10000000")],
                );
            }
        }
        e
    }

    pub fn fields(&self) -> [(&'static str, Option<i32>); 5] {
        [
            ("calls", self.calls),
            ("mails", self.mails),
            ("chats", self.chats),
            ("web_visits", self.web_visits),
            ("backlog", self.backlog),
        ]
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SettingsInput {
    pub normal_calls: Option<i32>,
    pub normal_mails: Option<i32>,
    pub normal_chats: Option<i32>,
    pub normal_web_visits: Option<i32>,
    /// `HH:MM`, the organisation's time: staff not checked in by then get a reminder.
    pub reminder_time: Option<String>,
    /// `HH:MM`, the organisation's time of the crisis group's daily check-in.
    pub meeting_time: Option<String>,
    pub meeting_minutes: Option<i32>,
    pub meeting_place: String,
    pub version: Option<i32>,
}

pub fn parse_hhmm(s: &str) -> Option<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

impl SettingsInput {
    pub fn normalised(mut self) -> Self {
        self.reminder_time = self
            .reminder_time
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self.meeting_time = self
            .meeting_time
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        self.meeting_place = self.meeting_place.trim().to_string();
        self
    }

    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        for (field, v) in [
            ("normal_calls", self.normal_calls),
            ("normal_mails", self.normal_mails),
            ("normal_chats", self.normal_chats),
            ("normal_web_visits", self.normal_web_visits),
        ] {
            if v.is_some_and(|n| !(0..=10_000_000).contains(&n)) {
                e.add_with(
                    field,
                    "range",
                    "Use a value between 0 and 10000000.",
                    &[("min", "0"), ("max", "10000000")],
                );
            }
        }
        for (field, v) in [
            ("reminder_time", &self.reminder_time),
            ("meeting_time", &self.meeting_time),
        ] {
            if v.as_deref().is_some_and(|t| parse_hhmm(t).is_none()) {
                e.add(field, "time", "Enter a time as HH:MM, for example 08:30.");
            }
        }
        if self
            .meeting_minutes
            .is_some_and(|m| !(5..=480).contains(&m))
        {
            e.add_with(
                "meeting_minutes",
                "range",
                "Use a value between 5 and 480.",
                &[("min", "5"), ("max", "480")],
            );
        }
        if self.meeting_place.chars().count() > 200 {
            e.add_with(
                "meeting_place",
                "length",
                "Use between 0 and 200 characters.",
                &[("min", "0"), ("max", "200")],
            );
        }
        e
    }
}
