//! What counts as absent, the organisation's local day, and the absence arithmetic. Pure.
use chrono::{DateTime, NaiveDate, TimeZone, Utc};

/// Every status a person can check in with, in the order the phone page shows them.
pub const STATUSES: &[&str] = &[
    "office",
    "remote",
    "sick",
    "child_care",
    "leave",
    "other_absence",
];

/// The one place that says what counts as absent. Everything else asks this.
pub fn is_absent(status: &str) -> bool {
    matches!(status, "sick" | "child_care" | "leave" | "other_absence")
}

/// Statuses that may be entered ahead of the day (planned absence).
pub fn can_be_planned(status: &str) -> bool {
    matches!(status, "leave" | "other_absence")
}

/// The organisation's local day at an instant. Days follow the organisation's clock, so a
/// check-in at 00:30 in Stockholm belongs to that day whatever UTC says, summer time or not.
pub fn local_day(at: DateTime<Utc>, time_zone: &str) -> NaiveDate {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    at.with_timezone(&tz).date_naive()
}

/// The first instant of the organisation's local `day` (the earlier one when clocks go back).
pub fn local_day_start(day: NaiveDate, time_zone: &str) -> DateTime<Utc> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&midnight))
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Absence {
    /// Everyone expected to check in.
    pub headcount: usize,
    pub present: usize,
    pub absent: usize,
    /// Not checked in yet: never counted as present.
    pub unknown: usize,
}

impl Absence {
    /// Counts one day from the statuses of those who checked in; the rest of the headcount is
    /// unknown. Check-ins from people outside the headcount are ignored.
    pub fn count<'a>(headcount: usize, statuses: impl IntoIterator<Item = &'a str>) -> Self {
        let mut a = Absence {
            headcount,
            ..Default::default()
        };
        for s in statuses.into_iter().take(headcount) {
            if is_absent(s) {
                a.absent += 1;
            } else {
                a.present += 1;
            }
        }
        a.unknown = headcount - a.present - a.absent;
        a
    }

    /// Absent people as a share of the headcount, in %. Unknowns are in the denominator but not
    /// the numerator, so the figure can only rise as the day's check-ins arrive; `None` with
    /// nobody to count.
    pub fn absence_pct(&self) -> Option<f64> {
        (self.headcount > 0).then(|| 100.0 * self.absent as f64 / self.headcount as f64)
    }

    /// The share that has not checked in, in %.
    pub fn unknown_pct(&self) -> Option<f64> {
        (self.headcount > 0).then(|| 100.0 * self.unknown as f64 / self.headcount as f64)
    }

    pub fn add(&mut self, other: &Absence) {
        self.headcount += other.headcount;
        self.present += other.present;
        self.absent += other.absent;
        self.unknown += other.unknown;
    }
}

