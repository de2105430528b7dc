//! CSRF protection for every form post, as a middleware so no handler can forget it.
//!
//! A signed double-submit token (OWASP): a random value in an HttpOnly cookie, and in each form
//! the HMAC of that value and the session's id (`jti`) under the server secret. A site that can
//! plant cookies still cannot mint a matching form token without the secret, and a token taken
//! from one session is worthless in another. Before sign-in the session part is empty. The API is exempt: it reads only
//! `Authorization: Bearer`, which a browser never attaches by itself.
use crate::error::AppError;
use crate::state::AppState;
use actix_web::body::BoxBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage, HttpResponse};
use futures_util::StreamExt;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

pub const CSRF_COOKIE: &str = "beredskap_csrf";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";
const MAX_FORM_BYTES: usize = 1024 * 1024;

/// This request's CSRF seed (from its cookie, or new) and the session it is bound to, for
/// pages that render forms.
#[derive(Clone, Debug)]
pub struct CsrfSeed {
    pub seed: String,
    pub session: String,
}

pub fn new_seed() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn mac(secret: &[u8], seed: &str, session: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(b"csrf:");
    mac.update(seed.as_bytes());
    mac.update(b":");
    mac.update(session.as_bytes());
    mac
}

pub fn form_token(secret: &[u8], seed: &CsrfSeed) -> String {
    hex::encode(
        mac(secret, &seed.seed, &seed.session)
            .finalize()
            .into_bytes(),
    )
}

fn token_matches(secret: &[u8], seed: &str, session: &str, token: &str) -> bool {
    let Ok(given) = hex::decode(token) else {
        return false;
    };
    mac(secret, seed, session).verify_slice(&given).is_ok()
}

/// The id of the session the request's cookie carries, if it is one we signed (expiry and
/// revocation are the extractor's business: a token for a dead session is refused there).
fn session_of(req: &ServiceRequest, state: &AppState) -> String {
    let name =
        crate::auth::cookie_name(crate::auth::SESSION_COOKIE, state.settings.secure_cookies());
    req.cookie(&name)
        .and_then(|c| state.keys.decode(c.value()).ok())
        .map(|claims| claims.jti)
        .unwrap_or_default()
}

pub fn seed_cookie(seed: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(
        crate::auth::cookie_name(CSRF_COOKIE, secure),
        seed.to_string(),
    )
    .path("/")
    .http_only(true)
    .secure(secure)
    .same_site(SameSite::Lax)
    .finish()
}

fn exempt(path: &str) -> bool {
    path.starts_with("/api/")
        || path.starts_with("/static/")
        || path == "/healthz"
        || path == "/metrics"
        // The public FAQ: anonymous, cookie-free (cacheable), and its posts are either
        // harmless (a subscription still needs the mailed confirmation) or carry a signed
        // token (confirm, unsubscribe, and the mail client's one-click unsubscribe).
        || path.starts_with("/p/")
        // A roll-call link: the signed token in the address is the credential.
        || path.starts_with("/r/")
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if exempt(req.path()) {
        return next.call(req).await;
    }
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let Some(state) = state else {
        return next.call(req).await;
    };
    let secure = state.settings.secure_cookies();
    let cookie_name = crate::auth::cookie_name(CSRF_COOKIE, secure);
    let session = session_of(&req, &state);
    let existing = req
        .cookie(&cookie_name)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64);

    if is_unsafe(req.method()) {
        let Some(seed) = existing.clone() else {
            return Ok(req.into_response(HttpResponse::from_error(AppError::CsrfRejected)));
        };
        let mut token = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if token.is_none() && is_form {
            // Read the form, find the token, and put the body back for the handler.
            let mut payload = req.take_payload();
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk?;
                if body.len() + chunk.len() > MAX_FORM_BYTES {
                    return Ok(req.into_response(HttpResponse::PayloadTooLarge().finish()));
                }
                body.extend_from_slice(&chunk);
            }
            let body = body.freeze();
            token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
                .ok()
                .and_then(|pairs| {
                    pairs
                        .into_iter()
                        .find(|(k, _)| k == CSRF_FIELD)
                        .map(|(_, v)| v)
                });
            let (_, mut restored) = actix_http::h1::Payload::create(true);
            restored.unread_data(body);
            req.set_payload(actix_http::Payload::from(restored));
        }
        if !token.is_some_and(|t| token_matches(state.keys.secret(), &seed, &session, &t)) {
            return Ok(req.into_response(HttpResponse::from_error(AppError::CsrfRejected)));
        }
    }

    let (seed, is_new) = match existing {
        Some(seed) => (seed, false),
        None => (new_seed(), true),
    };
    req.extensions_mut().insert(CsrfSeed {
        seed: seed.clone(),
        session,
    });
    let mut res = next.call(req).await?;
    let handler_set_one = res.response().cookies().any(|c| c.name() == cookie_name);
    // Only pages carry forms: a calendar feed, a CSV file or an event stream gets no cookie
    // (a calendar app would keep it forever, and it would stop a shared cache).
    let is_page = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    if is_new && !handler_set_one && is_page {
        let cookie = seed_cookie(&seed, secure);
        if let Ok(value) = header::HeaderValue::from_str(&cookie.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_only_matches_the_seed_and_session_it_was_made_for() {
        let secret = b"server secret";
        let seed = |seed: &str, session: &str| CsrfSeed {
            seed: seed.into(),
            session: session.into(),
        };
        let token = form_token(secret, &seed("seed-a", "jti-1"));
        assert!(token_matches(secret, "seed-a", "jti-1", &token));
        assert!(!token_matches(secret, "seed-b", "jti-1", &token));
        assert!(!token_matches(secret, "seed-a", "jti-2", &token));
        assert!(!token_matches(secret, "seed-a", "", &token));
        assert!(!token_matches(b"other secret", "seed-a", "jti-1", &token));
        assert!(!token_matches(secret, "seed-a", "jti-1", "not hex"));
    }
}
