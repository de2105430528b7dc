//! The headers every answer carries: pages, the API and the public FAQ from memory.
use actix_web::middleware::DefaultHeaders;

/// Sent with every answer (pages, API, public FAQ). Lower-case names: `HeaderName::from_static`.
const SECURITY_HEADERS: [(&str, &str); 5] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "strict-origin-when-cross-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=()"),
];
const HSTS: (&str, &str) = (
    "strict-transport-security",
    "max-age=31536000; includeSubDomains",
);

pub fn security_headers(https: bool) -> DefaultHeaders {
    let mut headers = DefaultHeaders::new();
    for h in SECURITY_HEADERS.into_iter().chain(https.then_some(HSTS)) {
        headers = headers.add(h);
    }
    headers
}

/// The same headers for answers made before the middleware chain (the public cache).
pub fn add_security_headers(headers: &mut actix_web::http::header::HeaderMap, https: bool) {
    use actix_web::http::header::{HeaderName, HeaderValue};
    for (name, value) in SECURITY_HEADERS.into_iter().chain(https.then_some(HSTS)) {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
}
