//! The retry schedule. A target that fails is tried again after these delays (each with
//! ±20 % jitter so that a thousand failed mails do not all return in the same second); after
//! the last one it is marked dead and its owner told. Roughly eleven hours in all: long enough
//! to ride out an outage of the mail server or a chat service, short enough that a crisis
//! update is not delivered when it no longer matters.
use chrono::Duration;
use rand::Rng;

/// Seconds to wait after the 1st, 2nd, … failed attempt.
pub const RETRY_DELAYS: [i64; 8] = [10, 30, 120, 600, 1_800, 3_600, 3 * 3_600, 6 * 3_600];

/// A `Retry-After` longer than this is not waited for; the schedule's own delay is used.
pub const MAX_RETRY_AFTER: i64 = 24 * 3_600;

/// How long a claimed row belongs to the worker that claimed it. A process that dies while
/// sending leaves its rows to be reclaimed after this.
pub const LEASE_SECONDS: i64 = 60;

/// When to try again after attempt `attempt` (1-based) failed, or `None` when the schedule is
/// exhausted. A `Retry-After` from the receiver wins when it asks for longer.
pub fn next_delay(attempt: i32, retry_after: Option<i64>) -> Option<Duration> {
    let base = *RETRY_DELAYS.get(usize::try_from(attempt - 1).ok()?)?;
    let jitter = rand::thread_rng().gen_range(0.8..=1.2);
    let mut secs = (base as f64 * jitter).round() as i64;
    if let Some(asked) = retry_after.filter(|s| (0..=MAX_RETRY_AFTER).contains(s)) {
        secs = secs.max(asked);
    }
    Some(Duration::seconds(secs.max(1)))
}

/// `Retry-After` as seconds: either a number or an HTTP date.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<i64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<i64>() {
        return Some(secs.max(0));
    }
    chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .map(|at| (at.with_timezone(&chrono::Utc) - now).num_seconds().max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_with_jitter_and_end() {
        for _ in 0..50 {
            let first = next_delay(1, None).unwrap().num_seconds();
            assert!((8..=12).contains(&first), "{first}");
            let last = next_delay(8, None).unwrap().num_seconds();
            assert!((17_280..=25_920).contains(&last), "{last}");
        }
        assert!(next_delay(9, None).is_none());
        assert!(next_delay(0, None).is_none());
    }

    #[test]
    fn retry_after_wins_when_longer_and_sane() {
        assert_eq!(next_delay(1, Some(120)).unwrap().num_seconds(), 120);
        assert!(next_delay(1, Some(1)).unwrap().num_seconds() >= 8);
        assert!(next_delay(1, Some(10 * 86_400)).unwrap().num_seconds() <= 12);
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after("30", now), Some(30));
        assert_eq!(
            parse_retry_after("Mon, 23 Nov 2026 10:02:00 GMT", now),
            Some(120)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
