//! Invitations on the page: the admin invites and withdraws; the person accepts by link.
use super::forms::NewMember;
use super::invitations::{self, Acceptance};
use super::{invitations_views as views, repo};
use crate::auth::roles::Admins;
use crate::auth::service::client_ip;
use crate::auth::Authorized;
use crate::entities::invitation;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[get("/admin/users/new")]
pub async fn new_form(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let teams = repo::list_teams(&state.db, user.org_id()).await?;
    let form = NewMember {
        roles: vec!["staff".into()],
        ..Default::default()
    };
    Ok(html_status(
        StatusCode::OK,
        views::invite_page(&ctx, &teams, &form, &FieldErrors::default()),
    ))
}

#[post("/admin/users/new")]
pub async fn create(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<NewMember>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match invitations::create(&state, &user, form.clone()).await {
        Ok(invited) => {
            let failed = if invited.accept_url.is_some() && state.mailer.is_some() {
                "?mail=failed"
            } else {
                ""
            };
            Ok(see_other(&format!(
                "/admin/invitations/{}{failed}",
                invited.invitation.id
            )))
        }
        Err(AppError::Validation(errors)) => {
            let teams = repo::list_teams(&state.db, user.org_id()).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::invite_page(&ctx, &teams, &form, &errors),
            ))
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SentQuery {
    mail: String,
}

/// What became of an invitation; the link to hand over when it could not be mailed.
#[get("/admin/invitations/{id}")]
pub async fn show(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    q: web::Query<SentQuery>,
) -> AppResult<HttpResponse> {
    let inv = invitation::Entity::find_by_id(*id)
        .filter(invitation::Column::OrganisationId.eq(user.org_id()))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let link = (state.mailer.is_none() || q.mail == "failed")
        .then(|| invitations::accept_url(&state, &inv));
    Ok(html_status(
        StatusCode::OK,
        views::invitation_page(&ctx, &inv, link.as_deref(), q.mail == "failed"),
    ))
}

#[post("/admin/invitations/{id}/revoke")]
pub async fn revoke(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    invitations::revoke(&state, &user, *id).await?;
    Ok(see_other("/admin/users"))
}

#[get("/invite/{token}")]
pub async fn accept_form(
    ctx: PageCtx,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    match invitations::open(&state, &token).await {
        Ok((inv, org)) => {
            let form = Acceptance {
                display_name: inv.display_name.clone(),
                password: String::new(),
            };
            Ok(html_status(
                StatusCode::OK,
                views::accept_page(&ctx, &inv, &org, &token, &form, &FieldErrors::default()),
            ))
        }
        Err(AppError::Gone) => Ok(html_status(StatusCode::GONE, views::gone_page(&ctx))),
        Err(e) => Err(e),
    }
}

#[post("/invite/{token}")]
pub async fn accept(
    ctx: PageCtx,
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: HtmlForm<Acceptance>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let ip = client_ip(&req, state.settings.trust_proxy);
    match invitations::accept(&state, &token, &form, &ip).await {
        Ok((person, membership, org)) => {
            let session = crate::auth::service::issue(&state, person, membership, org)?;
            Ok(crate::auth::web::signed_in(&state, &session, "/"))
        }
        Err(AppError::Validation(errors)) => {
            let (inv, org) = invitations::open(&state, &token).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::accept_page(&ctx, &inv, &org, &token, &form, &errors),
            ))
        }
        Err(AppError::Gone) => Ok(html_status(StatusCode::GONE, views::gone_page(&ctx))),
        Err(e) => Err(e),
    }
}
