use crate::helpers::{spawn_app, JWT_SECRET, PASSWORD};
use base64::Engine;
use beredskap::auth::token::Keys;
use chrono::Duration;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn signing_in_with_the_right_password_gives_a_token_for_the_organisation() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;

    let res = app.login_response("Ada@Acme.example ", PASSWORD).await;

    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["organisation"]["slug"], "acme");
    assert_eq!(body["roles"], json!(["admin"]));
    let claims = app.keys.decode(body["token"].as_str().unwrap()).unwrap();
    assert_eq!(claims.org, org.id);
    assert_eq!(claims.roles, vec!["admin".to_string()]);
    assert!(claims.exp > claims.iat);
}

#[tokio::test]
async fn a_wrong_password_is_refused_naming_the_password_field() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;

    let res = app
        .login_response("ada@acme.example", "not the password")
        .await;

    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "password");
    assert!(body.get("token").is_none());
}

#[tokio::test]
async fn an_unknown_email_gets_the_same_answer_as_a_wrong_password() {
    let app = spawn_app().await;
    let res = app.login_response("nobody@acme.example", PASSWORD).await;
    assert_eq!(res.status(), 401);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "credentials");
}

#[tokio::test]
async fn repeated_failed_logins_lock_the_account_for_a_while_even_with_the_right_password() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    for _ in 0..5 {
        assert_eq!(
            app.login_response("ada@acme.example", "guess")
                .await
                .status(),
            401
        );
    }

    let res = app.login_response("ada@acme.example", PASSWORD).await;

    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 0 && wait <= 15 * 60, "retry after {wait}s");
}

#[tokio::test]
async fn many_failures_from_one_address_are_throttled_across_accounts() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    for i in 0..20 {
        let res = app
            .login_response(&format!("guess{i}@acme.example"), "guess")
            .await;
        assert_eq!(res.status(), 401);
    }

    let res = app.login_response("ada@acme.example", PASSWORD).await;

    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn a_successful_sign_in_resets_the_account_failures() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    for _ in 0..4 {
        app.login_response("ada@acme.example", "typo").await;
    }
    assert_eq!(
        app.login_response("ada@acme.example", PASSWORD)
            .await
            .status(),
        200
    );
    for _ in 0..4 {
        app.login_response("ada@acme.example", "typo").await;
    }
    assert_eq!(
        app.login_response("ada@acme.example", PASSWORD)
            .await
            .status(),
        200
    );
}

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

#[tokio::test]
async fn a_token_with_alg_none_is_refused() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let u = app.create_user(&org, "ada@acme.example", "admin").await;
    let now = chrono::Utc::now().timestamp();
    let claims = json!({"sub": u.id.to_string(), "org": org.id, "org_slug": "acme", "roles": ["admin"], "ver": 0,
        "jti": "x", "iat": now, "exp": now + 3600});
    let forged = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims)
    );

    let res = app.get_api("/api/v1/me", &forged).await;

    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let u = app.create_user(&org, "ada@acme.example", "admin").await;
    let (token, _) = app
        .keys
        .issue(
            u.id,
            org.id,
            "acme",
            vec!["admin".into()],
            0,
            Duration::minutes(-10),
        )
        .unwrap();

    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 401);
}

#[tokio::test]
async fn a_token_signed_with_another_secret_is_refused() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let u = app.create_user(&org, "ada@acme.example", "admin").await;
    let other = Keys::new(b"a-different-secret-of-sufficient-length-xyz");
    let (token, _) = other
        .issue(
            u.id,
            org.id,
            "acme",
            vec!["admin".into()],
            0,
            Duration::hours(1),
        )
        .unwrap();

    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 401);
    assert_ne!(
        JWT_SECRET.as_bytes(),
        b"a-different-secret-of-sufficient-length-xyz"
    );
}

#[tokio::test]
async fn a_well_signed_token_for_an_organisation_the_person_is_not_in_is_refused() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let other = app.create_org("other").await;
    let u = app.create_user(&acme, "ada@acme.example", "admin").await;
    let (token, _) = app
        .keys
        .issue(
            u.id,
            other.id,
            "other",
            vec!["admin".into()],
            0,
            Duration::hours(1),
        )
        .unwrap();

    assert_eq!(app.get_api("/api/v1/teams", &token).await.status(), 401);
}

#[tokio::test]
async fn roles_in_the_token_are_not_trusted_over_the_database() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let u = app.create_user(&org, "ada@acme.example", "staff").await;
    let (token, _) = app
        .keys
        .issue(
            u.id,
            org.id,
            "acme",
            vec!["admin".into()],
            0,
            Duration::hours(1),
        )
        .unwrap();

    assert_eq!(app.get_api("/api/v1/users", &token).await.status(), 403);
}

#[tokio::test]
async fn signing_out_makes_the_token_stop_working() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    let token = app.token("ada@acme.example").await;
    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 200);

    let res = app
        .send_api(Method::POST, "/api/v1/auth/logout", &token, json!({}))
        .await;

    assert_eq!(res.status(), 204);
    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 401);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_the_new_one_works() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    let old = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/me/password",
            &old,
            json!({"current_password": PASSWORD, "new_password": "a much better passphrase"}),
        )
        .await;

    assert_eq!(res.status(), 200);
    let new_token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.get_api("/api/v1/me", &old).await.status(), 401);
    assert_eq!(app.get_api("/api/v1/me", &new_token).await.status(), 200);
    assert_eq!(
        app.login_response("ada@acme.example", PASSWORD)
            .await
            .status(),
        401
    );
    assert_eq!(
        app.login_response("ada@acme.example", "a much better passphrase")
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn a_wrong_current_password_does_not_change_anything() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "staff").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/me/password",
            &token,
            json!({"current_password": "wrong", "new_password": "a much better passphrase"}),
        )
        .await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "current_password");
    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 200);
}

#[tokio::test]
async fn a_person_in_two_organisations_chooses_one_at_sign_in_and_can_switch() {
    let app = spawn_app().await;
    let acme = app.create_org("acme").await;
    let beta = app.create_org("beta").await;
    let u = app.create_user(&acme, "ada@acme.example", "staff").await;
    app.add_membership(&beta, &u, "admin").await;

    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ada@acme.example", "password": PASSWORD, "organisation": "beta"}))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["organisation"]["slug"], "beta");
    let beta_token = body["token"].as_str().unwrap().to_string();
    assert_eq!(
        app.get_api("/api/v1/users", &beta_token).await.status(),
        200
    );

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/auth/switch",
            &beta_token,
            json!({"organisation_id": acme.id}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let acme_token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let me: serde_json::Value = app
        .get_api("/api/v1/me", &acme_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["organisation"]["slug"], "acme");
    assert_eq!(me["roles"], json!(["staff"]));
    assert_eq!(me["organisations"].as_array().unwrap().len(), 2);
    assert_eq!(
        app.get_api("/api/v1/users", &acme_token).await.status(),
        403
    );
}
