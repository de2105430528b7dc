//! The communication plan page: one card per audience, meeting rules, the chief communicator.
use super::forms::{
    ChiefCommunicatorInput, CommunicatedInput, CommunicationPlanInput, MeetingRuleInput,
};
use super::{repo, views};
use crate::auth::roles::{AnyMember, CommunicationEditors, Policy};
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

/// The form that failed, shown again in its place on the page.
pub enum Failed {
    None,
    Plan {
        audience: String,
        form: CommunicationPlanInput,
        errors: FieldErrors,
        conflict: bool,
    },
    Rule {
        form: MeetingRuleInput,
        errors: FieldErrors,
    },
    Chief {
        errors: FieldErrors,
    },
}

async fn show(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    ctx: &PageCtx,
    failed: Failed,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let org_id = user.org_id();
    let org = crate::orgs::repo::organisation_by_slug(&state.db, &user.org.slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let data = views::CommsPage {
        plans: repo::plans(&state.db, org_id).await?,
        rules: repo::rules(&state.db, org_id).await?,
        people: crate::orgs::members::list(&state.db, org_id).await?,
        chief: org.chief_communicator_user_id,
        can_edit: user.roles.any(CommunicationEditors::ROLES),
        now: chrono::Utc::now(),
    };
    Ok(html_status(status, views::comms_page(ctx, &data, &failed)))
}

#[get("/plan/communication")]
pub async fn page(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    show(&state, &user, &ctx, Failed::None, StatusCode::OK).await
}

#[post("/plan/communication/chief")]
pub async fn set_chief(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<ChiefCommunicatorInput>,
) -> AppResult<HttpResponse> {
    match repo::set_chief_communicator(&state, &user, form.0.user_id).await {
        Ok(_) => Ok(see_other("/plan/communication")),
        Err(AppError::Validation(errors)) => {
            show(
                &state,
                &user,
                &ctx,
                Failed::Chief { errors },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[post("/plan/communication/rules")]
pub async fn add_rule(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<MeetingRuleInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match repo::add_rule(&state.db, &user, form.clone()).await {
        Ok(_) => Ok(see_other("/plan/communication#rules")),
        Err(AppError::Validation(errors)) => {
            show(
                &state,
                &user,
                &ctx,
                Failed::Rule { form, errors },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[post("/plan/communication/rules/{id}/delete")]
pub async fn delete_rule(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete_rule(&state.db, &user, *id).await?;
    Ok(see_other("/plan/communication#rules"))
}

#[post("/plan/communication/{audience}")]
pub async fn update(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    audience: web::Path<String>,
    form: HtmlForm<CommunicationPlanInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    match repo::update(&state.db, &user, &audience, form.clone()).await {
        Ok(_) => Ok(see_other(&format!("/plan/communication#{audience}"))),
        Err(AppError::Validation(errors)) => {
            show(
                &state,
                &user,
                &ctx,
                Failed::Plan {
                    audience: audience.into_inner(),
                    form,
                    errors,
                    conflict: false,
                },
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            form.version = Some(
                repo::plan(&state.db, user.org_id(), &audience)
                    .await?
                    .version,
            );
            show(
                &state,
                &user,
                &ctx,
                Failed::Plan {
                    audience: audience.into_inner(),
                    form,
                    errors: FieldErrors::default(),
                    conflict: true,
                },
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[post("/plan/communication/{audience}/done")]
pub async fn communicated(
    user: Authorized<CommunicationEditors>,
    state: web::Data<AppState>,
    audience: web::Path<String>,
    form: HtmlForm<CommunicatedInput>,
) -> AppResult<HttpResponse> {
    repo::communicated(&state.db, &user, &audience, &form.0.note).await?;
    Ok(see_other(&format!("/plan/communication#{audience}")))
}
