//! The communicators' pages under `/faq`.
use super::forms::{FaqEntryInput, NoNewsInput, WithdrawForm};
use super::service::{self, Written};
use super::{repo, views};
use crate::auth::roles::{Admins, Communicators, FaqDesk, Policy};
use crate::auth::{Authorized, CurrentUser};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

#[get("/faq")]
pub async fn list(
    user: Authorized<FaqDesk>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let data = list_data(&state, &user, None).await?;
    Ok(html_status(StatusCode::OK, views::list_page(&ctx, &data)))
}

async fn list_data(
    state: &AppState,
    user: &CurrentUser,
    failed: Option<(i32, String, FieldErrors)>,
) -> AppResult<views::ListPage> {
    let org_id = user.org_id();
    Ok(views::ListPage {
        entries: repo::all(&state.db, org_id).await?,
        latest: repo::publications(&state.db, org_id, None, 200).await?,
        can_write: user.roles.any(Communicators::ROLES),
        is_admin: user.roles.any(Admins::ROLES),
        now: state.clock.now(),
        failed,
    })
}

fn edit_form(ctx: &PageCtx, e: &crate::entities::faq_entry::Model) -> FaqEntryInput {
    FaqEntryInput {
        question: e.question.clone(),
        answer: e.answer_md.clone(),
        category: e.category.clone(),
        position: Some(e.position),
        visibility: e.visibility.clone(),
        internal_note: e.internal_note.clone(),
        working_on_it: e.working_on_it,
        next_update_at: views::local_input(ctx, e.next_update_at),
        version: Some(e.version),
        action: String::new(),
        topic_id: None,
        search: String::new(),
    }
}

/// "Answer this" on the questions board opens this with the question filled in.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewQuery {
    pub question: String,
    pub topic_id: Option<i32>,
    pub search: String,
}

#[get("/faq/new")]
pub async fn new_form(
    _user: Authorized<Communicators>,
    ctx: PageCtx,
    query: web::Query<NewQuery>,
) -> AppResult<HttpResponse> {
    let query = query.into_inner();
    let form = FaqEntryInput {
        visibility: "public".into(),
        question: query.question.chars().take(300).collect(),
        topic_id: query.topic_id,
        search: query.search.chars().take(300).collect(),
        ..Default::default()
    };
    let page = views::edit_page(
        &ctx,
        &views::EditPage {
            entry: None,
            form,
            errors: FieldErrors::default(),
            conflict: false,
        },
    );
    Ok(html_status(StatusCode::OK, page))
}

/// Where to go after a write: the delivery board when something went out.
pub(crate) fn after(w: &Written) -> HttpResponse {
    match &w.publication {
        Some(p) => see_other(&format!("/faq/publications/{}", p.id)),
        None => see_other(&format!("/faq#q{}", w.entry.id)),
    }
}

#[post("/faq")]
pub async fn create(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<FaqEntryInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match service::create(&state, &user, form.clone()).await {
        Ok(w) => Ok(after(&w)),
        Err(AppError::Validation(errors)) => {
            let page = views::edit_page(
                &ctx,
                &views::EditPage {
                    entry: None,
                    form,
                    errors,
                    conflict: false,
                },
            );
            Ok(html_status(StatusCode::UNPROCESSABLE_ENTITY, page))
        }
        Err(e) => Err(e),
    }
}

#[get("/faq/{id}/edit")]
pub async fn edit(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let e = repo::get(&state.db, user.org_id(), *id).await?;
    let page = views::edit_page(
        &ctx,
        &views::EditPage {
            entry: Some(&e),
            form: edit_form(&ctx, &e),
            errors: FieldErrors::default(),
            conflict: false,
        },
    );
    Ok(html_status(StatusCode::OK, page))
}

