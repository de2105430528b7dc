//! What communicators send when they write, publish or refresh an answer.
use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

pub const VISIBILITIES: &[&str] = &["public", "internal"];

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FaqEntryInput {
    #[schema(required = true, min_length = 3, max_length = 300)]
    pub question: String,
    /// Markdown.
    #[schema(required = true, min_length = 1, max_length = 20000)]
    pub answer: String,
    #[schema(max_length = 80)]
    pub category: String,
    /// Order within the category; lower first.
    pub position: Option<i32>,
    /// `public` or `internal`.
    #[schema(pattern = "^(|public|internal)$")]
    pub visibility: String,
    /// Shown to staff only, in the knowledge base.
    #[schema(max_length = 4000)]
    pub internal_note: String,
    /// "Still working on it": the answer is provisional and a next update is promised.
    pub working_on_it: bool,
    /// When the next update is promised: RFC 3339, or `YYYY-MM-DDTHH:MM` in the organisation's
    /// time zone (what a browser's datetime-local field sends).
    pub next_update_at: String,
    /// The version this edit started from (required when editing).
    pub version: Option<i32>,
    /// `publish` (the default) or `draft` (saved, not shown anywhere yet; only before the
    /// first publication).
    pub action: String,
    /// The board's question topic this answers ("Answer this"); its questions then point here.
    pub topic_id: Option<i32>,
    /// The public search this answers ("Answer this"); its counts then point here.
    #[schema(max_length = 300)]
    pub search: String,
}

/// Checked input with the promised time resolved to UTC.
#[derive(Debug, Clone)]
pub struct FaqEntryFields {
    pub question: String,
    pub answer_md: String,
    pub category: String,
    pub position: i32,
    pub visibility: String,
    pub internal_note: String,
    pub working_on_it: bool,
    pub next_update_at: Option<DateTime<Utc>>,
}

fn check_len(e: &mut FieldErrors, field: &str, value: &str, min: usize, max: usize) {
    let n = value.chars().count();
    if n < min || n > max {
        e.add_with(
            field,
            "length",
            format!("Use between {min} and {max} characters."),
            &[("min", &min.to_string()), ("max", &max.to_string())],
        );
    }
}

/// RFC 3339, or a local date and time in `tz` (the form's datetime-local).
pub fn parse_when(value: &str, tz: chrono_tz::Tz) -> Option<DateTime<Utc>> {
    let value = value.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(value) {
        return Some(at.with_timezone(&Utc));
    }
    let naive = NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%Y-%m-%d %H:%M"))
        .ok()?;
    // In the hour that repeats when clocks go back, take the earlier instant.
    tz.from_local_datetime(&naive)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
}

impl FaqEntryInput {
    pub fn check(
        &self,
        tz: chrono_tz::Tz,
        now: DateTime<Utc>,
    ) -> Result<FaqEntryFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let question = self.question.trim().to_string();
        let answer_md = self.answer.trim().to_string();
        let category = self.category.trim().to_string();
        let internal_note = self.internal_note.trim().to_string();
        check_len(&mut e, "question", &question, 3, 300);
        check_len(&mut e, "answer", &answer_md, 1, 20_000);
        check_len(&mut e, "category", &category, 0, 80);
        check_len(&mut e, "internal_note", &internal_note, 0, 4_000);
        check_len(&mut e, "search", &self.search, 0, 300);
        let visibility = if self.visibility.trim().is_empty() {
            "public".to_string()
        } else {
            self.visibility.trim().to_string()
        };
        check_one_of(&mut e, "visibility", &visibility, VISIBILITIES);
        let position = self.position.unwrap_or(0);
        if !(0..=10_000).contains(&position) {
            e.add_with(
                "position",
                "range",
                "Use a value between 0 and 10000.",
                &[("min", "0"), ("max", "10000")],
            );
        }
        let mut next_update_at = None;
        if self.working_on_it {
            if self.next_update_at.trim().is_empty() {
                e.add(
                    "next_update_at",
                    "required",
                    "Say when the next update will come.",
                );
            } else {
                match parse_when(&self.next_update_at, tz) {
                    None => e.add(
                        "next_update_at",
                        "datetime",
                        "Enter a date and time as YYYY-MM-DD HH:MM.",
                    ),
                    Some(at) if at <= now => e.add(
                        "next_update_at",
                        "not_future",
                        "The promised update must be in the future.",
                    ),
                    Some(at) if at > now + chrono::Duration::days(60) => e.add_with(
                        "next_update_at",
                        "too_far_days",
                        "Promise an update at most 60 days ahead.",
                        &[("days", "60")],
                    ),
                    Some(at) => next_update_at = Some(at),
                }
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(FaqEntryFields {
            question,
            answer_md,
            category,
            position,
            visibility,
            internal_note,
            working_on_it: self.working_on_it,
            next_update_at,
        })
    }
}

/// "No news": the answer was checked and still stands; optionally a new promised time.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoNewsInput {
    /// Keep "still working on it" with this next update; empty ends it.
    pub next_update_at: String,
    pub version: Option<i32>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct VersionInput {
    pub version: Option<i32>,
}

/// The withdraw button on the page: `confirm=yes` only from the page that said what happens.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WithdrawForm {
    pub version: Option<i32>,
    pub confirm: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> FaqEntryInput {
        FaqEntryInput {
            question: "Are you open?".into(),
            answer: "Yes.".into(),
            ..Default::default()
        }
    }

    #[test]
    fn working_on_it_needs_a_future_promise() {
        let now = Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0).unwrap();
        let mut i = input();
        i.working_on_it = true;
        let err = i.check(chrono_tz::Europe::Stockholm, now).unwrap_err();
        assert_eq!(err.0[0].field, "next_update_at");
        i.next_update_at = "2026-03-01T12:30".into(); // 11:30 UTC: already passed
        let err = i.check(chrono_tz::Europe::Stockholm, now).unwrap_err();
        assert_eq!(err.0[0].code, "not_future");
        i.next_update_at = "2026-03-01T14:00".into();
        let ok = i.check(chrono_tz::Europe::Stockholm, now).unwrap();
        assert_eq!(
            ok.next_update_at,
            Some(Utc.with_ymd_and_hms(2026, 3, 1, 13, 0, 0).unwrap())
        );
    }

    #[test]
    fn visibility_defaults_to_public_and_rejects_others() {
        let now = Utc::now();
        assert_eq!(
            input().check(chrono_tz::UTC, now).unwrap().visibility,
            "public"
        );
        let mut i = input();
        i.visibility = "secret".into();
        assert_eq!(
            i.check(chrono_tz::UTC, now).unwrap_err().0[0].field,
            "visibility"
        );
    }
}
