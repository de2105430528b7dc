//! `/api/v1`: the organisation, its teams and its people.
use super::forms::{MemberUpdate, NewMember, OrganisationSettings, TeamInput};
use super::members::{self, Member};
use super::{invitations, repo};
use crate::auth::roles::{Admins, AnyMember};
use crate::auth::Authorized;
use crate::entities::{organisation, team};
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct OrganisationOut {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub time_zone: String,
    pub default_language: String,
    /// The sites allowed to show the FAQ in a frame (`/p/{slug}/embed`).
    pub embed_origins: Vec<String>,
}

impl From<organisation::Model> for OrganisationOut {
    fn from(o: organisation::Model) -> Self {
        OrganisationOut {
            id: o.id,
            slug: o.slug,
            name: o.name,
            time_zone: o.time_zone,
            default_language: o.default_language,
            embed_origins: o
                .embed_origins
                .split_whitespace()
                .map(String::from)
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TeamOut {
    pub id: i32,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<team::Model> for TeamOut {
    fn from(t: team::Model) -> Self {
        TeamOut {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            updated_at: t.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberOut {
    /// The user's id.
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub language: Option<String>,
    pub roles: Vec<String>,
    pub team_id: Option<i32>,
    pub team_name: Option<String>,
    pub active: bool,
    pub phone: Option<String>,
    pub reach_by: String,
}

impl From<Member> for MemberOut {
    fn from(m: Member) -> Self {
        MemberOut {
            id: m.user.id,
            roles: m.roles().names(),
            email: m.user.email,
            display_name: m.user.display_name,
            language: m.user.language,
            phone: m.user.phone,
            reach_by: m.user.reach_by,
            team_id: m.membership.team_id,
            team_name: m.team.map(|t| t.name),
            active: m.membership.active,
        }
    }
}

/// The organisation of the current session.
#[utoipa::path(responses((status = 200, body = OrganisationOut)), tag = "organisation", security(("bearer" = [])))]
#[get("/organisation")]
pub async fn get_organisation(user: Authorized<AnyMember>) -> web::Json<OrganisationOut> {
    web::Json(user.org.clone().into())
}

/// Change the organisation's name, time zone and default language.
#[utoipa::path(request_body = OrganisationSettings, responses((status = 200, body = OrganisationOut), (status = 422, body = Problem)), tag = "organisation", security(("bearer" = [])))]
#[patch("/organisation")]
pub async fn update_organisation(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<OrganisationSettings>,
) -> AppResult<web::Json<OrganisationOut>> {
    Ok(web::Json(
        repo::update_organisation(&state, &user, &body)
            .await?
            .into(),
    ))
}

#[utoipa::path(responses((status = 200, body = Vec<TeamOut>)), tag = "teams", security(("bearer" = [])))]
#[get("/teams")]
pub async fn list_teams(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<TeamOut>>> {
    let teams = repo::list_teams(&state.db, user.org_id()).await?;
    Ok(web::Json(teams.into_iter().map(Into::into).collect()))
}

#[utoipa::path(request_body = TeamInput, responses((status = 201, body = TeamOut), (status = 422, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[post("/teams")]
pub async fn create_team(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<TeamInput>,
) -> AppResult<HttpResponse> {
    let team = repo::create_team(&state.db, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(TeamOut::from(team)))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = TeamOut), (status = 404, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[get("/teams/{id}")]
pub async fn get_team(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<TeamOut>> {
    Ok(web::Json(
        repo::team(&state.db, user.org_id(), *id).await?.into(),
    ))
}

#[utoipa::path(params(("id" = i32, Path)), request_body = TeamInput, responses((status = 200, body = TeamOut), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[patch("/teams/{id}")]
pub async fn rename_team(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<TeamInput>,
) -> AppResult<web::Json<TeamOut>> {
    Ok(web::Json(
        repo::rename_team(&state.db, &user, *id, body.into_inner())
            .await?
            .into(),
    ))
}

/// Delete a team; its people stay, without a team.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[delete("/teams/{id}")]
pub async fn delete_team(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete_team(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(responses((status = 200, body = Vec<MemberOut>)), tag = "users", security(("bearer" = [])))]
#[get("/users")]
pub async fn list_users(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<MemberOut>>> {
    let people = members::list(&state.db, user.org_id()).await?;
    Ok(web::Json(people.into_iter().map(Into::into).collect()))
}

/// An invitation to join this organisation, waiting for the person to accept it.
#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    pub id: i32,
    pub email: String,
    pub display_name: String,
    pub roles: Vec<String>,
    pub team_id: Option<i32>,
    /// `pending`, `accepted` or `revoked`.
    pub status: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// Whether the link went out by mail.
    pub mailed: bool,
    /// The link to hand to the person, only when it could not be mailed.
    pub accept_url: Option<String>,
}

impl InvitationOut {
    fn new(inv: crate::entities::invitation::Model, accept_url: Option<String>) -> Self {
        InvitationOut {
            id: inv.id,
            roles: crate::auth::RoleSet::from_stored(&inv.roles).names(),
            email: inv.email,
            display_name: inv.display_name,
            team_id: inv.team_id,
            status: inv.status,
            expires_at: inv.expires_at,
            mailed: accept_url.is_none(),
            accept_url,
        }
    }
}

/// Invite a person to this organisation. The person accepts through a link (mailed, or in the
/// answer when no mail is configured) with the password of their existing account or a new
/// one. The answer is the same whether or not the address already has an account.
#[utoipa::path(request_body = NewMember, responses((status = 202, body = InvitationOut), (status = 422, body = Problem)), tag = "users", security(("bearer" = [])))]
#[post("/users")]
pub async fn add_user(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<NewMember>,
) -> AppResult<HttpResponse> {
    let invited = invitations::create(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().json(InvitationOut::new(invited.invitation, invited.accept_url)))
}

/// Invitations still waiting to be accepted.
#[utoipa::path(responses((status = 200, body = Vec<InvitationOut>)), tag = "users", security(("bearer" = [])))]
#[get("/invitations")]
pub async fn list_invitations(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<InvitationOut>>> {
    let rows = invitations::pending(&state.db, user.org_id(), state.clock.now()).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|i| {
                let url = invitations::accept_url(&state, &i);
                InvitationOut::new(i, Some(url))
            })
            .collect(),
    ))
}

/// Withdraw an invitation: its link stops working.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)), tag = "users", security(("bearer" = [])))]
#[delete("/invitations/{id}")]
pub async fn revoke_invitation(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    invitations::revoke(&state, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = MemberOut), (status = 404, body = Problem)), tag = "users", security(("bearer" = [])))]
#[get("/users/{id}")]
pub async fn get_user(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<MemberOut>> {
    Ok(web::Json(
        members::get(&state.db, user.org_id(), *id).await?.into(),
    ))
}

/// Change a person's roles or team, or deactivate them (`"active": false`) in this organisation.
#[utoipa::path(params(("id" = i32, Path)), request_body = MemberUpdate, responses((status = 200, body = MemberOut), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "users", security(("bearer" = [])))]
#[patch("/users/{id}")]
pub async fn update_user(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<MemberUpdate>,
) -> AppResult<web::Json<MemberOut>> {
    Ok(web::Json(
        members::update(&state, &user, *id, body.into_inner())
            .await?
            .into(),
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_organisation)
        .service(update_organisation)
        .service(list_teams)
        .service(create_team)
        .service(get_team)
        .service(rename_team)
        .service(delete_team)
        .service(list_users)
        .service(add_user)
        .service(list_invitations)
        .service(revoke_invitation)
        .service(get_user)
        .service(update_user);
}
