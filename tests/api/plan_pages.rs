use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn lead_browser(
    app: &TestApp,
) -> (beredskap::entities::organisation::Model, reqwest::Client) {
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    (org, app.browser_login("lead@acme.example").await)
}

#[tokio::test]
async fn a_crisis_lead_builds_a_scenario_with_a_ladder_and_an_action_and_sees_it_on_the_matrix() {
    let app = spawn_app().await;
    let (_, browser) = lead_browser(&app).await;

    let res = app
        .post_form(
            &browser,
            "/plan/scenarios/new",
            "/plan/scenarios/new",
            &[
                ("title", "Power cut"),
                ("kind", "custom"),
                ("probability", "4"),
                ("consequence", "5"),
                ("metric", "manual"),
                ("status", "monitoring"),
                ("hysteresis_margin", "0"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let ladder = res.headers()["location"].to_str().unwrap().to_string();
    assert!(ladder.ends_with("/ladder"));
    let res = app
        .post_form(
            &browser,
            &ladder,
            &ladder,
            &[
                ("level_id", ""),
                ("name", "Outage"),
                ("trigger_value", "1"),
                ("description", ""),
                ("level_id", ""),
                ("name", ""),
                ("trigger_value", ""),
                ("description", ""),
                ("hysteresis_margin", "0"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let scenario_page = res.headers()["location"].to_str().unwrap().to_string();
    let new_action = format!("{scenario_page}/actions/new");
    let res = app
        .post_form(
            &browser,
            &new_action,
            &new_action,
            &[
                ("title", "Switch to the backup line"),
                ("area", "technology"),
                ("status", "planned"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);

    let (_, detail, _) = app.page(&browser, &scenario_page).await;
    assert!(detail.contains("Outage") && detail.contains("Switch to the backup line"));
    let (_, register, _) = app.page(&browser, "/plan").await;
    assert!(register.contains("20 · critical"));
    let matrix = &register[register.find("class=\"matrix\"").unwrap()..];
    assert!(
        matrix.contains("Power cut"),
        "the scenario is listed in its matrix cell"
    );
}

#[tokio::test]
async fn a_ladder_that_does_not_rise_is_shown_again_with_the_rows_as_typed() {
    let app = spawn_app().await;
    let (org, browser) = lead_browser(&app).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let ladder = format!("/plan/scenarios/{}/ladder", s["id"]);
    let _ = org;

    let res = app
        .post_form(
            &browser,
            &ladder,
            &ladder,
            &[
                ("level_id", ""),
                ("name", "Serious"),
                ("trigger_value", "30"),
                ("description", ""),
                ("level_id", ""),
                ("name", "Critical"),
                ("trigger_value", "20"),
                ("description", ""),
                ("version", "1"),
            ],
        )
        .await;

    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Each level&#39;s trigger must be higher than the one before.")
            || body.contains("Each level's trigger must be higher than the one before.")
    );
    assert!(body.contains("value=\"Critical\"") && body.contains("value=\"20\""));
}

#[tokio::test]
async fn an_edit_from_a_stale_page_is_refused_with_the_input_kept() {
    let app = spawn_app().await;
    let (_, browser) = lead_browser(&app).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Storm", "probability": 2, "consequence": 2, "metric": "manual"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let edit = format!("/plan/scenarios/{}/edit", s["id"]);
    // Someone else saves first.
    app.send_api(Method::PATCH, &format!("/api/v1/scenarios/{}", s["id"]), &token,
        json!({"title": "Storm (theirs)", "probability": 2, "consequence": 2, "metric": "manual", "version": 1})).await;

    let res = app
        .post_form(
            &browser,
            &edit,
            &edit,
            &[
                ("title", "Storm (mine)"),
                ("kind", "custom"),
                ("probability", "2"),
                ("consequence", "2"),
                ("metric", "manual"),
                ("status", "monitoring"),
                ("version", "1"),
            ],
        )
        .await;

    assert_eq!(res.status(), 409);
    let body = res.text().await.unwrap();
    assert!(body.contains("Someone else changed this while you were editing."));
    assert!(body.contains("value=\"Storm (mine)\""));
    let now: Value = app
        .get_api(&format!("/api/v1/scenarios/{}", s["id"]), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["title"], "Storm (theirs)");
}

#[tokio::test]
async fn the_crisis_lead_sets_a_level_by_hand_only_with_a_reason() {
    let app = spawn_app().await;
    let (_, browser) = lead_browser(&app).await;
    let token = app.token("lead@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/scenarios/standard",
        &token,
        json!({}),
    )
    .await;
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &token)
        .await
        .json()
        .await
        .unwrap();
    let s = list
        .iter()
        .find(|s| s["standard_key"] == "relocation")
        .unwrap();
    let page = format!("/plan/scenarios/{}", s["id"]);
    let level = s["levels"][1]["id"].to_string();

    let res = app
        .post_form(
            &browser,
            &page,
            &format!("{page}/level"),
            &[("level_id", &level), ("reason", "")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Use between 3 and 500 characters."));

    let res = app
        .post_form(
            &browser,
            &page,
            &format!("{page}/level"),
            &[
                ("level_id", &level),
                ("reason", "Office closed by the landlord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, body, _) = app.page(&browser, &page).await;
    assert!(body.contains("set by hand") && body.contains("Office closed by the landlord"));
    let (_, dashboard, _) = app.page(&browser, "/").await;
    assert!(
        dashboard.contains("Everyone at home"),
        "the dashboard shows the scenario at its level"
    );
}

#[tokio::test]
async fn staff_see_the_plan_without_edit_controls_and_report_progress_on_their_own_action() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let a: Value = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &token,
            json!({"area": "technology", "title": "Test the VPN at home", "owner_user_id": sam.id}),
        )
        .await
        .json()
        .await
        .unwrap();
    let browser = app.browser_login("sam@acme.example").await;

    let (status, register, _) = app.page(&browser, "/plan").await;
    assert_eq!(status, 200);
    assert!(register.contains("Flu") && !register.contains("New scenario"));
    assert_eq!(
        app.post_form(&browser, "/plan", "/plan/scenarios/new", &[("title", "x")])
            .await
            .status(),
        403
    );
    let (_, mine, _) = app.page(&browser, "/plan/my-actions").await;
    assert!(mine.contains("Test the VPN at home"));

    let action_page = format!("/plan/actions/{}", a["id"]);
    let res = app
        .post_form(
            &browser,
            &action_page,
            &format!("{action_page}/progress"),
            &[
                ("status", "done"),
                ("outcome", "Works from home"),
                ("outcome_rating", "worked"),
                ("version", &a["version"].to_string()),
            ],
        )
        .await;

    assert_eq!(res.status(), 303);
    let now: Value = app
        .get_api(&format!("/api/v1/actions/{}", a["id"]), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["status"], "done");
    assert_eq!(
        now["title"], "Test the VPN at home",
        "the owner cannot change anything else"
    );
}

#[tokio::test]
async fn someone_elses_action_cannot_be_reported_on_by_staff() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let a: Value = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &token,
            json!({"area": "technology", "title": "Lead's own"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let browser = app.browser_login("sam@acme.example").await;
    let action_page = format!("/plan/actions/{}", a["id"]);

    let res = app
        .post_form(
            &browser,
            &action_page,
            &format!("{action_page}/progress"),
            &[("status", "cancelled"), ("version", "1")],
        )
        .await;

    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_task_page_explains_its_ranking_and_the_communication_page_records_a_briefing() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let browser = app.browser_login("lead@acme.example").await;
    let token = app.token("lead@acme.example").await;
    app.send_api(Method::POST, "/api/v1/tasks", &token, json!({"name": "Emergency line", "customer_criticality": 5, "business_criticality": 5, "postpone_cost": "high"})).await;
    let s: Value = app.send_api(Method::POST, "/api/v1/scenarios", &token, json!({"kind": "high_absence", "title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"})).await.json().await.unwrap();

    let (_, tasks, _) = app
        .page(&browser, &format!("/plan/tasks?scenario={}", s["id"]))
        .await;
    assert!(tasks.contains("Too few hands") && tasks.contains("Protect"));

    let res = app
        .post_form(
            &browser,
            "/plan/communication",
            "/plan/communication/staff/done",
            &[("note", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, comms, _) = app.page(&browser, "/plan/communication").await;
    assert!(comms.contains("next due"));
    let bad = app
        .post_form(
            &browser,
            "/plan/communication",
            "/plan/communication/rules",
            &[("text", "")],
        )
        .await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn a_levels_prepared_answer_is_written_on_the_ladder_page_and_kept_by_forms_without_it() {
    let app = spawn_app().await;
    let (_, browser) = lead_browser(&app).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let ladder = format!("/plan/scenarios/{}/ladder", s["id"]);
    let res = app
        .post_form(
            &browser,
            &ladder,
            &ladder,
            &[
                ("level_id", ""),
                ("name", "Serious"),
                ("trigger_value", "20"),
                ("description", ""),
                ("rollcall_message", ""),
                ("holding_question", "Is {organisation} slower today?"),
                ("holding_answer", "Yes. Next update by {next_update}."),
                ("level_id", ""),
                ("name", "Critical"),
                ("trigger_value", "40"),
                ("description", ""),
                ("rollcall_message", ""),
                ("holding_question", ""),
                ("holding_answer", ""),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page, _) = app.page(&browser, &ladder).await;
    assert!(page.contains("Is {organisation} slower today?"), "{page}");
    let levels = |v: Value| v["levels"].as_array().unwrap().clone();
    let current: Value = app
        .get_api(&format!("/api/v1/scenarios/{}", s["id"]), &token)
        .await
        .json()
        .await
        .unwrap();
    let saved = levels(current.clone());
    assert_eq!(
        saved[0]["holding_answer"],
        "Yes. Next update by {next_update}."
    );
    assert_eq!(saved[1]["holding_question"], "");

    // A client that does not send the prepared answers leaves them as they are.
    let body = json!({"levels": [
        {"id": saved[0]["id"], "name": "Serious", "trigger_value": 25},
        {"id": saved[1]["id"], "name": "Critical", "trigger_value": 40},
    ], "version": current["version"]});
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            &token,
            body,
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let after = levels(
        app.get_api(&format!("/api/v1/scenarios/{}", s["id"]), &token)
            .await
            .json()
            .await
            .unwrap(),
    );
    assert_eq!(after[0]["trigger_value"], 25.0);
    assert_eq!(
        after[0]["holding_question"],
        "Is {organisation} slower today?"
    );
}

/// A due date that has passed is questioned before it is saved on an open action, the way the
/// FAQ questions a promised update in the past; ticking the box keeps it.
#[tokio::test]
async fn a_due_date_in_the_past_is_questioned_and_kept_only_when_confirmed() {
    let app = spawn_app().await;
    let (_, browser) = lead_browser(&app).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "manual"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let new_action = format!("/plan/scenarios/{}/actions/new", s["id"]);
    let fields = [
        ("title", "Call the staffing agency"),
        ("area", "staffing"),
        ("status", "planned"),
        ("due_date", "2020-01-31"),
    ];
    let res = app
        .post_form(&browser, &new_action, &new_action, &fields)
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("This date has passed"), "{page}");
    assert!(page.contains("name=\"past_due_ok\""), "the box to keep it");
    assert!(
        page.contains("value=\"Call the staffing agency\""),
        "what was typed stays"
    );
    let listed: Vec<Value> = app
        .get_api(&format!("/api/v1/scenarios/{}/actions", s["id"]), &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(listed.is_empty(), "nothing saved yet");

    let mut confirmed = fields.to_vec();
    confirmed.push(("past_due_ok", "true"));
    let res = app
        .post_form(&browser, &new_action, &new_action, &confirmed)
        .await;
    assert_eq!(res.status(), 303);
    // A done action may carry a past date without being asked.
    let res = app
        .post_form(
            &browser,
            &new_action,
            &new_action,
            &[
                ("title", "Brief the team"),
                ("area", "communication"),
                ("status", "done"),
                ("due_date", "2020-01-31"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
}
