//! Pages: adding and editing actions, reporting progress, "my actions".
use super::forms::ActionInput;
use super::{repo, views};
use crate::auth::roles::{AnyMember, CrisisGroup};
use crate::auth::{Authorized, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct NewQuery {
    level_id: Option<i32>,
}

async fn form_page(
    state: &AppState,
    ctx: &PageCtx,
    org_id: i32,
    scenario_id: i32,
    action_id: Option<i32>,
    form: &ActionInput,
    errors: &FieldErrors,
    status: StatusCode,
    can_edit: bool,
) -> AppResult<HttpResponse> {
    let scenario = crate::scenarios::repo::get(&state.db, org_id, scenario_id).await?;
    let levels = crate::scenarios::repo::levels(&state.db, org_id, scenario_id).await?;
    let people = crate::orgs::members::list(&state.db, org_id).await?;
    let page = views::action_page(
        ctx,
        &scenario,
        &levels,
        &people,
        action_id,
        form,
        errors,
        status == StatusCode::CONFLICT,
        can_edit,
    );
    Ok(html_status(status, page))
}

#[get("/plan/scenarios/{id}/actions/new")]
pub async fn new_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    q: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    let form = ActionInput {
        level_id: q.level_id,
        area: "communication".into(),
        status: "planned".into(),
        ..Default::default()
    };
    form_page(
        &state,
        &ctx,
        user.org_id(),
        *id,
        None,
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
        true,
    )
    .await
}

#[post("/plan/scenarios/{id}/actions/new")]
pub async fn create(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ActionInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let mut asked = FieldErrors::default();
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    form.question_past_due(&mut asked, None, today);
    let saved = if asked.is_empty() {
        repo::create(&state.db, &user, *id, form.clone()).await
    } else {
        Err(AppError::Validation(asked))
    };
    match saved {
        Ok(_) => Ok(see_other(&format!("/plan/scenarios/{id}#actions"))),
        Err(AppError::Validation(e)) => {
            form_page(
                &state,
                &ctx,
                user.org_id(),
                *id,
                None,
                &form,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
                true,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

fn input_of(a: &crate::entities::plan_action::Model) -> ActionInput {
    ActionInput {
        level_id: a.level_id,
        area: a.area.clone(),
        title: a.title.clone(),
        description: a.description.clone(),
        owner_user_id: a.owner_user_id,
        due_date: a.due_date.map(|d| d.to_string()),
        status: a.status.clone(),
        outcome: a.outcome.clone(),
        outcome_rating: a.outcome_rating.clone(),
        version: Some(a.version),
        past_due_ok: false,
    }
}

#[get("/plan/actions/{id}")]
pub async fn edit_form(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let a = repo::get(&state.db, user.org_id(), *id).await?;
    let can_edit = user.roles.any(&[Role::CrisisLead, Role::CrisisMember]);
    form_page(
        &state,
        &ctx,
        user.org_id(),
        a.scenario_id,
        Some(a.id),
        &input_of(&a),
        &FieldErrors::default(),
        StatusCode::OK,
        can_edit,
    )
    .await
}

#[post("/plan/actions/{id}")]
pub async fn update(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ActionInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    let before = repo::get(&state.db, user.org_id(), *id).await?;
    let mut asked = FieldErrors::default();
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    form.question_past_due(&mut asked, before.due_date, today);
    let saved = if asked.is_empty() {
        repo::update(&state.db, &user, *id, form.clone()).await
    } else {
        Err(AppError::Validation(asked))
    };
    match saved {
        Ok(a) => Ok(see_other(&format!(
            "/plan/scenarios/{}#actions",
            a.scenario_id
        ))),
        Err(AppError::Validation(e)) => {
            form_page(
                &state,
                &ctx,
                user.org_id(),
                before.scenario_id,
                Some(*id),
                &form,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
                true,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            form.version = Some(repo::get(&state.db, user.org_id(), *id).await?.version);
            form_page(
                &state,
                &ctx,
                user.org_id(),
                before.scenario_id,
                Some(*id),
                &form,
                &FieldErrors::default(),
                StatusCode::CONFLICT,
                true,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The owner reports status and outcome without being in the crisis group.
#[post("/plan/actions/{id}/progress")]
pub async fn report_progress(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ActionInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    let before = repo::get(&state.db, user.org_id(), *id).await?;
    match repo::update_progress(&state.db, &user, *id, form.clone()).await {
        Ok(_) => Ok(see_other("/plan/my-actions")),
        Err(AppError::Validation(e)) => {
            let shown = ActionInput {
                status: form.status,
                outcome: form.outcome,
                outcome_rating: form.outcome_rating,
                ..input_of(&before)
            };
            form_page(
                &state,
                &ctx,
                user.org_id(),
                before.scenario_id,
                Some(*id),
                &shown,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
                false,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            form.version = Some(repo::get(&state.db, user.org_id(), *id).await?.version);
            let shown = ActionInput {
                status: form.status,
                outcome: form.outcome,
                outcome_rating: form.outcome_rating,
                version: form.version,
                ..input_of(&before)
            };
            form_page(
                &state,
                &ctx,
                user.org_id(),
                before.scenario_id,
                Some(*id),
                &shown,
                &FieldErrors::default(),
                StatusCode::CONFLICT,
                false,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/plan/my-actions")]
pub async fn my_actions(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let mine = repo::mine(&state.db, user.org_id(), user.user_id()).await?;
    let scenarios = crate::scenarios::repo::list(&state.db, user.org_id()).await?;
    let today = super::api::org_today(&user.org.time_zone);
    Ok(html_status(
        StatusCode::OK,
        views::my_actions_page(&ctx, &mine, &scenarios, today),
    ))
}
