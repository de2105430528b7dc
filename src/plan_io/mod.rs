//! The whole plan as one JSON document (`"format": "beredskap-plan", "version": 1`): queues,
//! scenarios with their ladders and actions, the task inventory, the communication plan and
//! meeting rules, the checklists and the teams they name. Things are named by their names and
//! people by their e-mail addresses, never by database ids, so a document moves between
//! organisations and installations. Plan state (who checked in, levels in force, history)
//! stays behind. The printable plan is the same content on paper.
pub mod api;
mod check;
pub mod export;
pub mod import;
mod inputs;
pub mod print;

use crate::capacity::forms::{OpeningHours, WeekdayVolumes};
use crate::checklists::templates::ItemInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const FORMAT: &str = "beredskap-plan";
pub const VERSION: i32 = 1;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct PlanDocument {
    /// Always `beredskap-plan`.
    #[schema(required = true, pattern = "^beredskap-plan$")]
    pub format: String,
    /// The format's version: 1.
    #[schema(required = true, minimum = 1, maximum = 1)]
    pub version: i32,
    /// Teams the queues are staffed by (made on import when missing).
    pub teams: Vec<String>,
    pub queues: Vec<QueueDoc>,
    pub scenarios: Vec<ScenarioDoc>,
    pub tasks: Vec<TaskDoc>,
    /// One entry per audience.
    pub communication: Vec<AudienceDoc>,
    /// The chief communicator's e-mail address.
    pub chief_communicator: Option<String>,
    pub meeting_rules: Vec<String>,
    /// The current version of each checklist.
    pub checklists: Vec<ChecklistDoc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TeamShareDoc {
    pub team: String,
    pub share_pct: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct QueueDoc {
    pub name: String,
    /// `voice`, `chat` or `email`.
    pub kind: String,
    pub interval_minutes: i32,
    pub opening_hours: OpeningHours,
    pub weekday_volumes: WeekdayVolumes,
    pub profile: Vec<f64>,
    pub target_service_level: f64,
    pub target_seconds: i32,
    pub aht_seconds: i32,
    pub concurrency: i32,
    pub patience_seconds: Option<i32>,
    pub max_occupancy: f64,
    pub shrinkage: f64,
    pub team_shares: Vec<TeamShareDoc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LevelDoc {
    pub name: String,
    pub trigger_value: f64,
    pub description: String,
    pub start_rollcall: bool,
    pub rollcall_message: String,
    pub holding_question: String,
    pub holding_answer: String,
    pub report_every_hours: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ActionDoc {
    /// The name of the level it belongs to; none for a preparatory action.
    pub level: Option<String>,
    pub area: String,
    pub title: String,
    pub description: String,
    /// The owner's e-mail address.
    pub owner: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_date: Option<String>,
    pub status: String,
    pub outcome: Option<String>,
    pub outcome_rating: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ScenarioDoc {
    pub kind: String,
    pub standard_key: Option<String>,
    pub title: String,
    pub description: String,
    pub probability: i32,
    pub consequence: i32,
    /// The owner's e-mail address.
    pub owner: Option<String>,
    pub status: String,
    pub metric: String,
    pub hysteresis_margin: f64,
    /// The queue the ladder reads (by name).
    pub queue: Option<String>,
    pub levels: Vec<LevelDoc>,
    pub actions: Vec<ActionDoc>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct TaskDoc {
    pub name: String,
    pub kind: String,
    pub description: String,
    pub customer_criticality: i32,
    pub business_criticality: i32,
    pub remote_capable: String,
    pub remote_limits: Vec<String>,
    pub remote_limit_note: String,
    pub sla: String,
    pub sla_at_risk: bool,
    pub postpone_cost: String,
    pub postpone_note: String,
    pub fallback: String,
    pub fallback_note: String,
    pub cross_trainable: bool,
    /// The queue whose contacts this task is (by name).
    pub queue: Option<String>,
    pub overflow_per_hour: Option<i32>,
    pub rto_hours: Option<i32>,
    pub mtpd_hours: Option<i32>,
    pub min_service: String,
    pub min_service_level: Option<f64>,
    pub depends_systems: String,
    pub depends_suppliers: String,
    pub depends_partners: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct AudienceDoc {
    /// `staff`, `customers`, `management`, `other_departments` or `partners`.
    pub audience: String,
    pub owner: Option<String>,
    pub deputy: Option<String>,
    pub channels: String,
    pub cadence: String,
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChecklistDoc {
    pub family: String,
    pub title: String,
    pub description: String,
    pub items: Vec<ItemInput>,
}
