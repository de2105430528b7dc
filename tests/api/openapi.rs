use crate::helpers::{client, spawn_app};
use std::path::Path;

/// Every `#[get("…")]`-style route in an `api.rs` file, as (method, full path).
fn routes_in_source() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.file_name().is_some_and(|n| n == "api.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for line in text.lines().map(str::trim) {
                    for method in ["get", "post", "put", "patch", "delete"] {
                        if let Some(rest) = line.strip_prefix(&format!("#[{method}(\"")) {
                            let route = rest.split('"').next().unwrap();
                            out.push((method.to_string(), format!("/api/v1{route}")));
                        }
                    }
                }
            }
        }
    }
    let mut out = vec![];
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out
}

#[tokio::test]
async fn every_api_route_is_in_the_openapi_document() {
    let app = spawn_app().await;
    let doc: serde_json::Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let routes = routes_in_source();
    assert!(
        routes.len() >= 15,
        "found only {} routes; did the scan break?",
        routes.len()
    );

    let missing: Vec<_> = routes
        .iter()
        .filter(|(m, p)| doc["paths"][p][m].is_null())
        .collect();

    assert!(
        missing.is_empty(),
        "routes missing from /api/openapi.json: {missing:?}"
    );
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[tokio::test]
async fn every_documented_path_is_served() {
    let app = spawn_app().await;
    let doc: serde_json::Value = client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let concrete = path
                .replace("{id}", "1")
                .replace("{token}", "no-such-token")
                .replace("{key}", "no-such-key");
            // A made-up roll-call token or gateway key is not found, but by the route's own
            // handler (a problem document), not by the router.
            let secret_in_path = path.contains("{token}") || path.contains("{key}");
            let res = client()
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
            if secret_in_path && res.status() == 404 {
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(
                    body["type"].as_str().map(|t| t.ends_with("not-found")),
                    Some(true),
                    "{method} {path}: {body}"
                );
                continue;
            }
            assert_ne!(
                res.status(),
                404,
                "{method} {path} is documented but not served"
            );
            assert_ne!(
                res.status(),
                405,
                "{method} {path} is documented but not served"
            );
        }
    }
}

#[tokio::test]
async fn the_document_describes_errors_as_the_server_sends_them() {
    let app = crate::helpers::spawn_app().await;
    let doc: serde_json::Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut ids = std::collections::HashSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            assert!(
                ids.insert(op["operationId"].as_str().unwrap().to_string()),
                "{method} {path}: operationId repeated"
            );
            let responses = op["responses"].as_object().unwrap();
            for (code, r) in responses {
                if code.starts_with('4') || code.starts_with('5') {
                    assert!(
                        r["content"].get("application/json").is_none(),
                        "{method} {path} {code}: errors are problem+json"
                    );
                }
            }
            if op
                .get("security")
                .is_some_and(|s| !s.as_array().unwrap().is_empty())
            {
                assert!(
                    responses.contains_key("401") && responses.contains_key("403"),
                    "{method} {path}"
                );
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{method} {path}");
            }
            if op.get("requestBody").is_some() {
                assert!(
                    responses.contains_key("400") && responses.contains_key("422"),
                    "{method} {path}"
                );
            }
        }
    }
    let required = doc["components"]["schemas"]["ScenarioInput"]["required"]
        .as_array()
        .unwrap();
    assert!(required.iter().any(|r| r == "title") && required.iter().any(|r| r == "probability"));
}

#[tokio::test]
async fn other_methods_are_405_with_allow_and_integers_may_be_written_288_0() {
    let app = crate::helpers::spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;

    let patch = app
        .send_api(
            reqwest::Method::PATCH,
            "/api/v1/actions/export",
            &token,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(patch.status(), 405);
    assert_eq!(patch.headers()["allow"], "GET");
    let delete = app
        .send_api(
            reqwest::Method::DELETE,
            "/api/v1/scenarios",
            &token,
            serde_json::json!({}),
        )
        .await;
    assert_eq!(delete.status(), 405);
    assert_eq!(delete.headers()["allow"], "GET, POST");

    let created = app
        .send_api(reqwest::Method::POST, "/api/v1/scenarios", &token, serde_json::json!({"title": "Flu", "probability": 3.0, "consequence": 4.0, "metric": "absence"}))
        .await;
    assert_eq!(created.status(), 201, "3.0 is the integer 3");
    let array = app
        .send_api(
            reqwest::Method::POST,
            "/api/v1/scenarios",
            &token,
            serde_json::json!([null, null]),
        )
        .await;
    assert_eq!(array.status(), 422, "an object is an object");
    let wrong = app
        .send_api(reqwest::Method::POST, "/api/v1/scenarios", &token, serde_json::json!({"title": "Flu", "probability": "high", "consequence": 4, "metric": "absence"}))
        .await;
    assert_eq!(wrong.status(), 422);
    let body: serde_json::Value = wrong.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["field"], "probability",
        "the field is named"
    );
}
