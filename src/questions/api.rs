//! `/api/v1/questions` and `/api/v1/faq/{id}/asked`: staff file and tally what they are asked;
//! communicators and the crisis group read the board.
use super::board::{self, QuestionsBoard};
use super::forms::{AskedInput, QuestionInput};
use super::service;
use crate::auth::roles::{AnyMember, FaqDesk};
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::state::AppState;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct AskedOut {
    pub faq_entry_id: i32,
    /// False when you had already tallied this answer today (once per person per day).
    pub counted: bool,
    /// The organisation's local day it counts for.
    pub day: NaiveDate,
    /// Everyone's tallies of this answer today.
    pub today: u64,
}

/// "Asked again": you gave this published answer today, on this channel.
#[utoipa::path(params(("id" = i32, Path)), request_body = AskedInput, responses((status = 200, body = AskedOut), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)), tag = "questions", security(("bearer" = [])))]
#[post("/faq/{id}/asked")]
pub async fn asked(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<AskedInput>,
) -> AppResult<HttpResponse> {
    let t = service::tally(&state, &user, *id, &body).await?;
    Ok(HttpResponse::Ok().json(AskedOut {
        faq_entry_id: t.entry.id,
        counted: t.counted,
        day: t.day,
        today: t.today,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AnsweredBy {
    pub faq_entry_id: i32,
    pub question: String,
}

#[derive(Serialize, ToSchema)]
pub struct FiledOut {
    pub id: i32,
    pub text: String,
    pub channel: String,
    pub created_at: DateTime<Utc>,
    /// The group of questions that say the same thing.
    pub topic_id: i32,
    /// The group's first wording.
    pub topic: String,
    /// Questions in the group, this one included.
    pub asked: u64,
    /// The published answer this question already has.
    pub answered_by: Option<AnsweredBy>,
}

/// Files a question the FAQ does not answer yet; it joins the questions that say the same thing.
#[utoipa::path(request_body = QuestionInput, responses((status = 201, body = FiledOut), (status = 422, body = Problem)), tag = "questions", security(("bearer" = [])))]
#[post("/questions")]
pub async fn file(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<QuestionInput>,
) -> AppResult<HttpResponse> {
    let f = service::file(&state, &user, &body).await?;
    Ok(HttpResponse::Created().json(FiledOut {
        id: f.question.id,
        text: f.question.text,
        channel: f.question.channel,
        created_at: f.question.created_at,
        topic_id: f.topic.id,
        topic: f.topic.text,
        asked: f.asked,
        answered_by: f.answered_by.map(|e| AnsweredBy {
            faq_entry_id: e.id,
            question: e.question,
        }),
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct BoardQuery {
    /// The period in days, today included: 1–90 (default 7).
    #[param(minimum = 1, maximum = 90)]
    pub days: Option<i64>,
}

impl BoardQuery {
    pub fn days(&self) -> AppResult<u32> {
        match self.days {
            None => Ok(7),
            Some(d) if (1..=i64::from(board::MAX_DAYS)).contains(&d) => Ok(d as u32),
            Some(_) => {
                let mut e = FieldErrors::default();
                e.add_with(
                    "days",
                    "range",
                    "Use a number of days from 1 to 90.",
                    &[("min", "1"), ("max", "90")],
                );
                Err(AppError::Validation(e))
            }
        }
    }
}

/// The questions board: new questions grouped and ranked (rising fastest first) with their
/// channels, public searches that found nothing, and per published answer its views, staff
/// tallies and readers' verdicts with their reasons.
#[utoipa::path(params(BoardQuery), responses((status = 200, body = QuestionsBoard), (status = 422, body = Problem)), tag = "questions", security(("bearer" = [])))]
#[get("/questions")]
pub async fn board_json(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
    query: web::Query<BoardQuery>,
) -> AppResult<HttpResponse> {
    let days = query.days()?;
    let b = board::load(&state.read, &user.org, state.clock.now(), days).await?;
    Ok(HttpResponse::Ok().json(b))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(asked).service(file).service(board_json);
}
