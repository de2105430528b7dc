//! The closed lists the plan uses, stored as short strings and shown through the catalogues.
use crate::error::FieldErrors;

pub const KINDS: &[&str] = &[
    "high_absence",
    "relocation",
    "workload_up",
    "workload_down",
    "custom",
];
pub const STATUSES: &[&str] = &["monitoring", "active", "closed"];
pub const METRICS: &[&str] = &[
    "absence",
    "workload_increase",
    "workload_decrease",
    "forecast_service_level",
    "manual",
];

/// A falling metric fires when the value drops below its triggers (the forecast service level):
/// its triggers descend, and a level is left when the value rises the margin above the trigger.
pub fn is_falling(metric: &str) -> bool {
    metric == "forecast_service_level"
}
pub const AREAS: &[&str] = &["communication", "staffing", "technology"];
pub const ACTION_STATUSES: &[&str] = &["planned", "in_progress", "done", "cancelled"];
pub const RATINGS: &[&str] = &["worked", "partly", "did_not_work"];

/// Records an error on `field` unless `value` is one of `allowed`.
pub fn check_one_of(errors: &mut FieldErrors, field: &str, value: &str, allowed: &[&str]) {
    if !allowed.contains(&value) {
        errors.add(
            field,
            "one_of",
            format!("Choose one of: {}.", allowed.join(", ")),
        );
    }
}

/// Probability × consequence, 1–25.
pub fn risk(probability: i32, consequence: i32) -> i32 {
    probability * consequence
}

/// The band a risk falls in, for colour and words on the matrix.
pub fn risk_band(risk: i32) -> &'static str {
    match risk {
        ..=4 => "low",
        5..=9 => "moderate",
        10..=16 => "high",
        _ => "critical",
    }
}

/// The highest value a trigger may take for a metric (absence and decrease are shares of 100).
pub fn metric_max(metric: &str) -> f64 {
    match metric {
        "absence" | "workload_decrease" | "forecast_service_level" => 100.0,
        "workload_increase" => 1000.0,
        _ => 100.0,
    }
}

/// The unit a metric's values are shown in.
pub fn metric_unit(metric: &str) -> &'static str {
    if metric == "manual" {
        ""
    } else {
        " %"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn risk_bands_cover_the_whole_matrix() {
        assert_eq!(super::risk_band(super::risk(1, 1)), "low");
        assert_eq!(super::risk_band(super::risk(2, 2)), "low");
        assert_eq!(super::risk_band(super::risk(1, 5)), "moderate");
        assert_eq!(super::risk_band(super::risk(3, 3)), "moderate");
        assert_eq!(super::risk_band(super::risk(2, 5)), "high");
        assert_eq!(super::risk_band(super::risk(4, 4)), "high");
        assert_eq!(super::risk_band(super::risk(4, 5)), "critical");
        assert_eq!(super::risk_band(super::risk(5, 5)), "critical");
    }
}
