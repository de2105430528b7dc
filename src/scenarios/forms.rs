//! Inputs for scenarios, their ladders and a level set by hand.
use super::vocab::{self, check_one_of};
use crate::error::{AppError, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScenarioInput {
    /// `high_absence`, `relocation`, `workload_up`, `workload_down` or `custom`.
    pub kind: String,
    #[schema(required = true, min_length = 1, max_length = 160)]
    pub title: String,
    #[schema(max_length = 4000)]
    pub description: String,
    /// 1–5.
    #[schema(required = true, minimum = 1, maximum = 5)]
    pub probability: Option<i32>,
    /// 1–5.
    #[schema(required = true, minimum = 1, maximum = 5)]
    pub consequence: Option<i32>,
    pub owner_user_id: Option<i32>,
    /// `monitoring`, `active` or `closed`.
    pub status: String,
    /// `absence`, `workload_increase`, `workload_decrease`, `forecast_service_level` (fires
    /// when the worst interval's forecast drops below a trigger) or `manual`.
    #[schema(
        required = true,
        pattern = "^(absence|workload_increase|workload_decrease|forecast_service_level|manual)$"
    )]
    pub metric: String,
    /// For `forecast_service_level`: the queue the ladder reads; none reads the worst queue.
    pub queue_id: Option<i32>,
    /// Percentage points below a trigger the value must fall before its level is left.
    #[schema(minimum = 0, maximum = 50)]
    pub hysteresis_margin: Option<f64>,
    /// For an edit: the version the form was opened at.
    pub version: Option<i32>,
}

impl ScenarioInput {
    pub fn normalised(mut self) -> Self {
        self.title = self.title.trim().to_string();
        self.description = self.description.trim().to_string();
        if self.status.is_empty() {
            self.status = "monitoring".into();
        }
        if self.kind.is_empty() {
            self.kind = "custom".into();
        }
        self
    }

    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        check_one_of(&mut e, "kind", &self.kind, vocab::KINDS);
        let title_len = self.title.chars().count();
        if !(1..=160).contains(&title_len) {
            e.add_with(
                "title",
                "length",
                "Use between 1 and 160 characters.",
                &[("min", "1"), ("max", "160")],
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
        for (field, v) in [
            ("probability", self.probability),
            ("consequence", self.consequence),
        ] {
            match v {
                None => e.add(field, "required", "This field is required."),
                Some(n) if !(1..=5).contains(&n) => e.add_with(
                    field,
                    "range",
                    "Use a value between 1 and 5.",
                    &[("min", "1"), ("max", "5")],
                ),
                _ => {}
            }
        }
        check_one_of(&mut e, "status", &self.status, vocab::STATUSES);
        check_one_of(&mut e, "metric", &self.metric, vocab::METRICS);
        if let Some(m) = self.hysteresis_margin {
            if !(0.0..=50.0).contains(&m) {
                e.add_with(
                    "hysteresis_margin",
                    "range",
                    "Use a value between 0 and 50.",
                    &[("min", "0"), ("max", "50")],
                );
            }
        }
        e
    }
}

/// One rung of a ladder. `id` keeps an existing level (and the actions tied to it).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct LevelInput {
    pub id: Option<i32>,
    #[schema(required = true, min_length = 1, max_length = 80)]
    pub name: String,
    #[schema(required = true, minimum = 0)]
    pub trigger_value: Option<f64>,
    pub description: String,
    /// Reaching this level starts a roll-call of everyone with `rollcall_message` (or the
    /// level's name when it is empty).
    pub start_rollcall: bool,
    #[schema(max_length = 300)]
    pub rollcall_message: String,
    /// The FAQ question prepared for when the level is reached; may use `{scenario}`,
    /// `{level}`, `{next_update}` and `{organisation}`. Left out: kept as it is; empty: none.
    #[schema(max_length = 300)]
    pub holding_question: Option<String>,
    /// The prepared answer (Markdown), with the same variables.
    #[schema(max_length = 20000)]
    pub holding_answer: Option<String>,
    /// While the level is in force a situation report is due this many hours after the last
    /// (1–168); none: no cadence.
    #[schema(minimum = 1, maximum = 168)]
    pub report_every_hours: Option<i32>,
}

/// The whole ladder, lowest level first; levels left out are removed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct LadderInput {
    pub levels: Vec<LevelInput>,
}

