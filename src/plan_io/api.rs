//! `/api/v1/plan/export` and `/api/v1/plan/import`: the whole plan as one document.
use super::import::ImportSummary;
use super::PlanDocument;
use crate::auth::roles::{Admins, Overseers};
use crate::auth::Authorized;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};

/// The whole plan in the documented, versioned format (`"format": "beredskap-plan",
/// "version": 1`), by names and e-mail addresses rather than ids.
#[utoipa::path(responses((status = 200, body = PlanDocument)), tag = "plan", security(("bearer" = [])))]
#[get("/plan/export")]
pub async fn export_plan(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    download(&state, &user).await
}

pub(super) async fn download(
    state: &AppState,
    user: &crate::auth::CurrentUser,
) -> AppResult<HttpResponse> {
    let doc = super::export::export(&state.db, user.org_id()).await?;
    Ok(HttpResponse::Ok()
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}-plan.json\"", user.org.slug),
        ))
        .json(doc))
}

/// Loads a plan document into the organisation (admins): all of it, or, with 422 and the path
/// of every invalid part, nothing.
#[utoipa::path(request_body = PlanDocument, responses((status = 201, body = ImportSummary), (status = 422, body = Problem)), tag = "plan", security(("bearer" = [])))]
#[post("/plan/import")]
pub async fn import_plan(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<PlanDocument>,
) -> AppResult<HttpResponse> {
    let summary = super::import::import(&state, &user, &body).await?;
    Ok(HttpResponse::Created().json(summary))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(export_plan).service(import_plan);
}
