//! Admin pages for people: the list, adding someone, changing roles and team, deactivating.
use super::forms::{MemberForm, NewMember};
use super::{members, repo, views};
use crate::auth::roles::Admins;
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::startup::AppState;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

fn html(status: StatusCode, body: maud::Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

#[get("/admin/users")]
pub async fn list(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let people = members::list(&state.db, user.org_id()).await?;
    Ok(html(StatusCode::OK, views::members_page(&ctx, &people)))
}

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
    Ok(html(
        StatusCode::OK,
        views::new_member_page(&ctx, &teams, &form, &FieldErrors::default()),
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
    match members::add(&state.db, &user, form.clone()).await {
        Ok(m) => Ok(see_other(&format!("/admin/users/{}", m.user.id))),
        Err(AppError::Validation(errors)) => {
            let teams = repo::list_teams(&state.db, user.org_id()).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::new_member_page(&ctx, &teams, &form, &errors),
            ))
        }
        Err(e) => Err(e),
    }
}

#[get("/admin/users/{id}")]
pub async fn edit(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let member = members::get(&state.db, user.org_id(), *id).await?;
    let teams = repo::list_teams(&state.db, user.org_id()).await?;
    let form = MemberForm {
        roles: member.roles().names(),
        team_id: member.membership.team_id,
        active: member.membership.active.then(|| "true".into()),
    };
    Ok(html(
        StatusCode::OK,
        views::edit_member_page(&ctx, &member, &teams, &form, &FieldErrors::default()),
    ))
}

#[post("/admin/users/{id}")]
pub async fn update(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<MemberForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match members::update(&state.db, &user, *id, form.clone().into()).await {
        Ok(_) => Ok(see_other("/admin/users")),
        Err(AppError::Validation(errors)) => {
            let member = members::get(&state.db, user.org_id(), *id).await?;
            let teams = repo::list_teams(&state.db, user.org_id()).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::edit_member_page(&ctx, &member, &teams, &form, &errors),
            ))
        }
        Err(e) => Err(e),
    }
}
