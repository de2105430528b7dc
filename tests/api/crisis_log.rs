//! The crisis log: written by hand and by Beredskap itself, never edited, filtered, tenant-bound.
use crate::faq_support::{desk, publish};
use crate::helpers::{error_fields, spawn_app};
use beredskap::entities::audit_event;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

#[tokio::test]
async fn decisions_and_what_beredskap_saw_are_kept_in_time_order_and_corrected_by_new_entries() {
    let app = spawn_app().await;
    let d = desk(&app, "log").await;
    app.create_user(&d.org, "lead@log.test", "crisis_lead")
        .await;
    let lead = app.token("lead@log.test").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &lead,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/log",
            &lead,
            json!({"kind": "decision", "text": "Chat closes at 18 today.", "scenario_id": s["id"]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let first: Value = res.json().await.unwrap();
    let res = app
        .send_api(Method::POST, "/api/v1/log", &lead,
            json!({"kind": "decision", "text": "Correction: chat closes at 17.", "corrects_id": first["id"]}))
        .await;
    assert_eq!(res.status(), 201);
    publish(
        &app,
        &d.communicator,
        "Is the chat open tonight?",
        "Until 17.",
    )
    .await;

    let bad = app
        .send_api(
            Method::POST,
            "/api/v1/log",
            &lead,
            json!({"kind": "rumour", "text": " "}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        error_fields(&bad.json().await.unwrap()),
        vec!["kind", "text"]
    );

    let all: Vec<Value> = app
        .get_api("/api/v1/log", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(
        all[0]["event"], "faq_published",
        "newest first, written by Beredskap"
    );
    assert_eq!(all[0]["author_user_id"], Value::Null);
    assert_eq!(all[1]["corrects_id"], first["id"]);
    assert_eq!(
        all[2]["text"], "Chat closes at 18 today.",
        "the corrected entry is kept as it was"
    );

    let decisions: Vec<Value> = app
        .get_api("/api/v1/log?kind=decision", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(decisions.len(), 2);
    let of_flu: Vec<Value> = app
        .get_api(&format!("/api/v1/log?scenario_id={}", s["id"]), &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(of_flu.len(), 1);
    let res = app.get_api("/api/v1/log?day=yesterday", &lead).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), vec!["day"]);

    // Staff do not read the crisis group's log; another organisation cannot point into it.
    assert_eq!(app.get_api("/api/v1/log", &d.staff).await.status(), 403);
    let other = desk(&app, "log-other").await;
    let res = app
        .send_api(Method::POST, "/api/v1/log", &other.communicator,
            json!({"kind": "event", "text": "x", "corrects_id": first["id"], "scenario_id": s["id"]}))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        vec!["scenario_id", "corrects_id"]
    );
    let theirs: Vec<Value> = app
        .get_api("/api/v1/log", &other.communicator)
        .await
        .json()
        .await
        .unwrap();
    assert!(theirs.is_empty());

    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("log_entry"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn a_level_change_is_logged_with_its_figure_and_the_page_takes_an_entry_in_one_field() {
    let app = spawn_app().await;
    let d = desk(&app, "loglevel").await;
    app.create_user(&d.org, "lead@loglevel.test", "crisis_lead")
        .await;
    let lead = app.token("lead@loglevel.test").await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead)
        .await
        .json()
        .await
        .unwrap();
    let absence = list
        .iter()
        .find(|s| s["standard_key"] == "high_absence")
        .unwrap();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", absence["id"]),
            &lead,
            json!({"level_id": absence["levels"][0]["id"], "reason": "Many ill"}),
        )
        .await;
    assert!(res.status().is_success());
    let all: Vec<Value> = app
        .get_api("/api/v1/log", &lead)
        .await
        .json()
        .await
        .unwrap();
    let change = all
        .iter()
        .find(|e| e["event"] == "level_change")
        .expect("the level change is logged");
    assert_eq!(change["scenario_id"], absence["id"]);
    assert!(change["text"].as_str().unwrap().contains("→"));

    let browser = app.browser_login("lead@loglevel.test").await;
    let res = app
        .post_form(
            &browser,
            "/log",
            "/log",
            &[("text", ""), ("kind", "decision")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &browser,
            "/log",
            "/log",
            &[
                ("text", "Phone line moved to the backup supplier."),
                ("kind", "event"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (status, html, _) = app.page(&browser, "/log").await;
    assert_eq!(status, 200);
    assert!(html.contains("Phone line moved to the backup supplier."));
    assert!(html.contains("Level changed:"));
}

#[tokio::test]
async fn roll_calls_actions_done_and_communication_are_logged_and_the_day_shows_what_the_log_gained(
) {
    let app = spawn_app().await;
    let d = desk(&app, "logsys").await;
    app.create_user(&d.org, "lead@logsys.test", "crisis_lead")
        .await;
    let lead = app.token("lead@logsys.test").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &lead,
            json!({"title": "Storm", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let a: Value = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &lead,
            json!({"area": "communication", "title": "Brief all staff", "status": "in_progress"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/actions/{}", a["id"]),
            &lead,
            json!({"area": "communication", "title": "Brief all staff", "status": "done", "version": a["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/communication/staff/communicated",
            &lead,
            json!({"note": "Intranet post at 09:00"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let rc: Value = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &lead,
            json!({"message": "Are you safe?", "deadline_minutes": 60}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/rollcalls/{}/close", rc["id"]),
            &lead,
            json!({}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    // Closing it again changes nothing and answers at once (on SQLite the transaction that
    // found nothing to close must not hold the only writer connection while it reads).
    let began = std::time::Instant::now();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/rollcalls/{}/close", rc["id"]),
            &lead,
            json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        began.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        began.elapsed()
    );
    app.send_api(
        Method::POST,
        "/api/v1/log",
        &lead,
        json!({"kind": "decision", "text": "Open the backup site tomorrow."}),
    )
    .await;

    let log: Vec<Value> = app
        .get_api("/api/v1/log", &lead)
        .await
        .json()
        .await
        .unwrap();
    let events: Vec<&str> = log.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(
        events,
        [
            "",
            "rollcall_closed",
            "rollcall_started",
            "communicated/staff",
            "action_done"
        ]
    );
    assert!(
        log[2]["text"]
            .as_str()
            .unwrap()
            .starts_with("Are you safe?"),
        "{}",
        log[2]["text"]
    );
    assert!(
        log[1]["text"].as_str().unwrap().starts_with("0/"),
        "{}",
        log[1]["text"]
    );
    assert_eq!(log[3]["text"], "Intranet post at 09:00");
    assert_eq!(log[4]["scenario_id"], s["id"]);

    // The daily check-in shows it; the report keeps the day's decisions as they stood.
    let browser = app.browser_login("lead@logsys.test").await;
    let (_, html, _) = app.page(&browser, "/daily").await;
    assert!(
        html.contains("In the crisis log since yesterday (5)"),
        "{html}"
    );
    assert!(html.contains("Communicated to Staff:") && html.contains("Action done:"));
    let report: Value = app
        .send_api(
            Method::PUT,
            "/api/v1/reports/today",
            &lead,
            json!({"situation": "Storm passing", "delivery": "amber"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let decided = report["log_decisions"].as_array().unwrap();
    assert_eq!(decided.len(), 1);
    assert_eq!(decided[0]["text"], "Open the backup site tomorrow.");
    let (_, html, _) = app
        .page(
            &browser,
            &format!("/daily/{}", report["day"].as_str().unwrap()),
        )
        .await;
    assert!(
        html.contains("Decided today, from the crisis log")
            && html.contains("Open the backup site tomorrow.")
    );
}

#[tokio::test]
async fn the_level_banner_links_to_its_scenario_and_can_be_hidden_for_the_day() {
    let app = spawn_app().await;
    let d = desk(&app, "banner").await;
    app.create_user(&d.org, "lead@banner.test", "crisis_lead")
        .await;
    let lead = app.token("lead@banner.test").await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead)
        .await
        .json()
        .await
        .unwrap();
    let absence = list
        .iter()
        .find(|s| s["standard_key"] == "high_absence")
        .unwrap();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", absence["id"]),
            &lead,
            json!({"level_id": absence["levels"][1]["id"], "reason": "Many ill"}),
        )
        .await;
    assert!(res.status().is_success());

    let browser = app.browser_login("lead@banner.test").await;
    let before = app.page(&browser, "/log").await.1;
    let link = format!("href=\"/plan/scenarios/{}\"", absence["id"]);
    assert!(before.contains("class=\"banner\""), "the banner shows");
    assert!(before.contains(&link), "it links to its scenario");

    let res = app
        .post_form(&browser, "/log", "/banner/dismiss", &[])
        .await;
    assert_eq!(res.status(), 422, "a dismissal names the change");
    let change_id = before
        .split("name=\"change_id\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the dismiss form")
        .to_string();
    let res = app
        .post_form(
            &browser,
            "/log",
            "/banner/dismiss",
            &[("change_id", change_id.as_str()), ("return_to", "/log")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/log");
    let after = app.page(&browser, "/log").await.1;
    assert!(
        !after.contains("class=\"banner\""),
        "hidden in this browser"
    );
    // Another browser of the same person still sees it: only this one chose to hide it.
    let other = app.browser_login("lead@banner.test").await;
    let seen = app.page(&other, "/log").await.1;
    assert!(seen.contains("class=\"banner\""));
}
