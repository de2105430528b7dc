use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn staff_are_kept_out_of_every_admin_api_route() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let staff = app.create_user(&org, "sam@acme.example", "staff").await;
    let team = app.create_team(&org, "Telefoni").await;
    let token = app.token("sam@acme.example").await;

    let attempts = [
        app.get_api("/api/v1/users", &token).await.status(),
        app.get_api(&format!("/api/v1/users/{}", staff.id), &token)
            .await
            .status(),
        app.send_api(
            Method::POST,
            "/api/v1/users",
            &token,
            json!({"email": "x@acme.example"}),
        )
        .await
        .status(),
        app.send_api(
            Method::PATCH,
            &format!("/api/v1/users/{}", staff.id),
            &token,
            json!({"roles": ["admin"]}),
        )
        .await
        .status(),
        app.send_api(
            Method::POST,
            "/api/v1/teams",
            &token,
            json!({"name": "Mine"}),
        )
        .await
        .status(),
        app.send_api(
            Method::PATCH,
            &format!("/api/v1/teams/{}", team.id),
            &token,
            json!({"name": "Mine"}),
        )
        .await
        .status(),
        app.send_api(
            Method::DELETE,
            &format!("/api/v1/teams/{}", team.id),
            &token,
            json!({}),
        )
        .await
        .status(),
        app.send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &token,
            json!({"name": "Mine"}),
        )
        .await
        .status(),
        app.get_api("/api/v1/audit", &token).await.status(),
    ];

    assert!(attempts.iter().all(|s| *s == 403), "{attempts:?}");
    assert_eq!(
        app.get_api("/api/v1/teams", &token).await.status(),
        200,
        "staff may read the teams"
    );
}

#[tokio::test]
async fn staff_get_a_forbidden_page_for_admin_pages_and_no_admin_links() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let browser = app.browser_login("sam@acme.example").await;

    for path in [
        "/admin/users",
        "/admin/users/new",
        "/admin/teams",
        "/admin/organisation",
        "/admin/audit",
    ] {
        let (status, body, _) = app.page(&browser, path).await;
        assert_eq!(status, 403, "{path}");
        assert!(body.contains("Not allowed"), "{path}");
    }
    let (_, dashboard, _) = app.page(&browser, "/").await;
    assert!(!dashboard.contains("href=\"/admin/users\""));
}

#[tokio::test]
async fn a_staff_form_post_to_an_admin_page_changes_nothing() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let browser = app.browser_login("sam@acme.example").await;

    let res = app
        .post_form(&browser, "/", "/admin/teams", &[("name", "Sneaky")])
        .await;

    assert_eq!(res.status(), 403);
    assert!(beredskap::orgs::repo::list_teams(&app.db, org.id)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_deactivated_person_can_no_longer_sign_in_or_use_a_token() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let admin = app.token("ada@acme.example").await;
    let sams_token = app.token("sam@acme.example").await;

    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{}", sam.id),
            &admin,
            json!({"active": false}),
        )
        .await;

    assert_eq!(res.status(), 200);
    assert_eq!(app.get_api("/api/v1/me", &sams_token).await.status(), 401);
    assert_eq!(
        app.login_response("sam@acme.example", crate::helpers::PASSWORD)
            .await
            .status(),
        401
    );
}
