//! What starting, running and reviewing an exercise takes.
use super::LESSON_KINDS;
use crate::error::FieldErrors;
use crate::scenarios::vocab::{check_one_of, AREAS};
use chrono::{DateTime, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const MAX_INJECTS: usize = 100;
/// Injects fall within a week of the start.
pub const MAX_INJECT_MINUTES: i32 = 7 * 24 * 60;

fn length(e: &mut FieldErrors, field: &str, value: &str, min: usize, max: usize) {
    let n = value.trim().chars().count();
    if n < min || n > max {
        e.add_with(
            field,
            if n == 0 { "required" } else { "length" },
            format!("Use between {min} and {max} characters."),
            &[("min", &min.to_string()), ("max", &max.to_string())],
        );
    }
}

/// Something that happens `at_minutes` after the start ("the phone supplier reports an outage").
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct InjectInput {
    #[schema(required = true, minimum = 0, maximum = 10080)]
    pub at_minutes: Option<i32>,
    #[schema(required = true, min_length = 1, max_length = 500)]
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StartInput {
    #[schema(required = true)]
    pub scenario_id: Option<i32>,
    /// Empty: "Exercise: {scenario}".
    #[schema(max_length = 200)]
    pub title: String,
    /// Who takes part (user ids); empty: the whole crisis group.
    pub participants: Vec<i32>,
    #[schema(max_items = 100)]
    pub injects: Vec<InjectInput>,
}

impl StartInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if self.scenario_id.is_none() {
            e.add(
                "scenario_id",
                "required",
                "Choose the scenario to exercise.",
            );
        }
        if self.title.trim().chars().count() > 200 {
            length(&mut e, "title", &self.title, 0, 200);
        }
        if self.injects.len() > MAX_INJECTS {
            e.add_with(
                "injects",
                "too_many",
                format!("Use at most {MAX_INJECTS} injects."),
                &[("max", &MAX_INJECTS.to_string())],
            );
        }
        for (i, inject) in self.injects.iter().enumerate() {
            match inject.at_minutes {
                None => e.add(
                    &format!("injects[{i}].at_minutes"),
                    "required",
                    "Give the minutes after the start, or a time such as 09:40.",
                ),
                Some(m) if !(0..=MAX_INJECT_MINUTES).contains(&m) => e.add_with(
                    &format!("injects[{i}].at_minutes"),
                    "range",
                    "Use a time within a week of the start.",
                    &[("min", "0"), ("max", &MAX_INJECT_MINUTES.to_string())],
                ),
                _ => {}
            }
            length(&mut e, &format!("injects[{i}].text"), &inject.text, 1, 500);
        }
        e
    }
}

/// The page's injects: one a line, `+20 text` (minutes after the start) or `09:40 text` (a
/// time of day, the next one after the start). A line that is neither is kept without a time,
/// so it is named.
pub fn parse_injects(lines: &str, start: DateTime<Utc>, time_zone: &str) -> Vec<InjectInput> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let local_start = start.with_timezone(&tz);
    lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (head, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let head = head.trim_end_matches(':');
            let at_minutes = if let Some(m) = head.strip_prefix('+') {
                m.parse::<i32>().ok()
            } else if let Ok(t) = NaiveTime::parse_from_str(head, "%H:%M") {
                let mut m = (t - local_start.time()).num_minutes();
                if m < 0 {
                    m += 24 * 60;
                }
                i32::try_from(m).ok()
            } else {
                None
            };
            InjectInput {
                at_minutes,
                text: if at_minutes.is_some() { rest } else { line }
                    .trim()
                    .to_string(),
            }
        })
        .collect()
}

/// The exercise's own level; none: below every level.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ExerciseLevelInput {
    pub level_id: Option<i32>,
}

/// An answer "published" in the exercise: it reaches the participants and internal channels
/// only, marked EXERCISE.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ExercisePublishInput {
    #[schema(required = true, min_length = 1, max_length = 300)]
    pub question: String,
    #[schema(required = true, min_length = 1, max_length = 20000)]
    pub answer: String,
}

