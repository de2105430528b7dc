//! The outbox kept small: a publication's counts are kept once everything reached an end, the
//! rows past the retention period go, and the board and the list still count them. And the
//! delivery figures an operator watches a fan-out by in `/metrics`.
use crate::faq_support::*;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use beredskap::clock::Clock;
use beredskap::delivery::{board, retention};
use beredskap::entities::{outbox_message, publication};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

/// A subscriber whose address no mail can be written to: refused for good at every try.
async fn unreachable_subscriber(app: &TestApp, org_id: i32) {
    confirmed_subscriber(app, org_id, "not an address", "en").await;
}

/// What the board counts, without the error list (whose history the retention may shorten).
fn counts(b: &Value) -> Value {
    json!({
        "channels": b["channels"],
        "total": b["total"],
        "sent": b["sent"],
        "pending": b["pending"],
        "failed": b["failed"],
        "dropped": b["dropped"],
    })
}

async fn rows_of(app: &TestApp, p: i64) -> u64 {
    outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.eq(p as i32))
        .count(&app.db)
        .await
        .unwrap()
}

async fn publication_of(app: &TestApp, p: i64) -> publication::Model {
    publication::Entity::find_by_id(p as i32)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn list_totals(app: &TestApp, p: i64) -> (i64, i64, i64) {
    let pubs = vec![publication_of(app, p).await];
    let t = board::totals(&app.db, &pubs).await.unwrap()[&(p as i32)];
    (t.total, t.sent, t.failed)
}

#[tokio::test]
async fn a_publication_keeps_its_counts_when_its_old_rows_are_removed_and_after_a_resend() {
    let sink = SmtpSink::start().await;
    let clock = Clock::fixed(Utc::now());
    let app = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    subscribers(&app, &d.org, 5).await;
    unreachable_subscriber(&app, d.org.id).await;
    let (_, p) = publish(&app, &d.communicator, "Open on Monday?", "Yes, 8–17.").await;
    let before = board_settles(&app, &d.communicator, p).await;
    assert_eq!(before["failed"], 1, "{before}");
    assert!(before["sent"].as_i64().unwrap() >= 5, "{before}");
    let listed = (
        before["total"].as_i64().unwrap(),
        before["sent"].as_i64().unwrap(),
        1,
    );
    assert_eq!(list_totals(&app, p).await, listed);

    // Nothing is settled within its first minute, whatever its rows say.
    retention::settle_due(&app.state).await.unwrap();
    assert!(publication_of(&app, p).await.settled_at.is_none());
    clock.set(clock.now() + Duration::minutes(2));
    retention::settle_due(&app.state).await.unwrap();
    assert!(publication_of(&app, p).await.settled_at.is_some());
    assert_eq!(
        counts(&board(&app, &d.communicator, p).await),
        counts(&before)
    );

    // Within the retention period nothing goes; after it, every row but the failed one.
    let all = rows_of(&app, p).await;
    clock.set(clock.now() + Duration::days(89));
    assert_eq!(retention::prune(&app.state, 90).await.unwrap(), 0);
    assert_eq!(rows_of(&app, p).await, all);
    clock.set(clock.now() + Duration::days(2));
    let removed = retention::prune(&app.state, 90).await.unwrap();
    assert_eq!(removed, all - 1);
    assert_eq!(rows_of(&app, p).await, 1, "the failed row stays");
    let after = board(&app, &d.communicator, p).await;
    assert_eq!(counts(&after), counts(&before));
    assert_eq!(after["errors"][0]["recipient"], "not an address", "{after}");
    assert_eq!(list_totals(&app, p).await, listed);
    // Retention 0 keeps everything.
    assert_eq!(retention::prune(&app.state, 0).await.unwrap(), 0);

    // A resend puts the failed row back on its way: counted live beside what is gone.
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/publications/{p}/resend"),
            &d.communicator,
            json!({}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["requeued"], 1);
    assert!(publication_of(&app, p).await.settled_at.is_none());
    let resent = board_settles(&app, &d.communicator, p).await;
    assert_eq!(counts(&resent), counts(&before));
    assert_eq!(list_totals(&app, p).await, listed);
    clock.set(clock.now() + Duration::minutes(2));
    retention::settle_due(&app.state).await.unwrap();
    assert!(publication_of(&app, p).await.settled_at.is_some());
    assert_eq!(
        counts(&board(&app, &d.communicator, p).await),
        counts(&before)
    );
    assert_eq!(list_totals(&app, p).await, listed);
}

#[tokio::test]
async fn metrics_show_a_fan_out_by_target_and_outcome_with_send_latency() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    subscribers(&app, &d.org, 3).await;
    unreachable_subscriber(&app, d.org.id).await;
    let (_, p) = publish(&app, &d.communicator, "Open on Monday?", "Yes.").await;
    board_settles(&app, &d.communicator, p).await;
    let metrics = || async {
        client()
            .get(app.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    let text = metrics().await;
    for line in [
        "beredskap_deliveries_total{outcome=\"sent\",target=\"email\"} 3",
        "beredskap_deliveries_total{outcome=\"failed\",target=\"email\"} 1",
        "beredskap_deliveries_total{outcome=\"sent\",target=\"site\"} 1",
        "beredskap_outbox_depth{target=\"email\"} 0",
        "beredskap_delivery_send_duration_seconds_count{target=\"email\"} 4",
    ] {
        assert!(text.contains(line), "{line} is not in\n{text}");
    }

    // A row waiting shows in the depth; check-ins count as they are saved.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/checkins",
            &d.staff,
            json!({"status": "remote"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::Status,
            sea_orm::sea_query::Expr::value("retrying"),
        )
        .col_expr(
            outbox_message::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(Utc::now() + Duration::hours(1)),
        )
        .filter(outbox_message::Column::Status.eq("dead"))
        .exec(&app.db)
        .await
        .unwrap();
    let text = metrics().await;
    assert!(
        text.contains("beredskap_outbox_depth{target=\"email\"} 1"),
        "{text}"
    );
    assert!(text.contains("beredskap_checkins_total 1"), "{text}");
}
