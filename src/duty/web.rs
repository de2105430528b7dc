//! `/duty`: who is on duty, and handing over.
use super::forms::HandoverInput;
use super::{service, views};
use crate::auth::roles::CommunicationEditors;
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

async fn render(
    ctx: &PageCtx,
    state: &AppState,
    org_id: i32,
    failed: Option<(&str, &HandoverInput, &FieldErrors)>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let roles = super::current(&state.db, org_id).await?;
    let people = crate::orgs::members::list(&state.read, org_id).await?;
    Ok(html_status(
        status,
        views::duty_page(
            ctx,
            &views::DutyPage {
                roles: &roles,
                people: &people,
                failed,
            },
        ),
    ))
}

#[get("/duty")]
pub async fn page(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    render(&ctx, &state, user.org_id(), None, StatusCode::OK).await
}

#[post("/duty/{role}")]
pub async fn hand_over(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    role: web::Path<String>,
    form: HtmlForm<HandoverInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match service::hand_over(&state, &user, &role, &form).await {
        Ok(_) => Ok(see_other(&format!("/duty#duty-{role}"))),
        Err(AppError::Validation(errors)) => {
            let failed = Some((role.as_str(), &form, &errors));
            render(
                &ctx,
                &state,
                user.org_id(),
                failed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
