//! What an attacker tried: channels aimed at internal services, sign-in floods and races,
//! redirects off the site, forms posted from another session, tokens that came back to life.
use crate::faq_support::*;
use crate::helpers::*;
use crate::webhook_sink::{Reply, WebhookSink};
use beredskap::clock::Clock;
use beredskap::entities::delivery_channel;
use chrono::Utc;
use reqwest::Method;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{json, Value};

async fn without_outbound_allow() -> TestApp {
    spawn_app_configured(Clock::system(), None, |s| s.outbound_allow = None).await
}

#[tokio::test]
async fn a_channel_cannot_point_at_a_private_or_local_address() {
    let app = without_outbound_allow().await;
    let d = desk(&app, "acme").await;

    for url in [
        "http://127.0.0.1:5432/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/",
        "http://2130706433/",
        "http://0x7f.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://localhost:8080/",
        "https://user:pass@hooks.slack.com/services/x",
    ] {
        let res = app
            .send_api(
                Method::POST,
                "/api/v1/channels",
                &d.admin,
                json!({"name": "x", "kind": "webhook", "url": url, "audience": "public"}),
            )
            .await;
        assert_eq!(res.status(), 422, "{url}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["errors"][0]["field"], "url", "{url}");
        assert_eq!(body["errors"][0]["code"], "not_allowed", "{url}");
    }
}

#[tokio::test]
async fn the_operator_can_allow_an_internal_chat_server() {
    let app = spawn_app_configured(Clock::system(), None, |s| {
        s.outbound_allow = Some("10.20.0.0/16,chat.corp.internal".into())
    })
    .await;
    let d = desk(&app, "acme").await;
    for url in [
        "http://10.20.1.2/hooks/x",
        "http://chat.corp.internal/hooks/x",
    ] {
        let res = app
            .send_api(Method::POST, "/api/v1/channels", &d.admin, json!({"name": "Mattermost", "kind": "mattermost", "url": url, "audience": "internal"}))
            .await;
        assert_eq!(res.status(), 201, "{url}");
    }
    let res = app
        .send_api(Method::POST, "/api/v1/channels", &d.admin, json!({"name": "x", "kind": "webhook", "url": "http://10.21.0.1/", "audience": "public"}))
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_private_address_is_refused_again_when_sending() {
    // A channel saved before the rule (or while the operator allowed it) is not called.
    let app = without_outbound_allow().await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    let now = Utc::now();
    for url in [
        hooks.url("/by-address"),
        hooks.url("/by-name").replace("127.0.0.1", "localhost"),
    ] {
        delivery_channel::ActiveModel {
            organisation_id: Set(d.org.id),
            name: Set(url.clone()),
            kind: Set("webhook".into()),
            url: Set(url),
            secret: Set(beredskap::delivery::signing::new_secret()),
            audience: Set("public".into()),
            enabled: Set(true),
            disabled_reason: Set(None),
            owner_user_id: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }

    let (_, p) = publish(&app, &d.communicator, "Is the office open?", "No.").await;

    let b = board_settles(&app, &d.communicator, p).await;
    assert!(
        hooks.hits.lock().unwrap().is_empty(),
        "nothing reached the receiver"
    );
    let errors = b["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{b}");
    for e in errors {
        assert_eq!(e["status"], "dead", "{e}");
        assert!(e["error"].as_str().unwrap().starts_with("not sent:"), "{e}");
    }
}

#[tokio::test]
async fn the_board_shows_our_reason_never_the_receivers_answer() {
    let clock = Clock::fixed(Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&[Reply::Body(
        500,
        "db password is hunter2; internal-host 10.0.0.7",
    )]);
    add_channel(&app, &d.admin, "webhook", &hooks.url("/h"), "public").await;

    let (_, p) = publish(&app, &d.communicator, "Is the app down?", "Partly.").await;
    eventually("the first attempt failed", || async {
        board(&app, &d.communicator, p).await["errors"]
            .as_array()
            .is_some_and(|e| !e.is_empty())
    })
    .await;

    let page = app
        .get_api(&format!("/api/v1/publications/{p}"), &d.communicator)
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("hunter2") && !page.contains("10.0.0.7"),
        "{page}"
    );
    let b = board(&app, &d.communicator, p).await;
    assert_eq!(
        b["errors"][0]["error"],
        "HTTP 500: the endpoint had a server error"
    );
}

#[tokio::test]
async fn parallel_guesses_get_no_more_password_checks_than_the_limit() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;

    let guesses = (0..40).map(|i| {
        let app = &app;
        async move {
            app.login_response("ada@acme.example", &format!("wrong guess {i}"))
                .await
                .status()
                .as_u16()
        }
    });
    let answers = futures_util::future::join_all(guesses).await;

    let checked = answers.iter().filter(|s| **s == 401).count();
    assert!(checked <= 5, "{checked} passwords checked: {answers:?}");
    assert_eq!(
        answers.iter().filter(|s| **s == 429).count(),
        40 - checked,
        "{answers:?}"
    );
}

#[tokio::test]
async fn parallel_subscriptions_from_one_address_stop_at_the_limit() {
    let app = spawn_app().await;
    desk(&app, "acme").await;

    let posts = (0..30).map(|i| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/p/acme/subscribe"))
                .form(&[
                    ("email", format!("reader{i}@example.org")),
                    ("language", "en".into()),
                ])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    });
    let answers = futures_util::future::join_all(posts).await;

    let through = answers.iter().filter(|s| **s != 429).count();
    assert!(through <= 10, "{through} got through: {answers:?}");
}

