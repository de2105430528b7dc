//! `/api/v1/channels` (admins) and `/api/v1/publications` (the delivery board).
use super::board::{self, Board};
use super::channels::{self, ChannelInput};
use crate::auth::roles::{Admins, Communicators, FaqDesk};
use crate::auth::Authorized;
use crate::entities::delivery_channel;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{delete, get, post, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ChannelOut {
    pub id: i32,
    pub name: String,
    pub kind: String,
    pub url: String,
    pub audience: String,
    pub enabled: bool,
    pub disabled_reason: Option<String>,
    /// The start of the signing secret; the whole secret is only in the answer to creation.
    pub secret_hint: String,
    /// Only when just created: the `whsec_` secret receivers verify signatures with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

fn out(c: delivery_channel::Model, secret: Option<String>) -> ChannelOut {
    ChannelOut {
        secret_hint: channels::masked(&c.secret),
        id: c.id,
        name: c.name,
        kind: c.kind,
        url: c.url,
        audience: c.audience,
        enabled: c.enabled,
        disabled_reason: c.disabled_reason,
        secret,
    }
}

#[utoipa::path(responses((status = 200, body = Vec<ChannelOut>)), tag = "delivery", security(("bearer" = [])))]
#[get("/channels")]
pub async fn list_channels(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let list: Vec<ChannelOut> = channels::list(&state.db, user.org_id())
        .await?
        .into_iter()
        .map(|c| out(c, None))
        .collect();
    Ok(HttpResponse::Ok().json(list))
}

#[utoipa::path(request_body = ChannelInput, responses((status = 201, body = ChannelOut), (status = 422, body = Problem)), tag = "delivery", security(("bearer" = [])))]
#[post("/channels")]
pub async fn create_channel(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<ChannelInput>,
) -> AppResult<HttpResponse> {
    let (c, secret) =
        channels::create(&state.db, &state.outbound, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(out(c, secret)))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 204), (status = 404, body = Problem)), tag = "delivery", security(("bearer" = [])))]
#[delete("/channels/{id}")]
pub async fn delete_channel(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    channels::remove(&state.db, &user, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = ChannelOut), (status = 404, body = Problem)), tag = "delivery", security(("bearer" = [])))]
#[post("/channels/{id}/enable")]
pub async fn enable_channel(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let c = channels::enable(&state.db, &user, *id).await?;
    Ok(HttpResponse::Ok().json(out(c, None)))
}

/// Per channel sent / pending / failed / dropped, and each error.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Board), (status = 404, body = Problem)), tag = "delivery", security(("bearer" = [])))]
#[get("/publications/{id}")]
pub async fn publication_board(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let p = crate::faq::repo::publication(&state.db, user.org_id(), *id).await?;
    Ok(HttpResponse::Ok().json(board::board(&state.db, &p).await?))
}

#[derive(Serialize, ToSchema)]
pub struct Requeued {
    pub requeued: u64,
}

/// Puts every failed target back in the queue with a fresh retry schedule.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Requeued), (status = 404, body = Problem)), tag = "delivery", security(("bearer" = [])))]
#[post("/publications/{id}/resend")]
pub async fn resend(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let p = crate::faq::repo::publication(&state.db, user.org_id(), *id).await?;
    let requeued = board::resend_failed(&state, &user, &p).await?;
    Ok(HttpResponse::Ok().json(Requeued { requeued }))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_channels)
        .service(create_channel)
        .service(delete_channel)
        .service(enable_channel)
        .service(publication_board)
        .service(resend);
}
