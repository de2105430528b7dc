//! Pages: the register with its risk matrix, a scenario with its ladder, level and history.
use super::forms::{LadderInput, LadderRows, ManualLevelInput, ScenarioInput};
use super::{levels, repo, standard, views};
use crate::audit::Actor;
use crate::auth::roles::{AnyMember, CrisisGroup, CrisisLeads};
use crate::auth::{Authorized, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

#[get("/plan")]
pub async fn register(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let scenarios = repo::list(&state.db, user.org_id()).await?;
    let levels = repo::all_levels(&state.db, user.org_id()).await?;
    let actions = crate::plans::repo::all(&state.db, user.org_id()).await?;
    let can_edit = user.roles.any(&[Role::CrisisLead, Role::CrisisMember]);
    let now = state.clock.now();
    let tasks = crate::tasks::repo::list(&state.db, user.org_id()).await?;
    let mut past_tolerance = std::collections::HashMap::new();
    for s in scenarios.iter().filter(|s| s.current_level_id.is_some()) {
        let since = crate::scenarios::levels::in_force_since(&state.db, s).await?;
        let ranked = crate::tasks::ranking::rank(&s.kind, &tasks);
        past_tolerance.insert(s.id, crate::tasks::impact::past(&ranked, since, now));
    }
    let facts = views::RegisterFacts {
        last_exercised: crate::exercises::repo::last_exercised(&state.db, user.org_id()).await?,
        past_tolerance,
        now,
    };
    Ok(html_status(
        StatusCode::OK,
        views::register_page(&ctx, &scenarios, &levels, &actions, &facts, can_edit),
    ))
}

#[post("/plan/standard")]
pub async fn add_standard(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let lang = Lang::parse(&user.org.default_language).unwrap_or(Lang::En);
    standard::add_standard_scenarios(&state.db, user.org_id(), lang, &Actor::from(&user.0)).await?;
    Ok(see_other("/plan"))
}

async fn form_page(
    state: &AppState,
    ctx: &PageCtx,
    org_id: i32,
    id: Option<i32>,
    form: &ScenarioInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let people = crate::orgs::members::list(&state.db, org_id).await?;
    let queues = crate::capacity::repo::list(&state.db, org_id).await?;
    Ok(html_status(
        status,
        views::scenario_form(
            ctx,
            id,
            form,
            &people,
            &queues,
            errors,
            status == StatusCode::CONFLICT,
        ),
    ))
}

#[get("/plan/scenarios/new")]
pub async fn new_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let form = ScenarioInput {
        metric: "absence".into(),
        kind: "custom".into(),
        status: "monitoring".into(),
        probability: Some(3),
        consequence: Some(3),
        hysteresis_margin: Some(repo::DEFAULT_MARGIN),
        ..Default::default()
    };
    form_page(
        &state,
        &ctx,
        user.org_id(),
        None,
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/plan/scenarios/new")]
pub async fn create(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<ScenarioInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match repo::create(&state.db, &user, form.clone()).await {
        Ok(s) => Ok(see_other(&format!("/plan/scenarios/{}/ladder", s.id))),
        Err(AppError::Validation(e)) => {
            form_page(
                &state,
                &ctx,
                user.org_id(),
                None,
                &form,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/plan/scenarios/{id}")]
pub async fn show(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    detail(
        &state,
        &user,
        &ctx,
        *id,
        &ManualLevelInput::default(),
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

async fn detail(
    state: &AppState,
    user: &Authorized<AnyMember>,
    ctx: &PageCtx,
    id: i32,
    manual: &ManualLevelInput,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let org_id = user.org_id();
    let s = repo::get(&state.db, org_id, id).await?;
    let data = views::Detail {
        levels: repo::levels(&state.db, org_id, id).await?,
        actions: crate::plans::repo::for_scenario(&state.db, org_id, id).await?,
        history: levels::history(&state.db, org_id, id, 20).await?,
        people: crate::orgs::members::list(&state.db, org_id).await?,
        today: crate::plans::api::org_today(&user.org.time_zone),
        can_edit: user.roles.any(&[Role::CrisisLead, Role::CrisisMember]),
        is_lead: user.roles.has(Role::CrisisLead),
        exercises: if user
            .roles
            .any(<crate::auth::roles::CommunicationEditors as crate::auth::roles::Policy>::ROLES)
        {
            Some(crate::exercises::repo::list(&state.db, org_id, Some(id)).await?)
        } else {
            None
        },
        scenario: s,
    };
    Ok(html_status(
        status,
        views::detail_page(ctx, &data, manual, errors),
    ))
}

#[get("/plan/scenarios/{id}/edit")]
pub async fn edit_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let s = repo::get(&state.db, user.org_id(), *id).await?;
    let form = ScenarioInput {
        kind: s.kind,
        title: s.title,
        description: s.description,
        probability: Some(s.probability),
        consequence: Some(s.consequence),
        owner_user_id: s.owner_user_id,
        status: s.status,
        metric: s.metric,
        hysteresis_margin: Some(s.hysteresis_margin),
        queue_id: s.queue_id,
        version: Some(s.version),
    };
    form_page(
        &state,
        &ctx,
        user.org_id(),
        Some(*id),
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/plan/scenarios/{id}/edit")]
pub async fn update(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ScenarioInput>,
) -> AppResult<HttpResponse> {
    let mut form = form.into_inner();
    match repo::update(&state.db, &user, *id, form.clone()).await {
        Ok(_) => {
            crate::rollcall::levels::launch_pending(&state).await?;
            Ok(see_other(&format!("/plan/scenarios/{id}")))
        }
        Err(AppError::Validation(e)) => {
            form_page(
                &state,
                &ctx,
                user.org_id(),
                Some(*id),
                &form,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(AppError::Conflict(_)) => {
            // Keep what they typed; saving again now knowingly replaces the newer version.
            form.version = Some(repo::get(&state.db, user.org_id(), *id).await?.version);
            form_page(
                &state,
                &ctx,
                user.org_id(),
                Some(*id),
                &form,
                &FieldErrors::default(),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/plan/scenarios/{id}/ladder")]
pub async fn ladder_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let s = repo::get(&state.db, user.org_id(), *id).await?;
    let levels = repo::levels(&state.db, user.org_id(), *id).await?;
    let ladder = LadderInput {
        levels: levels
            .into_iter()
            .map(|l| super::forms::LevelInput {
                id: Some(l.id),
                name: l.name,
                trigger_value: Some(l.trigger_value),
                description: l.description,
                start_rollcall: l.start_rollcall,
                rollcall_message: l.rollcall_message,
                holding_question: Some(l.holding_question),
                holding_answer: Some(l.holding_answer),
                report_every_hours: l.report_every_hours,
            })
            .collect(),
    };
    let margin = s.hysteresis_margin.to_string();
    Ok(html_status(
        StatusCode::OK,
        views::ladder_page(
            &ctx,
            &s,
            &ladder,
            &margin,
            s.version,
            &FieldErrors::default(),
            false,
        ),
    ))
}

#[post("/plan/scenarios/{id}/ladder")]
pub async fn save_ladder(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<LadderRows>,
) -> AppResult<HttpResponse> {
    let rows = form.into_inner();
    let s = repo::get(&state.db, user.org_id(), *id).await?;
    let ladder = LadderInput::from_rows(&rows)?;
    let margin_text = rows.hysteresis_margin.clone().unwrap_or_default();
    let margin = margin_text.trim().replace(',', ".");
    let (margin, mut margin_errors) = match margin.as_str() {
        "" => (None, FieldErrors::default()),
        m => match m.parse::<f64>() {
            Ok(v) => (Some(v), FieldErrors::default()),
            Err(_) => (
                None,
                FieldErrors::single("hysteresis_margin", "number", "Enter a number."),
            ),
        },
    };
    let version = rows.version.as_deref().and_then(|v| v.parse().ok());
    let result = if margin_errors.is_empty() {
        repo::replace_ladder(&state.db, &user, *id, ladder.clone(), margin, version)
            .await
            .map(|_| ())
    } else {
        Err(AppError::Validation(std::mem::take(&mut margin_errors)))
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/plan/scenarios/{id}"))),
        Err(AppError::Validation(e)) => Ok(html_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            views::ladder_page(
                &ctx,
                &s,
                &ladder,
                &margin_text,
                version.unwrap_or(s.version),
                &e,
                false,
            ),
        )),
        Err(AppError::Conflict(_)) => Ok(html_status(
            StatusCode::CONFLICT,
            views::ladder_page(
                &ctx,
                &s,
                &ladder,
                &margin_text,
                s.version,
                &FieldErrors::default(),
                true,
            ),
        )),
        Err(e) => Err(e),
    }
}

#[post("/plan/scenarios/{id}/level")]
pub async fn set_level(
    lead: Authorized<CrisisLeads>,
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ManualLevelInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match levels::set_by_hand(&state.db, &lead, *id, form.clone()).await {
        Ok(_) => Ok(see_other(&format!("/plan/scenarios/{id}"))),
        Err(AppError::Validation(e)) => {
            detail(
                &state,
                &user,
                &ctx,
                *id,
                &form,
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize)]
pub struct DismissForm {
    pub change_id: i32,
    pub return_to: Option<String>,
}

/// Hides one level change from the banner in this browser for a day (as long as the banner
/// would show it); the change itself stays in the level history and the crisis log.
#[post("/banner/dismiss")]
pub async fn dismiss_banner(
    _user: Authorized<AnyMember>,
    req: actix_web::HttpRequest,
    form: HtmlForm<DismissForm>,
) -> AppResult<HttpResponse> {
    use crate::ui::ctx::{dismissed, DISMISSED_COOKIE};
    use actix_web::cookie::{Cookie, SameSite};
    let mut ids = dismissed(&req);
    if !ids.contains(&form.0.change_id) {
        ids.push(form.0.change_id);
    }
    // Only the newest few matter: the banner shows one change per scenario.
    let keep = ids.len().saturating_sub(20);
    let value = ids[keep..]
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(".");
    let mut res = see_other(&crate::ui::safe_next(form.0.return_to.as_deref()));
    let cookie = Cookie::build(DISMISSED_COOKIE, value)
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(actix_web::cookie::time::Duration::hours(24))
        .finish();
    let _ = res.add_cookie(&cookie);
    Ok(res)
}
