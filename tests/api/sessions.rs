//! Sessions are answered from memory; what changes them must still take effect at once, on
//! the instance that made the change and (through PostgreSQL NOTIFY) on the others.
use crate::helpers::{backend, spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;
use std::time::{Duration, Instant};

/// Waits until `path` answers `status` for `token` on `app`; false after `bound`.
async fn answers(app: &TestApp, path: &str, token: &str, status: u16, bound: Duration) -> bool {
    let until = Instant::now() + bound;
    loop {
        if app.get_api(path, token).await.status() == status {
            return true;
        }
        if Instant::now() > until {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Two admins of one organisation: Ada's token, Kim's user id and Kim's token.
async fn two_admins(app: &TestApp) -> (String, i32, String) {
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let kim = app.create_user(&org, "kim@acme.example", "admin").await;
    let ada = app.token("ada@acme.example").await;
    (ada, kim.id, app.token("kim@acme.example").await)
}

#[tokio::test]
async fn a_role_taken_away_or_a_deactivation_counts_on_the_very_next_request() {
    let app = spawn_app().await;
    let (ada, kim, token) = two_admins(&app).await;
    // Remembered now.
    assert_eq!(app.get_api("/api/v1/users", &token).await.status(), 200);

    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{kim}"),
            &ada,
            json!({"roles": ["staff"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_api("/api/v1/users", &token).await.status(), 403);

    app.send_api(
        Method::PATCH,
        &format!("/api/v1/users/{kim}"),
        &ada,
        json!({"active": false}),
    )
    .await;
    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 401);
}

#[tokio::test]
async fn a_profile_or_organisation_edit_shows_on_the_next_request() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    assert_eq!(app.get_api("/api/v1/me", &token).await.status(), 200);

    app.send_api(
        Method::PATCH,
        "/api/v1/me",
        &token,
        json!({"display_name": "Ada L."}),
    )
    .await;
    let me: serde_json::Value = app
        .get_api("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["user"]["display_name"], "Ada L.");

    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &token,
            json!({"name": "Acme Support", "time_zone": "Europe/Helsinki", "default_language": "sv"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let me: serde_json::Value = app
        .get_api("/api/v1/me", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["organisation"]["name"], "Acme Support");
}

#[tokio::test]
async fn signing_out_on_one_instance_ends_the_session_on_the_others() {
    if backend() != "postgres" {
        // One process per SQLite file: there are no other instances to tell.
        return;
    }
    let a = spawn_app().await;
    let b = a.another_instance().await;
    let (ada, kim, token) = two_admins(&a).await;
    // Both instances remember the session.
    assert_eq!(a.get_api("/api/v1/users", &token).await.status(), 200);
    assert_eq!(b.get_api("/api/v1/users", &token).await.status(), 200);

    // A role taken away on A: B hears of it well before its memory would expire (30 s).
    a.send_api(
        Method::PATCH,
        &format!("/api/v1/users/{kim}"),
        &ada,
        json!({"roles": ["staff"]}),
    )
    .await;
    assert!(answers(&b, "/api/v1/users", &token, 403, Duration::from_secs(10)).await);

    // Signed out on A: refused on B.
    let res = a
        .send_api(Method::POST, "/api/v1/auth/logout", &token, json!({}))
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(a.get_api("/api/v1/me", &token).await.status(), 401);
    assert!(answers(&b, "/api/v1/me", &token, 401, Duration::from_secs(10)).await);
}
