//! The current user as an extractor: a handler that needs one says so in its signature,
//! and `Authorized<P>` adds the role check, so no route can forget either.
use super::roles::{Policy, RoleSet};
use super::token::Claims;
use super::SESSION_COOKIE;
use crate::entities::{membership, organisation, user};
use crate::error::AppError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use std::marker::PhantomData;
use std::ops::Deref;

#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub user: user::Model,
    pub org: organisation::Model,
    pub membership: membership::Model,
    pub roles: RoleSet,
    pub claims: Claims,
    /// Every organisation the person is an active member of, by name (the switcher).
    pub organisations: std::sync::Arc<Vec<organisation::Model>>,
}

impl CurrentUser {
    pub fn org_id(&self) -> i32 {
        self.org.id
    }
    pub fn user_id(&self) -> i32 {
        self.user.id
    }
}

/// API requests authenticate with `Authorization: Bearer`; pages with the session cookie.
/// Keeping the two apart means the API never acts on a cookie, so it needs no CSRF token.
fn token_from(req: &HttpRequest, secure: bool) -> Option<String> {
    if req.path().starts_with("/api/") {
        let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| token.trim().to_string())
    } else {
        req.cookie(&super::cookie_name(SESSION_COOKIE, secure))
            .map(|c| c.value().to_string())
    }
}

pub async fn authenticate(req: &HttpRequest) -> Result<CurrentUser, AppError> {
    if let Some(user) = req.extensions().get::<CurrentUser>() {
        return Ok(user.clone());
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))?;
    let token = token_from(req, state.settings.secure_cookies()).ok_or(AppError::Unauthorized)?;
    let claims = state
        .keys
        .decode(&token)
        .map_err(|_| AppError::Unauthorized)?;
    let current = match state.sessions.get(&claims.jti) {
        Some(current) => current,
        None => {
            let at = state.sessions.generation();
            let current = super::repo::load_session(&state.read, claims)
                .await?
                .ok_or(AppError::Unauthorized)?;
            state.sessions.remember(at, &current);
            current
        }
    };
    req.extensions_mut().insert(current.clone());
    Ok(current)
}

impl FromRequest for CurrentUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await })
    }
}

/// A signed-in user holding one of the roles policy `P` allows; others get 403.
pub struct Authorized<P: Policy>(pub CurrentUser, PhantomData<P>);

impl<P: Policy> Deref for Authorized<P> {
    type Target = CurrentUser;
    fn deref(&self) -> &CurrentUser {
        &self.0
    }
}

impl<P: Policy + 'static> FromRequest for Authorized<P> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let user = authenticate(&req).await?;
            if user.roles.any(P::ROLES) {
                Ok(Authorized(user, PhantomData))
            } else {
                Err(AppError::Forbidden)
            }
        })
    }
}
