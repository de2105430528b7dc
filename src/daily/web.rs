//! Pages: today's daily check-in, the printable report, past reports.
use super::forms::{ReportForm, ReportInput};
use super::{service, views};
use crate::auth::roles::{CrisisGroup, Overseers};
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use chrono::NaiveDate;

async fn form_page(
    state: &AppState,
    user: &Authorized<CrisisGroup>,
    ctx: &PageCtx,
    input: Option<ReportInput>,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let day = crate::checkins::service::today(state, &user.org.time_zone);
    let since = service::since_yesterday(state, user, day).await?;
    let input = match input {
        Some(i) => i,
        None => service::prefill(state, user, day, &since).await?,
    };
    let actions = crate::plans::repo::all(&state.db, user.org_id()).await?;
    let scenarios = crate::scenarios::repo::list(&state.db, user.org_id()).await?;
    let people = crate::orgs::members::list(&state.db, user.org_id()).await?;
    let absence = crate::checkins::repo::absence(&state.db, user.org_id(), day).await?;
    let today = crate::checkins::service::today(state, &user.org.time_zone);
    let capacity = if day == today {
        crate::capacity::live::today(state, user.org_id(), &user.org.time_zone).await?
    } else {
        vec![]
    };
    let top_questions =
        crate::questions::board::todays_top(&state.read, &user.org, state.clock.now()).await?;
    let data = views::FormData {
        day,
        since,
        actions,
        scenarios,
        people,
        absence,
        capacity,
        top_questions,
    };
    Ok(html_status(
        status,
        views::form_page(ctx, &data, &input, errors, status == StatusCode::CONFLICT),
    ))
}

#[get("/daily")]
pub async fn today_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    form_page(
        &state,
        &user,
        &ctx,
        None,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/daily")]
pub async fn save(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<ReportForm>,
) -> AppResult<HttpResponse> {
    let (mut input, number_errors) = form.into_inner().into_input();
    let day = crate::checkins::service::today(&state, &user.org.time_zone);
    let result = if number_errors.is_empty() {
        service::save(&state, &user, day, &input).await
    } else {
        Err(AppError::Validation(number_errors))
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/daily/{day}"))),
        Err(AppError::Validation(e)) => {
            form_page(
                &state,
                &user,
                &ctx,
                Some(input),
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            // Keep what they wrote; fresh versions so that saving again goes through.
            let fresh = service::prefill(
                &state,
                &user,
                day,
                &service::since_yesterday(&state, &user, day).await?,
            )
            .await?;
            input.version = fresh.version;
            for f in input.followups.iter_mut() {
                if let Some(now) = fresh.followups.iter().find(|x| x.action_id == f.action_id) {
                    f.version = now.version;
                }
            }
            form_page(
                &state,
                &user,
                &ctx,
                Some(input),
                &FieldErrors::default(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/daily/reports")]
pub async fn archive(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let list = service::list(&state.db, user.org_id()).await?;
    Ok(html_status(
        StatusCode::OK,
        views::archive_page(&ctx, &list),
    ))
}

#[get("/daily/{day}")]
pub async fn show(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    day: web::Path<String>,
) -> AppResult<HttpResponse> {
    let day = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| AppError::NotFound)?;
    let (report, followups) = service::report(&state.db, user.org_id(), day)
        .await?
        .ok_or(AppError::NotFound)?;
    let people = crate::orgs::members::list(&state.db, user.org_id()).await?;
    let volumes = crate::checkins::repo::volumes(&state.db, user.org_id(), day).await?;
    let scenarios = crate::scenarios::repo::list(&state.db, user.org_id()).await?;
    let levels = crate::scenarios::repo::all_levels(&state.db, user.org_id()).await?;
    Ok(html_status(
        StatusCode::OK,
        views::report_page(
            &ctx,
            &user.org,
            &report,
            &followups,
            &people,
            volumes.as_ref(),
            &scenarios,
            &levels,
        ),
    ))
}
