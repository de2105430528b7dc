//! Exercises: a tabletop drill of one scenario. While it runs it has its own level, log and
//! notices, all marked EXERCISE, that reach only its participants and internal channels:
//! never the public page, the feed, subscribers or public channels, and never the scenario's
//! real level. Prepared injects appear in its log at their times. Ending it opens the
//! after-action review, whose lessons become actions with an owner; the history per scenario
//! is the evidence an auditor asks for.
pub mod api;
pub mod forms;
pub mod notice;
pub mod repo;
pub mod review;
pub mod running;
pub mod service;
pub mod views;
pub mod web;

use crate::entities::{exercise, exercise_inject, log_entry};
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// How long an exercise stays evidence before the register flags the scenario as not
/// exercised.
pub const STALE_AFTER_DAYS: i64 = 365;

/// `action` (something to do) or `plan_change` (the plan itself changes).
pub const LESSON_KINDS: &[&str] = &["action", "plan_change"];

pub fn participant_ids(e: &exercise::Model) -> Vec<i32> {
    e.participants
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

/// One moment of an exercise as its log shows it: an entry, or an inject whose time came.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Moment {
    pub at: DateTime<Utc>,
    /// `decision`, `event`, `information`, `request`, or `inject`.
    pub kind: String,
    /// What Beredskap wrote it for (`level_change`, `faq_published`, `exercise_started`, …).
    pub event: String,
    pub text: String,
    pub author_user_id: Option<i32>,
}

/// The exercise's log with the injects whose time has come (before its end), newest first;
/// and how many injects are still to come.
pub fn timeline(
    e: &exercise::Model,
    entries: &[log_entry::Model],
    injects: &[exercise_inject::Model],
    now: DateTime<Utc>,
) -> (Vec<Moment>, usize) {
    let until = e.ended_at.unwrap_or(now).min(now);
    let mut out: Vec<Moment> = entries
        .iter()
        .map(|l| Moment {
            at: l.occurred_at,
            kind: l.kind.clone(),
            event: l.event.clone(),
            text: l.text.clone(),
            author_user_id: l.author_user_id,
        })
        .collect();
    let mut to_come = 0;
    for i in injects {
        let at = e.started_at + Duration::minutes(i.at_minutes.into());
        if at <= until {
            out.push(Moment {
                at,
                kind: "inject".into(),
                event: String::new(),
                text: i.text.clone(),
                author_user_id: None,
            });
        } else if e.ended_at.is_none() {
            to_come += 1;
        }
    }
    out.sort_by_key(|m| std::cmp::Reverse(m.at));
    (out, to_come)
}

/// Whether a scenario last exercised at `last` (never: `None`) is due for an exercise.
pub fn not_exercised_lately(last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last.is_none_or(|l| now - l > Duration::days(STALE_AFTER_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn exercise(started: DateTime<Utc>, ended: Option<DateTime<Utc>>) -> exercise::Model {
        exercise::Model {
            id: 1,
            organisation_id: 1,
            scenario_id: 1,
            title: "Drill".into(),
            status: if ended.is_some() { "ended" } else { "running" }.into(),
            started_at: started,
            ended_at: ended,
            started_by_user_id: None,
            level_id: None,
            participants: "3, 5,x".into(),
            worked: String::new(),
            did_not_work: String::new(),
            reviewed_at: None,
            version: 1,
        }
    }

    fn inject(at_minutes: i32, text: &str) -> exercise_inject::Model {
        exercise_inject::Model {
            id: at_minutes,
            exercise_id: 1,
            organisation_id: 1,
            at_minutes,
            text: text.into(),
        }
    }

    #[test]
    fn injects_appear_at_their_time_and_not_after_the_end() {
        let start = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        let injects = [
            inject(40, "Phone supplier outage"),
            inject(90, "Press calls"),
        ];
        let e = exercise(start, None);
        let (seen, to_come) = timeline(&e, &[], &injects, start + Duration::minutes(39));
        assert!(seen.is_empty());
        assert_eq!(to_come, 2);
        let (seen, to_come) = timeline(&e, &[], &injects, start + Duration::minutes(40));
        assert_eq!(seen.len(), 1, "exactly at its time");
        assert_eq!(seen[0].kind, "inject");
        assert_eq!(to_come, 1);
        let ended = exercise(start, Some(start + Duration::minutes(60)));
        let (seen, to_come) = timeline(&ended, &[], &injects, start + Duration::hours(5));
        assert_eq!(seen.len(), 1, "an inject after the end never came");
        assert_eq!(to_come, 0);
        assert_eq!(participant_ids(&e), vec![3, 5]);
    }

    #[test]
    fn a_scenario_is_flagged_when_not_exercised_for_a_year() {
        let now = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        assert!(not_exercised_lately(None, now));
        assert!(!not_exercised_lately(Some(now - Duration::days(365)), now));
        assert!(not_exercised_lately(Some(now - Duration::days(366)), now));
    }
}
