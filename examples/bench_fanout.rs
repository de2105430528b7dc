//! Fan-out benchmark, run by `scripts/bench.sh`: one FAQ update published to 10,000 confirmed
//! subscribers and 20 signed webhook endpoints, every peer a real server on loopback (the same
//! SMTP and HTTP receivers the tests use). Measures, from the publish request:
//! - when the public page, its JSON, the Atom feed and an open SSE stream show the update;
//! - when every target has accepted it, and mails per second.
//!
//! The app runs in this process (`Application::build_with`, as in the tests) over the
//! database given, release build.
#[path = "../tests/api/smtp_sink.rs"]
#[allow(dead_code)]
mod smtp_sink;
#[path = "../tests/api/webhook_sink.rs"]
#[allow(dead_code)]
mod webhook_sink;

use beredskap::auth::token::Keys;
use beredskap::checkins::notifier::LogNotifier;
use beredskap::clock::Clock;
use beredskap::config::Settings;
use beredskap::entities::{membership, organisation, outbox_message, subscriber, user};
use beredskap::startup::Application;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::sync::Arc;
use std::time::Instant;

const SECRET: &str = "bench-secret-0123456789-0123456789-0123456789";

fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == &format!("--{name}"))
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

#[tokio::main]
async fn main() {
    let database_url = arg("database-url", "sqlite://./data/bench-fanout.db");
    let label = arg("label", "SQLite");
    let subscribers: usize = arg("subscribers", "10000").parse().unwrap();
    let webhooks: usize = arg("webhooks", "20").parse().unwrap();
    let mail_connections: usize = 32;

    let sink = smtp_sink::SmtpSink::start().await;
    let mut hooks = vec![];
    for _ in 0..webhooks {
        hooks.push(webhook_sink::WebhookSink::start().await);
    }
    let data = tempfile::tempdir().unwrap();
    let settings = Settings {
        database_url: Some(database_url.clone()),
        bind: "127.0.0.1:0".into(),
        public_url: None,
        smtp_url: Some(sink.url.clone()),
        mail_from: "Beredskap <beredskap@localhost>".into(),
        mail_connections,
        jwt_secret: Some(SECRET.into()),
        data_dir: data.path().to_path_buf(),
        demo: false,
        log_format: "text".into(),
        trust_proxy: false,
        session_hours: 12,
        workers: 2,
        outbound_allow: Some("127.0.0.0/8".into()),
        metrics_token: None,
        sms_url: None,
        sms_provider: "46elks".into(),
        sms_from: "Beredskap".into(),
        sms_replies: false,
    };
    let db = beredskap::db::connect(&database_url).await.unwrap();
    beredskap::db::migrate(&db).await.unwrap();

    // An organisation, one communicator, the subscribers and the endpoints.
    let now = Utc::now();
    let slug = format!("bench{}", now.timestamp_millis());
    let org = organisation::ActiveModel {
        slug: Set(slug.clone()),
        name: Set("Bench".into()),
        time_zone: Set("Europe/Stockholm".into()),
        default_language: Set("en".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    let u = user::ActiveModel {
        email: Set(format!("comm@{slug}.bench")),
        display_name: Set("Communicator".into()),
        password_hash: Set("not used".into()),
        language: Set(None),
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
        user_id: Set(u.id),
        team_id: Set(None),
        roles: Set("admin,communicator".into()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&db)
    .await
    .unwrap();
    for chunk in (0..subscribers).collect::<Vec<_>>().chunks(1000) {
        let rows: Vec<subscriber::ActiveModel> = chunk
            .iter()
            .map(|i| subscriber::ActiveModel {
                organisation_id: Set(org.id),
                email: Set(format!("reader{i}@example.test")),
                language: Set("en".into()),
                status: Set("confirmed".into()),
                confirmation_sent_at: Set(Some(now)),
                confirmed_at: Set(Some(now)),
                unsubscribed_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        subscriber::Entity::insert_many(rows)
            .exec(&db)
            .await
            .unwrap();
    }

    let app = Application::build_with(settings, db.clone(), Clock::system(), Arc::new(LogNotifier))
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let token = Keys::new(SECRET.as_bytes())
        .issue(
            u.id,
            org.id,
            &slug,
            vec!["admin".into(), "communicator".into()],
            0,
            Duration::hours(1),
        )
        .unwrap()
        .0;
    let client = reqwest::Client::new();
    for (i, h) in hooks.iter().enumerate() {
        let res = client
            .post(format!("{base}/api/v1/channels"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"name": format!("hook {i}"), "kind": "webhook", "url": h.url("/in"), "audience": "public"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }

    // An open browser on the public page.
    let mut sse = client
        .get(format!("{base}/p/{slug}/faq/events"))
        .send()
        .await
        .unwrap();
    let sse_seen = tokio::spawn(async move {
        let mut buf = String::new();
        while let Ok(Some(chunk)) = sse.chunk().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            if buf.contains("event: faq") {
                return Some(Instant::now());
            }
        }
        None
    });

    let question = "Is the bench line open?";
    let t0 = Instant::now();
    let res = client
        .post(format!("{base}/api/v1/faq"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"question": question, "answer": "Yes, **all day**."}))
        .send()
        .await
        .unwrap();
    let answered = t0.elapsed();
    assert_eq!(res.status(), 201);
    let publication = res.json::<serde_json::Value>().await.unwrap()["publication_id"]
        .as_i64()
        .unwrap() as i32;

    let shows = |path: String| {
        let client = client.clone();
        async move {
            loop {
                let body = client
                    .get(&path)
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                if body.contains(question) {
                    return t0.elapsed();
                }
                tokio::time::sleep(std::time::Duration::from_millis(2)).await;
            }
        }
    };
    let (page, json, feed) = tokio::join!(
        shows(format!("{base}/p/{slug}/faq")),
        shows(format!("{base}/p/{slug}/faq.json")),
        shows(format!("{base}/p/{slug}/faq.atom")),
    );
    let sse = sse_seen.await.unwrap().map(|at| at - t0);

    loop {
        let open = outbox_message::Entity::find()
            .filter(outbox_message::Column::PublicationId.eq(publication))
            .filter(outbox_message::Column::Status.ne("sent"))
            .count(&db)
            .await
            .unwrap();
        if open == 0 {
            break;
        }
        assert!(
            t0.elapsed().as_secs() < 900,
            "{open} targets still open after 15 minutes"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let all = t0.elapsed();
    let total = outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.eq(publication))
        .filter(outbox_message::Column::Target.ne("subscribers"))
        .count(&db)
        .await
        .unwrap();
    let (mails, size) = {
        let received = sink.received.lock().unwrap();
        let bytes: usize = received.iter().map(|m| m.data.len()).sum();
        (received.len(), bytes / received.len().max(1))
    };
    let hook_hits: usize = hooks.iter().map(|h| h.hits_at("/in").len()).sum();
    let rate = mails as f64 / all.as_secs_f64();
    let ms = |d: std::time::Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    println!("| {label} | publish request answered | {} |", ms(answered));
    println!("| {label} | public page shows it | {} |", ms(page));
    println!("| {label} | JSON shows it | {} |", ms(json));
    println!("| {label} | Atom feed shows it | {} |", ms(feed));
    println!(
        "| {label} | open SSE stream hears it | {} |",
        sse.map(ms).unwrap_or_else(|| "never".into())
    );
    println!(
        "| {label} | every target accepted it ({total} targets: {subscribers} mails, {webhooks} webhooks, 3 local) | {:.1} s |",
        all.as_secs_f64()
    );
    println!("| {label} | mails per second (whole fan-out) | {rate:.0} |");
    let url = sink.url.clone();
    let reference = if subscribers >= 1000 {
        tokio::task::spawn_blocking(move || smtp_source(&url, mail_connections, subscribers, size))
            .await
            .unwrap()
    } else {
        None
    };
    if let Some(reference) = reference {
        println!(
            "| {label} | reference: Postfix smtp-source, {mail_connections} sessions, {subscribers} mails of {size} bytes, same sink | {reference:.0} mails/s; ours {:.0} % of it |",
            rate * 100.0 / reference
        );
    }
    println!("| {label} | received by the peers | {mails} mails, {hook_hits} webhook calls |");
    assert_eq!(mails, subscribers, "every subscriber got exactly one mail");
    assert_eq!(hook_hits, webhooks, "every endpoint got exactly one call");
}

/// Postfix's own SMTP load generator against the same sink, with as many sessions as we
/// have connections and messages of our mails' size: mails per second, or `None` (and a
/// line saying why) when `smtp-source` is not installed.
fn smtp_source(sink_url: &str, sessions: usize, messages: usize, size: usize) -> Option<f64> {
    let address = sink_url.trim_start_matches("smtp://");
    let before = Instant::now();
    let run = std::process::Command::new("smtp-source")
        .args(["-s", &sessions.to_string()])
        .args(["-m", &messages.to_string()])
        .args(["-l", &size.to_string()])
        .args(["-f", "bench@localhost", "-t", "reader@example.test"])
        .arg(address)
        .status();
    match run {
        Ok(s) if s.success() => Some(messages as f64 / before.elapsed().as_secs_f64()),
        Ok(s) => {
            eprintln!("smtp-source failed ({s}); no reference");
            None
        }
        Err(e) => {
            eprintln!("smtp-source could not be run ({e}); install Debian's postfix package for the reference");
            None
        }
    }
}
