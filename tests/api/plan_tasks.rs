use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn the_inventory_is_ranked_for_the_chosen_scenario_with_reasons() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;
    for body in [
        json!({"name": "Newsletter", "customer_criticality": 1, "business_criticality": 2, "postpone_cost": "none"}),
        json!({"name": "Emergency line", "customer_criticality": 5, "business_criticality": 5, "remote_capable": "no", "postpone_cost": "high"}),
        json!({"name": "Case files", "customer_criticality": 3, "business_criticality": 4, "remote_limits": ["secrecy"], "postpone_cost": "medium"}),
    ] {
        assert_eq!(
            app.send_api(Method::POST, "/api/v1/tasks", &token, body)
                .await
                .status(),
            201
        );
    }
    let absence: Value = app.send_api(Method::POST, "/api/v1/scenarios", &token, json!({"kind": "high_absence", "title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"})).await.json().await.unwrap();
    let moving: Value = app.send_api(Method::POST, "/api/v1/scenarios", &token, json!({"kind": "relocation", "title": "Office closed", "probability": 2, "consequence": 4, "metric": "manual"})).await.json().await.unwrap();

    let for_absence: Vec<Value> = app
        .get_api(
            &format!("/api/v1/tasks/ranked?scenario_id={}", absence["id"]),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    let for_moving: Vec<Value> = app
        .get_api(
            &format!("/api/v1/tasks/ranked?scenario_id={}", moving["id"]),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();

    let names = |r: &[Value]| {
        r.iter()
            .map(|x| {
                (
                    x["task"]["name"].as_str().unwrap().to_string(),
                    x["advice"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&for_absence)[0],
        ("Emergency line".into(), "protect".into())
    );
    assert_eq!(
        names(&for_absence)[2],
        ("Newsletter".into(), "postpone".into())
    );
    assert_eq!(
        names(&for_moving)[0],
        ("Emergency line".into(), "plan_on_site".into())
    );
    let case_files = for_moving
        .iter()
        .find(|x| x["task"]["name"] == "Case files")
        .unwrap();
    assert!(case_files["reasons"]
        .as_array()
        .unwrap()
        .contains(&json!("remote_limited")));
}

#[tokio::test]
async fn a_task_with_bad_values_is_refused_by_field_and_tenants_are_kept_apart() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let rival = app.create_org("rival").await;
    app.create_user(&rival, "boss@rival.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;

    let res = app.send_api(Method::POST, "/api/v1/tasks", &token, json!({"name": "", "customer_criticality": 9, "fallback": "magic", "remote_limits": ["astrology"]})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "name",
            "customer_criticality",
            "business_criticality",
            "remote_limits",
            "fallback"
        ]
    );

    let t: Value = app
        .send_api(
            Method::POST,
            "/api/v1/tasks",
            &token,
            json!({"name": "Invoices", "customer_criticality": 2, "business_criticality": 4}),
        )
        .await
        .json()
        .await
        .unwrap();
    let rival_token = app.token("boss@rival.example").await;
    let path = format!("/api/v1/tasks/{}", t["id"]);
    assert_eq!(app.get_api(&path, &rival_token).await.status(), 404);
    assert_eq!(
        app.send_api(Method::DELETE, &path, &rival_token, json!({}))
            .await
            .status(),
        404
    );
    assert_eq!(app.get_api(&path, &token).await.status(), 200);
}

#[tokio::test]
async fn business_impact_figures_weigh_in_the_ranking_and_show_what_passes_its_tolerance() {
    use crate::helpers::{error_fields, spawn_app_with};
    use beredskap::clock::Clock;
    use chrono::{Duration, Utc};
    let start = Utc::now();
    let clock = Clock::fixed(start);
    let app = spawn_app_with(clock.clone()).await;
    let org = app.create_org("bia").await;
    app.create_user(&org, "lead@bia.example", "crisis_lead")
        .await;
    let token = app.token("lead@bia.example").await;
    let bad = app
        .send_api(Method::POST, "/api/v1/tasks", &token, json!({
            "name": "Payments", "customer_criticality": 2, "business_criticality": 3,
            "rto_hours": 8, "mtpd_hours": 4, "min_service_level": 120, "depends_systems": "x".repeat(501)
        }))
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        error_fields(&bad.json().await.unwrap()),
        ["depends_systems", "mtpd_hours", "min_service_level"]
    );
    for body in [
        json!({"name": "Payments", "customer_criticality": 2, "business_criticality": 3, "postpone_cost": "none",
               "rto_hours": 4, "mtpd_hours": 8, "min_service": "Salaries paid on the day",
               "depends_systems": "Bank gateway", "depends_suppliers": "Bank", "depends_partners": "Payroll office"}),
        json!({"name": "Archive", "customer_criticality": 1, "business_criticality": 1, "postpone_cost": "none", "mtpd_hours": 72}),
    ] {
        let res = app
            .send_api(Method::POST, "/api/v1/tasks", &token, body)
            .await;
        assert_eq!(res.status(), 201);
    }
    let s: Value = app.send_api(Method::POST, "/api/v1/scenarios", &token, json!({"kind": "high_absence", "title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"})).await.json().await.unwrap();
    let s: Value = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            &token,
            json!({"levels": [{"name": "Kritisk", "trigger_value": 30}], "version": s["version"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.send_api(
        Method::POST,
        &format!("/api/v1/scenarios/{}/level", s["id"]),
        &token,
        json!({"level_id": s["levels"][0]["id"], "reason": "A third ill"}),
    )
    .await;

    let ranked: Vec<Value> = app
        .get_api(
            &format!("/api/v1/tasks/ranked?scenario_id={}", s["id"]),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ranked[0]["task"]["name"], "Payments");
    assert_eq!(
        ranked[0]["advice"], "protect",
        "a day's tolerance is protected"
    );
    assert!(ranked[0]["reasons"]
        .as_array()
        .unwrap()
        .contains(&json!("short_tolerance")));
    assert!(
        ranked[0]["tolerance"].is_null(),
        "a protected task is not disrupted"
    );
    assert_eq!(ranked[0]["task"]["depends_suppliers"], "Bank");
    assert_eq!(ranked[1]["advice"], "postpone");
    assert_eq!(ranked[1]["tolerance"]["passed"], false);

    clock.set(start + Duration::hours(73));
    let ranked: Vec<Value> = app
        .get_api(
            &format!("/api/v1/tasks/ranked?scenario_id={}", s["id"]),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(ranked[1]["tolerance"]["passed"], true);
    let browser = app.browser_login("lead@bia.example").await;
    let (_, html, _) = app.page(&browser, "/plan").await;
    assert!(
        html.contains("1 task past its maximum tolerable disruption"),
        "{html}"
    );
    let (_, html, _) = app
        .page(&browser, &format!("/plan/tasks?scenario={}", s["id"]))
        .await;
    assert!(html.contains("Past its maximum tolerable disruption since"));
    let res = app
        .post_form(
            &browser,
            "/plan/tasks/new",
            "/plan/tasks/new",
            &[
                ("name", "Mail room"),
                ("customer_criticality", "2"),
                ("business_criticality", "2"),
                ("rto_hours", "soon"),
                ("mtpd_hours", "48"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422, "a figure that is not a number is named");
}
