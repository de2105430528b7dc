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

/// The demo tells a story from its first start: six weeks of a flu wave that passed the 20 %
/// level two weeks ago, in Swedish (`demo`) and in English (`demo-en`) with the same logins.
#[tokio::test]
async fn the_demo_is_the_middle_of_a_crisis_in_both_languages() {
    let app = crate::fixtures::demo_app().await;
    for (slug, serious) in [("demo", "Allvarlig"), ("demo-en", "Serious")] {
        let res = app
            .client
            .post(app.url("/api/v1/auth/login"))
            .json(&serde_json::json!({"email": "lead@demo.example", "password": crate::fixtures::DEMO_PASSWORD, "organisation": slug}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{slug}");
        let token = res.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string();
        let get = |path: &'static str| {
            let (app, token) = (&app, token.clone());
            async move {
                let res = app.get_api(path, &token).await;
                assert_eq!(res.status(), 200, "{path}");
                res.json::<serde_json::Value>().await.unwrap()
            }
        };
        // The absence scenario is at its second level, reached about two weeks ago.
        let scenarios = get("/api/v1/scenarios").await;
        let absence = scenarios
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["metric"] == "absence")
            .expect("the absence scenario")
            .clone();
        let history = app
            .get_api(
                &format!("/api/v1/scenarios/{}/level-history", absence["id"]),
                &token,
            )
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap();
        let moves = history.as_array().unwrap();
        assert!(moves.len() >= 2, "{slug}: {history}");
        let up = moves
            .iter()
            .find(|m| m["to_name"] == serious)
            .unwrap_or_else(|| panic!("{slug}: no move to {serious}: {history}"));
        let when =
            chrono::DateTime::parse_from_rfc3339(up["occurred_at"].as_str().unwrap()).unwrap();
        let ago = (chrono::Utc::now() - when.with_timezone(&chrono::Utc)).num_days();
        assert!((10..=18).contains(&ago), "{slug}: reached {ago} days ago");
        // A situation report every weekday since the first level, with figures.
        let reports = get("/api/v1/reports").await;
        let reports = reports.as_array().unwrap();
        assert!(reports.len() >= 10, "{slug}: {} reports", reports.len());
        assert!(reports.iter().all(|r| r["absence_pct"].as_f64().is_some()
            && r["attendees"].as_array().unwrap().len() == 4));
        // A finished roll-call, a reviewed exercise, people on duty, questions coming in.
        let rollcalls = get("/api/v1/rollcalls").await;
        assert!(
            rollcalls[0]["answered"].as_i64().unwrap() >= 35,
            "{rollcalls}"
        );
        assert_eq!(get("/api/v1/exercises").await[0]["status"], "reviewed");
        assert_eq!(get("/api/v1/duty").await.as_array().unwrap().len(), 4);
        let questions = get("/api/v1/questions").await;
        assert!(questions["unanswered"].as_array().unwrap().len() >= 3);
        // The log holds what people decided and what Beredskap saw.
        let log = get("/api/v1/log").await;
        let events: Vec<&str> = log
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"].as_str().unwrap_or(""))
            .collect();
        for event in [
            "level_change",
            "faq_published",
            "rollcall_closed",
            "action_done",
            "",
        ] {
            assert!(events.contains(&event), "{slug}: no {event:?} in the log");
        }
        // Published answers have revisions.
        let faq = get("/api/v1/faq").await;
        let revised = faq
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["revision"].as_i64().unwrap_or(0) > 1)
            .count();
        assert!(revised >= 2, "{slug}: {revised} revised answers");
    }
    // The trends have six weeks of figures: weekdays only.
    let lead = crate::fixtures::demo_login(&app, "lead@demo.example").await;
    let page = app.page(&lead, "/trends?days=90").await.1;
    assert!(
        page.contains("30.0 %") || page.contains("30,0 %"),
        "the peak shows"
    );
}

/// Someone who chooses English on the sign-in page lands in the demo's English organisation the
/// first time, and the choice replaces the language they had saved before.
#[tokio::test]
async fn the_language_chosen_on_the_sign_in_page_wins_and_picks_the_organisation_in_it() {
    let app = crate::fixtures::demo_app().await;
    let sign_in_in_english = |email: &'static str| {
        let app = &app;
        async move {
            let browser = crate::helpers::client();
            let chose = app
                .post_form(
                    &browser,
                    "/login",
                    "/language",
                    &[("language", "en"), ("return_to", "/login")],
                )
                .await;
            assert_eq!(chose.status(), 303);
            let signed = app
                .post_form(
                    &browser,
                    "/login",
                    "/login",
                    &[
                        ("email", email),
                        ("password", crate::fixtures::DEMO_PASSWORD),
                    ],
                )
                .await;
            assert_eq!(signed.status(), 303);
            app.page(&browser, "/").await.1
        }
    };
    // First time: the organisation in the language chosen.
    let home = sign_in_in_english("member@demo.example").await;
    assert!(home.contains("<html lang=\"en\""), "the page is in English");
    assert!(
        home.contains("Demo Customer Service"),
        "the English organisation"
    );

    // Someone who saved Swedish earlier and now chooses English: English is saved.
    let token = crate::fixtures::demo_token(&app, "lead@demo.example").await;
    let saved = app
        .send_api(
            reqwest::Method::PATCH,
            "/api/v1/me",
            &token,
            serde_json::json!({"display_name": "Karin Krisledare", "language": "sv"}),
        )
        .await;
    assert_eq!(saved.status(), 200);
    let home = sign_in_in_english("lead@demo.example").await;
    assert!(home.contains("<html lang=\"en\""), "the newer choice wins");
    let me: serde_json::Value = app
        .get_api("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["language"], "en", "{me}");
}