#[tokio::test]
async fn sign_in_waits_its_turn_and_is_told_to_come_back_when_hashing_is_full() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let all = app.state.hashing.take_all().await;

    let res = app.login_response("ada@acme.example", PASSWORD).await;

    assert_eq!(res.status(), 503);
    assert!(res.headers().contains_key("retry-after"));
    drop(all);
    assert_eq!(
        app.login_response("ada@acme.example", PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn sign_in_never_sends_the_browser_off_the_site() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;

    for next in [
        "/\t/evil.example",
        "/\r\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example",
        "/a//evil.example",
    ] {
        let browser = client();
        let res = app
            .post_form(
                &browser,
                "/login",
                "/login",
                &[
                    ("email", "ada@acme.example"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{next:?}");
        assert_eq!(res.headers()["location"], "/", "{next:?}");
        let res = app
            .post_form(
                &browser,
                "/account",
                "/language",
                &[("language", "sv"), ("return_to", next)],
            )
            .await;
        assert_eq!(res.headers()["location"], "/", "language, {next:?}");
    }
}

#[tokio::test]
async fn a_form_token_from_one_session_is_refused_in_another() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    app.create_user(&org, "bob@acme.example", "staff").await;
    let ada = app.token("ada@acme.example").await;
    let bob = app.token("bob@acme.example").await;
    // Ada's page: its CSRF cookie and the form token bound to her session.
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = raw
        .get(app.url("/account"))
        .header("cookie", format!("beredskap_session={ada}"))
        .send()
        .await
        .unwrap();
    let seed = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("beredskap_csrf="))
        .map(|c| c.split(';').next().unwrap().to_string())
        .unwrap();
    let token = csrf_token(&res.text().await.unwrap()).unwrap();
    let post = |session: String| {
        raw.post(app.url("/language"))
            .header(
                "cookie",
                format!("beredskap_session={session}; beredskap_csrf={seed}"),
            )
            .form(&[
                ("language", "sv"),
                ("return_to", "/"),
                ("csrf_token", &token),
            ])
            .send()
    };

    assert_eq!(
        post(bob).await.unwrap().status(),
        403,
        "another session with the same cookie"
    );
    assert_eq!(
        post(ada).await.unwrap().status(),
        303,
        "the session it was made for"
    );
}

#[tokio::test]
async fn over_https_cookies_carry_the_host_prefix() {
    let app = spawn_app_configured(Clock::system(), None, |s| {
        s.public_url = Some("https://beredskap.example".into())
    })
    .await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;

    let login = app.client.get(app.url("/login")).send().await.unwrap();
    let cookies: Vec<String> = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.starts_with("__Host-beredskap_csrf=")
                && c.contains("Secure")
                && c.contains("Path=/")),
        "{cookies:?}"
    );
    let token = csrf_token(&login.text().await.unwrap()).unwrap();
    let seed = cookies[0].split(';').next().unwrap().to_string();
    let signed_in = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/login"))
        .header("cookie", seed)
        .form(&[
            ("email", "ada@acme.example"),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let session: Vec<&str> = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert!(
        session
            .iter()
            .any(|c| c.starts_with("__Host-beredskap_session=") && c.contains("Secure")),
        "{session:?}"
    );
}

#[tokio::test]
async fn a_reactivated_member_must_sign_in_again() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let admin = app.token("ada@acme.example").await;
    let old = app.token("sam@acme.example").await;
    let path = format!("/api/v1/users/{}", sam.id);
    app.send_api(Method::PATCH, &path, &admin, json!({"active": false}))
        .await;
    // Tokens tell their age in whole seconds: wait until the old one's second is over.
    let issued = app.keys.decode(&old).unwrap().iat;
    while chrono::Utc::now().timestamp() <= issued {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    app.send_api(Method::PATCH, &path, &admin, json!({"active": true}))
        .await;

    assert_eq!(
        app.get_api("/api/v1/me", &old).await.status(),
        401,
        "the old token stays dead"
    );
    let new = app.token("sam@acme.example").await;
    assert_eq!(app.get_api("/api/v1/me", &new).await.status(), 200);
}

#[tokio::test]
async fn switching_organisation_is_in_the_audit_trail() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    let ada = app.create_user(&acme, "ada@acme.example", "admin").await;
    app.add_membership(&beta, &ada, "admin").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/auth/switch",
            &token,
            json!({"organisation_id": beta.id}),
        )
        .await;

    assert_eq!(res.status(), 200);
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let events = beredskap::entities::audit_event::Entity::find()
        .filter(beredskap::entities::audit_event::Column::Action.eq("switch_organisation"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].organisation_id, Some(acme.id));
    assert!(events[0]
        .after
        .as_ref()
        .unwrap()
        .to_string()
        .contains(&beta.id.to_string()));
}

#[tokio::test]
async fn a_ladder_edit_without_the_version_read_is_refused() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();

    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            &token,
            json!({"levels": [{"name": "Serious", "trigger_value": 20}]}),
        )
        .await;

    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "version");
}
