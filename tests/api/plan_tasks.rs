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
