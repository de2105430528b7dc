//! Business-impact figures under a scenario: a task the ranking disrupts (postponed, or not
//! workable where people are) passes its maximum tolerable period of disruption that many
//! hours after the scenario's level was reached.
use super::ranking::Ranked;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// When a task disrupted by the scenario passes its maximum tolerable disruption.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Tolerance {
    pub passes_at: DateTime<Utc>,
    /// It has passed already.
    pub passed: bool,
}

/// Whether the advice leaves the task undone while the scenario lasts.
fn disrupted(advice: &str) -> bool {
    matches!(advice, "postpone" | "plan_on_site")
}

pub fn tolerance(
    r: &Ranked,
    since: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<Tolerance> {
    let hours = r.task.mtpd_hours?;
    let since = since.filter(|_| disrupted(r.advice))?;
    let passes_at = since + Duration::hours(hours.into());
    Some(Tolerance {
        passes_at,
        passed: now >= passes_at,
    })
}

/// The tasks past their maximum tolerable disruption under a scenario in force since `since`.
pub fn past(ranked: &[Ranked], since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> usize {
    ranked
        .iter()
        .filter(|r| tolerance(r, since, now).is_some_and(|t| t.passed))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::ranking::rank;
    use chrono::TimeZone;

    #[test]
    fn a_postponed_task_passes_its_tolerance_that_long_after_the_level_was_reached() {
        let mut t = crate::tasks::ranking::tests_support::task("Archive", 1, 1);
        t.mtpd_hours = Some(72);
        let r = rank("high_absence", &[t]);
        assert_eq!(r[0].advice, "postpone");
        let since = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        let at = since + Duration::hours(71);
        assert_eq!(
            tolerance(&r[0], Some(since), at).map(|t| t.passed),
            Some(false)
        );
        assert_eq!(past(&r, Some(since), since + Duration::hours(72)), 1);
        assert_eq!(tolerance(&r[0], None, at), None, "no level, no disruption");
    }
}
