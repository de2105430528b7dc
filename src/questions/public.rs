//! What readers of the public FAQ tell us, without being known: "Did this answer your
//! question?". A plain form (no JavaScript, no cookie); the widget posts the same form and asks
//! for JSON. Each client address may give a limited number of verdicts per window; the address
//! itself is only kept, hashed, for that window.
use super::forms::FeedbackInput;
use super::service;
use crate::error::{AppError, AppResult};
use crate::faq::public::{lang_of, organisation};
use crate::faq::public_views;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use hmac::{Hmac, Mac};

/// Verdicts from one client address within the throttle's window (15 minutes).
pub const FEEDBACK_PER_ADDRESS: u64 = 30;

/// The throttle's scope for an address: keyed with the server's secret, so the stored value
/// says nothing about who it was.
fn scope(state: &AppState, ip: &str) -> String {
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(state.keys.secret())
        .unwrap_or_else(|_| Hmac::<sha2::Sha256>::new_from_slice(b"beredskap").expect("key"));
    mac.update(b"feedback:");
    mac.update(ip.as_bytes());
    format!(
        "feedback:{}",
        hex::encode(&mac.finalize().into_bytes()[..12])
    )
}

fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}

#[post("/p/{org}/faq/{id}/feedback")]
pub async fn feedback(
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
    form: web::Form<FeedbackInput>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let org = organisation(&state, &slug).await?;
    let lang = lang_of(&form.lang, &org);
    let ip = crate::auth::service::client_ip(&req, state.settings.trust_proxy);
    use crate::auth::throttle::{admit, Admission};
    if let Admission::Refused { retry_after_secs } =
        admit(&state.db, &scope(&state, &ip), FEEDBACK_PER_ADDRESS).await?
    {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let back = format!("/p/{}/faq/{id}?lang={}", org.slug, lang.code());
    let saved = service::feedback(&state, org.id, id, &form).await?;
    if wants_json(&req) {
        return Ok(HttpResponse::Created()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header(crate::faq::embed::ANY_ORIGIN)
            .json(serde_json::json!({ "helpful": saved.helpful })));
    }
    let key = if saved.helpful {
        "faq.public.feedback_thanks_yes"
    } else {
        "faq.public.feedback_thanks_no"
    };
    Ok(public_views::message_with_link(
        &org,
        lang,
        &lang.t("faq.public.feedback_title"),
        &lang.t(key),
        &back,
    ))
}
