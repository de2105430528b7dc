//! Six weeks of check-ins and contact volumes, this morning's check-ins, and where the absence
//! ladder stood each day. The figures come from the curves in `demo.toml` and a fixed hash, so
//! they look lived-in (the same people stay ill for a few days) and are the same every load.
use super::files::{Curve, Shared};
use super::Demo;
use crate::checkins::absence::{is_absent, Absence};
use crate::entities::{daily_volume, scenario, staff_checkin, threshold_level};
use anyhow::Context;
use chrono::{Datelike, NaiveDate, Weekday};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// One day of the story as the crisis group saw it.
pub struct Day {
    pub days_ago: i64,
    pub date: NaiveDate,
    pub absence: Absence,
    pub wellbeing_avg: Option<f64>,
    /// Contacts against a normal day, %.
    pub workload_pct: f64,
    /// The absence ladder's level that day, after the morning's check-ins (index, ascending).
    pub level: Option<usize>,
}

pub struct History {
    /// Weekdays oldest first; today last.
    pub days: Vec<Day>,
    pub scenario: scenario::Model,
    pub levels: Vec<threshold_level::Model>,
}

impl History {
    pub fn today(&self) -> &Day {
        &self.days[self.days.len() - 1]
    }

    /// The days the ladder moved on: `(day, level before, level after)`.
    pub fn changes(&self) -> Vec<(&Day, Option<usize>, Option<usize>)> {
        let mut before = None;
        let mut out = vec![];
        for d in &self.days {
            if d.level != before {
                out.push((d, before, d.level));
                before = d.level;
            }
        }
        out
    }

    /// The morning the ladder first reached its second level: the roll-call's day.
    pub fn rollcall_day(&self) -> Option<i64> {
        self.days
            .iter()
            .find(|d| d.level.is_some_and(|l| l >= 1))
            .map(|d| d.days_ago)
    }
}

/// A well-mixed 64-bit hash (SplitMix64's finaliser) of a few numbers: the demo's dice.
pub fn mix(parts: &[i64]) -> u64 {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for &p in parts {
        x = x.wrapping_add(p as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
        x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 29;
    }
    x
}

/// The value of a curve `days_ago`: straight lines between its points, flat beyond them.
pub fn curve(points: &Curve, days_ago: i64) -> f64 {
    let mut sorted = points.clone();
    sorted.sort_by_key(|p| std::cmp::Reverse(p.0));
    let Some(first) = sorted.first() else {
        return 0.0;
    };
    if days_ago >= first.0 {
        return first.1;
    }
    for w in sorted.windows(2) {
        let ((a, va), (b, vb)) = (w[0], w[1]);
        if days_ago <= a && days_ago >= b {
            let t = (a - days_ago) as f64 / (a - b).max(1) as f64;
            return va + (vb - va) * t;
        }
    }
    sorted.last().map(|p| p.1).unwrap_or(0.0)
}

/// Each of `n` staff's check-in on a past weekday: `None` for someone who did not check in.
/// `round(absence_pct × n)` are away; whoever is away stays away for a few days (the hash
/// changes every fourth day, at a different day for each person).
pub fn statuses(
    n: usize,
    days_ago: i64,
    absence_pct: f64,
    remote_pct: f64,
) -> Vec<Option<(&'static str, Option<i32>)>> {
    let spell = |i: usize| (days_ago + (mix(&[i as i64, 99]) % 4) as i64) / 4;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| mix(&[i as i64, spell(i)]));
    let away = ((absence_pct * n as f64 / 100.0).round() as usize).min(n);
    let mut out = vec![None; n];
    for (rank, &i) in order.iter().enumerate() {
        let h = mix(&[i as i64, spell(i), 7]);
        let status = if rank < away {
            if absence_pct < 8.0 && h % 3 == 0 {
                "leave"
            } else if h % 4 == 0 {
                "child_care"
            } else {
                "sick"
            }
        } else if mix(&[i as i64, days_ago / 5, 3]) % 100 < remote_pct as u64 {
            "remote"
        } else {
            "office"
        };
        // Now and then the last one in the order forgets to check in.
        if rank == n - 1 && rank >= away && mix(&[days_ago, 11]) % 3 == 0 {
            continue;
        }
        let d = mix(&[i as i64, days_ago, 5]);
        let wellbeing = (d % 10 < 7).then(|| {
            let base: i64 = if status == "sick" { 2 } else { 4 };
            let strain = i64::from(absence_pct > 20.0 && d % 2 == 0);
            let lift = i64::from(d % 5 == 0);
            (base - strain + lift).clamp(1, 5) as i32
        });
        out[i] = Some((status, wellbeing));
    }
    out
}

