//! Admin pages for people: the list, changing roles and team, deactivating (inviting someone
//! is in `invitations_web`).
use super::forms::MemberForm;
use super::{members, repo, views};
use crate::auth::roles::Admins;
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
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
    let invited = super::invitations::pending(&state.db, user.org_id(), state.clock.now()).await?;
    Ok(html(
        StatusCode::OK,
        views::members_page(&ctx, &people, &invited),
    ))
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
    match members::update(&state, &user, *id, form.clone().into()).await {
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
