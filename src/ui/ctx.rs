//! Everything a page needs to know about the request: who, which language, the CSRF token.
use crate::auth::csrf::{form_token, CsrfSeed};
use crate::auth::extract::authenticate;
use crate::auth::CurrentUser;
use crate::entities::organisation;
use crate::error::AppError;
use crate::i18n::{Lang, LANG_COOKIE};
use crate::startup::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    /// The organisations the user can switch to (all their active memberships).
    pub orgs: Vec<organisation::Model>,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.lang.tf(key, args)
    }

    /// Shows an instant in the organisation's time zone.
    pub fn local_time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let tz = self
            .user
            .as_ref()
            .and_then(|u| u.org.time_zone.parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::UTC);
        at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
    }
}

/// The user's own choice, else the `lang` cookie, else the browser's, else the organisation's.
pub fn resolve_lang(req: &HttpRequest, user: Option<&CurrentUser>) -> Lang {
    user.and_then(|u| u.user.language.as_deref())
        .and_then(Lang::parse)
        .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .or_else(|| user.and_then(|u| Lang::parse(&u.org.default_language)))
        .unwrap_or(Lang::En)
}

pub async fn page_ctx(req: &HttpRequest) -> Result<PageCtx, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))?;
    let user = authenticate(req).await.ok();
    let lang = resolve_lang(req, user.as_ref());
    let seed = req
        .extensions()
        .get::<CsrfSeed>()
        .map(|s| s.0.clone())
        .unwrap_or_default();
    let orgs = match &user {
        Some(u) => crate::orgs::repo::organisations_of_user(&state.db, u.user_id()).await?,
        None => vec![],
    };
    Ok(PageCtx {
        lang,
        csrf: form_token(state.keys.secret(), &seed),
        path: req.path().to_string(),
        user,
        orgs,
    })
}

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { page_ctx(&req).await })
    }
}
