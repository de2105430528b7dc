//! The headers every answer carries: pages, the API and the public FAQ from memory.

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

/// Adds the headers an answer did not set itself. An answer with its own
/// `Content-Security-Policy` (the framable FAQ, whose `frame-ancestors` lists the sites an admin
/// allows) also decides framing: `X-Frame-Options: DENY` would contradict it.
pub fn add_security_headers(headers: &mut actix_web::http::header::HeaderMap, https: bool) {
    use actix_web::http::header::{HeaderName, HeaderValue};
    let own_policy = headers.contains_key("content-security-policy");
    for (name, value) in SECURITY_HEADERS.into_iter().chain(https.then_some(HSTS)) {
        if own_policy && name == "x-frame-options" {
            continue;
        }
        let name = HeaderName::from_static(name);
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}

/// Every answer through the app gets them on its way out.
pub async fn middleware(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<actix_web::body::BoxBody>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let https = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .is_some_and(|s| s.settings.secure_cookies());
    let mut res = next.call(req).await?;
    add_security_headers(res.headers_mut(), https);
    Ok(res)
}
