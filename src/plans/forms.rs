use crate::error::FieldErrors;
use crate::scenarios::vocab::{self, check_one_of};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionInput {
    /// The level the action belongs to; none for a preparatory action.
    pub level_id: Option<i32>,
    /// `communication`, `staffing` or `technology`.
    pub area: String,
    pub title: String,
    pub description: String,
    pub owner_user_id: Option<i32>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    /// `planned`, `in_progress`, `done` or `cancelled`.
    pub status: String,
    /// What happened when the action was taken.
    pub outcome: Option<String>,
    /// `worked`, `partly` or `did_not_work`.
    pub outcome_rating: Option<String>,
    /// For an edit: the version the form was opened at.
    pub version: Option<i32>,
    /// Keep a due date that has already passed. The pages ask for it before saving such a
    /// date on an open action; the API takes the date as given.
    pub past_due_ok: bool,
}

impl ActionInput {
    /// The pages question a due date that has passed on an action still open, as the FAQ
    /// questions a promised update in the past: a slip of the year is the usual cause. A date
    /// the action already had is not asked about again.
    pub fn question_past_due(
        &self,
        errors: &mut FieldErrors,
        had: Option<NaiveDate>,
        today: NaiveDate,
    ) {
        let open = !matches!(self.status.as_str(), "done" | "cancelled");
        let due = self
            .due_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
        if let Some(due) = due {
            if open && due < today && Some(due) != had && !self.past_due_ok {
                errors.add(
                    "due_date",
                    "past_due",
                    "This date has passed. Choose a later one, or tick the box to keep it.",
                );
            }
        }
    }

    pub fn normalised(mut self) -> Self {
        self.title = self.title.trim().to_string();
        self.description = self.description.trim().to_string();
        if self.status.is_empty() {
            self.status = "planned".into();
        }
        self.outcome = self
            .outcome
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty());
        self.outcome_rating = self.outcome_rating.filter(|r| !r.is_empty());
        self.due_date = self
            .due_date
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty());
        self
    }

    /// Checks everything but references to other records; returns the parsed due date.
    pub fn check(&self) -> (FieldErrors, Option<NaiveDate>) {
        let mut e = FieldErrors::default();
        check_one_of(&mut e, "area", &self.area, vocab::AREAS);
        if !(1..=200).contains(&self.title.chars().count()) {
            e.add_with(
                "title",
                "length",
                "Use between 1 and 200 characters.",
                &[("min", "1"), ("max", "200")],
            );
        }
        if self.description.chars().count() > 4000 {
            e.add_with(
                "description",
                "length",
                "Use between 0 and 4000 characters.",
                &[("min", "0"), ("max", "4000")],
            );
        }
        check_one_of(&mut e, "status", &self.status, vocab::ACTION_STATUSES);
        if let Some(r) = &self.outcome_rating {
            check_one_of(&mut e, "outcome_rating", r, vocab::RATINGS);
        }
        if self
            .outcome
            .as_ref()
            .is_some_and(|o| o.chars().count() > 4000)
        {
            e.add_with(
                "outcome",
                "length",
                "Use between 0 and 4000 characters.",
                &[("min", "0"), ("max", "4000")],
            );
        }
        let due = match &self.due_date {
            None => None,
            Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                Ok(date) => Some(date),
                Err(_) => {
                    e.add("due_date", "date", "Enter a date as YYYY-MM-DD.");
                    None
                }
            },
        };
        (e, due)
    }
}
