//! Pages: the inventory, ranked for a chosen scenario, and the task form.
use super::forms::TaskInput;
use super::{ranking, repo, views};
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
pub struct RankQuery {
    scenario: Option<String>,
}

#[get("/plan/tasks")]
pub async fn inventory(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<RankQuery>,
) -> AppResult<HttpResponse> {
    let tasks = repo::list(&state.db, user.org_id()).await?;
    let scenarios = crate::scenarios::repo::list(&state.db, user.org_id()).await?;
    let chosen = q
        .scenario
        .as_deref()
        .and_then(|s| s.parse::<i32>().ok())
        .and_then(|id| scenarios.iter().find(|s| s.id == id).cloned());
    let ranked = ranking::rank(
        chosen.as_ref().map(|s| s.kind.as_str()).unwrap_or("custom"),
        &tasks,
    );
    let since = match &chosen {
        Some(s) => crate::scenarios::levels::in_force_since(&state.db, s).await?,
        None => None,
    };
    let now = state.clock.now();
    let tolerance: Vec<_> = ranked
        .iter()
        .map(|r| super::impact::tolerance(r, since, now))
        .collect();
    let can_edit = user.roles.any(&[Role::CrisisLead, Role::CrisisMember]);
    Ok(html_status(
        StatusCode::OK,
        views::inventory_page(
            &ctx,
            &views::Inventory {
                ranked: &ranked,
                tolerance: &tolerance,
                scenarios: &scenarios,
                chosen: chosen.as_ref(),
                can_edit,
            },
        ),
    ))
}

#[get("/plan/tasks/new")]
pub async fn new_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let queues = crate::capacity::repo::list(&state.db, user.org_id()).await?;
    let form = TaskInput {
        kind: "task".into(),
        remote_capable: "yes".into(),
        postpone_cost: "low".into(),
        fallback: "none".into(),
        customer_criticality: Some(3),
        business_criticality: Some(3),
        ..Default::default()
    };
    Ok(html_status(
        StatusCode::OK,
        views::task_form(&queues, &ctx, None, &form, &FieldErrors::default(), false),
    ))
}

#[post("/plan/tasks/new")]
pub async fn create(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<TaskInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let queues = crate::capacity::repo::list(&state.db, user.org_id()).await?;
    match repo::create(&state.db, &user, form.clone()).await {
        Ok(_) => Ok(see_other("/plan/tasks")),
        Err(AppError::Validation(e)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::task_form(&queues, &ctx, None, &form, &e, false),
        )),
        Err(e) => Err(e),
    }
}

#[get("/plan/tasks/{id}")]
pub async fn edit_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let t = repo::get(&state.db, user.org_id(), *id).await?;
    let queues = crate::capacity::repo::list(&state.db, user.org_id()).await?;
    let form = TaskInput {
        name: t.name,
        kind: t.kind,
        description: t.description,
        customer_criticality: Some(t.customer_criticality),
        business_criticality: Some(t.business_criticality),
        remote_capable: t.remote_capable,
        remote_limits: t
            .remote_limits
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect(),
        remote_limit_note: t.remote_limit_note,
        sla: t.sla,
        sla_at_risk: t.sla_at_risk,
        postpone_cost: t.postpone_cost,
        postpone_note: t.postpone_note,
        fallback: t.fallback,
        fallback_note: t.fallback_note,
        cross_trainable: t.cross_trainable,
        queue_id: t.queue_id,
        overflow_per_hour: t.overflow_per_hour,
        rto_hours: t.rto_hours,
        mtpd_hours: t.mtpd_hours,
        min_service: t.min_service,
        min_service_level: t.min_service_level,
        depends_systems: t.depends_systems,
        depends_suppliers: t.depends_suppliers,
        depends_partners: t.depends_partners,
        version: Some(t.version),
    };
    Ok(html_status(
        StatusCode::OK,
        views::task_form(
            &queues,
            &ctx,
            Some(*id),
            &form,
            &FieldErrors::default(),
            false,
        ),
    ))
}

#[post("/plan/tasks/{id}")]
pub async fn update(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<TaskInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    let queues = crate::capacity::repo::list(&state.db, user.org_id()).await?;
    match repo::update(&state.db, &user, *id, form.clone()).await {
        Ok(_) => Ok(see_other("/plan/tasks")),
        Err(AppError::Validation(e)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::task_form(&queues, &ctx, Some(*id), &form, &e, false),
        )),
        Err(AppError::Conflict(_)) => {
            form.version = Some(repo::get(&state.db, user.org_id(), *id).await?.version);
            Ok(html_status(
                StatusCode::CONFLICT,
                views::task_form(
                    &queues,
                    &ctx,
                    Some(*id),
                    &form,
                    &FieldErrors::default(),
                    true,
                ),
            ))
        }
        Err(e) => Err(e),
    }
}

#[post("/plan/tasks/{id}/delete")]
pub async fn remove(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    repo::delete(&state.db, &user, *id).await?;
    Ok(see_other("/plan/tasks"))
}
