//! The OpenAPI document. Paths are collected from the `/api/v1` scope by utoipa-actix-web,
//! so a route registered there is in the document by construction.
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Beredskap API", description = "Business continuity and crisis management. Errors are application/problem+json (RFC 9457) naming each invalid field."),
    modifiers(&BearerAuth),
    components(schemas(crate::error::Problem, crate::error::FieldError))
)]
pub struct ApiDoc;

/// The document served at `/api/openapi.json`, completed once at start.
pub struct ApiDocument(pub serde_json::Value);

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document as clients should read it: what the generated paths leave out, added from what
/// the server does everywhere, so the description and the server cannot drift apart.
///
/// - Errors are `application/problem+json` (RFC 9457), never `application/json`.
/// - Every operation that needs a token can answer 401 (no or a dead token) and 403 (a role
///   that may not); every operation with an id in its path 404; every operation that reads a
///   body or query 400 (unreadable) and 422 (a value the checks refuse).
/// - Sign-in can answer 429 (throttled) and 503 (password checks busy), both with `Retry-After`.
pub fn complete(api: &utoipa::openapi::OpenApi) -> serde_json::Value {
    use serde_json::{json, Value};
    let mut doc = serde_json::to_value(api).unwrap_or(Value::Null);
    let problem = |description: &str| {
        json!({
            "description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
        })
    };
    let retry_after = json!({"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}});
    // A field a client must send has no default (serde's empty one would not pass its own
    // pattern or length, and would mislead a client into leaving the field out).
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for schema in schemas.values_mut() {
            let required: Vec<String> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) {
                for name in &required {
                    if let Some(p) = props.get_mut(name).and_then(Value::as_object_mut) {
                        p.remove("default");
                    }
                }
            }
        }
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return doc;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (_, op) in item.iter_mut() {
            let Some(op) = op.as_object_mut() else {
                continue;
            };
            let secured = op
                .get("security")
                .and_then(Value::as_array)
                .is_some_and(|s| !s.is_empty());
            let has_body = op.contains_key("requestBody");
            let has_query = op
                .get("parameters")
                .and_then(Value::as_array)
                .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
            let has_path_id = path.contains('{');
            let responses = op
                .entry("responses")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("responses is an object");
            for (_, response) in responses.iter_mut() {
                let content = response.get_mut("content").and_then(Value::as_object_mut);
                if let Some(content) = content {
                    let is_problem = content
                        .get("application/json")
                        .is_some_and(|c| c["schema"]["$ref"] == "#/components/schemas/Problem");
                    if is_problem {
                        if let Some(c) = content.remove("application/json") {
                            content.insert("application/problem+json".into(), c);
                        }
                    }
                }
            }
            let mut add = |code: &str, description: &str| {
                responses
                    .entry(code.to_string())
                    .or_insert_with(|| problem(description));
            };
            if has_body || has_query {
                add("400", "The body or query string could not be read");
                add("422", "A value was refused; each invalid field is named");
            }
            if secured {
                add(
                    "401",
                    "No token, or one that is expired, revoked or for a membership that ended",
                );
                add("403", "Your roles do not allow this");
            }
            if has_path_id {
                add("404", "Not found in your organisation");
            }
            if path.ends_with("/auth/login") {
                add("429", "Too many failed attempts");
                add("503", "Too many sign-ins at once");
                for code in ["429", "503"] {
                    responses[code]["headers"] = retry_after.clone();
                }
            }
        }
    }
    doc
}

/// The methods the document has for a concrete path (`/api/v1/tasks/7` matches
/// `/api/v1/tasks/{id}`), for `405 Method Not Allowed` and its `Allow` header.
pub fn allowed_methods(doc: &ApiDocument, path: &str) -> Option<Vec<String>> {
    let paths = doc.0.get("paths")?.as_object()?;
    let given: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    let placeholders = |t: &str| t.split('/').filter(|s| s.starts_with('{')).count();
    let matching: Vec<(&String, &serde_json::Value)> = paths
        .iter()
        .filter(|(template, _)| {
            let t: Vec<&str> = template.split('/').collect();
            t.len() == given.len()
                && t.iter().zip(&given).all(|(t, g)| {
                    (t.starts_with('{') && t.ends_with('}') && !g.is_empty()) || t == g
                })
        })
        .collect();
    // `/actions/export` is its own resource, not an `/actions/{id}`: the most literal wins.
    let fewest = matching.iter().map(|(t, _)| placeholders(t)).min()?;
    let mut methods: Vec<String> = matching
        .into_iter()
        .filter(|(t, _)| placeholders(t) == fewest)
        .flat_map(|(_, item)| {
            item.as_object()
                .map(|o| o.keys().cloned().collect::<Vec<_>>())
        })
        .flatten()
        .map(|m| m.to_ascii_uppercase())
        .collect();
    if methods.is_empty() {
        return None;
    }
    methods.sort();
    methods.dedup();
    Some(methods)
}