impl LadderInput {
    /// Checks each rung and that triggers rise strictly, naming `levels[i].field`.
    pub fn check(&self, metric: &str) -> FieldErrors {
        let mut e = FieldErrors::default();
        let max = vocab::metric_max(metric);
        for (i, level) in self.levels.iter().enumerate() {
            let name_len = level.name.trim().chars().count();
            if !(1..=80).contains(&name_len) {
                e.add_with(
                    &format!("levels[{i}].name"),
                    "length",
                    "Use between 1 and 80 characters.",
                    &[("min", "1"), ("max", "80")],
                );
            }
            match level.trigger_value {
                None => e.add(
                    &format!("levels[{i}].trigger_value"),
                    "required",
                    "This field is required.",
                ),
                Some(t) if !t.is_finite() || t < 0.0 || t > max => e.add_with(
                    &format!("levels[{i}].trigger_value"),
                    "range",
                    format!("Use a value between 0 and {max}."),
                    &[("min", "0"), ("max", &max.to_string())],
                ),
                _ => {}
            }
            if level.rollcall_message.trim().chars().count() > crate::rollcall::forms::MESSAGE_MAX {
                e.add_with(
                    &format!("levels[{i}].rollcall_message"),
                    "length",
                    "Use between 0 and 300 characters.",
                    &[("min", "0"), ("max", "300")],
                );
            }
            if level
                .report_every_hours
                .is_some_and(|h| !(1..=168).contains(&h))
            {
                e.add_with(
                    &format!("levels[{i}].report_every_hours"),
                    "range",
                    "Use a whole number of hours between 1 and 168.",
                    &[("min", "1"), ("max", "168")],
                );
            }
            for (field, value, max) in [
                ("holding_question", &level.holding_question, 300),
                ("holding_answer", &level.holding_answer, 20_000),
            ] {
                if value.as_deref().unwrap_or("").trim().chars().count() > max {
                    e.add_with(
                        &format!("levels[{i}].{field}"),
                        "length",
                        format!("Use between 0 and {max} characters."),
                        &[("min", "0"), ("max", &max.to_string())],
                    );
                }
            }
        }
        if e.is_empty() {
            let falling = vocab::is_falling(metric);
            let triggers: Vec<f64> = self
                .levels
                .iter()
                .filter_map(|l| l.trigger_value)
                .map(|t| if falling { -t } else { t })
                .collect();
            if let Err(i) = super::ladder::check_ascending(&triggers) {
                if falling {
                    e.add(
                        &format!("levels[{i}].trigger_value"),
                        "not_descending",
                        "Each level's trigger must be lower than the one before.",
                    );
                } else {
                    e.add(
                        &format!("levels[{i}].trigger_value"),
                        "not_ascending",
                        "Each level's trigger must be higher than the one before.",
                    );
                }
            }
        }
        e
    }

    /// The page sends parallel lists (`name=…&name=…`); blank rows are ignored.
    pub fn from_rows(form: &LadderRows) -> Result<Self, AppError> {
        let mut levels = vec![];
        let holding = |list: &Vec<String>, i: usize| {
            (list.len() == form.name.len()).then(|| list.get(i).cloned().unwrap_or_default())
        };
        for (i, name) in form.name.iter().enumerate() {
            let trigger = form.trigger_value.get(i).map(|s| s.trim()).unwrap_or("");
            let description = form.description.get(i).cloned().unwrap_or_default();
            let rollcall = form.rollcall_message.get(i).cloned().unwrap_or_default();
            if name.trim().is_empty() && trigger.is_empty() {
                continue;
            }
            let trigger_value = if trigger.is_empty() {
                None
            } else {
                Some(trigger.replace(',', ".").parse::<f64>().unwrap_or(f64::NAN))
            };
            let id = form.level_id.get(i).and_then(|s| s.parse().ok());
            // Something that is not a whole number is kept as out of range, to be named.
            let report_every_hours = form
                .report_every_hours
                .get(i)
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse::<i32>().unwrap_or(-1));
            levels.push(LevelInput {
                id,
                name: name.trim().to_string(),
                trigger_value,
                description: description.trim().to_string(),
                start_rollcall: !rollcall.trim().is_empty(),
                rollcall_message: rollcall.trim().to_string(),
                holding_question: holding(&form.holding_question, i),
                holding_answer: holding(&form.holding_answer, i),
                report_every_hours,
            });
        }
        Ok(LadderInput { levels })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LadderRows {
    pub level_id: Vec<String>,
    pub name: Vec<String>,
    pub trigger_value: Vec<String>,
    pub description: Vec<String>,
    /// A message here ticks "start a roll-call" on the level.
    pub rollcall_message: Vec<String>,
    /// The prepared FAQ answer per level (sent for every row, or not at all: then kept).
    pub holding_question: Vec<String>,
    pub holding_answer: Vec<String>,
    /// Hours between situation reports while the level is in force (empty: none).
    pub report_every_hours: Vec<String>,
    pub hysteresis_margin: Option<String>,
    pub version: Option<String>,
}

/// A crisis lead sets the level by hand, or hands it back to the live figures.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ManualLevelInput {
    /// The level to set; none means "below every level" (normal operation).
    pub level_id: Option<i32>,
    /// Why; kept in the level history.
    pub reason: String,
    /// True hands the level back to the live figures.
    pub release: bool,
}
