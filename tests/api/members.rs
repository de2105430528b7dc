use crate::helpers::{client, spawn_app, spawn_app_full, TestApp, PASSWORD};
use crate::smtp_sink::SmtpSink;
use beredskap::clock::Clock;
use reqwest::Method;
use serde_json::json;

/// Accepts an invitation link the way a person does in a browser.
async fn accept(app: &TestApp, link: &str, name: &str, password: &str) -> reqwest::Response {
    // Tests bind port 0, so the link's host is not where the app listens: keep its path.
    let path = link[link.find("/invite/").unwrap()..].to_string();
    let browser = client();
    app.post_form(
        &browser,
        &path,
        &path,
        &[("display_name", name), ("password", password)],
    )
    .await
}

async fn invite(app: &TestApp, token: &str, email: &str) -> reqwest::Response {
    app.send_api(
        Method::POST,
        "/api/v1/users",
        token,
        json!({"email": email, "display_name": "Someone", "roles": ["staff"]}),
    )
    .await
}

#[tokio::test]
async fn an_admin_invites_a_new_person_who_accepts_and_can_then_sign_in() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let team = app.create_team(&org, "Telefoni").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/users",
            &token,
            json!({"email": "New.Person@Acme.example", "display_name": "New Person",
            "roles": ["staff", "communicator"], "team_id": team.id}),
        )
        .await;

    assert_eq!(res.status(), 202);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["email"], "new.person@acme.example");
    assert_eq!(body["status"], "pending");
    assert_eq!(body["mailed"], false, "no mail server in this test");
    let link = body["accept_url"].as_str().unwrap().to_string();
    assert_eq!(
        app.login_response("new.person@acme.example", "a long initial password")
            .await
            .status(),
        401
    );

    let res = accept(&app, &link, "New Person", "a long initial password").await;

    assert_eq!(res.status(), 303, "signed in after accepting");
    assert_eq!(
        app.login_response("new.person@acme.example", "a long initial password")
            .await
            .status(),
        200
    );
    let people: serde_json::Value = app
        .get_api("/api/v1/users", &token)
        .await
        .json()
        .await
        .unwrap();
    let person = people
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["email"] == "new.person@acme.example")
        .unwrap();
    assert_eq!(person["roles"], json!(["communicator", "staff"]));
    assert_eq!(person["team_name"], "Telefoni");
    assert_eq!(
        accept(&app, &link, "Again", "another long password")
            .await
            .status(),
        410,
        "a link works once"
    );
}

#[tokio::test]
async fn an_admin_cannot_pull_someone_elses_account_in_or_learn_that_it_exists() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    app.create_user(&acme, "ada@acme.example", "admin").await;
    let bob = app.create_user(&beta, "bob@beta.example", "staff").await;
    let token = app.token("ada@acme.example").await;

    let known = invite(&app, &token, "bob@beta.example").await;
    let unknown = invite(&app, &token, "nobody@beta.example").await;

    assert_eq!(known.status(), unknown.status());
    let (known, unknown): (serde_json::Value, serde_json::Value) =
        (known.json().await.unwrap(), unknown.json().await.unwrap());
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&known), keys(&unknown), "the same answer either way");
    assert_eq!(known["status"], unknown["status"]);
    let memberships = beredskap::orgs::repo::organisations_of_user(&app.db, bob.id)
        .await
        .unwrap();
    assert_eq!(
        memberships.len(),
        1,
        "not a member of acme before accepting"
    );

    let link = known["accept_url"].as_str().unwrap();
    let wrong = accept(&app, link, "Bob", "attempted takeover!").await;
    assert_eq!(wrong.status(), 422);
    assert!(wrong
        .text()
        .await
        .unwrap()
        .contains("The password is wrong"));
    assert_eq!(
        app.login_response("bob@beta.example", "attempted takeover!")
            .await
            .status(),
        401,
        "password unchanged"
    );
    assert_eq!(
        beredskap::orgs::repo::organisations_of_user(&app.db, bob.id)
            .await
            .unwrap()
            .len(),
        1
    );

    assert_eq!(accept(&app, link, "Bob", PASSWORD).await.status(), 303);
    assert_eq!(
        beredskap::orgs::repo::organisations_of_user(&app.db, bob.id)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn sign_in_without_an_organisation_lands_in_the_one_used_last() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    let bob = app.create_user(&acme, "bob@acme.example", "staff").await;
    app.add_membership(&beta, &bob, "staff").await;
    let org_of = |body: serde_json::Value| {
        body["organisation"]["slug"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let login = |org: Option<&str>| {
        let mut body = json!({"email": "bob@acme.example", "password": PASSWORD});
        if let Some(o) = org {
            body["organisation"] = json!(o);
        }
        app.client
            .post(app.url("/api/v1/auth/login"))
            .json(&body)
            .send()
    };

    let first: serde_json::Value = login(None).await.unwrap().json().await.unwrap();
    login(Some("beta")).await.unwrap();
    let after_beta: serde_json::Value = login(None).await.unwrap().json().await.unwrap();
    login(Some("acme")).await.unwrap();
    let after_acme: serde_json::Value = login(None).await.unwrap().json().await.unwrap();

    assert_eq!(
        org_of(first),
        "acme",
        "the first organisation when none was used yet"
    );
    assert_eq!(org_of(after_beta), "beta");
    assert_eq!(org_of(after_acme), "acme");
}

#[tokio::test]
async fn a_withdrawn_invitation_link_no_longer_works() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    let inv: serde_json::Value = invite(&app, &token, "kim@acme.example")
        .await
        .json()
        .await
        .unwrap();

    let res = app
        .send_api(
            Method::DELETE,
            &format!("/api/v1/invitations/{}", inv["id"]),
            &token,
            json!({}),
        )
        .await;

    assert_eq!(res.status(), 204);
    let link = inv["accept_url"].as_str().unwrap();
    let page = client()
        .get(app.url(&link[link.find("/invite/").unwrap()..]))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 410);
    let audit = app
        .get_api("/api/v1/audit", &token)
        .await
        .text()
        .await
        .unwrap();
    assert!(audit.contains("\"invitation\"") && audit.contains("revoke"));
}

#[tokio::test]
async fn the_invitation_is_mailed_with_its_link_when_mail_is_set_up() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;

    let inv: serde_json::Value = invite(&app, &token, "kim@acme.example")
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(inv["mailed"], true);
    assert!(
        inv["accept_url"].is_null(),
        "the admin does not see a link that was mailed"
    );
    let mails = sink.received.lock().unwrap().clone();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, vec!["kim@acme.example".to_string()]);
    let data = mails[0].data.replace("=\r\n", "");
    assert!(data.contains("/invite/"), "{data}");
    assert!(
        data.contains("Message-ID: <"),
        "every mail has an id of ours"
    );
    assert!(data.contains("Content-Language: "));
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
