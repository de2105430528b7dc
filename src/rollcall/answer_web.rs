//! `/r/{token}`: the page a roll-call link opens on a phone. A GET only shows the question and
//! the buttons (mail scanners open links; they must not answer for anyone); a tap posts the
//! answer, which is the person's check-in for the day. No sign-in: the token is personal.
use super::forms::{AnswerInput, ANSWERS};
use super::service::{self, Answered};
use crate::delivery::content::local;
use crate::entities::{organisation, rollcall, rollcall_recipient, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use maud::html;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

struct Context {
    rc: rollcall::Model,
    org: organisation::Model,
    person: user::Model,
    answer: Option<String>,
    lang: Lang,
}

async fn context(state: &AppState, token: &str) -> AppResult<Context> {
    let (rollcall_id, user_id) =
        super::token::check(state.keys.secret(), token).ok_or(AppError::NotFound)?;
    let rc = rollcall::Entity::find_by_id(rollcall_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let org = organisation::Entity::find_by_id(rc.organisation_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let person = user::Entity::find_by_id(user_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone who has left the organisation since cannot answer for it.
    let member = crate::orgs::members::get(&state.db, rc.organisation_id, user_id).await?;
    if !member.membership.active {
        return Err(AppError::NotFound);
    }
    let recipient = rollcall_recipient::Entity::find()
        .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
        .filter(rollcall_recipient::Column::UserId.eq(user_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lang = person
        .language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::parse(&org.default_language))
        .unwrap_or(Lang::En);
    Ok(Context {
        rc,
        org,
        person,
        answer: recipient.status,
        lang,
    })
}

fn expired(state: &AppState, rc: &rollcall::Model) -> bool {
    state.clock.now() - rc.created_at > chrono::Duration::hours(super::token::VALID_HOURS)
}

fn page(
    c: &Context,
    token: &str,
    notice: Option<&str>,
    error: Option<&str>,
    status: StatusCode,
) -> HttpResponse {
    let lang = c.lang;
    let title = lang.t("rollcall.answer_title");
    let body = crate::faq::public_views::shell(
        &c.org,
        lang,
        &title,
        html! { meta name="robots" content="noindex"; },
        html! {
            h1 { (title) }
            @if let Some(n) = notice {
                p.notice role="status" { (n) }
            }
            @if let Some(e) = error {
                div.error-summary role="alert" tabindex="-1" { p { (e) } }
            }
            p.rollcall-message { (c.rc.message) }
            p { (lang.tf("rollcall.answer_for", &[("name", &c.person.display_name), ("day", &c.rc.day.format("%Y-%m-%d").to_string())])) }
            @if c.answer.is_none() {
                p { (lang.tf("rollcall.answer_by", &[("time", &local(&c.org, c.rc.deadline_at))])) }
            }
            form.rollcall-answers method="post" action={ "/r/" (token) } {
                fieldset {
                    legend { (lang.t(if c.answer.is_some() { "rollcall.change_answer" } else { "rollcall.where_today" })) }
                    @for s in ANSWERS {
                        button type="submit" name="status" value=(s) class={ "answer" @if c.answer.as_deref() == Some(*s) { " chosen" } } aria-pressed=[c.answer.as_ref().map(|a| (a == s).to_string())] {
                            (lang.t(&format!("checkins.status.{s}")))
                        }
                    }
                }
            }
            p.hint { (lang.t("rollcall.no_sign_in")) }
        },
    );
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("X-Robots-Tag", "noindex"))
        .body(body.into_string())
}

fn gone(c: &Context) -> HttpResponse {
    let lang = c.lang;
    let title = lang.t("rollcall.answer_title");
    let body = crate::faq::public_views::shell(
        &c.org,
        lang,
        &title,
        html! {},
        html! {
            h1 { (title) }
            p { (lang.t("rollcall.expired")) }
            p { a href="/checkin" { (lang.t("rollcall.check_in_instead")) } }
        },
    );
    HttpResponse::Gone()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body.into_string())
}

#[get("/r/{token}")]
pub async fn answer_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let c = context(&state, &token).await?;
    if expired(&state, &c.rc) {
        return Ok(gone(&c));
    }
    Ok(page(&c, &token, None, None, StatusCode::OK))
}

#[post("/r/{token}")]
pub async fn answer(
    state: web::Data<AppState>,
    token: web::Path<String>,
    form: web::Form<AnswerInput>,
) -> AppResult<HttpResponse> {
    let mut c = context(&state, &token).await?;
    if let Err(AppError::Validation(FieldErrors(_))) = form.check().into_result() {
        let e = c.lang.t("rollcall.choose_answer");
        return Ok(page(
            &c,
            &token,
            None,
            Some(&e),
            StatusCode::UNPROCESSABLE_ENTITY,
        ));
    }
    // The page's look-ups (roll-call, person, membership, their answer) serve the answer too.
    let answered_before = c.answer.is_some();
    match service::record(
        &state,
        &c.rc,
        &c.person,
        answered_before,
        &form.status,
        "link",
    )
    .await?
    {
        Answered::Expired => Ok(gone(&c)),
        Answered::Recorded { status, .. } => {
            let lang = c.lang;
            let notice = lang.tf(
                "rollcall.recorded",
                &[("status", &lang.t(&format!("checkins.status.{status}")))],
            );
            c.answer = Some(status);
            Ok(page(&c, &token, Some(&notice), None, StatusCode::OK))
        }
    }
}
