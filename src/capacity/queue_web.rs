//! `/capacity/queues`: setting up the queues and who staffs them, for the crisis group and admins.
use super::forms::{StaffingInput, TeamShareInput};
use super::queue_form::QueueForm;
use super::queue_views::{self as views, StaffingView};
use super::repo;
use crate::auth::roles::Overseers;
use crate::auth::{Authorized, CurrentUser};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

#[get("/capacity/queues")]
pub async fn list(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let org = user.org_id();
    let queues = repo::list(&state.db, org).await?;
    let teams = crate::orgs::repo::list_teams(&state.db, org).await?;
    let shares = repo::shares(&state.db, org).await?;
    Ok(html_status(
        StatusCode::OK,
        views::queues_page(&ctx, &queues, &teams, &shares),
    ))
}

#[get("/capacity/queues/new")]
pub async fn new_form(_user: Authorized<Overseers>, ctx: PageCtx) -> HttpResponse {
    html_status(
        StatusCode::OK,
        views::new_page(&ctx, &QueueForm::blank(), &FieldErrors::default()),
    )
}

#[post("/capacity/queues/new")]
pub async fn create(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<QueueForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let result = match form.to_input() {
        Ok(input) => repo::create(&state.db, &user, &input).await.map(Some),
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(Some(q)) => {
            super::ladder::reevaluate(&state, &user.org, &user).await?;
            Ok(see_other(&format!("/capacity/queues/{}", q.id)))
        }
        Ok(None) => unreachable!(),
        Err(AppError::Validation(e)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::new_page(&ctx, &form, &form.rename_errors(e)),
        )),
        Err(e) => Err(e),
    }
}

async fn staffing_view<'a>(
    state: &AppState,
    user: &CurrentUser,
    q: &'a crate::entities::queue::Model,
    teams: &'a [crate::entities::team::Model],
    people: &'a [crate::orgs::members::Member],
) -> AppResult<StaffingView<'a>> {
    let s = repo::staffing_of(&state.db, user.org_id(), q.id).await?;
    Ok(StaffingView {
        queue: q,
        teams,
        shares: s
            .teams
            .iter()
            .map(|t| (t.team_id, format!("{}", t.share_pct)))
            .collect(),
        trained: s.trained,
        people,
    })
}

#[allow(clippy::too_many_arguments)]
async fn render_edit(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageCtx,
    id: i32,
    form: Option<QueueForm>,
    errors: FieldErrors,
    staffing_override: Option<(StaffingForm, FieldErrors)>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let org = user.org_id();
    let q = repo::get(&state.db, org, id).await?;
    let teams = crate::orgs::repo::list_teams(&state.db, org).await?;
    let people = crate::orgs::members::list(&state.db, org).await?;
    let mut staffing = staffing_view(state, user, &q, &teams, &people).await?;
    let staffing_errors = match staffing_override {
        Some((f, e)) => {
            staffing.shares = f
                .team_id
                .iter()
                .copied()
                .zip(f.share_pct.iter().cloned())
                .collect();
            staffing.trained = f.trained.clone();
            e
        }
        None => FieldErrors::default(),
    };
    let form = form.unwrap_or_else(|| QueueForm::from_model(&q));
    let page = views::edit_page(
        ctx,
        &q,
        &form,
        &errors,
        status == StatusCode::CONFLICT,
        &staffing,
        &staffing_errors,
    );
    Ok(html_status(status, page))
}

