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

/// The admin reads the trail as sentences with what changed, not as JSON and code names; the
/// stored records are still there, folded.
#[tokio::test]
async fn the_trail_reads_as_sentences_with_the_changed_fields_beside_them() {
    let app = spawn_app().await;
    let d = crate::faq_support::desk(&app, "words").await;
    crate::faq_support::publish(&app, &d.communicator, "Är kontoret öppet?", "Ja, 8–16.").await;
    let created: serde_json::Value = app
        .send_api(
            Method::POST,
            "/api/v1/teams",
            &d.admin,
            json!({"name": "Chatt"}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.send_api(
        Method::PATCH,
        &format!("/api/v1/teams/{}", created["id"]),
        &d.admin,
        json!({"name": "Chatt och e-post"}),
    )
    .await;

    let browser = app.browser_login("admin@words.test").await;
    let page = app.page(&browser, "/admin/audit").await.1;
    assert!(
        page.contains(
            "User comm@words.test published the new answer \u{201c}Är kontoret öppet?\u{201d}"
        ),
        "{page}"
    );
    assert!(
        page.contains("User admin@words.test changed the team \u{201c}Chatt och e-post\u{201d}"),
        "{page}"
    );
    assert!(
        page.contains("<dt>Name</dt><dd><del>Chatt</del> → <ins>Chatt och e-post</ins></dd>"),
        "the changed field with its old and new value: {page}"
    );
    assert!(
        page.contains("<details class=\"raw\">"),
        "the stored records are one click away"
    );
    assert!(
        page.contains("<option value=\"faq_entry\">Answer</option>"),
        "the filter names kinds in words"
    );
}
