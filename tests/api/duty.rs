//! Who is on duty (handed over with a note, logged, first to hear of a level change) and
//! situation reports on a cadence (due, overdue by itself, reminding whoever is on duty).
use crate::faq_support::desk;
use crate::helpers::{error_fields, spawn_app, spawn_app_full, TestApp};
use crate::smtp_sink::SmtpSink;
use beredskap::clock::Clock;
use beredskap::entities::{audit_event, outbox_message, publication};
use chrono::{Duration, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{json, Value};

async fn hand_over(app: &TestApp, token: &str, role: &str, body: Value) -> reqwest::Response {
    app.send_api(Method::PUT, &format!("/api/v1/duty/{role}"), token, body)
        .await
}

/// A scenario with one level that asks for a report every `hours`, set in force by hand.
async fn at_level(app: &TestApp, lead: &str, hours: Option<i32>) -> Value {
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            lead,
            json!({"title": "Flu", "probability": 3, "consequence": 4, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            lead,
            json!({"levels": [{"name": "Kritisk", "trigger_value": 30, "report_every_hours": hours}], "version": s["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let s: Value = res.json().await.unwrap();
    assert_eq!(s["levels"][0]["report_every_hours"], json!(hours));
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", s["id"]),
            lead,
            json!({"level_id": s["levels"][0]["id"], "reason": "A third of the staff ill"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    s
}

#[tokio::test]
async fn a_role_is_held_by_one_person_handed_over_with_a_note_and_logged() {
    let app = spawn_app().await;
    let d = desk(&app, "duty").await;
    let lead = app
        .create_user(&d.org, "lead@duty.test", "crisis_lead")
        .await;
    let night = app
        .create_user(&d.org, "night@duty.test", "crisis_member")
        .await;
    let lead_t = app.token("lead@duty.test").await;

    let roles: Vec<Value> = app
        .get_api("/api/v1/duty", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> = roles.iter().map(|r| r["role"].as_str().unwrap()).collect();
    assert_eq!(names, ["crisis_lead", "deputy", "scribe", "communicator"]);
    assert!(roles
        .iter()
        .all(|r| r["user_id"].is_null() && r["version"] == 0));

    let res = hand_over(
        &app,
        &lead_t,
        "crisis_lead",
        json!({"user_id": lead.id, "note": "Day shift."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let held: Value = res.json().await.unwrap();
    assert_eq!(held["name"], "User lead@duty.test");
    let res = hand_over(
        &app,
        &lead_t,
        "crisis_lead",
        json!({"user_id": night.id, "note": "Watch the phone supplier; they call back at 02.", "version": held["version"]}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = hand_over(
        &app,
        &lead_t,
        "crisis_lead",
        json!({"user_id": lead.id, "version": held["version"]}),
    )
    .await;
    assert_eq!(
        res.status(),
        409,
        "a handover made meanwhile is not overwritten"
    );

    // Bad input names its field; an unknown role is not there; staff read but do not hand over.
    let other = desk(&app, "duty-other").await;
    let stranger = app
        .create_user(&other.org, "x@other.test", "crisis_lead")
        .await;
    let res = hand_over(
        &app,
        &lead_t,
        "scribe",
        json!({"user_id": stranger.id, "note": "x".repeat(2001)}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        vec!["note", "user_id"]
    );
    assert_eq!(
        hand_over(&app, &lead_t, "chef", json!({})).await.status(),
        404
    );
    assert_eq!(
        hand_over(&app, &d.staff, "scribe", json!({"user_id": lead.id}))
            .await
            .status(),
        403
    );
    let seen: Vec<Value> = app
        .get_api("/api/v1/duty", &d.staff)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen[0]["user_id"], night.id);
    let theirs: Vec<Value> = app
        .get_api("/api/v1/duty", &other.communicator)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        theirs.iter().all(|r| r["user_id"].is_null()),
        "another organisation's duty is its own"
    );

    let log: Vec<Value> = app
        .get_api("/api/v1/log", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    let handovers: Vec<&Value> = log
        .iter()
        .filter(|e| e["event"] == "duty_handover/crisis_lead")
        .collect();
    assert_eq!(handovers.len(), 2);
    assert_eq!(
        handovers[0]["text"],
        "User lead@duty.test → User night@duty.test: Watch the phone supplier; they call back at 02."
    );
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("duty_role"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 2);

    // Every crisis-group page names who is on duty; the handover is readable in the log.
    let browser = app.browser_login("lead@duty.test").await;
    let (_, html, _) = app.page(&browser, "/").await;
    assert!(
        html.contains("On duty") && html.contains("User night@duty.test"),
        "{html}"
    );
    let (_, html, _) = app.page(&browser, "/log").await;
    assert!(html.contains("Handover, Crisis lead on duty:"));
    let res = app
        .post_form(
            &browser,
            "/duty",
            "/duty/scribe",
            &[("user_id", "999999"), ("note", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &browser,
            "/duty",
            "/duty/scribe",
            &[
                ("user_id", &lead.id.to_string()),
                ("note", "Taking notes tonight"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let staff_browser = app.browser_login("staff@duty.test").await;
    let (_, html, _) = app.page(&staff_browser, "/").await;
    assert!(
        !html.contains("class=\"on-duty\""),
        "staff pages carry no duty strip"
    );
}

#[tokio::test]
async fn a_level_alert_reaches_whoever_is_on_duty_first_and_names_them() {
    let app = spawn_app().await;
    let d = desk(&app, "alert").await;
    app.create_user(&d.org, "lead@alert.test", "crisis_lead")
        .await;
    app.create_user(&d.org, "member@alert.test", "crisis_member")
        .await;
    let late = app
        .create_user(&d.org, "late@alert.test", "crisis_member")
        .await;
    let comm_id = app.user_id("comm@alert.test").await;
    let lead_t = app.token("lead@alert.test").await;
    assert_eq!(
        hand_over(&app, &lead_t, "crisis_lead", json!({"user_id": late.id}))
            .await
            .status(),
        200
    );
    assert_eq!(
        hand_over(&app, &lead_t, "communicator", json!({"user_id": comm_id}))
            .await
            .status(),
        200
    );
    at_level(&app, &lead_t, None).await;

    let p = publication::Entity::find()
        .filter(publication::Column::OrganisationId.eq(d.org.id))
        .filter(publication::Column::Kind.eq("level_change"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the level change is sent");
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.eq(p.id))
        .filter(outbox_message::Column::Target.eq("email"))
        .order_by_asc(outbox_message::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    let order: Vec<Option<i32>> = rows.iter().map(|r| r.user_id).collect();
    assert_eq!(
        order[0],
        Some(late.id),
        "the crisis lead on duty first: {order:?}"
    );
    assert_eq!(
        order[1],
        Some(comm_id),
        "then the communicator on duty, outside the crisis group"
    );
    assert_eq!(
        order.len(),
        4,
        "then the rest of the crisis group: {order:?}"
    );
}

#[tokio::test]
async fn a_situation_report_falls_due_turns_overdue_by_itself_and_reminds_the_duty_once() {
    let sink = SmtpSink::start().await;
    let start = Utc::now();
    let clock = Clock::fixed(start);
    let app = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let d = desk(&app, "cadence").await;
    let lead = app
        .create_user(&d.org, "lead@cadence.test", "crisis_lead")
        .await;
    let scribe = app
        .create_user(&d.org, "scribe@cadence.test", "crisis_member")
        .await;
    app.create_user(&d.org, "other@cadence.test", "crisis_lead")
        .await;
    let lead_t = app.token("lead@cadence.test").await;
    hand_over(&app, &lead_t, "crisis_lead", json!({"user_id": lead.id})).await;
    hand_over(&app, &lead_t, "scribe", json!({"user_id": scribe.id})).await;

    let none: Value = app
        .get_api("/api/v1/dashboard/crisis", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert!(none["report_due"].is_null(), "no level, no cadence");
    let bad = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &lead_t,
            json!({"title": "X", "probability": 1, "consequence": 1, "metric": "absence"}),
        )
        .await
        .json::<Value>()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", bad["id"]),
            &lead_t,
            json!({"levels": [{"name": "A", "trigger_value": 10, "report_every_hours": 0}], "version": bad["version"]}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        vec!["levels[0].report_every_hours"]
    );

    at_level(&app, &lead_t, Some(12)).await;
    let dash: Value = app
        .get_api("/api/v1/dashboard/crisis", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    let due = &dash["report_due"];
    assert_eq!(due["overdue"], false);
    assert_eq!(due["every_hours"], 12);
    assert_eq!(due["level"], "Kritisk");
    let due_at: chrono::DateTime<Utc> = due["due_at"].as_str().unwrap().parse().unwrap();
    assert!(
        (due_at - (start + Duration::hours(12))).num_seconds().abs() < 60,
        "{due_at}"
    );
    let state = app.state.clone();
    assert_eq!(
        beredskap::daily::cadence::remind_overdue(&state)
            .await
            .unwrap(),
        0
    );

    clock.set(start + Duration::hours(13));
    let dash: Value = app
        .get_api("/api/v1/dashboard/crisis", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        dash["report_due"]["overdue"], true,
        "overdue without anyone touching it"
    );
    assert_eq!(
        beredskap::daily::cadence::remind_overdue(&state)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        beredskap::daily::cadence::remind_overdue(&state)
            .await
            .unwrap(),
        0,
        "once per due time"
    );
    let mut to: Vec<String> = sink
        .received
        .lock()
        .unwrap()
        .iter()
        .flat_map(|m| m.to.clone())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["lead@cadence.test", "scribe@cadence.test"],
        "whoever is on duty, not every lead"
    );
    let browser = app.browser_login("lead@cadence.test").await;
    let (_, html, _) = app.page(&browser, "/").await;
    assert!(html.contains("Situation report overdue since"), "{html}");

    // Writing the report sets the next one twelve hours on.
    let res = app
        .send_api(
            Method::PUT,
            "/api/v1/reports/today",
            &lead_t,
            json!({"situation": "Calm night", "delivery": "green"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let dash: Value = app
        .get_api("/api/v1/dashboard/crisis", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dash["report_due"]["overdue"], false);
    let next: chrono::DateTime<Utc> = dash["report_due"]["due_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (next - (start + Duration::hours(25)))
            .num_milliseconds()
            .abs()
            < 5,
        "{next}"
    );
    let log: Vec<Value> = app
        .get_api("/api/v1/log", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert!(log.iter().any(|e| e["event"] == "report_overdue"));
}
