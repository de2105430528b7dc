//! Event streams and metrics as outside clients meet them: ids to resume from, a bound per
//! address, and who may read the metrics.
use crate::faq_support::*;
use crate::helpers::*;
use beredskap::clock::Clock;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn a_reconnecting_browser_is_sent_what_it_missed_and_nothing_internal() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let mut live = app
        .client
        .get(app.url("/p/acme/faq/events"))
        .send()
        .await
        .unwrap();
    let (_, first) = publish(&app, &d.communicator, "Open today?", "Yes.").await;
    let (id, _) = next_event_with_id(&mut live, "faq")
        .await
        .expect("heard live");
    assert_eq!(
        id,
        Some(first.to_string()),
        "the event id is the publication"
    );
    drop(live);

    // While the browser is away: an internal answer and a public one.
    app.send_api(
        Method::POST,
        "/api/v1/faq",
        &d.communicator,
        json!({"question": "Staff only?", "answer": "Yes.", "visibility": "internal"}),
    )
    .await;
    let (entry, second) = publish(&app, &d.communicator, "Open tomorrow?", "No.").await;
    let mut again = app
        .client
        .get(app.url("/p/acme/faq/events"))
        .header("Last-Event-ID", first.to_string())
        .send()
        .await
        .unwrap();

    let (id, ev) = next_event_with_id(&mut again, "faq")
        .await
        .expect("caught up");
    assert_eq!(id, Some(second.to_string()));
    assert_eq!(
        ev["entry_id"], entry["id"],
        "the internal answer is skipped: {ev}"
    );
}

#[tokio::test]
async fn one_address_cannot_hold_open_more_than_its_share_of_streams() {
    let app = spawn_app().await;
    desk(&app, "acme").await;
    let open = |app: &TestApp| app.client.get(app.url("/p/acme/faq/events")).send();
    let mut streams = vec![];
    for _ in 0..beredskap::delivery::live::STREAMS_PER_ADDRESS {
        let res = open(&app).await.unwrap();
        assert_eq!(res.status(), 200);
        streams.push(res);
    }

    let refused = open(&app).await.unwrap();

    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    streams.pop();
    // The server learns of a closed stream when its next keep-alive (every 20 s) fails.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(90);
    loop {
        if open(&app).await.unwrap().status() == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the slot never came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn metrics_answer_only_on_loopback_or_with_the_token() {
    let open = spawn_app().await;
    let direct = open.client.get(open.url("/metrics")).send().await.unwrap();
    let proxied = open
        .client
        .get(open.url("/metrics"))
        .header("X-Forwarded-For", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(direct.status(), 200, "a local agent reads them");
    assert_eq!(
        proxied.status(),
        403,
        "a request that came through a proxy is not local"
    );

    let guarded = spawn_app_configured(Clock::system(), None, |s| {
        s.metrics_token = Some("scrape-secret-0123456789".into())
    })
    .await;
    let without = guarded
        .client
        .get(guarded.url("/metrics"))
        .send()
        .await
        .unwrap();
    let wrong = guarded
        .client
        .get(guarded.url("/metrics"))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    let right = guarded
        .client
        .get(guarded.url("/metrics"))
        .bearer_auth("scrape-secret-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(right.status(), 200);
    assert!(right.text().await.unwrap().contains("http_requests_total"));
}
