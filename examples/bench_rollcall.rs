//! Roll-call benchmark, run by `scripts/bench_rollcall.sh` (and `scripts/bench.sh`): a roll-call
//! to 10,000 staff in 10 teams, a fifth of them reached by mail and SMS, every peer a real
//! server on loopback (the SMTP receiver the tests use, and an HTTP receiver answering as
//! 46elks). Measures, from the start request:
//! - when every mail and text has been accepted by the peers;
//! - answers through the personal links (`POST /api/v1/r/{token}`, 32 at a time): per second;
//! - how far the board (`GET /api/v1/rollcalls/{id}`, and its event stream) lags the answers.
#[path = "../tests/api/smtp_sink.rs"]
#[allow(dead_code)]
mod smtp_sink;
#[path = "support/mod.rs"]
mod support;
#[path = "../tests/api/webhook_sink.rs"]
#[allow(dead_code)]
mod webhook_sink;

use beredskap::auth::token::Keys;
use beredskap::checkins::notifier::LogNotifier;
use beredskap::clock::Clock;
use beredskap::entities::{membership, team, user};
use beredskap::startup::Application;
use chrono::{Duration, Utc};
use futures_util::StreamExt;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let database_url = support::arg("database-url", "sqlite://./data/bench-rollcall.db");
    let label = support::arg("label", "SQLite");
    let staff: usize = support::arg("staff", "10000").parse().unwrap();
    let answers: usize = support::arg("answers", "5000").parse().unwrap();

    let smtp = smtp_sink::SmtpSink::start().await;
    let gateway = webhook_sink::WebhookSink::start().await;
    let data = tempfile::tempdir().unwrap();
    let mut settings = support::settings(&database_url, Some(smtp.url.clone()), data.path());
    settings.sms_url = Some(format!(
        "{}/a1/sms",
        gateway.base.replace("http://", "http://bench:secret@")
    ));
    settings.sms_replies = true;
    let db = beredskap::db::connect(&database_url).await.unwrap();
    beredskap::db::migrate(&db).await.unwrap();

    let now = Utc::now();
    let slug = format!("rc{}", now.timestamp_millis());
    let org = support::new_org(&db, &slug, "sv").await;
    let mut teams = vec![];
    for i in 0..10 {
        teams.push(
            team::ActiveModel {
                organisation_id: Set(org.id),
                name: Set(format!("Team {i}")),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&db)
            .await
            .unwrap()
            .id,
        );
    }
    let lead = user::ActiveModel {
        email: Set(format!("lead@{slug}.bench")),
        display_name: Set("Crisis lead".into()),
        password_hash: Set("not used".into()),
        language: Set(None),
        reach_by: Set("mail".into()),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    membership::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(lead.id),
        roles: Set("crisis_lead".into()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    // Staff: every fifth has a mobile number and wants both mail and SMS.
    let mut ids = vec![];
    for chunk in (0..staff).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<user::ActiveModel> = chunk
            .iter()
            .map(|i| user::ActiveModel {
                email: Set(format!("s{i}@{slug}.bench")),
                display_name: Set(format!("Staff {i}")),
                password_hash: Set("not used".into()),
                language: Set(None),
                phone: Set((i % 5 == 0).then(|| format!("+467{:08}", i))),
                reach_by: Set(if i % 5 == 0 { "both" } else { "mail" }.into()),
                token_version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        user::Entity::insert_many(rows).exec(&db).await.unwrap();
    }
    for u in user::Entity::find().all(&db).await.unwrap() {
        if u.email.ends_with(&format!("@{slug}.bench")) && u.id != lead.id {
            ids.push(u.id);
        }
    }
    for chunk in ids.chunks(500) {
        let rows: Vec<membership::ActiveModel> = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| membership::ActiveModel {
                organisation_id: Set(org.id),
                user_id: Set(*id),
                team_id: Set(Some(teams[(i + *id as usize) % teams.len()])),
                roles: Set("staff".into()),
                active: Set(true),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        membership::Entity::insert_many(rows)
            .exec(&db)
            .await
            .unwrap();
    }
    let texts = staff.div_ceil(5);

    let app = Application::build_with(settings, db.clone(), Clock::system(), Arc::new(LogNotifier))
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let keys = Keys::new(support::SECRET.as_bytes());
    let token = keys
        .issue(
            lead.id,
            org.id,
            &slug,
            vec!["crisis_lead".into()],
            0,
            Duration::hours(1),
        )
        .unwrap()
        .0;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();

    let t0 = Instant::now();
    let res = client
        .post(format!("{base}/api/v1/rollcalls"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"message": "Kontoret på Storgatan är stängt i dag. Var arbetar du?", "deadline_minutes": 60}))
        .send()
        .await
        .unwrap();
    let started = t0.elapsed();
    assert_eq!(res.status(), 201);
    let rc: serde_json::Value = res.json().await.unwrap();
    let id = rc["id"].as_i64().unwrap() as i32;
    assert_eq!(rc["total"].as_u64().unwrap() as usize, staff);

    let mut all_mail = None;
    let mut all_sms = None;
    while (all_mail.is_none() || all_sms.is_none()) && t0.elapsed().as_secs() < 300 {
        if all_mail.is_none() && smtp.received.lock().unwrap().len() >= staff {
            all_mail = Some(t0.elapsed());
        }
        if all_sms.is_none() && gateway.hits_at("/a1/sms").len() >= texts {
            all_sms = Some(t0.elapsed());
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let mails = smtp.received.lock().unwrap().len();
    let sms = gateway.hits_at("/a1/sms").len();

    // An open board: its event stream, counting the events that arrive.
    let mut events = client
        .get(format!("{base}/rollcalls/{id}/events"))
        // Pages (and their event streams) read the session cookie, not a bearer token.
        .header("Cookie", format!("beredskap_session={token}"))
        .send()
        .await
        .unwrap();
    let last_event = Arc::new(std::sync::Mutex::new(None::<Instant>));
    let seen = last_event.clone();
    tokio::spawn(async move {
        while let Ok(Some(chunk)) = events.chunk().await {
            if String::from_utf8_lossy(&chunk).contains("event: rollcall") {
                *seen.lock().unwrap() = Some(Instant::now());
            }
        }
    });

    let statuses = ["office", "remote", "sick", "child_care", "other_absence"];
    let links: Vec<String> = ids
        .iter()
        .take(answers)
        .map(|u| beredskap::rollcall::token::make(keys.secret(), id, *u))
        .collect();
    let mut latencies = vec![];
    let t1 = Instant::now();
    let results: Vec<(u16, f64)> = futures_util::stream::iter(links.iter().enumerate())
        .map(|(i, t)| {
            let client = client.clone();
            let url = format!("{base}/api/v1/r/{t}");
            async move {
                let s = Instant::now();
                let res = client
                    .post(url)
                    .json(&serde_json::json!({"status": statuses[i % statuses.len()]}))
                    .send()
                    .await
                    .unwrap();
                (res.status().as_u16(), s.elapsed().as_secs_f64() * 1000.0)
            }
        })
        .buffer_unordered(32)
        .collect()
        .await;
    let took = t1.elapsed();
    let done = Instant::now();
    let errors = results.iter().filter(|(s, _)| *s != 200).count();
    latencies.extend(results.iter().map(|(_, l)| *l));
    latencies.sort_by(f64::total_cmp);
    let (p50, _) = support::median_p95(latencies.clone());
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];

    // The board, asked until it shows every answer.
    let board_lag = loop {
        let out: serde_json::Value = client
            .get(format!("{base}/api/v1/rollcalls/{id}"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if out["answered"].as_u64().unwrap() as usize >= answers - errors {
            break done.elapsed();
        }
        if done.elapsed().as_secs() > 30 {
            break done.elapsed();
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    };
    // One more answer once the burst is over: how long until the open board hears of it.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    *last_event.lock().unwrap() = None;
    let one = Instant::now();
    let res = client
        .post(format!("{base}/api/v1/r/{}", links[0]))
        .json(&serde_json::json!({"status": "sick"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut event_lag = None;
    while one.elapsed().as_secs() < 10 {
        if let Some(at) = *last_event.lock().unwrap() {
            event_lag = Some(at.saturating_duration_since(one).as_secs_f64() * 1000.0);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
    }
    let secs = |d: Option<std::time::Duration>| {
        d.map(|d| format!("{:.1} s", d.as_secs_f64()))
            .unwrap_or_else(|| "not within 300 s".into())
    };
    println!(
        "| {label} | start request answered ({staff} people asked) | {} ms |",
        started.as_millis()
    );
    println!(
        "| {label} | every mail accepted by the SMTP peer ({mails} of {staff}) | {} |",
        secs(all_mail)
    );
    println!(
        "| {label} | every text accepted by the SMS gateway ({sms} of {texts}) | {} |",
        secs(all_sms)
    );
    println!(
        "| {label} | answers through the link, 32 at a time ({answers}, {errors} errors) | {:.0} a second; median {p50:.1} ms, p99 {p99:.1} ms |",
        answers as f64 / took.as_secs_f64()
    );
    println!(
        "| {label} | the board shows every answer after the last one | {} ms |",
        board_lag.as_millis()
    );
    match event_lag {
        Some(ms) => println!("| {label} | an open board's event stream hears one more answer (from sending it) | {ms:.0} ms |"),
        None => println!("| {label} | an open board's event stream hears one more answer (from sending it) | no event within 10 s |"),
    }
}
