use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn invalid_api_input_is_a_422_problem_naming_each_field() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &token,
            json!({"name": "", "time_zone": "Mars/Olympus", "default_language": "de"}),
        )
        .await;

    assert_eq!(res.status(), 422);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["default_language", "name", "time_zone"]);
    assert_eq!(body["status"], 422);
    let unchanged: serde_json::Value = app
        .get_api("/api/v1/organisation", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(unchanged["time_zone"], "Europe/Stockholm");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_400_problem() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .client
        .post(app.url("/api/v1/teams"))
        .bearer_auth(&token)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 400);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_missing_field_is_named_like_an_empty_one() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/users",
            &token,
            json!({"display_name": "No Email"}),
        )
        .await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"email") && fields.contains(&"roles"),
        "{fields:?}"
    );
}

#[tokio::test]
async fn an_invalid_form_is_shown_again_with_422_the_error_beside_the_field_and_the_input_kept() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let browser = app.browser_login("ada@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/admin/organisation",
            "/admin/organisation",
            &[
                ("name", "Acme Support"),
                ("time_zone", "Europe/Stockholmm"),
                ("default_language", "en"),
            ],
        )
        .await;

    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("Enter a time zone such as Europe/Stockholm."));
    assert!(
        body.contains("value=\"Europe/Stockholmm\""),
        "what was typed is kept"
    );
    assert!(body.contains("value=\"Acme Support\""));
    assert!(body.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn a_duplicate_team_name_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    app.create_team(&org, "Telefoni").await;
    let token = app.token("ada@acme.example").await;

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/teams",
            &token,
            json!({"name": " telefoni "}),
        )
        .await;

    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "name");
    assert_eq!(body["errors"][0]["code"], "taken");
}

#[tokio::test]
async fn a_script_in_a_name_is_shown_as_text_not_run() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    let payload = "<script>alert('x')</script>";
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/teams",
            &token,
            json!({"name": payload}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let browser = app.browser_login("ada@acme.example").await;

    let (_, body, _) = app.page(&browser, "/admin/teams").await;

    assert!(!body.contains(payload));
    assert!(body.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    let csp = app
        .client
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
}

#[tokio::test]
async fn a_non_numeric_id_in_the_address_is_not_found() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    assert_eq!(app.get_api("/api/v1/teams/abc", &token).await.status(), 404);
}
