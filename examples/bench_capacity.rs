//! Capacity benchmark, run by `scripts/bench_capacity.sh`.
//!
//! 1. In process: a whole day's forecast for 5 queues × 96 quarter-hours (voice, voice with
//!    patience, chat, a large voice queue, e-mail) and 400 staff, half checked in — the pure
//!    computation `GET /capacity` does after its queries. Median and p95 of 200 runs.
//! 2. Over HTTP against a release server with the demo: the Erlang calculator against a plain
//!    authenticated GET (`/api/v1/auth/me`), in alternating rounds of 2,000 requests from 16
//!    clients; requests per second, median of the rounds.
use beredskap::capacity::forecast::{forecast_day, Day, Person, Presence, QueueSetup, WhatIf};
use beredskap::entities::queue;
use chrono::Utc;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

fn queue(
    id: i32,
    kind: &str,
    volume: u32,
    aht: i32,
    patience: Option<i32>,
    concurrency: i32,
) -> queue::Model {
    // Open round the clock in quarter-hours: 96 intervals, a two-peaked day.
    let profile: Vec<String> = (0..96)
        .map(|i| {
            let h = i as f64 / 4.0;
            let w = 1.0
                + 8.0 * (-((h - 10.0) / 2.0).powi(2)).exp()
                + 6.0 * (-((h - 14.5) / 2.0).powi(2)).exp();
            format!("{w:.3}")
        })
        .collect();
    let day = "00:00-24:00";
    queue::Model {
        id,
        organisation_id: 1,
        name: format!("Queue {id}"),
        kind: kind.into(),
        interval_minutes: 15,
        opening_hours: [day; 7].join(","),
        weekday_volumes: vec![volume.to_string(); 7].join(","),
        profile: profile.join(","),
        target_service_level: if kind == "email" { 0.9 } else { 0.8 },
        target_seconds: if kind == "email" { 8 * 3600 } else { 20 },
        aht_seconds: aht,
        concurrency,
        patience_seconds: patience,
        max_occupancy: 0.85,
        shrinkage: 0.3,
        version: 1,
        created_at: Utc::now(),
        updated_at: Utc::now(),
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn forecast_timing() {
    let queues = [
        queue(1, "voice", 2_000, 240, None, 1),
        queue(2, "voice", 1_200, 300, Some(90), 1),
        queue(3, "chat", 800, 420, Some(180), 2),
        queue(4, "voice", 20_000, 200, Some(120), 1),
        queue(5, "email", 1_500, 360, None, 1),
    ];
    let setups: Vec<QueueSetup> = queues
        .into_iter()
        .enumerate()
        .map(|(i, q)| QueueSetup {
            team_shares: HashMap::from([(i as i32 + 1, 100.0)]),
            trained: (0..400).filter(|u| u % 7 == i as i32).collect(),
            overflow: vec![],
            queue: q,
        })
        .collect();
    // 400 staff over 5 teams; team 4 (the large queue) is the biggest.
    let people: Vec<Person> = (0..400)
        .map(|u| Person {
            user_id: u,
            name: format!("Person {u}"),
            team_id: Some(if u < 200 {
                4
            } else {
                u % 4 + 1 + (u % 4 >= 3) as i32
            }),
            presence: match u % 4 {
                0 | 1 => Presence::Present,
                2 => Presence::Unknown,
                _ => Presence::Absent,
            },
        })
        .collect();
    let change = |_: &str| 20.0;
    let what_if = WhatIf::default();
    let day = Day {
        weekday: 1,
        volume_change_pct: &change,
        what_if: &what_if,
    };
    let intervals: usize = forecast_day(&setups, &people, &day)
        .iter()
        .map(|q| q.intervals.len())
        .sum();
    let mut times = vec![];
    for _ in 0..200 {
        let t = Instant::now();
        let out = forecast_day(&setups, &people, &day);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(out);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "| whole-day forecast, 5 queues, {intervals} intervals, 400 staff (in process, 200 runs) | median {:.2} ms | p95 {:.2} ms |",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
}

async fn round(
    client: &reqwest::Client,
    url: &str,
    token: &str,
    body: Option<&serde_json::Value>,
    n: usize,
) -> f64 {
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = vec![];
    for _ in 0..16 {
        let (client, url, token, next) = (
            client.clone(),
            url.to_string(),
            token.to_string(),
            next.clone(),
        );
        let body = body.cloned();
        tasks.push(tokio::spawn(async move {
            while next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) < n {
                let req = match &body {
                    Some(b) => client.post(&url).json(b),
                    None => client.get(&url),
                };
                let res = req.bearer_auth(&token).send().await.expect("request");
                assert!(res.status().is_success(), "{url}: {}", res.status());
                res.bytes().await.expect("body");
            }
        }));
    }
    for t in tasks {
        t.await.expect("client");
    }
    n as f64 / start.elapsed().as_secs_f64()
}

async fn http(base: &str) {
    let client = reqwest::Client::new();
    let login: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"email": "lead@demo.example", "password": "demo-password"}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("token");
    let token = login["token"].as_str().expect("token").to_string();
    let body = serde_json::json!({"volume": 100, "interval_minutes": 30, "aht_seconds": 180, "target_seconds": 20,
        "target_service_level": 0.8, "max_occupancy": 0.85, "shrinkage": 0.3, "agents": 11, "patience_seconds": 120});
    let (calc, me, capacity) = (
        format!("{base}/api/v1/forecast/erlang"),
        format!("{base}/api/v1/me"),
        format!("{base}/api/v1/capacity"),
    );
    round(&client, &calc, &token, Some(&body), 500).await; // warm-up
    let (mut a, mut b, mut c) = (vec![], vec![], vec![]);
    for _ in 0..5 {
        a.push(round(&client, &calc, &token, Some(&body), 2_000).await);
        b.push(round(&client, &me, &token, None, 2_000).await);
        c.push(round(&client, &capacity, &token, None, 200).await);
    }
    for v in [&mut a, &mut b, &mut c] {
        v.sort_by(f64::total_cmp);
    }
    println!("| POST /api/v1/forecast/erlang (Erlang A, 16 clients) | {:.0} requests/s | median of 5 rounds |", a[2]);
    println!("| GET /api/v1/me, the plain authenticated reference (16 clients) | {:.0} requests/s | median of 5 rounds |", b[2]);
    println!("| GET /api/v1/capacity, the demo's whole day with its queries (16 clients) | {:.0} requests/s | median of 5 rounds |", c[2]);
}

#[tokio::main]
async fn main() {
    forecast_timing();
    if let Some(base) = std::env::args().nth(1) {
        http(&base).await;
    }
}
