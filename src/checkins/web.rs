//! Pages: the phone check-in, planned leave, the live absence board, the settings.
use super::absence::STATUSES;
use super::forms::{CheckinTap, PlanForm, SettingsInput};
use super::{repo, service, views};
use crate::auth::roles::{AnyMember, CrisisLeads, Overseers};
use crate::auth::{Authorized, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

async fn checkin_page(
    state: &AppState,
    user: &Authorized<AnyMember>,
    ctx: &PageCtx,
    plan: &PlanForm,
    kept: Option<&CheckinTap>,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let today = service::today(state, &user.org.time_zone);
    let mine = repo::of_person(
        &state.db,
        user.org_id(),
        user.user_id(),
        today,
        today + chrono::Duration::days(366),
    )
    .await?;
    let todays = mine.iter().find(|c| c.day == today).cloned();
    let planned: Vec<_> = mine.into_iter().filter(|c| c.day > today).collect();
    let news = crate::dashboard::today::staff_news(state, user.org_id(), ctx).await?;
    let day = views::MyDay {
        today,
        todays: todays.as_ref(),
        planned: &planned,
        news,
    };
    Ok(html_status(
        status,
        views::checkin_page(ctx, &day, plan, kept, errors),
    ))
}

#[get("/checkin")]
pub async fn checkin_form(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    checkin_page(
        &state,
        &user,
        &ctx,
        &PlanForm {
            plan_status: "leave".into(),
            ..Default::default()
        },
        None,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

/// Today's check-in of one person, if there is one.
async fn todays(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    person: i32,
) -> AppResult<Option<crate::entities::staff_checkin::Model>> {
    let today = service::today(state, &user.org.time_zone);
    Ok(
        repo::of_person(&state.db, user.org_id(), person, today, today)
            .await?
            .into_iter()
            .find(|c| c.day == today),
    )
}

/// Applies one control's change to today's check-in.
async fn tap(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    person: i32,
    tap: &CheckinTap,
) -> AppResult<()> {
    let (input, errors) = tap.merged(todays(state, user, person).await?.as_ref());
    errors.into_result()?;
    service::check_in(state, user, person, &input).await?;
    Ok(())
}

/// One tap: a status, or how you feel, or a note; each changes only its own part.
#[post("/checkin")]
pub async fn check_in(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<CheckinTap>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match tap(&state, &user, user.user_id(), &form).await {
        Ok(_) => Ok(see_other("/checkin")),
        Err(AppError::Validation(errors)) => {
            checkin_page(
                &state,
                &user,
                &ctx,
                &PlanForm::default(),
                Some(&form),
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// Leave or other absence entered ahead of the day.
#[post("/checkin/plan")]
pub async fn plan_absence(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<PlanForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let mut errors = FieldErrors::default();
    if form.plan_day.trim().is_empty() {
        errors.add("day", "required", "This field is required.");
    }
    let result = if errors.is_empty() {
        service::check_in(&state, &user, user.user_id(), &form.input())
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(errors))
    };
    match result {
        Ok(()) => Ok(see_other("/checkin#planned")),
        Err(AppError::Validation(errors)) => {
            checkin_page(
                &state,
                &user,
                &ctx,
                &form,
                None,
                &PlanForm::errors(errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn board_data(state: &AppState, user: &crate::auth::CurrentUser) -> AppResult<views::Board> {
    let today = service::today(state, &user.org.time_zone);
    let absence = repo::absence(&state.db, user.org_id(), today).await?;
    let settings = repo::settings(&state.db, user.org_id()).await?;
    let volumes = repo::volumes(&state.db, user.org_id(), today).await?;
    let is_lead = user.roles.has(Role::CrisisLead);
    // Names with statuses are for the crisis lead only.
    let people = if is_lead {
        let expected = repo::headcount(&state.db, user.org_id()).await?;
        let members = crate::orgs::members::list(&state.db, user.org_id()).await?;
        let checkins = repo::for_day(&state.db, user.org_id(), today).await?;
        members
            .into_iter()
            .filter(|m| expected.iter().any(|e| e.user_id == m.user.id))
            .map(|m| {
                let c = checkins.iter().find(|c| c.user_id == m.user.id).cloned();
                (m, c)
            })
            .collect()
    } else {
        vec![]
    };
    Ok(views::Board {
        today,
        workload: volumes
            .as_ref()
            .and_then(|v| service::workload_of(v, &settings)),
        absence,
        people,
        is_lead,
        in_crisis_group: user
            .roles
            .any(<crate::auth::roles::CrisisGroup as crate::auth::roles::Policy>::ROLES),
    })
}

#[get("/checkins")]
pub async fn board(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let data = board_data(&state, &user).await?;
    Ok(html_status(StatusCode::OK, views::board_page(&ctx, &data)))
}

/// The board's live part alone, for the page's script to refresh without a reload.
#[get("/checkins/live")]
pub async fn board_live(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let data = board_data(&state, &user).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(views::board_live(&ctx, &data).into_string()))
}

/// A crisis lead records someone's status for them (they called in sick, say).
#[post("/checkins/people/{user_id}")]
pub async fn record_for(
    user: Authorized<CrisisLeads>,
    state: web::Data<AppState>,
    user_id: web::Path<i32>,
    form: HtmlForm<CheckinTap>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    // A stray Save must not mark anyone present: the status is chosen, never assumed.
    if form.status.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return Err(AppError::Validation(FieldErrors::single(
            "status",
            "one_of",
            "Choose one of the options in the list.",
        )));
    }
    tap(&state, &user, *user_id, &form).await?;
    Ok(see_other("/checkins#people"))
}

#[get("/checkins/settings")]
pub async fn settings_form(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let s = repo::settings(&state.db, user.org_id()).await?;
    let form = SettingsInput {
        normal_calls: s.normal_calls,
        normal_mails: s.normal_mails,
        normal_chats: s.normal_chats,
        normal_web_visits: s.normal_web_visits,
        reminder_time: s.reminder_time,
        meeting_time: s.meeting_time,
        meeting_minutes: Some(s.meeting_minutes),
        meeting_place: s.meeting_place,
        wellbeing_call_days: Some(s.wellbeing_call_days),
        version: Some(s.version),
    };
    let feed = super::calendar::feed_url(&state, &user.org);
    Ok(html_status(
        StatusCode::OK,
        views::settings_page(&ctx, &form, &feed, &FieldErrors::default(), false),
    ))
}

#[post("/checkins/settings")]
pub async fn save_settings(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<SettingsInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    let feed = super::calendar::feed_url(&state, &user.org);
    match service::update_settings(&state, &user, form.clone()).await {
        Ok(_) => Ok(see_other("/checkins/settings")),
        Err(AppError::Validation(e)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::settings_page(&ctx, &form, &feed, &e, false),
        )),
        Err(AppError::Conflict(_)) => {
            form.version = Some(repo::settings(&state.db, user.org_id()).await?.version);
            Ok(html_status(
                StatusCode::CONFLICT,
                views::settings_page(&ctx, &form, &feed, &FieldErrors::default(), true),
            ))
        }
        Err(e) => Err(e),
    }
}

pub fn statuses() -> &'static [&'static str] {
    STATUSES
}
