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
    #[schema(
        required = true,
        pattern = "^(office|remote|sick|child_care|leave|other_absence)$"
    )]
    pub status: String,
    /// How you feel, 1 (bad) to 5 (good). Optional.
    #[schema(minimum = 1, maximum = 5)]
    pub wellbeing: Option<i32>,
    pub note: String,
    /// `YYYY-MM-DD`; today (the organisation's day) when left out. Later days only for planned
    /// leave or other planned absence.
    pub day: Option<String>,
}

/// One control of the check-in page: a status button, a wellbeing face, or the note form.
/// A field that is not sent is not changed, so tapping a face keeps the note and another
/// status keeps the wellbeing answer (`Some("")` clears a note, leaving it out keeps it).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CheckinTap {
    pub status: Option<String>,
    pub wellbeing: Option<String>,
    pub note: Option<String>,
}

impl CheckinTap {
    /// Today's check-in with this control's change applied.
    pub fn merged(
        &self,
        todays: Option<&crate::entities::staff_checkin::Model>,
    ) -> (CheckinInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let wellbeing = match self.wellbeing.as_deref().map(str::trim) {
            None => todays.and_then(|c| c.wellbeing),
            Some("") => None,
            Some(w) => match w.parse::<i32>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.add_with(
                        "wellbeing",
                        "range",
                        "Use a value between 1 and 5.",
                        &[("min", "1"), ("max", "5")],
                    );
                    None
                }
            },
        };
        let input = CheckinInput {
            status: self
                .status
                .clone()
                .or_else(|| todays.map(|c| c.status.clone()))
                .unwrap_or_default(),
            wellbeing,
            note: self
                .note
                .clone()
                .or_else(|| todays.map(|c| c.note.clone()))
                .unwrap_or_default(),
            day: None,
        };
        (input, errors)
    }
}

/// The "plan ahead" form: its own field names, so the page has no two fields with one id.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PlanForm {
    pub plan_day: String,
    pub plan_status: String,
    pub plan_note: String,
}

impl PlanForm {
    pub fn input(&self) -> CheckinInput {
        CheckinInput {
            status: self.plan_status.clone(),
            wellbeing: None,
            note: self.plan_note.clone(),
            day: Some(self.plan_day.clone()),
        }
    }

    /// Errors named by the check-in fields, renamed to this form's.
    pub fn errors(errors: FieldErrors) -> FieldErrors {
        FieldErrors(
            errors
                .0
                .into_iter()
                .map(|mut e| {
                    e.field = format!("plan_{}", e.field);
                    e
                })
                .collect(),
        )
    }
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
    /// Days between a team lead's wellbeing calls to someone working from home (1–60, 7
    /// unless set).
    pub wellbeing_call_days: Option<i32>,
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
        if self
            .wellbeing_call_days
            .is_some_and(|d| !(1..=60).contains(&d))
        {
            e.add_with(
                "wellbeing_call_days",
                "range",
                "Use a value between 1 and 60.",
                &[("min", "1"), ("max", "60")],
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
