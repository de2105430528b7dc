//! `/api/v1/auth` and `/api/v1/me`: tokens and the signed-in person.
use super::forms::{LoginRequest, OrganisationChoice, PasswordChange, ProfileUpdate};
use super::roles::AnyMember;
use super::service::{self, client_ip, Session};
use super::Authorized;
use crate::error::{AppResult, Problem};
use crate::orgs::api::OrganisationOut;
use crate::state::AppState;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use validator::Validate;

#[derive(Serialize, ToSchema)]
pub struct UserOut {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub language: Option<String>,
    /// A mobile number in E.164, or null.
    pub phone: Option<String>,
    /// `mail`, `sms` or `both`.
    pub reach_by: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenOut {
    /// A JWT for one organisation; send it as `Authorization: Bearer`.
    pub token: String,
    pub token_type: String,
    pub expires_at: DateTime<Utc>,
    pub user: UserOut,
    pub organisation: OrganisationOut,
    pub roles: Vec<String>,
}

impl From<Session> for TokenOut {
    fn from(s: Session) -> Self {
        TokenOut {
            token: s.token,
            token_type: "Bearer".into(),
            expires_at: DateTime::from_timestamp(s.claims.exp, 0).unwrap_or_else(Utc::now),
            user: UserOut {
                id: s.user.id,
                email: s.user.email,
                display_name: s.user.display_name,
                language: s.user.language,
                phone: s.user.phone.clone(),
                reach_by: s.user.reach_by.clone(),
            },
            organisation: s.org.into(),
            roles: s.roles.names(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MeOut {
    pub user: UserOut,
    pub organisation: OrganisationOut,
    pub roles: Vec<String>,
    pub team_id: Option<i32>,
    /// Every organisation this person can switch to.
    pub organisations: Vec<OrganisationOut>,
}

#[derive(Deserialize, ToSchema)]
pub struct SwitchRequest {
    pub organisation_id: i32,
}

/// Sign in and get a token. Repeated failures are throttled per account and per address (429).
#[utoipa::path(request_body = LoginRequest, responses(
    (status = 200, body = TokenOut),
    (status = 401, body = Problem, description = "Wrong email or password"),
    (status = 422, body = Problem),
    (status = 429, body = Problem, description = "Too many failed attempts; see Retry-After")
), tag = "auth")]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<LoginRequest>,
) -> AppResult<web::Json<TokenOut>> {
    let body = body.into_inner().normalised();
    body.validate()?;
    let ip = client_ip(&req, state.settings.trust_proxy);
    let session = service::sign_in(
        &state,
        &body.email,
        &body.password,
        body.organisation.as_deref(),
        &ip,
        None,
    )
    .await?;
    Ok(web::Json(session.into()))
}

/// End this token's session; the token stops working at once.
#[utoipa::path(responses((status = 204)), tag = "auth", security(("bearer" = [])))]
#[post("/auth/logout")]
pub async fn logout(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    service::sign_out(&state, &user).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Get a token for another organisation the same person belongs to.
#[utoipa::path(request_body = SwitchRequest, responses((status = 200, body = TokenOut), (status = 404, body = Problem)), tag = "auth", security(("bearer" = [])))]
#[post("/auth/switch")]
pub async fn switch(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<SwitchRequest>,
) -> AppResult<web::Json<TokenOut>> {
    let choice = OrganisationChoice {
        organisation_id: body.organisation_id,
    };
    Ok(web::Json(
        service::switch_organisation(&state, &user, choice.organisation_id)
            .await?
            .into(),
    ))
}

#[utoipa::path(responses((status = 200, body = MeOut), (status = 401, body = Problem)), tag = "auth", security(("bearer" = [])))]
#[get("/me")]
pub async fn me(user: Authorized<AnyMember>) -> AppResult<web::Json<MeOut>> {
    let u = &user.user;
    Ok(web::Json(MeOut {
        user: UserOut {
            id: u.id,
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            language: u.language.clone(),
            phone: u.phone.clone(),
            reach_by: u.reach_by.clone(),
        },
        organisation: user.org.clone().into(),
        roles: user.roles.names(),
        team_id: user.membership.team_id,
        organisations: user.organisations.iter().cloned().map(Into::into).collect(),
    }))
}

/// Change your display name or language (`en`, `sv`, or null to follow the browser).
#[utoipa::path(request_body = ProfileUpdate, responses((status = 200, body = UserOut), (status = 422, body = Problem)), tag = "auth", security(("bearer" = [])))]
#[patch("/me")]
pub async fn update_me(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<ProfileUpdate>,
) -> AppResult<web::Json<UserOut>> {
    let u = crate::orgs::repo::update_profile(&state, &user, &body).await?;
    Ok(web::Json(UserOut {
        id: u.id,
        email: u.email,
        display_name: u.display_name,
        language: u.language,
        phone: u.phone.clone(),
        reach_by: u.reach_by.clone(),
    }))
}

/// Change your password. Every other session ends; the answer carries a new token.
#[utoipa::path(request_body = PasswordChange, responses((status = 200, body = TokenOut), (status = 422, body = Problem)), tag = "auth", security(("bearer" = [])))]
#[post("/me/password")]
pub async fn change_password(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<PasswordChange>,
) -> AppResult<web::Json<TokenOut>> {
    body.validate()?;
    Ok(web::Json(
        service::change_password(&state, &user, &body).await?.into(),
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(logout)
        .service(switch)
        .service(me)
        .service(update_me)
        .service(change_password);
}
