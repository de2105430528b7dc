//! The Erlang calculator, `POST /api/v1/forecast/erlang`, as a client uses it.
use crate::fixtures::acme;
use crate::helpers::spawn_app;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

fn reference(agents: Option<u32>) -> Value {
    let mut body = json!({"volume": 100, "interval_minutes": 30, "aht_seconds": 180, "target_seconds": 20,
        "target_service_level": 0.8, "max_occupancy": 0.85, "shrinkage": 0.3});
    if let Some(a) = agents {
        body["agents"] = json!(a);
    }
    body
}

fn round3(v: &Value) -> f64 {
    (v.as_f64().unwrap() * 1000.0).round() / 1000.0
}

#[tokio::test]
async fn the_calculator_gives_the_reference_figures_for_eleven_agents_and_the_staffing_needed() {
    let app = spawn_app().await;
    let acme = acme(&app, 1).await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/forecast/erlang",
            &acme.staff[0],
            reference(Some(11)),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["agents_required"], 14);
    assert_eq!(v["agents_to_schedule"], 20);
    assert_eq!(v["load_erlangs"], 10.0);
    assert_eq!(v["agents"], 11);
    assert_eq!(round3(&v["service_level"]), 0.390);
    assert_eq!(round3(&v["waiting_probability"]), 0.682);
    assert_eq!(round3(&v["occupancy"]), 0.909);
    assert!(v["asa_seconds"].as_f64().unwrap() > 100.0);
    assert!(v.get("abandonment").is_none(), "only with a patience: {v}");

    let v: Value = app
        .send_api(
            Method::POST,
            "/api/v1/forecast/erlang",
            &acme.lead,
            reference(None),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        v["agents"], 14,
        "without agents, the figures are for the staffing required"
    );
    assert_eq!(round3(&v["service_level"]), 0.888);
    assert_eq!(round3(&v["occupancy"]), 0.714);
    assert_eq!(round3(&v["waiting_probability"]), 0.174);
}

#[tokio::test]
async fn with_a_patience_the_calculator_says_how_many_callers_hang_up() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let mut body = reference(Some(9));
    body["patience_seconds"] = json!(90);
    let v: Value = app
        .send_api(Method::POST, "/api/v1/forecast/erlang", &acme.lead, body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["overloaded"], true);
    let ab = v["abandonment"].as_f64().unwrap();
    assert!(ab > 0.1 && ab < 0.5, "{v}");
    assert!(v["asa_seconds"].is_number());
}

#[tokio::test]
async fn too_few_agents_is_reported_as_overloaded_not_as_a_negative_wait() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let v: Value = app
        .send_api(
            Method::POST,
            "/api/v1/forecast/erlang",
            &acme.lead,
            reference(Some(8)),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["overloaded"], true);
    assert_eq!(v["service_level"], 0.0);
    assert_eq!(v["waiting_probability"], 1.0);
    assert!(v["asa_seconds"].is_null());
}

#[tokio::test]
async fn chat_concurrency_divides_the_agents_needed() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let mut body = reference(None);
    body["concurrency"] = json!(2);
    let v: Value = app
        .send_api(Method::POST, "/api/v1/forecast/erlang", &acme.lead, body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["agents_required"], 7, "14 chat slots, two per agent");
}

#[tokio::test]
async fn invalid_calculator_input_is_refused_naming_each_field() {
    let app = spawn_app().await;
    let acme = acme(&app, 0).await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/forecast/erlang",
            &acme.lead,
            json!({"volume": -1, "interval_minutes": 0, "target_seconds": 20, "target_service_level": 1.0,
                   "max_occupancy": 2, "agents": 11}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = res.json().await.unwrap();
    let fields = crate::helpers::error_fields(&v);
    for f in [
        "volume",
        "interval_minutes",
        "aht_seconds",
        "target_service_level",
        "max_occupancy",
    ] {
        assert!(fields.iter().any(|x| x == f), "{f} missing from {v}");
    }
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/forecast/erlang",
            &acme.lead,
            json!({"volume": "many"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_calculator_needs_a_signed_in_user() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/v1/forecast/erlang"))
        .json(&reference(None))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
