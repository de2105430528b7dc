use crate::helpers::spawn_app;
use beredskap::config::CreateAdmin;

#[tokio::test]
async fn the_demo_fills_an_empty_database_once_with_the_documented_logins() {
    let app = spawn_app().await;

    let logins = beredskap::seeds::load_demo_if_empty(&app.db)
        .await
        .unwrap()
        .expect("loaded");
    let again = beredskap::seeds::load_demo_if_empty(&app.db).await.unwrap();

    assert!(again.is_none(), "a second load does nothing");
    let staff = logins.people.iter().filter(|(_, r)| r == "staff").count();
    assert!((35..=45).contains(&staff), "about 40 staff, got {staff}");
    let res = app
        .login_response("admin@demo.example", "demo-password")
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["organisation"]["slug"], "demo");
    for email in [
        "lead@demo.example",
        "communicator@demo.example",
        "staff01@demo.example",
    ] {
        assert_eq!(
            app.login_response(email, "demo-password").await.status(),
            200,
            "{email}"
        );
    }
}

fn admin_input(slug: &str, password: &str) -> CreateAdmin {
    CreateAdmin {
        email: "first@acme.example".into(),
        name: "First Admin".into(),
        password: Some(password.into()),
        org_slug: slug.into(),
        org_name: "Acme".into(),
        time_zone: "Europe/Stockholm".into(),
        language: "sv".into(),
    }
}

#[tokio::test]
async fn create_admin_makes_the_first_organisation_and_refuses_a_second_time() {
    let app = spawn_app().await;

    beredskap::cli::create_admin(&app.db, admin_input("acme", "first admin password"))
        .await
        .unwrap();
    let second =
        beredskap::cli::create_admin(&app.db, admin_input("other", "first admin password")).await;

    assert!(second.is_err());
    let token = app
        .login_response("first@acme.example", "first admin password")
        .await;
    assert_eq!(token.status(), 200);
}

#[tokio::test]
async fn create_admin_refuses_bad_input_with_the_option_named() {
    let app = spawn_app().await;
    let err =
        beredskap::cli::create_admin(&app.db, admin_input("Not A Slug", "first admin password"))
            .await
            .unwrap_err();
    assert!(err.to_string().contains("--org-slug"), "{err}");
    let err = beredskap::cli::create_admin(&app.db, admin_input("acme", "short"))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("password"), "{err}");
}
