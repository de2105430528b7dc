//! `/exercises`: the history and start form, one exercise, its review.
use super::forms::{
    parse_injects, ExerciseLevelInput, ExercisePublishInput, LessonInput, ReviewInput, StartInput,
};
use super::views::{self, Kept};
use super::{repo, review, running, service};
use crate::auth::roles::{CommunicationEditors, CrisisGroup};
use crate::auth::{Authorized, CurrentUser, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::log::forms::LogInput;
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use serde::Deserialize;

/// The start form as the page sends it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StartRows {
    pub scenario_id: String,
    pub title: String,
    pub participants: Vec<String>,
    /// One a line: `+20 text` or `09:40 text`.
    pub injects: String,
}

/// The review form: parallel lists, one row a lesson; blank rows are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewRows {
    pub worked: String,
    pub did_not_work: String,
    pub lesson_text: Vec<String>,
    pub lesson_kind: Vec<String>,
    pub lesson_area: Vec<String>,
    pub lesson_owner: Vec<String>,
    pub lesson_due: Vec<String>,
    pub version: Option<i32>,
}

impl ReviewRows {
    fn input(&self) -> ReviewInput {
        let at =
            |v: &Vec<String>, i: usize| v.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
        let lessons = (0..self.lesson_text.len())
            .filter(|i| !at(&self.lesson_text, *i).is_empty())
            .map(|i| LessonInput {
                text: at(&self.lesson_text, i),
                kind: at(&self.lesson_kind, i),
                area: at(&self.lesson_area, i),
                owner_user_id: at(&self.lesson_owner, i).parse().ok(),
                due_date: Some(at(&self.lesson_due, i)).filter(|d| !d.is_empty()),
            })
            .collect();
        ReviewInput {
            worked: self.worked.clone(),
            did_not_work: self.did_not_work.clone(),
            lessons,
            version: self.version,
        }
    }
}

fn leads(user: &CurrentUser) -> bool {
    user.roles.any(&[Role::CrisisLead, Role::CrisisMember])
}

async fn render_list(
    ctx: &PageCtx,
    state: &AppState,
    user: &CurrentUser,
    form: &StartRows,
    errors: &FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let exercises = repo::list(&state.read, user.org_id(), None).await?;
    let scenarios = crate::scenarios::repo::list(&state.read, user.org_id()).await?;
    let people = crate::orgs::members::list(&state.read, user.org_id()).await?;
    let body = views::list_page(
        ctx,
        &views::ListPage {
            exercises: &exercises,
            scenarios: &scenarios,
            people: &people,
            may_start: leads(user),
            errors,
            form,
        },
    );
    Ok(html_status(status, body))
}

#[get("/exercises")]
pub async fn list_page(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let form = StartRows::default();
    render_list(
        &ctx,
        &state,
        &user,
        &form,
        &FieldErrors::default(),
        StatusCode::OK,
    )
    .await
}

