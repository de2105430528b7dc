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
#[path = "support/mod.rs"]
mod support;
#[path = "../tests/api/webhook_sink.rs"]
#[allow(dead_code)]
mod webhook_sink;

use beredskap::checkins::notifier::LogNotifier;
use beredskap::clock::Clock;
use beredskap::entities::outbox_message;
use beredskap::startup::Application;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let database_url = support::arg("database-url", "sqlite://./data/bench-fanout.db");
    let label = support::arg("label", "SQLite");
    let subscribers: usize = support::arg("subscribers", "10000").parse().unwrap();
    let webhooks: usize = support::arg("webhooks", "20").parse().unwrap();
    let mail_connections: usize = 32;

    let sink = smtp_sink::SmtpSink::start().await;
    let mut hooks = vec![];
    for _ in 0..webhooks {
        hooks.push(webhook_sink::WebhookSink::start().await);
    }
    let data = tempfile::tempdir().unwrap();
    let mut settings = support::settings(&database_url, Some(sink.url.clone()), data.path());
    settings.mail_connections = mail_connections;
    let db = beredskap::db::connect(&database_url).await.unwrap();
    beredskap::db::migrate(&db).await.unwrap();

    // An organisation, one communicator, the subscribers and the endpoints.
    let support::BenchOrg {
        org, slug, token, ..
    } = support::org_with_person(&db, &["admin", "communicator"]).await;
    support::subscribers(&db, org.id, subscribers).await;

    let app = Application::build_with(settings, db.clone(), Clock::system(), Arc::new(LogNotifier))
        .await
        .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
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
