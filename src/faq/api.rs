//! `/api/v1/faq`: answers, publishing, "no news", withdrawal, revisions.
use super::forms::{FaqEntryInput, NoNewsInput, VersionInput};
use super::service::{self, Written};
use super::{markdown, repo};
use crate::auth::roles::{Communicators, FaqDesk};
use crate::auth::Authorized;
use crate::entities::{faq_entry, faq_revision};
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct FaqEntryOut {
    pub id: i32,
    pub question: String,
    pub answer_markdown: String,
    pub answer_html: String,
    pub category: String,
    pub position: i32,
    pub visibility: String,
    pub internal_note: String,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
    pub working_on_it: bool,
    pub next_update_at: Option<DateTime<Utc>>,
    pub update_overdue: bool,
    pub revision: i32,
    pub first_published_at: Option<DateTime<Utc>>,
    pub last_published_at: Option<DateTime<Utc>>,
    pub checked_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl FaqEntryOut {
    fn new(e: faq_entry::Model, now: DateTime<Utc>) -> Self {
        FaqEntryOut {
            update_overdue: repo::update_overdue(&e, now),
            answer_html: markdown::to_html(&e.answer_md),
            id: e.id,
            question: e.question,
            answer_markdown: e.answer_md,
            category: e.category,
            position: e.position,
            visibility: e.visibility,
            internal_note: e.internal_note,
            status: e.status,
            working_on_it: e.working_on_it,
            next_update_at: e.next_update_at,
            revision: e.revision_count,
            first_published_at: e.first_published_at,
            last_published_at: e.last_published_at,
            checked_at: e.checked_at,
            version: e.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WrittenOut {
    pub entry: FaqEntryOut,
    /// The publication that went out to every channel (none for a draft); its delivery board
    /// is `GET /api/v1/publications/{id}`.
    pub publication_id: Option<i32>,
}

fn written(w: Written, now: DateTime<Utc>) -> WrittenOut {
    WrittenOut {
        publication_id: w.publication.map(|p| p.id),
        entry: FaqEntryOut::new(w.entry, now),
    }
}

#[utoipa::path(responses((status = 200, body = Vec<FaqEntryOut>)), tag = "faq", security(("bearer" = [])))]
#[get("/faq")]
pub async fn list_entries(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let out: Vec<FaqEntryOut> = repo::all(&state.read, user.org_id())
        .await?
        .into_iter()
        .map(|e| FaqEntryOut::new(e, now))
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = FaqEntryOut), (status = 404, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[get("/faq/{id}")]
pub async fn get_entry(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let e = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(HttpResponse::Ok().json(FaqEntryOut::new(e, state.clock.now())))
}

/// Creates an answer and publishes it to every channel at once (or saves a draft with
/// `"action": "draft"`).
#[utoipa::path(request_body = FaqEntryInput, responses((status = 201, body = WrittenOut), (status = 422, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[post("/faq")]
pub async fn create_entry(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<FaqEntryInput>,
) -> AppResult<HttpResponse> {
    let w = service::create(&state, &user, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(written(w, state.clock.now())))
}

/// Saves a change; a published answer is published again everywhere.
#[utoipa::path(params(("id" = i32, Path)), request_body = FaqEntryInput, responses((status = 200, body = WrittenOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[put("/faq/{id}")]
pub async fn update_entry(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<FaqEntryInput>,
) -> AppResult<HttpResponse> {
    let w = service::update(&state, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(written(w, state.clock.now())))
}

/// "No news": the answer still stands; refreshes its checked-at time on every channel.
#[utoipa::path(params(("id" = i32, Path)), request_body = NoNewsInput, responses((status = 200, body = WrittenOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[post("/faq/{id}/no-news")]
pub async fn no_news(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<NoNewsInput>,
) -> AppResult<HttpResponse> {
    let w = service::no_news(&state, &user, *id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(written(w, state.clock.now())))
}

#[utoipa::path(params(("id" = i32, Path)), request_body = VersionInput, responses((status = 200, body = WrittenOut), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[post("/faq/{id}/withdraw")]
pub async fn withdraw(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<VersionInput>,
) -> AppResult<HttpResponse> {
    let w = service::withdraw(&state, &user, *id, body.into_inner().version).await?;
    Ok(HttpResponse::Ok().json(written(w, state.clock.now())))
}

#[derive(Serialize, ToSchema)]
pub struct RevisionOut {
    pub number: i32,
    /// `new`, `changed` or `no_news`.
    pub kind: String,
    pub question: String,
    pub answer_markdown: String,
    pub category: String,
    pub visibility: String,
    pub working_on_it: bool,
    pub next_update_at: Option<DateTime<Utc>>,
    pub author_user_id: Option<i32>,
    pub created_at: DateTime<Utc>,
}

impl From<faq_revision::Model> for RevisionOut {
    fn from(r: faq_revision::Model) -> Self {
        RevisionOut {
            number: r.number,
            kind: r.kind,
            question: r.question,
            answer_markdown: r.answer_md,
            category: r.category,
            visibility: r.visibility,
            working_on_it: r.working_on_it,
            next_update_at: r.next_update_at,
            author_user_id: r.author_user_id,
            created_at: r.created_at,
        }
    }
}

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = Vec<RevisionOut>), (status = 404, body = Problem)), tag = "faq", security(("bearer" = [])))]
#[get("/faq/{id}/revisions")]
pub async fn revisions(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let e = repo::get(&state.db, user.org_id(), *id).await?;
    let out: Vec<RevisionOut> = repo::revisions(&state.db, user.org_id(), e.id)
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(HttpResponse::Ok().json(out))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_entries)
        .service(create_entry)
        .service(get_entry)
        .service(update_entry)
        .service(no_news)
        .service(withdraw)
        .service(revisions);
}
