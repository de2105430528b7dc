//! `/log`: the crisis log page.
use super::api::LogQuery;
use super::forms::LogInput;
use super::{service, views};
use crate::auth::roles::CommunicationEditors;
use crate::auth::{Authorized, CurrentUser};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

async fn render(
    ctx: &PageCtx,
    state: &AppState,
    user: &CurrentUser,
    query: &LogQuery,
    form: &LogInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let f = query.filter()?;
    let entries = service::list(&state.read, user.org_id(), &user.org.time_zone, &f).await?;
    let scenarios = crate::scenarios::repo::list(&state.read, user.org_id()).await?;
    let authors: Vec<(i32, String)> = crate::orgs::members::list(&state.read, user.org_id())
        .await?
        .into_iter()
        .map(|m| (m.user.id, m.user.display_name))
        .collect();
    let body = views::log_page(
        ctx,
        &views::LogPage {
            entries: &entries,
            scenarios: &scenarios,
            authors: &authors,
            form,
            errors,
            kind: query.kind.as_deref().unwrap_or(""),
            day: query.day.as_deref().unwrap_or(""),
            scenario_id: f.scenario_id,
        },
    );
    Ok(html_status(status, body))
}

#[get("/log")]
pub async fn page(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<LogQuery>,
) -> AppResult<HttpResponse> {
    let form = LogInput {
        kind: "decision".into(),
        ..Default::default()
    };
    render(
        &ctx,
        &state,
        &user,
        &query,
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/log")]
pub async fn add(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<LogInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match service::write(&state, &user, &form).await {
        Ok(e) => Ok(see_other(&format!("/log#log-{}", e.id))),
        Err(AppError::Validation(errors)) => {
            render(
                &ctx,
                &state,
                &user,
                &LogQuery::default(),
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
