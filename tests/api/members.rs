use crate::helpers::{spawn_app, PASSWORD};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn an_admin_adds_a_new_person_who_can_then_sign_in() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let team = app.create_team(&org, "Telefoni").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(Method::POST, "/api/v1/users", &token, json!({"email": "New.Person@Acme.example", "display_name": "New Person",
            "password": "a long initial password", "roles": ["staff", "communicator"], "team_id": team.id}))
        .await;

    assert_eq!(res.status(), 201);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["email"], "new.person@acme.example");
    assert_eq!(body["roles"], json!(["communicator", "staff"]));
    assert_eq!(body["team_name"], "Telefoni");
    assert_eq!(
        app.login_response("new.person@acme.example", "a long initial password")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn adding_someone_who_has_an_account_elsewhere_only_adds_a_membership() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    app.create_user(&beta, "bob@beta.example", "staff").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(Method::POST, "/api/v1/users", &token, json!({"email": "bob@beta.example", "display_name": "Bob", "password": "attempted takeover!", "roles": ["staff"]}))
        .await;

    assert_eq!(res.status(), 201);
    assert_eq!(
        app.login_response("bob@beta.example", "attempted takeover!")
            .await
            .status(),
        401,
        "password unchanged"
    );
    assert_eq!(
        app.login_response("bob@beta.example", PASSWORD)
            .await
            .status(),
        200
    );
    let again = app
        .send_api(
            Method::POST,
            "/api/v1/users",
            &token,
            json!({"email": "bob@beta.example", "display_name": "Bob", "roles": ["staff"]}),
        )
        .await;
    assert_eq!(again.status(), 422);
}

#[tokio::test]
async fn the_last_admin_cannot_deactivate_themselves() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let ada = app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;
    let page = format!("/admin/users/{}", ada.id);

    let res = app
        .post_form(&browser, &page, &page, &[("roles", "admin")])
        .await;

    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("The organisation must keep at least one active admin."));
    assert_eq!(
        app.page(&browser, "/admin/users").await.0,
        200,
        "still an admin"
    );
}

#[tokio::test]
async fn an_admin_changes_roles_and_team_on_the_page() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let team = app.create_team(&org, "Chatt").await;
    let browser = app.browser_login("ada@acme.example").await;
    let page = format!("/admin/users/{}", sam.id);

    let res = app
        .post_form(
            &browser,
            &page,
            &page,
            &[
                ("roles", "staff"),
                ("roles", "crisis_member"),
                ("team_id", &team.id.to_string()),
                ("active", "true"),
            ],
        )
        .await;

    assert_eq!(res.status(), 303);
    let m = beredskap::orgs::members::get(&app.db, org.id, sam.id)
        .await
        .unwrap();
    assert_eq!(m.membership.roles, "crisis_member,staff");
    assert_eq!(m.membership.team_id, Some(team.id));
    let (_, list, _) = app.page(&browser, "/admin/users").await;
    assert!(list.contains("Crisis group member, Staff"));
}

#[tokio::test]
async fn the_new_person_form_keeps_what_was_typed_when_it_fails() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/admin/users/new",
            "/admin/users/new",
            &[
                ("email", "not-an-email"),
                ("display_name", "Kim"),
                ("roles", "communicator"),
            ],
        )
        .await;

    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"not-an-email\"") && body.contains("value=\"Kim\""));
    assert!(body.contains("value=\"communicator\" checked"));
    assert!(body.contains("Enter an email address"));
}

#[tokio::test]
async fn deleting_a_team_keeps_its_people() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let team = app.create_team(&org, "Chatt").await;
    let token = app.token("ada@acme.example").await;
    app.send_api(
        Method::PATCH,
        &format!("/api/v1/users/{}", sam.id),
        &token,
        json!({"team_id": team.id}),
    )
    .await;

    let res = app
        .send_api(
            Method::DELETE,
            &format!("/api/v1/teams/{}", team.id),
            &token,
            json!({}),
        )
        .await;

    assert_eq!(res.status(), 204);
    let sam_now: serde_json::Value = app
        .get_api(&format!("/api/v1/users/{}", sam.id), &token)
        .await
        .json()
        .await
        .unwrap();
    assert!(sam_now["team_id"].is_null());
    assert_eq!(sam_now["active"], true);
}
