use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn an_action_is_planned_owned_reviewed_and_shows_in_my_actions() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let kim = app
        .create_user(&org, "kim@acme.example", "communicator")
        .await;
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

    let res = app
        .send_api(Method::POST, &format!("/api/v1/scenarios/{}/actions", s["id"]), &token,
            json!({"area": "communication", "title": "Publish waiting times", "owner_user_id": kim.id, "due_date": "2020-01-31"}))
        .await;
    assert_eq!(res.status(), 201);
    let action: Value = res.json().await.unwrap();
    assert_eq!(action["overdue"], true, "open and past its date");

    let kims = app.token("kim@acme.example").await;
    let mine: Vec<Value> = app
        .get_api("/api/v1/me/actions", &kims)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    let path = format!("/api/v1/actions/{}", action["id"]);
    let done = app
        .send_api(Method::PATCH, &path, &token, json!({"area": "communication", "title": "Publish waiting times", "owner_user_id": kim.id,
            "due_date": "2020-01-31", "status": "done", "outcome": "Calls fell by a third", "outcome_rating": "worked", "version": action["version"]}))
        .await;
    assert_eq!(done.status(), 200);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["overdue"], false);
    assert_eq!(done["outcome_rating"], "worked");
    let mine: Vec<Value> = app
        .get_api("/api/v1/me/actions", &kims)
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.is_empty(), "done actions leave my list");
}

#[tokio::test]
async fn an_action_names_each_bad_field() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let rival = app.create_org("rival").await;
    let stranger = app.create_user(&rival, "x@rival.example", "staff").await;
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

    let res = app
        .send_api(Method::POST, &format!("/api/v1/scenarios/{}/actions", s["id"]), &token,
            json!({"area": "marketing", "title": "", "due_date": "31/01/2027", "owner_user_id": stranger.id, "level_id": 999999, "status": "maybe"}))
        .await;

    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let mut fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "area",
            "due_date",
            "level_id",
            "owner_user_id",
            "status",
            "title"
        ]
    );
}

#[tokio::test]
async fn another_tenants_action_cannot_be_read_or_changed() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let rival = app.create_org("rival").await;
    app.create_user(&rival, "boss@rival.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;
    let rival_token = app.token("boss@rival.example").await;
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
            json!({"area": "technology", "title": "VPN licences"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/actions/{}", a["id"]);

    assert_eq!(app.get_api(&path, &rival_token).await.status(), 404);
    let patch = app
        .send_api(
            Method::PATCH,
            &path,
            &rival_token,
            json!({"area": "technology", "title": "Hijacked", "version": 1}),
        )
        .await;
    assert_eq!(patch.status(), 404);
    assert_eq!(
        app.send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &rival_token,
            json!({"area": "technology", "title": "x"})
        )
        .await
        .status(),
        404
    );
    let still: Value = app.get_api(&path, &token).await.json().await.unwrap();
    assert_eq!(still["title"], "VPN licences");
}