async fn show_again(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageCtx,
    id: i32,
    mut form: FaqEntryInput,
    err: AppError,
) -> AppResult<HttpResponse> {
    let e = repo::get(&state.db, user.org_id(), id).await?;
    let (errors, conflict) = match err {
        AppError::Validation(errors) => (errors, false),
        AppError::Conflict(_) => {
            // Keep what they typed; the next save builds on what is stored now.
            form.version = Some(e.version);
            (FieldErrors::default(), true)
        }
        other => return Err(other),
    };
    let status = if conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = views::edit_page(
        ctx,
        &views::EditPage {
            entry: Some(&e),
            form,
            errors,
            conflict,
        },
    );
    Ok(html_status(status, page))
}

#[post("/faq/{id}")]
pub async fn update(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<FaqEntryInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match service::update(&state, &user, *id, form.clone()).await {
        Ok(w) => Ok(after(&w)),
        Err(e) => show_again(&state, &user, &ctx, *id, form, e).await,
    }
}

/// "No news" and "withdraw" are buttons on the list; a stale or invalid press says why there.
fn list_error(ctx: &PageCtx, e: AppError) -> AppResult<HttpResponse> {
    match e {
        AppError::Validation(errors) => {
            let msg: Vec<String> = errors
                .0
                .iter()
                .map(|e| crate::i18n::field_error_message(ctx.lang, e))
                .collect();
            Err(AppError::BadRequest(msg.join(" ")))
        }
        other => Err(other),
    }
}

#[post("/faq/{id}/no-news")]
pub async fn no_news(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<NoNewsInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let typed = form.next_update_at.clone();
    match service::no_news(&state, &user, *id, form).await {
        Ok(w) => Ok(after(&w)),
        // Shown again on the list, beside the entry, with what was typed.
        Err(AppError::Validation(errors)) => {
            let data = list_data(&state, &user, Some((*id, typed, errors))).await?;
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                views::list_page(&ctx, &data),
            ))
        }
        Err(e) => list_error(&ctx, e),
    }
}

fn withdraw_confirmation(ctx: &PageCtx, e: &crate::entities::faq_entry::Model) -> HttpResponse {
    use crate::ui::components::{confirm_page, Confirmation};
    let public = e.visibility == "public";
    let mut consequences = vec![];
    if public {
        consequences.push(ctx.t("faq.withdraw_confirm.public"));
    }
    consequences.push(ctx.t("faq.withdraw_confirm.knowledge"));
    consequences.push(ctx.t("faq.withdraw_confirm.no_messages"));
    consequences.push(ctx.t("faq.withdraw_confirm.kept"));
    let page = confirm_page(
        ctx,
        &Confirmation {
            title: ctx.tf("faq.withdraw_confirm.title", &[("question", &e.question)]),
            consequences,
            action: format!("/faq/{}/withdraw", e.id),
            hidden: vec![("version", e.version.to_string())],
            button: ctx.t("faq.withdraw"),
            cancel_href: "/faq",
        },
    );
    html_status(StatusCode::OK, page)
}

/// Withdrawing asks first: the page says what will happen and the button does it.
#[get("/faq/{id}/withdraw")]
pub async fn withdraw_form(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let e = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(withdraw_confirmation(&ctx, &e))
}

#[post("/faq/{id}/withdraw")]
pub async fn withdraw(
    user: Authorized<Communicators>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<WithdrawForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    if form.confirm != "yes" {
        let e = repo::get(&state.db, user.org_id(), *id).await?;
        return Ok(withdraw_confirmation(&ctx, &e));
    }
    match service::withdraw(&state, &user, *id, form.version).await {
        Ok(w) => Ok(see_other(&format!("/faq#q{}", w.entry.id))),
        Err(e) => list_error(&ctx, e),
    }
}

#[get("/faq/{id}/history")]
pub async fn history(
    user: Authorized<FaqDesk>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let org_id = user.org_id();
    let e = repo::get(&state.db, org_id, *id).await?;
    let revisions = repo::revisions(&state.db, org_id, e.id).await?;
    let publications = repo::publications(&state.db, org_id, Some(e.id), 500).await?;
    Ok(html_status(
        StatusCode::OK,
        views::history_page(&ctx, &e, &revisions, &publications),
    ))
}
