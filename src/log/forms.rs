//! What a member of the crisis group writes in the log.
use super::KINDS;
use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_TEXT: usize = 4_000;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LogInput {
    /// `decision`, `event`, `information` or `request`.
    #[schema(required = true, pattern = "^(decision|event|information|request)$")]
    pub kind: String,
    #[schema(required = true, min_length = 1, max_length = 4000)]
    pub text: String,
    /// The scenario it concerns, if one.
    pub scenario_id: Option<i32>,
    /// The entry this one corrects (entries are never edited).
    pub corrects_id: Option<i32>,
}

impl LogInput {
    pub fn check(&self) -> Result<(String, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = self.kind.trim().to_string();
        check_one_of(&mut e, "kind", &kind, KINDS);
        let text = self.text.trim().to_string();
        let n = text.chars().count();
        if n == 0 {
            e.add("text", "required", "Write what happened or was decided.");
        } else if n > MAX_TEXT {
            e.add_with(
                "text",
                "length",
                format!("Use between 1 and {MAX_TEXT} characters."),
                &[("min", "1"), ("max", &MAX_TEXT.to_string())],
            );
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok((kind, text))
    }
}
