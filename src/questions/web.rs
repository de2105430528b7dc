//! The staff pages: filing a question and tallying an answer from the knowledge base, and the
//! questions board for communicators and the crisis group.
use super::api::BoardQuery;
use super::forms::{AskedInput, QuestionInput};
use super::{board, service, views};
use crate::auth::roles::{AnyMember, Communicators, FaqDesk, Policy};
use crate::auth::{Authorized, CurrentUser};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{page, see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use maud::{html, Markup};
use sea_orm::ConnectionTrait;

/// What the knowledge base says after a question was filed.
pub async fn filed_notice(
    ctx: &PageCtx,
    db: &impl ConnectionTrait,
    user: &CurrentUser,
    id: i32,
) -> AppResult<Option<Markup>> {
    let Some((q, in_group, answer)) = service::filed_by(db, user, id).await? else {
        return Ok(None);
    };
    Ok(Some(html! {
        div.notice role="status" {
            p {
                (ctx.tf("questions.filed", &[("question", &q.text)])) " "
                @if in_group > 1 { (ctx.tn("questions.filed_with_others", in_group as i64, &[])) }
            }
            @if let Some(e) = answer {
                p { (ctx.t("questions.already_answered")) " " a href={ "/knowledge#q" (e.id) } { (e.question) } }
            }
        }
    }))
}

#[post("/questions/new")]
pub async fn file(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<QuestionInput>,
) -> AppResult<HttpResponse> {
    let input = form.into_inner();
    match service::file(&state, &user, &input).await {
        Ok(f) => Ok(see_other(&format!(
            "/knowledge?filed={}#ask",
            f.question.id
        ))),
        Err(AppError::Validation(errors)) => {
            crate::faq::knowledge::render(
                &ctx,
                &state,
                &user,
                "",
                false,
                None,
                None,
                Some((&input.text, &input.channel, &errors)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[post("/knowledge/{id}/asked")]
pub async fn asked(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<AskedInput>,
) -> AppResult<HttpResponse> {
    let t = service::tally(&state, &user, *id, &form.into_inner()).await?;
    Ok(see_other(&format!(
        "/knowledge?tallied={}&today={}#q{}",
        t.entry.id, t.today, t.entry.id
    )))
}

#[get("/questions")]
pub async fn board_page(
    user: Authorized<FaqDesk>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<BoardQuery>,
) -> AppResult<HttpResponse> {
    let days = query.days()?;
    let b = board::load(&state.read, &user.org, state.clock.now(), days).await?;
    let can_write = user.roles.any(Communicators::ROLES);
    let title = ctx.t("questions.title");
    Ok(html_status(
        StatusCode::OK,
        page(&ctx, &title, views::board_page(&ctx, &b, can_write)),
    ))
}
