//! What a roll-call is started with, and what a team lead logs after a wellbeing call.
use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest roll-call message: it has to fit a text message with its link.
pub const MESSAGE_MAX: usize = 300;
pub const DEADLINE_DEFAULT: i32 = 60;
pub const DEADLINE_MAX: i32 = 24 * 60;

/// The answers a roll-call offers, in button (and SMS digit) order: 1 office … 5 other.
pub const ANSWERS: &[&str] = &["office", "remote", "sick", "child_care", "other_absence"];

/// The status an SMS reply names: its first digit 1–5.
pub fn answer_for_digit(text: &str) -> Option<&'static str> {
    let d = text.trim().chars().next()?.to_digit(10)? as usize;
    ANSWERS.get(d.checked_sub(1)?).copied()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct StartInput {
    /// One team; null for everyone in the organisation.
    pub team_id: Option<i32>,
    /// What people are asked ("The office at Storgatan is closed today. Where will you work?").
    pub message: String,
    /// Minutes until the team leads get their lists of those who have not answered (default 60).
    pub deadline_minutes: Option<i32>,
    /// Minutes after the start when those who have not answered are reminded (default: half
    /// the deadline; 0: no reminder).
    pub remind_after_minutes: Option<i32>,
}

impl StartInput {
    /// The deadline and reminder in minutes, once the input is known to be good.
    pub fn minutes(&self) -> (i32, Option<i32>) {
        let deadline = self.deadline_minutes.unwrap_or(DEADLINE_DEFAULT);
        let remind = match self.remind_after_minutes {
            Some(0) => None,
            Some(m) => Some(m),
            None if deadline >= 10 => Some(deadline / 2),
            None => None,
        };
        (deadline, remind)
    }

    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        let n = self.message.trim().chars().count();
        if n == 0 {
            e.add("message", "required", "This field is required.");
        } else if n > MESSAGE_MAX {
            e.add_with(
                "message",
                "length",
                "Use between 1 and 300 characters.",
                &[("min", "1"), ("max", "300")],
            );
        }
        let deadline = self.deadline_minutes.unwrap_or(DEADLINE_DEFAULT);
        if !(5..=DEADLINE_MAX).contains(&deadline) {
            e.add_with(
                "deadline_minutes",
                "range",
                "Use a value between 5 and 1440.",
                &[("min", "5"), ("max", "1440")],
            );
        }
        if let Some(r) = self.remind_after_minutes {
            if r != 0 && !(1..deadline).contains(&r) {
                e.add_with(
                    "remind_after_minutes",
                    "reminder_before_deadline",
                    "Remind before the deadline, or 0 for no reminder.",
                    &[("max", &(deadline - 1).max(1).to_string())],
                );
            }
        }
        e
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AnswerInput {
    /// `office`, `remote`, `sick`, `child_care` or `other_absence`.
    pub status: String,
}

impl AnswerInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        crate::scenarios::vocab::check_one_of(&mut e, "status", &self.status, ANSWERS);
        e
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CallInput {
    /// The person called.
    pub user_id: i32,
    /// Whether they answered.
    pub reached: bool,
    /// How they are, 1 (badly) to 5 (well); only when reached.
    pub wellbeing: Option<i32>,
    /// Seen by the person's team leads and the crisis lead only.
    pub note: String,
}

impl CallInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        match self.wellbeing {
            Some(w) if !(1..=5).contains(&w) => e.add_with(
                "wellbeing",
                "range",
                "Use a value between 1 and 5.",
                &[("min", "1"), ("max", "5")],
            ),
            Some(_) if !self.reached => e.add(
                "wellbeing",
                "only_when_reached",
                "Only someone who was reached can say how they are.",
            ),
            _ => {}
        }
        if self.note.chars().count() > 1000 {
            e.add_with(
                "note",
                "length",
                "Use between 0 and 1000 characters.",
                &[("min", "0"), ("max", "1000")],
            );
        }
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: FieldErrors) -> Vec<String> {
        e.0.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_start_needs_a_message_and_a_sane_deadline() {
        let ok = StartInput {
            message: "Storgatan is closed. Where will you work?".into(),
            deadline_minutes: Some(30),
            ..Default::default()
        };
        assert!(ok.check().is_empty());
        assert_eq!(ok.minutes(), (30, Some(15)));
        let bad = StartInput {
            message: " ".into(),
            deadline_minutes: Some(2),
            remind_after_minutes: Some(5),
            ..Default::default()
        };
        assert_eq!(
            fields(bad.check()),
            ["message", "deadline_minutes", "remind_after_minutes"]
        );
        let long = StartInput {
            message: "x".repeat(301),
            ..Default::default()
        };
        assert_eq!(fields(long.check()), ["message"]);
        let no_reminder = StartInput {
            remind_after_minutes: Some(0),
            ..ok.clone()
        };
        assert_eq!(no_reminder.minutes(), (30, None));
    }

    #[test]
    fn digits_name_the_answers_in_button_order() {
        assert_eq!(answer_for_digit("1"), Some("office"));
        assert_eq!(answer_for_digit(" 2 hemma"), Some("remote"));
        assert_eq!(answer_for_digit("5"), Some("other_absence"));
        assert_eq!(answer_for_digit("0"), None);
        assert_eq!(answer_for_digit("6"), None);
        assert_eq!(answer_for_digit("ja"), None);
        assert_eq!(answer_for_digit(""), None);
    }

    #[test]
    fn wellbeing_only_for_someone_reached() {
        let c = CallInput {
            user_id: 1,
            reached: false,
            wellbeing: Some(4),
            ..Default::default()
        };
        assert_eq!(fields(c.check()), ["wellbeing"]);
    }
}
