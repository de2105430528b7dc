use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn another_tenants_team_answers_404_to_every_method() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let rival = app.create_org("rival").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    let theirs = app.create_team(&rival, "Rival secret team").await;
    let token = app.token("ada@acme.example").await;
    let path = format!("/api/v1/teams/{}", theirs.id);

    let get = app.get_api(&path, &token).await;
    let patch = app
        .send_api(Method::PATCH, &path, &token, json!({"name": "Hijacked"}))
        .await;
    let delete = app.send_api(Method::DELETE, &path, &token, json!({})).await;

    assert_eq!(get.status(), 404);
    assert_eq!(patch.status(), 404);
    assert_eq!(delete.status(), 404);
    assert!(!get.text().await.unwrap().contains("Rival secret team"));
    let still = beredskap::orgs::repo::team(&app.db, rival.id, theirs.id)
        .await
        .unwrap();
    assert_eq!(still.name, "Rival secret team");
}

#[tokio::test]
async fn another_tenants_person_answers_404_and_cannot_be_changed() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let rival = app.create_org("rival").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    let victim = app.create_user(&rival, "bob@rival.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    let path = format!("/api/v1/users/{}", victim.id);

    assert_eq!(app.get_api(&path, &token).await.status(), 404);
    let patch = app
        .send_api(Method::PATCH, &path, &token, json!({"active": false}))
        .await;

    assert_eq!(patch.status(), 404);
    assert_eq!(
        app.token("bob@rival.example").await.is_empty(),
        false,
        "bob can still sign in"
    );
}

#[tokio::test]
async fn another_tenants_team_cannot_be_assigned_to_our_people() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let rival = app.create_org("rival").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    let staff = app.create_user(&acme, "sam@acme.example", "staff").await;
    let theirs = app.create_team(&rival, "Theirs").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{}", staff.id),
            &token,
            json!({"team_id": theirs.id}),
        )
        .await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "team_id");
}

#[tokio::test]
async fn lists_and_the_audit_trail_show_only_our_organisation() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let rival = app.create_org("rival").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    app.create_user(&rival, "bob@rival.example", "admin").await;
    app.create_team(&rival, "Rival team").await;
    let rival_token = app.token("bob@rival.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/teams",
        &rival_token,
        json!({"name": "Made by rival"}),
    )
    .await;
    let token = app.token("ada@acme.example").await;

    let teams = app
        .get_api("/api/v1/teams", &token)
        .await
        .text()
        .await
        .unwrap();
    let users = app
        .get_api("/api/v1/users", &token)
        .await
        .text()
        .await
        .unwrap();
    let audit = app
        .get_api("/api/v1/audit", &token)
        .await
        .text()
        .await
        .unwrap();

    assert!(!teams.contains("Rival"));
    assert!(!users.contains("bob@rival.example"));
    assert!(!audit.contains("Made by rival"));
}

#[tokio::test]
async fn another_tenants_team_page_answers_404_in_html() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let rival = app.create_org("rival").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    let theirs = app.create_team(&rival, "Rival secret team").await;
    let browser = app.browser_login("ada@acme.example").await;

    let (status, body, _) = app
        .page(&browser, &format!("/admin/teams/{}", theirs.id))
        .await;

    assert_eq!(status, 404);
    assert!(body.contains("<html"));
    assert!(!body.contains("Rival secret team"));
}
