//! Set-up shared by the FAQ and delivery tests.
use crate::helpers::TestApp;
use beredskap::entities::{organisation, subscriber};
use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};
use std::future::Future;
use std::time::Duration;

pub struct Desk {
    pub org: organisation::Model,
    pub communicator: String,
    pub admin: String,
    pub staff: String,
}

pub async fn desk(app: &TestApp, slug: &str) -> Desk {
    let org = app.create_org(slug).await;
    app.create_user(&org, &format!("comm@{slug}.test"), "communicator")
        .await;
    app.create_user(&org, &format!("admin@{slug}.test"), "admin")
        .await;
    app.create_user(&org, &format!("staff@{slug}.test"), "staff")
        .await;
    Desk {
        communicator: app.token(&format!("comm@{slug}.test")).await,
        admin: app.token(&format!("admin@{slug}.test")).await,
        staff: app.token(&format!("staff@{slug}.test")).await,
        org,
    }
}

pub async fn add_channel(
    app: &TestApp,
    admin: &str,
    kind: &str,
    url: &str,
    audience: &str,
) -> Value {
    let res = app
        .send_api(Method::POST, "/api/v1/channels", admin, json!({"name": format!("{kind} {audience}"), "kind": kind, "url": url, "audience": audience}))
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Confirmed subscribers straight into the database (the confirmation flow has its own test).
pub async fn subscribers(app: &TestApp, org: &organisation::Model, n: usize) -> Vec<String> {
    let mut out = vec![];
    for i in 0..n {
        let email = format!("reader{i}@example.test");
        confirmed_subscriber(app, org.id, &email, if i % 2 == 0 { "en" } else { "sv" }).await;
        out.push(email);
    }
    out
}

/// One confirmed subscriber, whatever `email` says (an address no mail can be written to
/// is refused at every try).
pub async fn confirmed_subscriber(app: &TestApp, org_id: i32, email: &str, language: &str) {
    let now = Utc::now();
    subscriber::ActiveModel {
        organisation_id: Set(org_id),
        email: Set(email.into()),
        language: Set(language.into()),
        status: Set("confirmed".into()),
        confirmation_sent_at: Set(Some(now)),
        confirmed_at: Set(Some(now)),
        unsubscribed_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// Publishes an answer through the API and returns (entry, publication id).
pub async fn publish(app: &TestApp, token: &str, question: &str, answer: &str) -> (Value, i64) {
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            token,
            json!({"question": question, "answer": answer, "category": "Opening hours"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    (
        body["entry"].clone(),
        body["publication_id"].as_i64().expect("published"),
    )
}

pub async fn board(app: &TestApp, token: &str, publication: i64) -> Value {
    let res = app
        .get_api(&format!("/api/v1/publications/{publication}"), token)
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

/// Polls until `check` holds, for up to 20 seconds.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    for _ in 0..200 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

pub async fn board_settles(app: &TestApp, token: &str, publication: i64) -> Value {
    for _ in 0..200 {
        let b = board(app, token, publication).await;
        if b["pending"] == 0 {
            return b;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "the delivery board still has pending targets: {}",
        board(app, token, publication).await
    );
}

/// The header `name` of a raw mail.
pub fn header(data: &str, name: &str) -> Option<String> {
    let prefix = format!("{}:", name.to_ascii_lowercase());
    let mut lines = data
        .lines()
        .skip_while(|l| !l.to_ascii_lowercase().starts_with(&prefix));
    let first = lines.next()?;
    // Long headers are folded onto continuation lines that start with white space.
    let mut value = first[prefix.len()..].trim().to_string();
    for more in lines.take_while(|l| l.starts_with([' ', '\t'])) {
        value.push_str(more.trim());
    }
    Some(value)
}

/// Reads a server-sent event stream until an event of `kind` arrives (or 15 seconds pass).
pub async fn next_event(res: &mut reqwest::Response, kind: &str) -> Option<Value> {
    next_event_with_id(res, kind).await.map(|(_, data)| data)
}

/// The same, with the event's `id:` (None when it has none).
pub async fn next_event_with_id(
    res: &mut reqwest::Response,
    kind: &str,
) -> Option<(Option<String>, Value)> {
    let mut buf = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, res.chunk()).await {
        buf.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buf.find("\n\n") {
            let block: String = buf.drain(..end + 2).collect();
            if block.lines().any(|l| l == format!("event: {kind}")) {
                let id = block
                    .lines()
                    .find_map(|l| l.strip_prefix("id: "))
                    .map(String::from);
                let data = block.lines().find_map(|l| l.strip_prefix("data: "))?;
                return Some((id, serde_json::from_str(data).ok()?));
            }
        }
    }
    None
}
