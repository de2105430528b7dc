use crate::helpers::{client, spawn_app};

#[tokio::test]
async fn health_answers_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let res = client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn metrics_count_requests_by_route_pattern_with_latency() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "ada@acme.example", "admin").await;
    let token = app.token("ada@acme.example").await;
    app.get_api("/api/v1/teams/12345", &token).await;

    let text = client()
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(text.contains("beredskap_http_requests_total{method=\"GET\",route=\"/api/v1/teams/{id}\",status=\"404\"} 1"), "{text}");
    assert!(text.contains("beredskap_http_request_duration_seconds_bucket"));
    assert!(!text.contains("12345"));
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = spawn_app().await;
    let res = client().get(app.url("/login")).send().await.unwrap();
    let h = res.headers();
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404_and_an_unknown_api_route_a_problem() {
    let app = spawn_app().await;
    let page = client().get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("<html"));
    let api = client()
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()["content-type"], "application/problem+json");
}