#[get("/capacity/queues/{id}")]
pub async fn edit_form(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    render_edit(
        &state,
        &user,
        &ctx,
        *id,
        None,
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

#[post("/capacity/queues/{id}")]
pub async fn update(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<QueueForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let result = match form.to_input() {
        Ok(input) => repo::update(&state.db, &user, *id, &input).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => {
            super::ladder::reevaluate(&state, &user.org, &user).await?;
            Ok(see_other(&format!("/capacity/queues/{id}")))
        }
        Err(AppError::Validation(e)) => {
            let e = form.rename_errors(e);
            render_edit(
                &state,
                &user,
                &ctx,
                *id,
                Some(form),
                e,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            render_edit(
                &state,
                &user,
                &ctx,
                *id,
                Some(form),
                FieldErrors::default(),
                None,
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// The staffing form: teams as parallel lists (`team_id`, `share_pct`), people as `trained`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StaffingForm {
    pub team_id: Vec<i32>,
    pub share_pct: Vec<String>,
    pub trained: Vec<i32>,
}

#[post("/capacity/queues/{id}/staffing")]
pub async fn save_staffing(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<StaffingForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let mut e = FieldErrors::default();
    let mut teams = vec![];
    for (i, (team, share)) in form.team_id.iter().zip(&form.share_pct).enumerate() {
        let text = share.trim().trim_end_matches('%').trim().replace(',', ".");
        if text.is_empty() {
            continue;
        }
        match text.parse::<f64>() {
            Ok(x) => teams.push(TeamShareInput {
                team_id: *team,
                share_pct: x,
            }),
            Err(_) => e.add(
                &format!("teams[{i}].share_pct"),
                "number",
                "Write a number.",
            ),
        }
    }
    let result = if e.is_empty() {
        repo::set_staffing(
            &state.db,
            &user,
            *id,
            &StaffingInput {
                teams,
                trained: form.trained.clone(),
            },
        )
        .await
        .map(|_| ())
    } else {
        Err(AppError::Validation(e))
    };
    match result {
        Ok(()) => {
            super::ladder::reevaluate(&state, &user.org, &user).await?;
            Ok(see_other(&format!("/capacity/queues/{id}")))
        }
        Err(AppError::Validation(e)) => {
            // The API names rows among the teams sent; the form lists every team, blanks too.
            let sent: Vec<usize> = form
                .share_pct
                .iter()
                .enumerate()
                .filter(|(_, s)| !s.trim().is_empty())
                .map(|(i, _)| i)
                .collect();
            let e = FieldErrors(
                e.0.into_iter()
                    .map(|mut err| {
                        if let Some(rest) = err.field.strip_prefix("teams[") {
                            if let Some((n, tail)) = rest.split_once(']') {
                                if let Some(row) = n.parse::<usize>().ok().and_then(|n| sent.get(n))
                                {
                                    if !err.field.contains("share_pct") || tail.is_empty() {
                                        err.field = format!("teams[{row}]{tail}");
                                    } else {
                                        err.field = format!("teams[{row}].share_pct");
                                    }
                                }
                            }
                        }
                        err
                    })
                    .collect(),
            );
            render_edit(
                &state,
                &user,
                &ctx,
                *id,
                None,
                FieldErrors::default(),
                Some((form, e)),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    confirm: String,
}

fn confirmation(ctx: &PageCtx, q: &crate::entities::queue::Model) -> HttpResponse {
    use crate::ui::components::{confirm_page, Confirmation};
    let page = confirm_page(
        ctx,
        &Confirmation {
            title: ctx.tf("queues.delete_confirm.title", &[("name", &q.name)]),
            consequences: vec![
                ctx.t("queues.delete_confirm.staffing"),
                ctx.t("queues.delete_confirm.ladders"),
            ],
            action: format!("/capacity/queues/{}/delete", q.id),
            hidden: vec![],
            button: ctx.t("forms.delete"),
            cancel_href: "/capacity/queues",
        },
    );
    html_status(StatusCode::OK, page)
}

#[get("/capacity/queues/{id}/delete")]
pub async fn remove_form(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let q = repo::get(&state.db, user.org_id(), *id).await?;
    Ok(confirmation(&ctx, &q))
}

#[post("/capacity/queues/{id}/delete")]
pub async fn remove(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    if form.into_inner().confirm != "yes" {
        let q = repo::get(&state.db, user.org_id(), *id).await?;
        return Ok(confirmation(&ctx, &q));
    }
    repo::delete(&state.db, &user, *id).await?;
    super::ladder::reevaluate(&state, &user.org, &user).await?;
    Ok(see_other("/capacity/queues"))
}
