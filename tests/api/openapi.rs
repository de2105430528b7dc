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
            let concrete = path.replace("{id}", "1");
            let res = client()
                .request(method.to_uppercase().parse().unwrap(), app.url(&concrete))
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap();
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