/// Workload against normal, in %, over the channels that have both a figure today and a normal
/// figure. `None` when no channel has both.
pub fn workload_change_pct(today: &[Option<i32>], normal: &[Option<i32>]) -> Option<f64> {
    let (mut now, mut usual) = (0i64, 0i64);
    for (t, n) in today.iter().zip(normal) {
        if let (Some(t), Some(n)) = (t, n) {
            if *n > 0 {
                now += *t as i64;
                usual += *n as i64;
            }
        }
    }
    (usual > 0).then(|| 100.0 * (now - usual) as f64 / usual as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }
    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_day_follows_the_organisations_clock_in_winter() {
        // Stockholm is UTC+1 in winter: 23:30 UTC is already tomorrow there.
        assert_eq!(
            local_day(utc(2026, 1, 14, 22, 59), "Europe/Stockholm"),
            day(2026, 1, 14)
        );
        assert_eq!(
            local_day(utc(2026, 1, 14, 23, 0), "Europe/Stockholm"),
            day(2026, 1, 15)
        );
        assert_eq!(local_day(utc(2026, 1, 14, 23, 30), "UTC"), day(2026, 1, 14));
    }

    #[test]
    fn a_day_follows_the_organisations_clock_across_the_switch_to_summer_time() {
        // 29 March 2026: clocks go from 02:00 to 03:00 in Stockholm; the day is 23 hours long.
        assert_eq!(
            local_day(utc(2026, 3, 28, 23, 0), "Europe/Stockholm"),
            day(2026, 3, 29),
            "00:00 CET"
        );
        assert_eq!(
            local_day(utc(2026, 3, 29, 0, 59), "Europe/Stockholm"),
            day(2026, 3, 29),
            "01:59 CET"
        );
        assert_eq!(
            local_day(utc(2026, 3, 29, 1, 0), "Europe/Stockholm"),
            day(2026, 3, 29),
            "03:00 CEST"
        );
        assert_eq!(
            local_day(utc(2026, 3, 29, 21, 59), "Europe/Stockholm"),
            day(2026, 3, 29),
            "23:59 CEST"
        );
        assert_eq!(
            local_day(utc(2026, 3, 29, 22, 0), "Europe/Stockholm"),
            day(2026, 3, 30),
            "00:00 CEST"
        );
    }

    #[test]
    fn a_day_follows_the_organisations_clock_across_the_switch_from_summer_time() {
        // 25 October 2026: clocks go from 03:00 back to 02:00; the day is 25 hours long.
        assert_eq!(
            local_day(utc(2026, 10, 24, 21, 59), "Europe/Stockholm"),
            day(2026, 10, 24)
        );
        assert_eq!(
            local_day(utc(2026, 10, 24, 22, 0), "Europe/Stockholm"),
            day(2026, 10, 25),
            "00:00 CEST"
        );
        assert_eq!(
            local_day(utc(2026, 10, 25, 0, 30), "Europe/Stockholm"),
            day(2026, 10, 25),
            "02:30 CEST"
        );
        assert_eq!(
            local_day(utc(2026, 10, 25, 1, 30), "Europe/Stockholm"),
            day(2026, 10, 25),
            "02:30 CET, again"
        );
        assert_eq!(
            local_day(utc(2026, 10, 25, 22, 59), "Europe/Stockholm"),
            day(2026, 10, 25),
            "23:59 CET"
        );
        assert_eq!(
            local_day(utc(2026, 10, 25, 23, 0), "Europe/Stockholm"),
            day(2026, 10, 26)
        );
    }

    #[test]
    fn people_not_checked_in_are_unknown_never_present() {
        let a = Absence::count(10, ["office", "remote", "sick", "child_care"]);
        assert_eq!(
            a,
            Absence {
                headcount: 10,
                present: 2,
                absent: 2,
                unknown: 6
            }
        );
        assert_eq!(a.absence_pct(), Some(20.0));
        assert_eq!(a.unknown_pct(), Some(60.0));
    }

    #[test]
    fn absence_is_measured_over_the_whole_headcount() {
        assert_eq!(
            Absence::count(4, ["sick", "sick"]).absence_pct(),
            Some(50.0)
        );
        assert_eq!(
            Absence::count(4, ["sick", "sick", "office", "office"]).absence_pct(),
            Some(50.0)
        );
        assert_eq!(Absence::count(0, []).absence_pct(), None);
        assert_eq!(Absence::count(3, []).absence_pct(), Some(0.0));
        assert_eq!(Absence::count(3, []).unknown, 3);
    }

    #[test]
    fn more_check_ins_than_the_headcount_never_make_unknown_negative() {
        let a = Absence::count(2, ["sick", "office", "office"]);
        assert_eq!((a.present + a.absent, a.unknown), (2, 0));
    }

    #[test]
    fn every_status_is_either_absent_or_present() {
        let absent: Vec<_> = STATUSES.iter().filter(|s| is_absent(s)).collect();
        assert_eq!(absent, [&"sick", &"child_care", &"leave", &"other_absence"]);
        assert!(!is_absent("office") && !is_absent("remote"));
    }

    #[test]
    fn workload_change_uses_only_channels_with_a_normal_figure() {
        assert_eq!(
            workload_change_pct(&[Some(150), Some(50)], &[Some(100), Some(50)]),
            Some(100.0 * 50.0 / 150.0)
        );
        assert_eq!(
            workload_change_pct(&[Some(50), None], &[Some(100), Some(80)]),
            Some(-50.0)
        );
        assert_eq!(
            workload_change_pct(&[Some(50), Some(10)], &[None, Some(0)]),
            None
        );
        assert_eq!(workload_change_pct(&[None], &[Some(10)]), None);
    }
}
