//! Admin pages for teams.
use super::forms::TeamInput;
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

async fn teams_page(
    state: &AppState,
    user: &Authorized<Admins>,
    ctx: &PageCtx,
    form: &TeamInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let teams = repo::list_teams(&state.db, user.org_id()).await?;
    let people = members::list(&state.db, user.org_id()).await?;
    let counts: Vec<(i32, usize)> = teams
        .iter()
        .map(|t| {
            (
                t.id,
                people
                    .iter()
                    .filter(|m| m.membership.team_id == Some(t.id) && m.membership.active)
                    .count(),
            )
        })
        .collect();
    Ok(html(
        status,
        views::teams_page(ctx, &teams, &counts, form, errors),
    ))
}

#[get("/admin/teams")]
pub async fn list(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    teams_page(
        &state,
        &user,
        &ctx,
        &TeamInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/admin/teams")]
pub async fn create(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<TeamInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match repo::create_team(&state.db, &user, form.clone()).await {
        Ok(_) => Ok(see_other("/admin/teams")),
        Err(AppError::Validation(errors)) => {
            teams_page(
                &state,
                &user,
                &ctx,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/admin/teams/{id}")]
pub async fn edit(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let team = repo::team(&state.db, user.org_id(), *id).await?;
    let form = TeamInput {
        name: team.name.clone(),
    };
    let leads = super::team_leads_web::leads_form(&ctx, &state, user.org_id(), team.id).await?;
    Ok(html(
        StatusCode::OK,
        views::team_edit_page(&ctx, &team, &form, &FieldErrors::default(), leads),
    ))
}

#[post("/admin/teams/{id}")]
pub async fn rename(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<TeamInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match repo::rename_team(&state.db, &user, *id, form.clone()).await {
        Ok(_) => Ok(see_other("/admin/teams")),
        Err(AppError::Validation(errors)) => {
            let team = repo::team(&state.db, user.org_id(), *id).await?;
            let leads =
                super::team_leads_web::leads_form(&ctx, &state, user.org_id(), team.id).await?;
            Ok(html(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::team_edit_page(&ctx, &team, &form, &errors, leads),
            ))
        }
        Err(e) => Err(e),
    }
}

#[post("/admin/teams/{id}/delete")]
pub async fn remove(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete_team(&state, &user, *id).await?;
    Ok(see_other("/admin/teams"))
}
