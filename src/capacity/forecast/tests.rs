use super::*;
use chrono::Utc;

fn phone(id: i32) -> queue::Model {
    // Open 08–16 on weekdays, 800 calls on a Monday spread evenly: 50 per half hour.
    queue::Model {
        id,
        organisation_id: 1,
        name: format!("Phone {id}"),
        kind: "voice".into(),
        interval_minutes: 30,
        opening_hours: "08:00-16:00,08:00-16:00,08:00-16:00,08:00-16:00,08:00-16:00,,".into(),
        weekday_volumes: "800,800,800,800,800,0,0".into(),
        profile: String::new(),
        target_service_level: 0.8,
        target_seconds: 20,
        aht_seconds: 180,
        concurrency: 1,
        patience_seconds: None,
        max_occupancy: 0.85,
        shrinkage: 0.3,
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn setup(q: queue::Model, team: i32, share: f64) -> QueueSetup {
    QueueSetup {
        queue: q,
        team_shares: HashMap::from([(team, share)]),
        trained: vec![],
        overflow: vec![],
    }
}

fn people(team: i32, present: usize, absent: usize, unknown: usize) -> Vec<Person> {
    let mut out = vec![];
    for (n, presence) in [
        (present, Presence::Present),
        (absent, Presence::Absent),
        (unknown, Presence::Unknown),
    ] {
        for _ in 0..n {
            let id = out.len() as i32 + team * 1000;
            out.push(Person {
                user_id: id,
                name: format!("P{id}"),
                team_id: Some(team),
                presence,
            });
        }
    }
    out
}

fn no_change(_: &str) -> f64 {
    0.0
}

#[test]
fn unknowns_make_a_range_and_are_never_silently_present() {
    let s = setup(phone(1), 1, 100.0);
    let staff = people(1, 10, 2, 8);
    let w = WhatIf::default();
    let day = Day {
        weekday: 0,
        volume_change_pct: &no_change,
        what_if: &w,
    };
    let f = forecast_queue(&s, &staff, &day);
    assert!(
        (f.agents_available_low - 7.0).abs() < 1e-9,
        "10 present × 0.7"
    );
    assert!((f.agents_available_high - 12.6).abs() < 1e-9, "18 × 0.7");
    assert_eq!(f.intervals.len(), 16);
    let i = &f.intervals[0];
    // 50 calls per half hour at 3 min = 5 Erlangs: 8 agents meet 80/20.
    assert_eq!(i.agents_required, 8);
    assert_eq!(i.low.agents, 7);
    assert_eq!(i.high.agents, 12);
    assert_eq!(i.gap, 1);
    assert!(i.low.service_level < 0.8 && i.high.service_level > 0.8);
    assert_eq!(f.agents_short, 1);
    assert_eq!(f.opening_hours.as_deref(), Some("08:00-16:00"));
    assert!((f.expected_contacts - 800.0).abs() < 1e-9);
}

#[test]
fn a_closed_day_has_no_intervals() {
    let s = setup(phone(1), 1, 100.0);
    let w = WhatIf::default();
    let day = Day {
        weekday: 5,
        volume_change_pct: &no_change,
        what_if: &w,
    };
    let f = forecast_queue(&s, &people(1, 10, 0, 0), &day);
    assert!(f.intervals.is_empty() && f.opening_hours.is_none() && f.worst.is_none());
    assert_eq!(f.worst_service_level(), None);
}

#[test]
fn the_workload_change_and_what_if_raise_the_requirement() {
    let s = setup(phone(1), 1, 100.0);
    let staff = people(1, 20, 0, 0);
    let plus40 = |_: &str| 40.0;
    let w = WhatIf::default();
    let f = forecast_queue(
        &s,
        &staff,
        &Day {
            weekday: 0,
            volume_change_pct: &plus40,
            what_if: &w,
        },
    );
    assert!((f.expected_contacts - 1120.0).abs() < 1e-6);
    assert_eq!(
        f.intervals[0].agents_required, 10,
        "70 calls per half hour, 7 Erlangs"
    );
    let w = WhatIf {
        absence_pct: Some(50.0),
        extra_agents: 2,
        extra_queue_id: Some(1),
        ..Default::default()
    };
    let f = forecast_queue(
        &s,
        &staff,
        &Day {
            weekday: 0,
            volume_change_pct: &no_change,
            what_if: &w,
        },
    );
    assert!(
        (f.agents_available_low - 9.0).abs() < 1e-9,
        "20 × 50 % × 0.7 + 2"
    );
}

#[test]
fn trained_people_on_a_queue_with_slack_are_offered_with_what_each_move_buys() {
    let mut short = setup(phone(1), 1, 100.0);
    let spare = setup(
        QueueSetup {
            ..setup(phone(2), 2, 100.0)
        }
        .queue,
        2,
        100.0,
    );
    let mut staff = people(1, 8, 4, 0); // 5.6 agents on phone 1: short
    staff.extend(people(2, 20, 0, 0)); // 14 agents on phone 2: 6 to spare
    short.trained = staff
        .iter()
        .filter(|p| p.team_id == Some(2))
        .take(5)
        .map(|p| p.user_id)
        .collect();
    let w = WhatIf::default();
    let day = Day {
        weekday: 0,
        volume_change_pct: &no_change,
        what_if: &w,
    };
    let all = forecast_day(&[short, spare], &staff, &day);
    let f = &all[0];
    assert_eq!(f.agents_short, 3, "8 required, 5 available");
    assert_eq!(f.moves.len(), 3, "{:?}", f.moves);
    assert!(f
        .moves
        .iter()
        .all(|m| m.from_queue.as_deref() == Some("Phone 2")));
    assert!(f
        .moves
        .windows(2)
        .all(|w| w[1].service_level_after > w[0].service_level_after));
    assert!(f.moves.last().unwrap().service_level_after >= 0.8);
    let deflect = f.deflect_per_hour.unwrap();
    assert!(deflect > 0.0 && deflect < 100.0, "{deflect}");
    assert!(all[1].moves.is_empty() && all[1].agents_short == 0);
}

#[test]
fn an_email_queue_is_a_backlog_sum() {
    let mut q = phone(3);
    q.kind = "email".into();
    q.aht_seconds = 360;
    q.target_seconds = 4 * 3600;
    q.target_service_level = 0.9;
    let s = setup(q, 3, 100.0);
    let w = WhatIf::default();
    let day = Day {
        weekday: 0,
        volume_change_pct: &no_change,
        what_if: &w,
    };
    let f = forecast_queue(&s, &people(3, 4, 6, 0), &day);
    assert!(f.backlog_at_close.unwrap() > 0.0);
    assert!(f.day_service_level_low.unwrap() < 0.9);
    assert!(f.agents_short > 0);
    assert!(f.intervals.iter().all(|i| i.low.backlog.is_some()));
}
