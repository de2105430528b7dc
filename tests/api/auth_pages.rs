use crate::helpers::{client, spawn_app, PASSWORD};

#[tokio::test]
async fn signing_in_on_the_login_page_leads_to_the_dashboard() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = client();
    let (status, _, token) = app.page(&browser, "/login").await;
    assert_eq!(status, 200);

    let res = browser
        .post(app.url("/login"))
        .form(&[
            ("email", "ada@acme.example"),
            ("password", PASSWORD),
            ("csrf_token", &token),
            ("next", "/admin/users"),
        ])
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/users");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("beredskap_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (status, body, _) = app.page(&browser, "/").await;
    assert_eq!(status, 200);
    assert!(body.contains("User ada@acme.example"));
}

#[tokio::test]
async fn a_wrong_password_on_the_page_keeps_the_email_and_says_what_is_wrong() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = client();

    let res = app
        .post_form(
            &browser,
            "/login",
            "/login",
            &[("email", "ada@acme.example"), ("password", "nope")],
        )
        .await;

    assert_eq!(res.status(), 401);
    let body = res.text().await.unwrap();
    assert!(body.contains("value=\"ada@acme.example\""));
    assert!(body.contains("The email or password is wrong."));
    assert!(
        !body.contains("value=\"nope\""),
        "a password is never sent back"
    );
}

#[tokio::test]
async fn a_page_needing_sign_in_sends_the_visitor_to_the_login_page_and_back() {
    let app = spawn_app().await;
    let res = client()
        .get(app.url("/admin/teams?x=1"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        "/login?next=%2Fadmin%2Fteams%3Fx%3D1"
    );
}

#[tokio::test]
async fn a_next_address_outside_the_site_is_ignored() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = client();
    let res = app
        .post_form(
            &browser,
            "/login",
            "/login",
            &[
                ("email", "ada@acme.example"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test]
async fn signing_out_on_the_page_ends_the_session() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    let browser = app.browser_login("ada@acme.example").await;
    let session = app.page(&browser, "/").await;
    assert_eq!(session.0, 200);

    let res = app.post_form(&browser, "/", "/logout", &[]).await;

    assert_eq!(res.status(), 303);
    let after = browser.get(app.url("/")).send().await.unwrap();
    assert_eq!(after.status(), 303);
}

#[tokio::test]
async fn the_organisation_switcher_moves_the_session_to_the_other_organisation() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    let u = app.create_user(&acme, "ada@acme.example", "staff").await;
    app.add_membership(&beta, &u, "admin").await;
    let browser = app.browser_login("ada@acme.example").await;
    let (_, body, _) = app.page(&browser, "/").await;
    assert!(
        body.contains("Org beta"),
        "the switcher lists both organisations"
    );

    let res = app
        .post_form(
            &browser,
            "/",
            "/session/organisation",
            &[("organisation_id", &beta.id.to_string())],
        )
        .await;

    assert_eq!(res.status(), 303);
    let (status, _, _) = app.page(&browser, "/admin/users").await;
    assert_eq!(status, 200, "admin in beta");
}

#[tokio::test]
async fn changing_the_password_on_the_account_page_keeps_this_browser_signed_in() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/account",
            "/account/password",
            &[("current_password", PASSWORD), ("new_password", "short")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Use between 10 and 1024 characters."));

    let res = app
        .post_form(
            &browser,
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "another long passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.page(&browser, "/account").await.0, 200);
}
