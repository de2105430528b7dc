//! What staff and readers send: a tally, a new question, a reader's verdict on an answer.
use super::text::{normalise, CHANNELS};
use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_QUESTION_CHARS: usize = 300;
pub const MAX_REASON_CHARS: usize = 500;

/// "Asked again": the channel the question came in on.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AskedInput {
    /// `phone`, `mail`, `chat`, `social`, `forum` or `visit`.
    #[schema(required = true, pattern = "^(phone|mail|chat|social|forum|visit)$")]
    pub channel: String,
}

impl AskedInput {
    pub fn check(&self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::default();
        let channel = self.channel.trim();
        check_one_of(&mut e, "channel", channel, CHANNELS);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(channel.to_string())
    }
}

/// A question the FAQ does not answer yet.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    #[schema(required = true, min_length = 3, max_length = 300)]
    pub text: String,
    /// `phone`, `mail`, `chat`, `social`, `forum` or `visit`.
    #[schema(required = true, pattern = "^(phone|mail|chat|social|forum|visit)$")]
    pub channel: String,
}

pub struct CheckedQuestion {
    pub text: String,
    pub normalised: String,
    pub channel: String,
}

impl QuestionInput {
    pub fn check(&self) -> Result<CheckedQuestion, FieldErrors> {
        let mut e = FieldErrors::default();
        let text = self.text.split_whitespace().collect::<Vec<_>>().join(" ");
        let n = text.chars().count();
        if text.is_empty() {
            e.add("text", "required", "Write the question as it was asked.");
        } else if !(3..=MAX_QUESTION_CHARS).contains(&n) {
            e.add_with(
                "text",
                "length",
                format!("Use between 3 and {MAX_QUESTION_CHARS} characters."),
                &[("min", "3"), ("max", &MAX_QUESTION_CHARS.to_string())],
            );
        } else if normalise(&text).is_empty() {
            e.add("text", "words", "Write the question in words.");
        }
        let channel = self.channel.trim();
        check_one_of(&mut e, "channel", channel, CHANNELS);
        if !e.is_empty() {
            return Err(e);
        }
        Ok(CheckedQuestion {
            normalised: normalise(&text),
            text,
            channel: channel.to_string(),
        })
    }
}

/// "Did this answer your question?" from the public page (a form, no JavaScript needed).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct FeedbackInput {
    /// `yes` or `no`.
    #[schema(pattern = "^(yes|no)$")]
    pub helpful: String,
    /// What was missing (optional).
    #[schema(max_length = 500)]
    pub reason: String,
    /// The page's language, for the answer.
    pub lang: String,
}

impl FeedbackInput {
    pub fn check(&self) -> Result<(bool, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let helpful = self.helpful.trim();
        check_one_of(&mut e, "helpful", helpful, &["yes", "no"]);
        let reason = self.reason.trim().to_string();
        if reason.chars().count() > MAX_REASON_CHARS {
            e.add_with(
                "reason",
                "length",
                format!("Use at most {MAX_REASON_CHARS} characters."),
                &[("min", "0"), ("max", &MAX_REASON_CHARS.to_string())],
            );
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok((helpful == "yes", reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_input_names_the_field_it_rejects() {
        let bad = QuestionInput {
            text: " ?? ".into(),
            channel: "fax".into(),
        };
        let e = bad.check().err().unwrap_or_default();
        assert!(e.for_field("text").is_some() && e.for_field("channel").is_some());
        let ok = QuestionInput {
            text: "  Is   the office open?  ".into(),
            channel: "phone".into(),
        }
        .check();
        assert_eq!(
            ok.ok().map(|c| c.text),
            Some("Is the office open?".to_string())
        );
        let fb = FeedbackInput {
            helpful: "maybe".into(),
            reason: "x".repeat(501),
            lang: String::new(),
        };
        let e = fb.check().err().unwrap_or_default();
        assert!(e.for_field("helpful").is_some() && e.for_field("reason").is_some());
    }
}
