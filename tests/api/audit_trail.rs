use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn every_change_is_in_the_trail_with_who_before_and_after() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let ada = app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    let created: serde_json::Value = app
        .send_api(
            Method::POST,
            "/api/v1/teams",
            &token,
            json!({"name": "Chatt"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = created["id"].as_i64().unwrap();
    app.send_api(
        Method::PATCH,
        &format!("/api/v1/teams/{id}"),
        &token,
        json!({"name": "Chatt och e-post"}),
    )
    .await;

    let trail: serde_json::Value = app
        .get_api("/api/v1/audit?entity=team", &token)
        .await
        .json()
        .await
        .unwrap();

    let events = trail["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    let update = &events[0];
    assert_eq!(update["action"], "update");
    assert_eq!(update["actor_user_id"], ada.id);
    assert_eq!(update["before"]["name"], "Chatt");
    assert_eq!(update["after"]["name"], "Chatt och e-post");
    assert_eq!(events[1]["action"], "create");
    assert!(events[1]["before"].is_null());
}

#[tokio::test]
async fn a_refused_change_leaves_no_trail_and_no_change() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let ada = app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{}", ada.id),
            &token,
            json!({"roles": ["staff"]}),
        )
        .await;

    assert_eq!(res.status(), 422, "the last admin cannot drop the role");
    let trail: serde_json::Value = app
        .get_api("/api/v1/audit?entity=membership", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trail["total"], 0);
}

#[tokio::test]
async fn password_hashes_never_reach_the_trail() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/users",
        &token,
        json!({"email": "new@acme.example", "display_name": "New", "roles": ["staff"]}),
    )
    .await;

    let trail = app
        .get_api("/api/v1/audit", &token)
        .await
        .text()
        .await
        .unwrap();

    assert!(trail.contains("new@acme.example"));
    assert!(!trail.contains("argon2"));
    assert!(!trail.contains("password_hash"));
}

#[tokio::test]
async fn the_admin_page_filters_the_trail_by_kind() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;
    app.post_form(
        &browser,
        "/admin/teams",
        "/admin/teams",
        &[("name", "Telefoni")],
    )
    .await;

    let (status, all, _) = app.page(&browser, "/admin/audit").await;
    let (_, teams_only, _) = app.page(&browser, "/admin/audit?entity=team").await;

    assert_eq!(status, 200);
    assert!(all.contains("sign_in") && all.contains("Telefoni"));
    assert!(teams_only.contains("Telefoni") && !teams_only.contains("sign_in"));
}
