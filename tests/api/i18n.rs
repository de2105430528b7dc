use crate::helpers::{client, spawn_app};

#[tokio::test]
async fn the_login_page_follows_the_browser_language() {
    let app = spawn_app().await;
    let sv = client()
        .get(app.url("/login"))
        .header("accept-language", "sv-SE,sv;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let en = client()
        .get(app.url("/login"))
        .header("accept-language", "en-GB")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sv.contains("<html lang=\"sv\"") && sv.contains("Logga in"));
    assert!(en.contains("<html lang=\"en\"") && en.contains("Sign in"));
}

#[tokio::test]
async fn a_persons_own_language_choice_wins_over_the_browser() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/account",
            "/account",
            &[("display_name", "Ada"), ("language", "sv")],
        )
        .await;
    assert_eq!(res.status(), 303);

    let body = browser
        .get(app.url("/"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Hej Ada"), "dashboard in Swedish");
    let body = browser
        .get(app.url("/admin/users"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(body.contains("Personer") && body.contains("Administratör"));
}

#[tokio::test]
async fn validation_errors_on_pages_are_in_the_readers_language() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;
    app.post_form(
        &browser,
        "/",
        "/language",
        &[("language", "sv"), ("return_to", "/")],
    )
    .await;

    let res = app
        .post_form(&browser, "/admin/teams", "/admin/teams", &[("name", "")])
        .await;

    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Använd mellan 1 och 80 tecken."));
}