/// The weekdays of the story, oldest first, as days before today (today not included).
pub fn weekdays(today: NaiveDate, weeks: i64) -> Vec<(i64, NaiveDate)> {
    (1..=weeks * 7)
        .rev()
        .map(|ago| (ago, today - chrono::Duration::days(ago)))
        .filter(|(_, d)| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

fn figures(statuses: &[Option<(&str, Option<i32>)>]) -> (Absence, Option<f64>) {
    let absence = Absence::count(statuses.len(), statuses.iter().flatten().map(|(s, _)| *s));
    let wb: Vec<i32> = statuses.iter().flatten().filter_map(|(_, w)| *w).collect();
    let avg = (!wb.is_empty()).then(|| wb.iter().sum::<i32>() as f64 / wb.len() as f64);
    (absence, avg)
}

/// Writes the check-ins and volumes and works out the ladder's path through them.
pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<History> {
    let story = &demo.shared.story;
    let scenario = scenario::Entity::find()
        .filter(scenario::Column::OrganisationId.eq(demo.org.id))
        .filter(scenario::Column::StandardKey.eq("high_absence"))
        .one(db)
        .await?
        .context("the standard absence scenario")?;
    let levels = threshold_level::Entity::find()
        .filter(threshold_level::Column::ScenarioId.eq(scenario.id))
        .order_by_asc(threshold_level::Column::Position)
        .all(db)
        .await?;
    let triggers: Vec<f64> = levels.iter().map(|l| l.trigger_value).collect();
    let n = demo.staff.len();
    let mut rows = vec![];
    let mut days = vec![];
    let mut level = None;
    let mut push_day = |days_ago, date, statuses: &[Option<(&str, Option<i32>)>]| {
        let (absence, wellbeing_avg) = figures(statuses);
        level = crate::scenarios::ladder::decide_level(
            &triggers,
            level,
            absence.absence_pct().unwrap_or(0.0),
            scenario.hysteresis_margin,
        );
        days.push(Day {
            days_ago,
            date,
            absence,
            wellbeing_avg,
            workload_pct: curve(&story.workload, days_ago),
            level,
        });
    };
    let past = weekdays(demo.today, story.weeks);
    let mut by_day = vec![];
    for &(ago, date) in &past {
        let s = statuses(
            n,
            ago,
            curve(&story.absence, ago),
            curve(&story.remote, ago),
        );
        push_day(ago, date, &s);
        by_day.push((ago, date, s));
    }
    let today = todays(demo)?;
    push_day(0, demo.today, &today);
    by_day.push((0, demo.today, today));
    let history = History {
        days,
        scenario,
        levels,
    };
    let rollcall_day = history.rollcall_day();
    for (ago, date, statuses) in &by_day {
        for (i, s) in statuses.iter().enumerate() {
            let Some((status, wellbeing)) = s else {
                continue;
            };
            // The roll-call's morning answers come after its 07:35 start.
            let hour = if Some(*ago) == rollcall_day { 8 } else { 7 };
            let minute = 5 + mix(&[i as i64, *ago]) % 55;
            let at = demo.at(*ago, &format!("{hour:02}:{minute:02}"));
            let (user_id, _) = demo.staff[i];
            rows.push(staff_checkin::ActiveModel {
                organisation_id: Set(demo.org.id),
                user_id: Set(user_id),
                day: Set(*date),
                status: Set(status.to_string()),
                wellbeing: Set(*wellbeing),
                note: Set(String::new()),
                recorded_by_user_id: Set(None),
                source: Set(if Some(*ago) == rollcall_day {
                    "rollcall"
                } else {
                    "app"
                }
                .into()),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            });
        }
    }
    for chunk in rows.chunks(500) {
        staff_checkin::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    seed_volumes(db, demo, &past).await?;
    Ok(history)
}

/// This morning, as `[today]` in `demo.toml` says, in the order of the staff.
fn todays(demo: &Demo<'_>) -> anyhow::Result<Vec<Option<(&'static str, Option<i32>)>>> {
    let mut out = vec![None; demo.staff.len()];
    for (status, email) in demo.shared.today.statuses() {
        let user_id = demo.user(email)?;
        let i = demo
            .staff
            .iter()
            .position(|(u, _)| *u == user_id)
            .with_context(|| format!("{email} is not staff"))?;
        let wellbeing = if is_absent(status) { 2 } else { 4 };
        out[i] = Some((status, Some(wellbeing)));
    }
    Ok(out)
}

/// Contacts per past weekday: the queues' normal volume for the weekday, raised by the
/// workload curve, and the backlog growing with absence. Today's are left for the daily
/// check-in to enter.
async fn seed_volumes(
    db: &impl ConnectionTrait,
    demo: &Demo<'_>,
    past: &[(i64, NaiveDate)],
) -> anyhow::Result<()> {
    let shared: &Shared = demo.shared;
    let normal = |kind: &str, date: NaiveDate| -> f64 {
        shared
            .queues
            .iter()
            .filter(|q| q.settings.kind == kind)
            .map(|q| {
                q.settings.weekday_volumes.days()[date.weekday().num_days_from_monday() as usize]
                    as f64
            })
            .sum()
    };
    let mut rows = vec![];
    for &(ago, date) in past {
        let load = 1.0 + curve(&shared.story.workload, ago) / 100.0;
        let jitter = |salt: i64| 0.95 + (mix(&[ago, salt]) % 100) as f64 / 1000.0;
        let figure =
            |kind: &str, salt| Some((normal(kind, date) * load * jitter(salt)).round() as i32);
        let absence = curve(&shared.story.absence, ago);
        rows.push(daily_volume::ActiveModel {
            organisation_id: Set(demo.org.id),
            day: Set(date),
            calls: Set(figure("voice", 1)),
            mails: Set(figure("email", 2)),
            chats: Set(figure("chat", 3)),
            web_visits: Set(Some(
                (shared.story.web_visits as f64 * load * jitter(4)).round() as i32,
            )),
            backlog: Set(Some((40.0 + (absence - 5.0).max(0.0) * 9.0).round() as i32)),
            recorded_by_user_id: Set(demo.user(&shared.story.crisis_group[0]).ok()),
            created_at: Set(demo.at(ago, "09:40")),
            updated_at: Set(demo.at(ago, "09:40")),
            ..Default::default()
        });
    }
    daily_volume::Entity::insert_many(rows).exec(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curves_join_their_points_with_straight_lines_and_stay_flat_beyond() {
        let c = vec![(20, 10.0), (10, 30.0), (0, 20.0)];
        assert_eq!(curve(&c, 30), 10.0);
        assert_eq!(curve(&c, 15), 20.0);
        assert_eq!(curve(&c, 10), 30.0);
        assert_eq!(curve(&c, 5), 25.0);
        assert_eq!(curve(&c, -3), 20.0);
    }

    #[test]
    fn a_day_has_as_many_away_as_the_curve_says_and_is_the_same_every_time() {
        let a = statuses(40, 9, 27.5, 30.0);
        assert_eq!(a, statuses(40, 9, 27.5, 30.0));
        let away = a.iter().flatten().filter(|(s, _)| is_absent(s)).count();
        assert_eq!(away, 11);
        assert!(a.iter().filter(|s| s.is_none()).count() <= 1);
    }

    #[test]
    fn the_same_people_stay_ill_for_a_few_days() {
        let ill = |ago| -> Vec<usize> {
            statuses(40, ago, 25.0, 0.0)
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_some_and(|(s, _)| is_absent(s)))
                .map(|(i, _)| i)
                .collect()
        };
        let (a, b) = (ill(10), ill(11));
        let both = a.iter().filter(|i| b.contains(i)).count();
        assert!(both >= a.len() / 2, "{a:?} {b:?}");
    }

    #[test]
    fn the_story_has_no_weekend_check_ins() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let days = weekdays(today, 6);
        assert_eq!(days.len(), 30);
        assert!(days
            .iter()
            .all(|(_, d)| d.weekday().num_days_from_monday() < 5));
        assert_eq!(days[0].0, 42);
    }
}
