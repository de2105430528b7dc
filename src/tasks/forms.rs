use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use serde::Deserialize;
use utoipa::ToSchema;

pub const KINDS: &[&str] = &["task", "case_type"];
pub const REMOTE: &[&str] = &["yes", "partly", "no"];
pub const LIMITS: &[&str] = &["gdpr", "secrecy", "equipment", "other"];
pub const POSTPONE_COSTS: &[&str] = &["none", "low", "medium", "high"];
pub const FALLBACKS: &[&str] = &[
    "none",
    "other_function",
    "simplify",
    "outsource",
    "overflow_partner",
];

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TaskInput {
    #[schema(required = true, min_length = 1, max_length = 160)]
    pub name: String,
    /// `task` or `case_type`.
    pub kind: String,
    pub description: String,
    /// How critical for customers, 1–5.
    #[schema(required = true, minimum = 1, maximum = 5)]
    pub customer_criticality: Option<i32>,
    /// How critical for the organisation, 1–5.
    #[schema(required = true, minimum = 1, maximum = 5)]
    pub business_criticality: Option<i32>,
    /// `yes`, `partly` or `no`.
    pub remote_capable: String,
    /// Rules that limit remote work: `gdpr`, `secrecy`, `equipment`, `other`.
    pub remote_limits: Vec<String>,
    pub remote_limit_note: String,
    /// The service level, in words ("answer within 2 working days").
    pub sla: String,
    pub sla_at_risk: bool,
    /// What postponing builds up: `none`, `low`, `medium` or `high`.
    pub postpone_cost: String,
    pub postpone_note: String,
    /// `none`, `other_function`, `simplify`, `outsource` or `overflow_partner`.
    pub fallback: String,
    pub fallback_note: String,
    pub cross_trainable: bool,
    /// The queue whose contacts this task is (see `/api/v1/queues`).
    pub queue_id: Option<i32>,
    /// With an overflow partner: the contacts an hour the partner can take.
    #[schema(minimum = 0, maximum = 100000)]
    pub overflow_per_hour: Option<i32>,
    pub version: Option<i32>,
}

impl TaskInput {
    pub fn normalised(mut self) -> Self {
        for s in [
            &mut self.name,
            &mut self.description,
            &mut self.remote_limit_note,
            &mut self.sla,
            &mut self.postpone_note,
            &mut self.fallback_note,
        ] {
            *s = s.trim().to_string();
        }
        for (field, default) in [
            (&mut self.kind, "task"),
            (&mut self.remote_capable, "yes"),
            (&mut self.postpone_cost, "low"),
            (&mut self.fallback, "none"),
        ] {
            if field.is_empty() {
                *field = default.to_string();
            }
        }
        self.remote_limits.retain(|l| !l.is_empty());
        self.remote_limits.sort();
        self.remote_limits.dedup();
        self
    }

    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if !(1..=160).contains(&self.name.chars().count()) {
            e.add_with(
                "name",
                "length",
                "Use between 1 and 160 characters.",
                &[("min", "1"), ("max", "160")],
            );
        }
        check_one_of(&mut e, "kind", &self.kind, KINDS);
        for (field, v) in [
            ("customer_criticality", self.customer_criticality),
            ("business_criticality", self.business_criticality),
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
        check_one_of(&mut e, "remote_capable", &self.remote_capable, REMOTE);
        for l in &self.remote_limits {
            check_one_of(&mut e, "remote_limits", l, LIMITS);
        }
        check_one_of(&mut e, "postpone_cost", &self.postpone_cost, POSTPONE_COSTS);
        check_one_of(&mut e, "fallback", &self.fallback, FALLBACKS);
        if let Some(n) = self
            .overflow_per_hour
            .filter(|n| !(0..=100_000).contains(n))
        {
            crate::capacity::numbers::within(
                &mut e,
                "overflow_per_hour",
                f64::from(n),
                0.0,
                100_000.0,
            );
        }
        for (field, text) in [
            ("description", &self.description),
            ("remote_limit_note", &self.remote_limit_note),
            ("postpone_note", &self.postpone_note),
            ("fallback_note", &self.fallback_note),
        ] {
            if text.chars().count() > 2000 {
                e.add_with(
                    field,
                    "length",
                    "Use between 0 and 2000 characters.",
                    &[("min", "0"), ("max", "2000")],
                );
            }
        }
        if self.sla.chars().count() > 200 {
            e.add_with(
                "sla",
                "length",
                "Use between 0 and 200 characters.",
                &[("min", "0"), ("max", "200")],
            );
        }
        e
    }
}
