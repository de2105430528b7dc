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
    /// Recovery time objective: within how many hours it must be back (1–8760).
    #[schema(minimum = 1, maximum = 8760)]
    pub rto_hours: Option<i32>,
    /// Maximum tolerable period of disruption, hours (1–8760, at least the RTO).
    #[schema(minimum = 1, maximum = 8760)]
    pub mtpd_hours: Option<i32>,
    /// The least acceptable service, in words ("urgent cases answered the same day").
    #[schema(max_length = 200)]
    pub min_service: String,
    /// For a queue: the least acceptable service level, per cent answered within target.
    #[schema(minimum = 0, maximum = 100)]
    pub min_service_level: Option<f64>,
    /// Systems it depends on.
    #[schema(max_length = 500)]
    pub depends_systems: String,
    /// Suppliers it depends on.
    #[schema(max_length = 500)]
    pub depends_suppliers: String,
    /// Partners it depends on.
    #[schema(max_length = 500)]
    pub depends_partners: String,
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
            &mut self.min_service,
            &mut self.depends_systems,
            &mut self.depends_suppliers,
            &mut self.depends_partners,
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
        for (field, text, max) in [
            ("sla", &self.sla, 200),
            ("min_service", &self.min_service, 200),
            ("depends_systems", &self.depends_systems, 500),
            ("depends_suppliers", &self.depends_suppliers, 500),
            ("depends_partners", &self.depends_partners, 500),
        ] {
            if text.chars().count() > max {
                e.add_with(
                    field,
                    "length",
                    format!("Use between 0 and {max} characters."),
                    &[("min", "0"), ("max", &max.to_string())],
                );
            }
        }
        for (field, v) in [
            ("rto_hours", self.rto_hours),
            ("mtpd_hours", self.mtpd_hours),
        ] {
            if v.is_some_and(|h| !(1..=8760).contains(&h)) {
                e.add_with(
                    field,
                    "range",
                    "Use a whole number of hours between 1 and 8760.",
                    &[("min", "1"), ("max", "8760")],
                );
            }
        }
        if let (Some(rto), Some(mtpd)) = (self.rto_hours, self.mtpd_hours) {
            if mtpd < rto && e.for_field("mtpd_hours").is_none() {
                e.add(
                    "mtpd_hours",
                    "below_rto",
                    "The maximum tolerable disruption cannot be shorter than the recovery time objective.",
                );
            }
        }
        if let Some(sl) = self
            .min_service_level
            .filter(|v| !v.is_finite() || !(0.0..=100.0).contains(v))
        {
            crate::capacity::numbers::within(&mut e, "min_service_level", sl, 0.0, 100.0);
        }
        e
    }
}
