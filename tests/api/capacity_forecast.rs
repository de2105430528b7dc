//! Queues, who staffs them, and the live forecast from the check-ins, through the API.
use crate::fixtures::{acme, acme_in_teams, Acme};
use crate::helpers::{spawn_app, TestApp};
use beredskap::entities::team;
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

const EVERY_DAY: &str = "08:00-16:00";

/// A phone queue open 08–16 every day with 400 calls a day spread evenly (25 per half hour,
/// 2.5 Erlangs at 3 minutes: 5 agents meet 80/20).
fn phone_queue() -> Value {
    json!({"name": "Telefon", "kind": "voice", "interval_minutes": 30,
        "opening_hours": {"mon": EVERY_DAY, "tue": EVERY_DAY, "wed": EVERY_DAY, "thu": EVERY_DAY, "fri": EVERY_DAY, "sat": EVERY_DAY, "sun": EVERY_DAY},
        "weekday_volumes": {"mon": 400, "tue": 400, "wed": 400, "thu": 400, "fri": 400, "sat": 400, "sun": 400},
        "target_service_level": 0.8, "target_seconds": 20, "aht_seconds": 180, "patience_seconds": 120})
}

async fn team_id(app: &TestApp, acme: &Acme, name: &str) -> i32 {
    team::Entity::find()
        .filter(team::Column::OrganisationId.eq(acme.org.id))
        .filter(team::Column::Name.eq(name))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

/// Acme with 20 staff (Phones and Chat alternately) and the phone queue staffed by Phones.
async fn staffed_phone(app: &TestApp) -> (Acme, i64) {
    let acme = acme_in_teams(app, 20, true).await;
    let q: Value = app
        .send_api(Method::POST, "/api/v1/queues", &acme.lead, phone_queue())
        .await
        .json()
        .await
        .unwrap();
    let id = q["id"].as_i64().unwrap();
    let phones = team_id(app, &acme, "Phones").await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/queues/{id}/staffing"),
            &acme.lead,
            json!({"teams": [{"team_id": phones, "share_pct": 100}], "trained": []}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    (acme, id)
}

async fn capacity(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app
        .get_api(&format!("/api/v1/capacity{query}"), token)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn check_in(app: &TestApp, token: &str, status: &str) {
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/checkins",
            token,
            json!({"status": status, "wellbeing": 4}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
}

#[tokio::test]
async fn people_not_checked_in_make_a_range_and_check_ins_close_it() {
    let app = spawn_app().await;
    let (acme, _) = staffed_phone(&app).await;

    let v = capacity(&app, &acme.lead, "").await;
    assert_eq!(v["basis"], "check_ins");
    assert_eq!(v["headcount"], 20);
    assert_eq!(v["checked_in"], 0);
    let q = &v["queues"][0];
    assert_eq!(
        q["agents_available_low"], 0.0,
        "nobody counted present before checking in"
    );
    assert!(
        (q["agents_available_high"].as_f64().unwrap() - 7.0).abs() < 1e-9,
        "10 × 0.7"
    );
    assert_eq!(q["intervals"].as_array().unwrap().len(), 16);
    assert_eq!(q["intervals"][0]["agents_required"], 5);
    assert_eq!(q["agents_short"], 5);
    assert!(
        q["day_abandonment"].as_f64().unwrap() > 0.3,
        "no one on the phones: most hang up"
    );

    // Phones are the even-numbered staff: all ten at work.
    for i in (0..20).step_by(2) {
        check_in(&app, &acme.staff[i], "office").await;
    }
    let v = capacity(&app, &acme.lead, "").await;
    let q = &v["queues"][0];
    assert_eq!(q["agents_available_low"], q["agents_available_high"]);
    assert_eq!(q["agents_short"], 0);
    assert!(q["day_service_level_low"].as_f64().unwrap() > 0.9);
}

#[tokio::test]
async fn the_what_if_recomputes_with_more_calls_and_fewer_staff() {
    let app = spawn_app().await;
    let (acme, id) = staffed_phone(&app).await;
    for i in (0..20).step_by(2) {
        check_in(&app, &acme.staff[i], "office").await;
    }
    let v = capacity(&app, &acme.lead, "?volume_change_pct=40&absence_pct=50").await;
    let q = &v["queues"][0];
    assert!((q["agents_available_low"].as_f64().unwrap() - 3.5).abs() < 1e-9);
    assert!((q["expected_contacts"].as_f64().unwrap() - 560.0).abs() < 1e-6);
    assert!(q["agents_short"].as_u64().unwrap() >= 3);
    assert!(q["deflect_per_hour"].as_f64().unwrap() > 0.0);
    let v = capacity(
        &app,
        &acme.lead,
        &format!("?volume_change_pct=40&absence_pct=50&extra_agents=4&extra_queue_id={id}"),
    )
    .await;
    assert_eq!(v["queues"][0]["agents_short"], 0);

    let res = app
        .get_api(
            "/api/v1/capacity?day=2001-01-01&absence_pct=120",
            &acme.lead,
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let fields = crate::helpers::error_fields(&body);
    assert_eq!(fields, ["day", "absence_pct"]);
}

#[tokio::test]
async fn the_forecast_ladder_fires_when_customers_would_feel_it_and_not_before() {
    let app = spawn_app().await;
    let (acme, queue) = staffed_phone(&app).await;
    let s: Value = app
        .send_api(Method::POST, "/api/v1/scenarios", &acme.lead, json!({"kind": "high_absence", "title": "Phones short",
            "probability": 3, "consequence": 4, "metric": "forecast_service_level", "queue_id": queue, "hysteresis_margin": 5.0}))
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(Method::PUT, &format!("/api/v1/scenarios/{}/levels", s["id"]), &acme.lead,
            json!({"version": s["version"], "levels": [{"name": "Below 50", "trigger_value": 50.0}, {"name": "Below 80", "trigger_value": 80.0}]}))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a falling ladder's triggers descend"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "levels[1].trigger_value");
    let s: Value = app
        .send_api(Method::PUT, &format!("/api/v1/scenarios/{}/levels", s["id"]), &acme.lead,
            json!({"version": s["version"], "levels": [{"name": "Strained", "trigger_value": 80.0}, {"name": "Failing", "trigger_value": 50.0}]}))
        .await
        .json()
        .await
        .unwrap();
    let failing = s["levels"][1]["id"].clone();
    // The first check-in of the morning: the others unknown, so the forecast is a range whose
    // optimistic end is fine — no alarm.
    check_in(&app, &acme.staff[0], "office").await;
    assert_eq!(app.level_of(&acme.lead, &s["id"]).await, Value::Null);
    // Six of the ten on the phones sick: 4 × 0.7 = 2.8 agents for 2.5 Erlangs.
    for i in [2, 4, 6, 8, 10, 12] {
        check_in(&app, &acme.staff[i], "sick").await;
    }
    for i in [14, 16, 18] {
        check_in(&app, &acme.staff[i], "office").await;
    }
    assert_eq!(app.level_of(&acme.lead, &s["id"]).await, failing);
    let history: Value = app
        .get_api(
            &format!("/api/v1/scenarios/{}/level-history", s["id"]),
            &acme.lead,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[0]["metric"], "forecast_service_level", "{history}");
}

#[tokio::test]
async fn bad_queue_settings_are_refused_naming_each_field_and_nothing_is_saved() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let mut body = phone_queue();
    body["opening_hours"]["mon"] = json!("17:00-08:00");
    body["opening_hours"]["tue"] = json!("08:10-16:00");
    body["target_service_level"] = json!(80);
    body["concurrency"] = json!(3);
    body["profile"] = json!([1, 2, 3]);
    let res = app
        .send_api(Method::POST, "/api/v1/queues", &acme.lead, body)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    let fields = crate::helpers::error_fields(&v);
    for f in [
        "opening_hours.mon",
        "opening_hours.tue",
        "profile",
        "target_service_level",
        "concurrency",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} not in {fields:?}");
    }
    let list: Value = app
        .get_api("/api/v1/queues", &acme.lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn a_team_cannot_be_shared_beyond_its_whole_time_nor_another_tenants_team_used() {
    let app = spawn_app().await;
    let (acme, phone) = staffed_phone(&app).await;
    let mut chat = phone_queue();
    chat["name"] = json!("Chatt");
    chat["kind"] = json!("chat");
    chat["concurrency"] = json!(2);
    let chat: Value = app
        .send_api(Method::POST, "/api/v1/queues", &acme.lead, chat)
        .await
        .json()
        .await
        .unwrap();
    let phones = team_id(&app, &acme, "Phones").await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/queues/{}/staffing", chat["id"]),
            &acme.lead,
            json!({"teams": [{"team_id": phones, "share_pct": 10}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["errors"][0]["field"], "teams[0].share_pct");

    let other = app.create_org("other").await;
    let foreign = app.create_team(&other, "Theirs").await;
    app.create_user(&other, "lead@other.example", "crisis_lead")
        .await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/queues/{phone}/staffing"),
            &acme.lead,
            json!({"teams": [{"team_id": foreign.id, "share_pct": 50}]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let theirs = app.token("lead@other.example").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/queues/{phone}"), &theirs)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.send_api(
            Method::DELETE,
            &format!("/api/v1/queues/{phone}"),
            &theirs,
            json!({})
        )
        .await
        .status(),
        StatusCode::NOT_FOUND
    );
    let v = capacity(&app, &theirs, "").await;
    assert_eq!(v["queues"], json!([]));
}

#[tokio::test]
async fn queue_changes_are_versioned_and_audited() {
    let app = spawn_app().await;
    let (acme, id) = staffed_phone(&app).await;
    let mut body = phone_queue();
    body["aht_seconds"] = json!(240);
    body["version"] = json!(1);
    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/queues/{id}"),
            &acme.lead,
            body.clone(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/queues/{id}"),
            &acme.lead,
            body,
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "an edit from version 1 after version 2"
    );
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let trail: Value = app
        .get_api("/api/v1/audit?entity=queue", &admin)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = trail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["update", "create"]);
    assert_eq!(trail["events"][0]["after"]["aht_seconds"], 240);
    let trail: Value = app
        .get_api("/api/v1/audit?entity=queue_staffing", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trail["events"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn staff_cannot_change_queues_or_read_the_forecast() {
    let app = spawn_app().await;
    let acme = acme(&app, 1).await;
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/queues",
            &acme.staff[0],
            phone_queue()
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_api("/api/v1/capacity", &acme.staff[0])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_situation_report_keeps_the_days_forecast_as_it_was_and_the_dashboard_shows_it() {
    let app = spawn_app().await;
    let (acme, id) = staffed_phone(&app).await;
    for i in (0..20).step_by(2) {
        check_in(&app, &acme.staff[i], "office").await;
    }
    let res = app
        .send_api(
            Method::PUT,
            "/api/v1/reports/today",
            &acme.lead,
            json!({"situation": "Calm", "delivery": "green"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let report: Value = res.json().await.unwrap();
    let kept = report["capacity"].clone();
    assert_eq!(kept[0]["name"], "Telefon");
    assert_eq!(kept[0]["agents_short"], 0);

    // Later the queue changes and people fall ill; the saved report still says what it said.
    let mut body = phone_queue();
    body["weekday_volumes"] =
        json!({"mon": 900, "tue": 900, "wed": 900, "thu": 900, "fri": 900, "sat": 900, "sun": 900});
    body["version"] = json!(1);
    assert_eq!(
        app.send_api(
            Method::PATCH,
            &format!("/api/v1/queues/{id}"),
            &acme.lead,
            body
        )
        .await
        .status(),
        StatusCode::OK
    );
    let day = report["day"].as_str().unwrap();
    let again: Value = app
        .get_api(&format!("/api/v1/reports/{day}"), &acme.lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["capacity"], kept);

    let crisis: Value = app
        .get_api("/api/v1/dashboard/crisis", &acme.staff[0])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(crisis["capacity"][0]["name"], "Telefon", "{crisis}");
    assert!(
        crisis["capacity"][0].get("moves").is_none(),
        "figures only, no names"
    );

    let browser = app.browser_login("lead@acme.example").await;
    let (status, html, _) = app.page(&browser, "/").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Capacity today") && html.contains("Telefon"),
        "{html}"
    );
    let (status, html, _) = app.page(&browser, &format!("/daily/{day}")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Capacity today"));
}

#[tokio::test]
async fn an_overflow_partner_in_the_task_inventory_shows_where_its_queue_is_short() {
    let app = spawn_app().await;
    let (acme, queue) = staffed_phone(&app).await;
    let task = json!({"name": "Outage calls", "kind": "case_type", "customer_criticality": 5, "business_criticality": 5,
        "fallback": "overflow_partner", "queue_id": queue, "overflow_per_hour": 40});
    let res = app
        .send_api(Method::POST, "/api/v1/tasks", &acme.lead, task.clone())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["overflow_per_hour"], 40);
    let v = capacity(&app, &acme.lead, "").await;
    assert_eq!(
        v["queues"][0]["overflow"],
        json!([{"task": "Outage calls", "contacts_per_hour": 40}])
    );

    let other = app.create_org("other").await;
    app.create_user(&other, "lead@other.example", "crisis_lead")
        .await;
    let theirs = app.token("lead@other.example").await;
    let res = app
        .send_api(Method::POST, "/api/v1/tasks", &theirs, task)
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another tenant's queue"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "queue_id");
}

#[tokio::test]
async fn an_intraday_profile_can_be_sent_as_csv_and_shapes_the_day() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let mut body = phone_queue();
    body["profile_csv"] = json!("time;contacts\r\n08:00;30\r\n08:30;10\r\n");
    let res = app
        .send_api(Method::POST, "/api/v1/queues", &acme.lead, body.clone())
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let q: Value = res.json().await.unwrap();
    assert_eq!(q["profile"].as_array().unwrap().len(), 48);
    assert_eq!(q["profile"][16], 30.0);
    let v = capacity(&app, &acme.lead, "").await;
    let iv = &v["queues"][0]["intervals"];
    assert!(
        (iv[0]["contacts"].as_f64().unwrap() - 300.0).abs() < 1e-9,
        "three quarters of 400 at 08:00"
    );
    assert!((iv[1]["contacts"].as_f64().unwrap() - 100.0).abs() < 1e-9);
    assert_eq!(iv[2]["contacts"], 0.0);

    body["name"] = json!("Other");
    body["profile_csv"] = json!("08:00,30\n08:15,10\n");
    let res = app
        .send_api(Method::POST, "/api/v1/queues", &acme.lead, body)
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["errors"][0]["field"], "profile_csv");
    assert!(v["errors"][0]["detail"]
        .as_str()
        .unwrap()
        .contains("Line 2"));
}
