//! Handing a duty role over.
use crate::error::FieldErrors;
use serde::Deserialize;
use utoipa::ToSchema;

pub const MAX_NOTE: usize = 2_000;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HandoverInput {
    /// Who takes the role over; empty (null) when nobody holds it any more.
    pub user_id: Option<i32>,
    /// What the next person needs to know.
    #[schema(max_length = 2000)]
    pub note: String,
    /// The version last seen (from `GET /api/v1/duty`); a handover made meanwhile answers 409.
    pub version: Option<i32>,
}

impl HandoverInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if self.note.trim().chars().count() > MAX_NOTE {
            e.add_with(
                "note",
                "length",
                format!("Use at most {MAX_NOTE} characters."),
                &[("min", "0"), ("max", &MAX_NOTE.to_string())],
            );
        }
        e
    }
}
