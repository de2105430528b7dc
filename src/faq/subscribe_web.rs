//! The subscription pages of the public FAQ: subscribe (double opt-in), confirm and
//! unsubscribe by signed link, and the mail client's one-click unsubscribe.
use super::public::{lang_of, load, organisation};
use super::public_views;
use crate::delivery::subscribers::{self, SubscribeInput, Subscribed};
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenQuery {
    pub token: String,
    pub lang: String,
}

/// Subscriptions from one client address within the sign-in throttle's window.
pub const SUBSCRIBE_PER_ADDRESS: u64 = 10;

/// The public form posts here. Each address may ask a few times per window: every request can
/// send a mail, and a form anyone can post must not become a way to mail strangers.
#[post("/p/{org}/subscribe")]
pub async fn subscribe(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    form: web::Form<SubscribeInput>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let ip = crate::auth::service::client_ip(&req, state.settings.trust_proxy);
    let scope = format!("subscribe:{ip}");
    use crate::auth::throttle::{admit, Admission};
    if let Admission::Refused { retry_after_secs } =
        admit(&state.db, &scope, SUBSCRIBE_PER_ADDRESS).await?
    {
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    let input = form.into_inner();
    let lang = lang_of(&input.language, &org);
    match subscribers::subscribe(&state, &org, &input).await {
        Ok(outcome) => {
            let key = match outcome {
                Subscribed::ConfirmationSent => "faq.public.check_inbox",
                Subscribed::MailUnavailable => "faq.public.mail_unavailable",
            };
            Ok(public_views::message(
                &org,
                lang,
                &lang.t("faq.public.subscribe"),
                &lang.t(key),
            ))
        }
        Err(AppError::Validation(errors)) => {
            let faq = load(&state, org).await?;
            let followed = input
                .entry
                .and_then(|id| faq.entries.iter().find(|e| e.id == id));
            let body = match followed {
                Some(e) => public_views::entry_page(&faq, lang, e, Some((&input, &errors))),
                None => public_views::page(&faq, lang, "", "", Some((&input, &errors))),
            };
            Ok(HttpResponse::UnprocessableEntity()
                .content_type("text/html; charset=utf-8")
                .body(body.into_string()))
        }
        Err(e) => Err(e),
    }
}

/// The link in the confirmation mail shows a button: mail scanners that open links must not
/// confirm on someone's behalf.
#[get("/p/{org}/confirm")]
pub async fn confirm_form(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let sub = subscribers::by_token(&state, &org, &q.token, "confirm").await?;
    let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
    Ok(public_views::token_form(
        &org, lang, "confirm", &q.token, &sub.email,
    ))
}

#[post("/p/{org}/confirm")]
pub async fn confirm(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let sub = subscribers::confirm(&state, &org, &q.token).await?;
    let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
    Ok(public_views::message(
        &org,
        lang,
        &lang.t("faq.public.subscribe"),
        &lang.t("faq.public.confirmed"),
    ))
}

#[get("/p/{org}/unsubscribe")]
pub async fn unsubscribe_form(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let sub = subscribers::by_token(&state, &org, &q.token, "unsubscribe").await?;
    let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
    Ok(public_views::token_form(
        &org,
        lang,
        "unsubscribe",
        &q.token,
        &sub.email,
    ))
}

/// Both the page's button and the mail client's one-click `List-Unsubscribe-Post` land here.
#[post("/p/{org}/unsubscribe")]
pub async fn unsubscribe(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<TokenQuery>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let sub = subscribers::unsubscribe(&state, &org, &q.token).await?;
    let lang = Lang::parse(&sub.language).unwrap_or(Lang::En);
    Ok(public_views::message(
        &org,
        lang,
        &lang.t("faq.public.unsubscribe"),
        &lang.t("faq.public.unsubscribed"),
    ))
}
