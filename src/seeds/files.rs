//! The shapes of the demo's files: `demo.toml` (people and figures) and one words file per
//! organisation. Keys (`phone`, `outage_calls`) tie the figures to the words.
use anyhow::Context;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize)]
pub struct Shared {
    pub password: String,
    pub time_zone: String,
    pub people: Vec<Person>,
    #[serde(default)]
    pub tasks: Vec<TaskFigures>,
    #[serde(default)]
    pub queues: Vec<crate::capacity::demo::DemoQueue>,
    pub today: Today,
    pub story: Story,
}

#[derive(Deserialize)]
pub struct Person {
    pub email: String,
    pub name: String,
    pub roles: Vec<String>,
    /// The team's key in the words files.
    pub team: Option<String>,
}

#[derive(Deserialize)]
pub struct TaskFigures {
    pub key: String,
    pub kind: String,
    pub customer_criticality: i32,
    pub business_criticality: i32,
    pub remote_capable: String,
    #[serde(default)]
    pub remote_limits: Vec<String>,
    pub postpone_cost: String,
    pub fallback: String,
    #[serde(default)]
    pub cross_trainable: bool,
    /// The queue whose contacts the task is, by key.
    pub queue: Option<String>,
    pub overflow_per_hour: Option<i32>,
    pub rto_hours: Option<i32>,
    pub mtpd_hours: Option<i32>,
    pub min_service_level: Option<f64>,
}

/// The demo's morning: who has checked in, by status. Everyone else has not yet.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Today {
    pub office: Vec<String>,
    pub remote: Vec<String>,
    pub sick: Vec<String>,
    pub child_care: Vec<String>,
}

impl Today {
    pub fn statuses(&self) -> impl Iterator<Item = (&'static str, &String)> {
        [
            ("office", &self.office),
            ("remote", &self.remote),
            ("sick", &self.sick),
            ("child_care", &self.child_care),
        ]
        .into_iter()
        .flat_map(|(status, emails)| emails.iter().map(move |e| (status, e)))
    }
}

/// A curve: `[days before the demo's day, value]` points joined by straight lines.
pub type Curve = Vec<(i64, f64)>;

#[derive(Deserialize)]
pub struct Story {
    pub weeks: i64,
    pub absence: Curve,
    pub remote: Curve,
    pub workload: Curve,
    pub web_visits: i32,
    pub crisis_group: Vec<String>,
    pub duty: HashMap<String, String>,
    pub owners: HashMap<String, String>,
    pub subscribers: usize,
    pub bounced: String,
    pub testers: Vec<String>,
    pub unanswered: Vec<String>,
    pub blockers: HashMap<String, usize>,
}

/// One organisation's words.
#[derive(Deserialize)]
pub struct Words {
    pub slug: String,
    pub name: String,
    pub language: String,
    pub teams: HashMap<String, String>,
    pub queues: HashMap<String, String>,
    pub tasks: HashMap<String, TaskWords>,
    pub faq: Vec<Faq>,
    pub reports: Vec<Report>,
    pub log: Vec<LogWords>,
    pub outcomes: Vec<String>,
    pub rollcall_message: String,
    pub meeting_rules: Vec<String>,
    pub communication: HashMap<String, Communication>,
    pub exercise: Exercise,
    pub questions: Vec<Question>,
    pub searches: Vec<Search>,
    pub feedback_no: Vec<String>,
}

impl Words {
    pub fn queue_name(&self, key: &str) -> anyhow::Result<String> {
        self.queues
            .get(key)
            .cloned()
            .with_context(|| format!("no name for demo queue {key} in {}", self.slug))
    }
}

#[derive(Deserialize)]
pub struct TaskWords {
    pub name: String,
    #[serde(default)]
    pub sla: String,
    #[serde(default)]
    pub min_service: String,
    #[serde(default)]
    pub depends_systems: String,
    #[serde(default)]
    pub depends_suppliers: String,
    #[serde(default)]
    pub depends_partners: String,
}

#[derive(Deserialize)]
pub struct Faq {
    pub category: String,
    pub question: String,
    /// The answer as it stands (the last revision).
    pub answer: String,
    #[serde(default)]
    pub internal_note: String,
    #[serde(default = "public")]
    pub visibility: String,
    /// When the answer as it stands was published.
    pub days_ago: i64,
    /// Earlier answers, oldest first.
    #[serde(default)]
    pub revisions: Vec<Revision>,
    /// "No news" pressed on the answer as it stands.
    pub no_news_days_ago: Option<i64>,
    /// Still working on it, the next update promised this many hours after loading.
    pub working_on_it_hours: Option<i64>,
}

fn public() -> String {
    "public".into()
}

#[derive(Deserialize)]
pub struct Revision {
    pub days_ago: i64,
    pub answer: String,
}

#[derive(Deserialize)]
pub struct Report {
    /// The absence ladder's level the report is written at (0 = the first).
    pub level: usize,
    pub situation: String,
    pub delivery: String,
    pub delivery_note: String,
    pub wellbeing_note: String,
    pub decisions: String,
}

#[derive(Deserialize)]
pub struct LogWords {
    pub days_ago: i64,
    pub at: String,
    pub kind: String,
    pub author: String,
    pub text: String,
}

#[derive(Deserialize)]
pub struct Communication {
    pub channels: String,
    pub cadence: String,
    pub notes: String,
    pub last_days_ago: i64,
}

#[derive(Deserialize)]
pub struct Exercise {
    pub title: String,
    pub days_ago: i64,
    /// `[minutes after the start, text]`.
    pub injects: Vec<(i32, String)>,
    /// `[minutes after the start, kind, text]`.
    pub log: Vec<(i64, String, String)>,
    pub worked: String,
    pub did_not_work: String,
    pub lessons: Vec<Lesson>,
}

#[derive(Deserialize)]
pub struct Lesson {
    pub text: String,
    pub kind: String,
    pub area: String,
    pub owner: String,
    pub done: bool,
}

#[derive(Deserialize)]
pub struct Question {
    pub text: String,
    pub channel: String,
    /// Days ago of each time it was asked.
    pub asked: Vec<i64>,
}

#[derive(Deserialize)]
pub struct Search {
    pub query: String,
    /// Searches per day, today first.
    pub per_day: Vec<i64>,
    #[serde(default = "yes")]
    pub found: bool,
}

fn yes() -> bool {
    true
}
