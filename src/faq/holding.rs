//! Holding statements: the FAQ answer prepared for a threshold level, published when the level
//! is reached. From the level alert it is two presses: open the prepared answer, publish it
//! everywhere. The text may name `{scenario}`, `{level}`, `{organisation}` and `{next_update}`;
//! the last becomes the update time promised on the same page.
use super::forms::{parse_when, FaqEntryInput};
use super::service;
use crate::auth::roles::Communicators;
use crate::auth::{Authorized, CurrentUser};
use crate::entities::{scenario, threshold_level};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::{csrf_field, error_summary, html_status, textarea, Input};
use crate::ui::{page, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Duration, Timelike, Utc};
use maud::html;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

/// The promise a holding statement makes by default: the next full hour at least two hours on.
pub fn default_next_update(now: DateTime<Utc>) -> DateTime<Utc> {
    let later = now + Duration::hours(2);
    let whole = later
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(later);
    if whole < later {
        whole + Duration::hours(1)
    } else {
        whole
    }
}

/// Fills the variables; `{next_update}` only when a time is given.
pub fn fill(
    text: &str,
    scenario: &str,
    level: &str,
    organisation: &str,
    next_update: Option<&str>,
) -> String {
    let mut out = text
        .replace("{scenario}", scenario)
        .replace("{level}", level)
        .replace("{organisation}", organisation);
    if let Some(at) = next_update {
        out = out.replace("{next_update}", at);
    }
    out
}

/// A level with a prepared answer, and its scenario.
pub async fn prepared(
    db: &impl ConnectionTrait,
    org_id: i32,
    level_id: i32,
) -> AppResult<(threshold_level::Model, scenario::Model)> {
    let level = threshold_level::Entity::find_by_id(level_id)
        .filter(threshold_level::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .filter(|l| !l.holding_question.trim().is_empty() && !l.holding_answer.trim().is_empty())
        .ok_or(AppError::NotFound)?;
    let s = crate::scenarios::repo::get(db, org_id, level.scenario_id).await?;
    Ok((level, s))
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct HoldingForm {
    pub question: String,
    pub answer: String,
    /// `YYYY-MM-DDTHH:MM` in the organisation's time zone.
    pub next_update_at: String,
}

fn render(
    ctx: &PageCtx,
    level: &threshold_level::Model,
    s: &scenario::Model,
    form: &HoldingForm,
    errors: &FieldErrors,
) -> maud::Markup {
    let title = ctx.tf(
        "holding.title",
        &[("level", &level.name), ("scenario", &s.title)],
    );
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("holding.intro")) }
            (error_summary(ctx, errors))
            form.stack method="post" action={ "/faq/holding/" (level.id) } novalidate {
                (csrf_field(ctx))
                (Input::new("question", ctx.t("faq.question"), &form.question).required().render(ctx, errors))
                (textarea(ctx, errors, "answer", &ctx.t("faq.answer"), &form.answer, 8))
                p.hint { (ctx.t("holding.next_update_hint")) }
                (Input::new("next_update_at", ctx.t("holding.next_update"), &form.next_update_at).kind("datetime-local").required().render(ctx, errors))
                p { (ctx.t("faq.publish_explain")) }
                button.primary type="submit" { (ctx.t("holding.publish")) }
            }
        },
    )
}

/// The prepared answer, filled in for this organisation and level, ready to publish.
#[get("/faq/holding/{level_id}")]
pub async fn prepared_form(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    level_id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let (level, s) = prepared(&state.db, user.org_id(), *level_id).await?;
    let org = &user.org.name;
    let next = default_next_update(state.clock.now());
    let form = HoldingForm {
        question: fill(&level.holding_question, &s.title, &level.name, org, None),
        answer: fill(&level.holding_answer, &s.title, &level.name, org, None),
        next_update_at: ctx.local_time(next).replacen(' ', "T", 1),
    };
    Ok(html_status(
        StatusCode::OK,
        render(&ctx, &level, &s, &form, &FieldErrors::default()),
    ))
}

/// Publishes the prepared answer everywhere, "still working on it" until the promised time.
#[post("/faq/holding/{level_id}")]
pub async fn publish(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    level_id: web::Path<i32>,
    sent: HtmlForm<HoldingForm>,
) -> AppResult<HttpResponse> {
    let (level, s) = prepared(&state.db, user.org_id(), *level_id).await?;
    let form = sent.into_inner();
    match publish_prepared(&state, &user, &level, &s, &form).await {
        Ok(w) => Ok(super::web::after(&w)),
        Err(AppError::Validation(errors)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            render(&ctx, &level, &s, &form, &errors),
        )),
        Err(e) => Err(e),
    }
}

async fn publish_prepared(
    state: &AppState,
    user: &CurrentUser,
    level: &threshold_level::Model,
    s: &scenario::Model,
    form: &HoldingForm,
) -> AppResult<service::Written> {
    let tz: chrono_tz::Tz = user.org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let promised = parse_when(&form.next_update_at, tz)
        .map(|at| crate::delivery::content::local(&user.org, at));
    let org = &user.org.name;
    let input = FaqEntryInput {
        question: fill(
            &form.question,
            &s.title,
            &level.name,
            org,
            promised.as_deref(),
        ),
        answer: fill(
            &form.answer,
            &s.title,
            &level.name,
            org,
            promised.as_deref(),
        ),
        visibility: "public".into(),
        working_on_it: true,
        next_update_at: form.next_update_at.clone(),
        ..Default::default()
    };
    service::create(state, user, input).await
}
