use crate::helpers::{spawn_app_full, TestApp};
use crate::smtp_sink::SmtpSink;
use beredskap::clock::Clock;
use chrono::{TimeZone, Utc};
use reqwest::Method;
use serde_json::{json, Value};

async fn set_reminder(app: &TestApp, lead: &str, at: &str) {
    let s: Value = app
        .get_api("/api/v1/checkin-settings", lead)
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::PUT,
            "/api/v1/checkin-settings",
            lead,
            json!({"reminder_time": at, "version": s["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn state_of(app: &TestApp) -> beredskap::startup::AppState {
    app.state.clone()
}

#[tokio::test]
async fn at_the_reminder_time_staff_not_checked_in_get_one_email_each() {
    let sink = SmtpSink::start().await;
    // 08:45 in Stockholm (winter) is 07:45 UTC.
    let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 11, 24, 7, 45, 0).unwrap());
    let app = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    for i in 0..3 {
        app.create_user(&org, &format!("s{i}@acme.example"), "staff")
            .await;
    }
    let lead = app.token("lead@acme.example").await;
    set_reminder(&app, &lead, "09:00").await;
    let s0 = app.token("s0@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &s0,
        json!({"status": "office"}),
    )
    .await;
    let state = state_of(&app).await;

    assert_eq!(
        beredskap::checkins::reminders::send_due(&state)
            .await
            .unwrap(),
        0,
        "not yet 09:00"
    );
    clock.set(Utc.with_ymd_and_hms(2026, 11, 24, 8, 0, 0).unwrap());
    assert_eq!(
        beredskap::checkins::reminders::send_due(&state)
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        beredskap::checkins::reminders::send_due(&state)
            .await
            .unwrap(),
        0,
        "once a day"
    );

    let mail = sink.received.lock().unwrap().clone();
    let mut to: Vec<String> = mail.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["s1@acme.example", "s2@acme.example"]);
    assert!(
        mail[0].data.contains("Please check in for today") && mail[0].data.contains("/checkin")
    );
    assert!(mail[0].data.contains("text/plain") && mail[0].data.contains("text/html"));
}

#[tokio::test]
async fn with_the_smtp_server_down_the_reminder_shows_in_the_app_instead() {
    let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 11, 24, 8, 30, 0).unwrap());
    let app = spawn_app_full(clock, Some(SmtpSink::down().await)).await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let lead = app.token("lead@acme.example").await;
    set_reminder(&app, &lead, "09:00").await;

    assert_eq!(
        beredskap::checkins::reminders::send_due(&app.state)
            .await
            .unwrap(),
        1
    );

    let browser = app.browser_login("sam@acme.example").await;
    let (_, page, _) = app.page(&browser, "/plan").await;
    assert!(page.contains("You have not checked in today."));
    app.post_form(&browser, "/checkin", "/checkin", &[("status", "office")])
        .await;
    let (_, page, _) = app.page(&browser, "/plan").await;
    assert!(
        !page.contains("You have not checked in today."),
        "gone once checked in"
    );
}