#[post("/exercises")]
pub async fn start(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<StartRows>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let mut errors = FieldErrors::default();
    let mut participants = vec![];
    for p in &form.participants {
        match p.trim().parse::<i32>() {
            Ok(id) => participants.push(id),
            Err(_) => errors.add(
                "participants",
                "unknown_person",
                "Choose an active member of the organisation.",
            ),
        }
    }
    let input = StartInput {
        scenario_id: form.scenario_id.trim().parse().ok(),
        title: form.title.clone(),
        participants,
        injects: parse_injects(&form.injects, state.clock.now(), &user.org.time_zone),
    };
    let result = if errors.is_empty() {
        service::start(&state, &user, &input).await
    } else {
        Err(AppError::Validation(errors))
    };
    match result {
        Ok(e) => Ok(see_other(&format!("/exercises/{}", e.id))),
        Err(AppError::Validation(mut errors)) => {
            // The page has one field for every inject and one for the participants.
            for e in errors.0.iter_mut() {
                for list in ["injects", "participants"] {
                    if e.field.starts_with(&format!("{list}[")) {
                        e.field = list.into();
                    }
                }
            }
            render_list(
                &ctx,
                &state,
                &user,
                &form,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn render(
    ctx: &PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    errors: &FieldErrors,
    kept: &Kept,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let org_id = user.org_id();
    let e = repo::get(&state.db, org_id, id).await?;
    let scenario = crate::scenarios::repo::get(&state.db, org_id, e.scenario_id).await?;
    let levels = crate::scenarios::repo::levels(&state.db, org_id, e.scenario_id).await?;
    let entries = repo::entries(&state.db, &e).await?;
    let injects = repo::injects(&state.db, &e).await?;
    let lessons = repo::lessons(&state.db, &e).await?;
    let people = crate::orgs::members::list(&state.read, org_id).await?;
    let mut rollcalls = vec![];
    for rc in repo::rollcalls(&state.db, &e).await? {
        let (answered, total) = crate::rollcall::status::answered_of(&state.db, rc.id).await?;
        rollcalls.push((rc, answered, total));
    }
    let (timeline, injects_to_come) = super::timeline(&e, &entries, &injects, state.clock.now());
    let body = views::exercise_page(
        ctx,
        &views::ExercisePage {
            exercise: &e,
            scenario: &scenario,
            levels: &levels,
            timeline: &timeline,
            injects_to_come,
            lessons: &lessons,
            rollcalls: &rollcalls,
            people: &people,
            leads: leads(user),
            errors,
            kept,
        },
    );
    Ok(html_status(status, body))
}

#[get("/exercises/{id}")]
pub async fn exercise_page(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    render(
        &ctx,
        &state,
        &user,
        *id,
        &FieldErrors::default(),
        &Kept::default(),
        StatusCode::OK,
    )
    .await
}

/// After a form: back to the exercise, or the exercise again with the refused input.
async fn after(
    ctx: &PageCtx,
    state: &AppState,
    user: &CurrentUser,
    id: i32,
    result: AppResult<()>,
    kept: Kept,
) -> AppResult<HttpResponse> {
    match result {
        Ok(()) => Ok(see_other(&format!("/exercises/{id}"))),
        Err(AppError::Validation(errors)) => {
            render(
                ctx,
                state,
                user,
                id,
                &errors,
                &kept,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LevelForm {
    pub level_id: String,
}

#[post("/exercises/{id}/level")]
pub async fn set_level(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<LevelForm>,
) -> AppResult<HttpResponse> {
    let input = ExerciseLevelInput {
        level_id: form.0.level_id.trim().parse().ok(),
    };
    let r = running::set_level(&state, &user, *id, &input)
        .await
        .map(|_| ());
    after(&ctx, &state, &user, *id, r, Kept::default()).await
}

#[post("/exercises/{id}/log")]
pub async fn write_log(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<LogInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let r = running::write(&state, &user, *id, &form).await.map(|_| ());
    let kept = Kept {
        log: form,
        ..Default::default()
    };
    after(&ctx, &state, &user, *id, r, kept).await
}

#[post("/exercises/{id}/publish")]
pub async fn publish(
    user: Authorized<CommunicationEditors>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ExercisePublishInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let r = running::publish(&state, &user, *id, &form)
        .await
        .map(|_| ());
    let kept = Kept {
        publish: form,
        ..Default::default()
    };
    after(&ctx, &state, &user, *id, r, kept).await
}

#[post("/exercises/{id}/rollcall")]
pub async fn rollcall(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<crate::rollcall::forms::StartInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let r = running::rollcall(&state, &user, *id, &form)
        .await
        .map(|_| ());
    let kept = Kept {
        rollcall: form,
        ..Default::default()
    };
    after(&ctx, &state, &user, *id, r, kept).await
}

#[post("/exercises/{id}/end")]
pub async fn end(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    service::end(&state, &user, *id).await?;
    Ok(see_other(&format!("/exercises/{id}#review")))
}

#[post("/exercises/{id}/review")]
pub async fn save_review(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ReviewRows>,
) -> AppResult<HttpResponse> {
    let input = form.0.input();
    let r = review::review(&state, &user, *id, &input).await.map(|_| ());
    let kept = Kept {
        review: Some(input),
        ..Default::default()
    };
    after(&ctx, &state, &user, *id, r, kept).await
}
