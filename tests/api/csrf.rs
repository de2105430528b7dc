use crate::helpers::{client, spawn_app, PASSWORD};

#[tokio::test]
async fn a_form_post_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = browser
        .post(app.url("/admin/teams"))
        .form(&[("name", "Forged")])
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 403);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let (_, body, _) = app.page(&browser, "/admin/teams").await;
    assert!(!body.contains("Forged"));
}

#[tokio::test]
async fn a_csrf_token_made_for_another_browser_is_refused() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let victim = app.browser_login("ada@acme.example").await;
    let attacker = client();
    let (_, _, attackers_token) = app.page(&attacker, "/login").await;

    let res = victim
        .post(app.url("/admin/teams"))
        .form(&[("name", "Forged"), ("csrf_token", &attackers_token)])
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn the_login_form_itself_needs_the_token() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;

    let res = client()
        .post(app.url("/login"))
        .form(&[("email", "ada@acme.example"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn a_form_post_with_the_token_goes_through() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/admin/teams",
            "/admin/teams",
            &[("name", "Telefoni")],
        )
        .await;

    assert_eq!(res.status(), 303);
    let (_, body, _) = app.page(&browser, "/admin/teams").await;
    assert!(body.contains("Telefoni"));
}
