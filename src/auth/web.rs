//! Sign-in, sign-out, organisation switch, language and account pages.
use super::csrf::{new_seed, seed_cookie};
use super::forms::{
    LanguageChoice, LoginRequest, OrganisationChoice, PasswordChange, ProfileUpdate,
};
use super::service::{self, client_ip, Session};
use super::{roles::AnyMember, views, Authorized, SESSION_COOKIE};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{Lang, LANG_COOKIE};
use crate::state::AppState;
use crate::ui::{safe_next, see_other, PageCtx};
use actix_web::cookie::{time, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::Markup;
use serde::Deserialize;
use validator::Validate;

fn html(status: StatusCode, body: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

fn session_cookie(state: &AppState, token: &str) -> Cookie<'static> {
    Cookie::build(
        super::cookie_name(SESSION_COOKIE, state.settings.secure_cookies()),
        token.to_string(),
    )
    .path("/")
    .http_only(true)
    .secure(state.settings.secure_cookies())
    .same_site(SameSite::Lax)
    .max_age(time::Duration::hours(state.settings.session_hours))
    .finish()
}

/// Signing in starts a new session, and with it a new CSRF seed (no fixation across sign-in).
pub(crate) fn signed_in(state: &AppState, session: &Session, next: &str) -> HttpResponse {
    let mut res = see_other(next);
    let _ = res.add_cookie(&session_cookie(state, &session.token));
    let _ = res.add_cookie(&seed_cookie(&new_seed(), state.settings.secure_cookies()));
    res
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

#[get("/login")]
pub async fn login_form(ctx: PageCtx, q: web::Query<NextQuery>) -> HttpResponse {
    if ctx.user.is_some() {
        return see_other(&safe_next(q.next.as_deref()));
    }
    let form = LoginRequest {
        next: q.next.clone(),
        ..Default::default()
    };
    html(
        StatusCode::OK,
        views::login_page(&ctx, &form, &FieldErrors::default(), None),
    )
}

#[post("/login")]
pub async fn login(
    req: HttpRequest,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<LoginRequest>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner().normalised();
    if let Err(e) = form.validate() {
        let errors = FieldErrors::from_validation(e, ctx.lang);
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::login_page(&ctx, &form, &errors, None),
        ));
    }
    let ip = client_ip(&req, state.settings.trust_proxy);
    let result = service::sign_in(
        &state,
        &form.email,
        &form.password,
        form.organisation.as_deref(),
        &ip,
        Some(ctx.lang),
    )
    .await;
    match result {
        Ok(session) => {
            // A language chosen on this page wins over one saved earlier.
            if let Some(chosen) = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
                service::remember_language(&state, session.user.id, chosen).await?;
            }
            // Staff land where their one tap is; everyone else on the overview.
            let staff_only = session.roles.iter().all(|r| r == crate::auth::Role::Staff);
            let next = match form.next.as_deref() {
                None | Some("") | Some("/") if staff_only => "/checkin".to_string(),
                other => safe_next(other),
            };
            Ok(signed_in(&state, &session, &next))
        }
        Err(AppError::InvalidCredentials) => {
            let errors =
                FieldErrors::single("password", "credentials", "The email or password is wrong.");
            Ok(html(
                StatusCode::UNAUTHORIZED,
                views::login_page(&ctx, &form, &errors, None),
            ))
        }
        Err(AppError::Validation(errors)) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::login_page(&ctx, &form, &errors, None),
        )),
        Err(AppError::TooManyRequests { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60).to_string();
            let notice = ctx.tf("login.throttled", &[("minutes", &minutes)]);
            let mut res = html(
                StatusCode::TOO_MANY_REQUESTS,
                views::login_page(&ctx, &form, &FieldErrors::default(), Some(notice)),
            );
            res.headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
            Ok(res)
        }
        Err(other) => Err(other),
    }
}

#[post("/logout")]
pub async fn logout(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    service::sign_out(&state, &user).await?;
    let mut res = see_other("/login");
    let secure = state.settings.secure_cookies();
    let mut gone = Cookie::build(super::cookie_name(SESSION_COOKIE, secure), "")
        .path("/")
        .secure(secure)
        .finish();
    gone.make_removal();
    let _ = res.add_cookie(&gone);
    Ok(res)
}

#[post("/session/organisation")]
pub async fn switch_organisation(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    form: web::Form<OrganisationChoice>,
) -> AppResult<HttpResponse> {
    let session = service::switch_organisation(&state, &user, form.organisation_id).await?;
    Ok(signed_in(&state, &session, "/"))
}

/// Anyone may pick a language; for a signed-in person it becomes their saved choice.
#[post("/language")]
pub async fn choose_language(
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<LanguageChoice>,
) -> AppResult<HttpResponse> {
    let lang = Lang::parse(&form.language).ok_or_else(|| {
        AppError::Validation(FieldErrors::single(
            "language",
            "language",
            "Choose English or Swedish.",
        ))
    })?;
    if let Some(user) = &ctx.user {
        crate::orgs::repo::set_user_language(&state, user, Some(lang)).await?;
    }
    let mut res = see_other(&safe_next(form.return_to.as_deref()));
    let cookie = Cookie::build(LANG_COOKIE, lang.code())
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::days(365))
        .finish();
    let _ = res.add_cookie(&cookie);
    Ok(res)
}

#[get("/account")]
pub async fn account(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> Markup {
    let profile = ProfileUpdate {
        display_name: user.user.display_name.clone(),
        language: user.user.language.clone(),
        phone: user.user.phone.clone(),
        reach_by: Some(user.user.reach_by.clone()),
    };
    views::account_page(
        &ctx,
        &profile,
        &FieldErrors::default(),
        &FieldErrors::default(),
        None,
        state.sms.is_some(),
    )
}

#[post("/account")]
pub async fn update_profile(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<ProfileUpdate>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match crate::orgs::repo::update_profile(&state, &user, &form).await {
        Ok(_) => Ok(see_other("/account?saved=1")),
        Err(AppError::Validation(errors)) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::account_page(
                &ctx,
                &form,
                &errors,
                &FieldErrors::default(),
                None,
                state.sms.is_some(),
            ),
        )),
        Err(e) => Err(e),
    }
}

#[post("/account/password")]
pub async fn change_password(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Form<PasswordChange>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let profile = ProfileUpdate {
        display_name: user.user.display_name.clone(),
        language: user.user.language.clone(),
        phone: user.user.phone.clone(),
        reach_by: Some(user.user.reach_by.clone()),
    };
    let result = match form.validate() {
        Err(e) => Err(AppError::Validation(FieldErrors::from_validation(
            e, ctx.lang,
        ))),
        Ok(()) => service::change_password(&state, &user, &form).await,
    };
    match result {
        Ok(session) => {
            let mut res = see_other("/account?password_changed=1");
            let _ = res.add_cookie(&session_cookie(&state, &session.token));
            Ok(res)
        }
        Err(AppError::Validation(errors)) => Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::account_page(
                &ctx,
                &profile,
                &FieldErrors::default(),
                &errors,
                None,
                state.sms.is_some(),
            ),
        )),
        Err(e) => Err(e),
    }
}