impl ExercisePublishInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        length(&mut e, "question", &self.question, 1, 300);
        length(&mut e, "answer", &self.answer, 1, 20_000);
        e
    }
}

/// A lesson of the review: it becomes an action in the scenario, owned by someone.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct LessonInput {
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub text: String,
    /// `action` or `plan_change`.
    #[schema(required = true, pattern = "^(action|plan_change)$")]
    pub kind: String,
    /// `communication`, `staffing` or `technology`.
    #[schema(required = true, pattern = "^(communication|staffing|technology)$")]
    pub area: String,
    #[schema(required = true)]
    pub owner_user_id: Option<i32>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
}

/// The after-action review: what worked, what did not, and the lessons.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReviewInput {
    #[schema(max_length = 10000)]
    pub worked: String,
    #[schema(max_length = 10000)]
    pub did_not_work: String,
    /// Each becomes an action (added to those of an earlier review).
    #[schema(max_items = 50)]
    pub lessons: Vec<LessonInput>,
    /// The exercise version the review was opened at.
    #[schema(required = true)]
    pub version: Option<i32>,
}

impl ReviewInput {
    /// Checks every field, naming `lessons[i].field`; returns each lesson's due date.
    pub fn check(&self) -> (FieldErrors, Vec<Option<chrono::NaiveDate>>) {
        let mut e = FieldErrors::default();
        for (field, value) in [
            ("worked", &self.worked),
            ("did_not_work", &self.did_not_work),
        ] {
            if value.trim().chars().count() > 10_000 {
                length(&mut e, field, value, 0, 10_000);
            }
        }
        if self.lessons.len() > 50 {
            e.add_with(
                "lessons",
                "too_many",
                "Use at most 50 lessons.",
                &[("max", "50")],
            );
        }
        let mut due = vec![];
        for (i, l) in self.lessons.iter().enumerate() {
            length(&mut e, &format!("lessons[{i}].text"), &l.text, 1, 200);
            check_one_of(&mut e, &format!("lessons[{i}].kind"), &l.kind, LESSON_KINDS);
            check_one_of(&mut e, &format!("lessons[{i}].area"), &l.area, AREAS);
            if l.owner_user_id.is_none() {
                e.add(
                    &format!("lessons[{i}].owner_user_id"),
                    "required",
                    "Every lesson needs an owner.",
                );
            }
            due.push(
                match l
                    .due_date
                    .as_deref()
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                {
                    None => None,
                    Some(d) => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                        Ok(d) => Some(d),
                        Err(_) => {
                            e.add(
                                &format!("lessons[{i}].due_date"),
                                "date",
                                "Enter a date as YYYY-MM-DD.",
                            );
                            None
                        }
                    },
                },
            );
        }
        if self.version.is_none() {
            e.add("version", "required", "This field is required.");
        }
        (e, due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn injects_are_read_as_minutes_after_the_start_or_a_time_of_day() {
        // 09:00 in Stockholm in winter.
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let got = parse_injects(
            "+20 Chat is down\n09:40: The phone supplier reports an outage\n\n08:30 Overnight mail backlog\nno time here",
            start,
            "Europe/Stockholm",
        );
        let at: Vec<Option<i32>> = got.iter().map(|i| i.at_minutes).collect();
        assert_eq!(at, [Some(20), Some(40), Some(23 * 60 + 30), None]);
        assert_eq!(got[1].text, "The phone supplier reports an outage");
        assert_eq!(got[3].text, "no time here");
        let input = StartInput {
            scenario_id: Some(1),
            injects: got,
            ..Default::default()
        };
        let e = input.check();
        assert!(e.for_field("injects[3].at_minutes").is_some());
        assert!(e.for_field("injects[0].text").is_none());
    }
}
