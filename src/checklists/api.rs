//! `/api/v1/checklists`, `/me/checklists`, `/readiness`.
use super::logic::Standing;
use super::service::{self, AssignInput, Readiness, TemplateInput};
use crate::audit::Actor;
use crate::auth::roles::{AnyMember, CrisisGroup, Overseers};
use crate::auth::{Authorized, Role};
use crate::entities::{checklist_item, checklist_template};
use crate::error::{AppError, AppResult, Problem};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct ItemOut {
    pub id: i32,
    pub kind: String,
    pub question: String,
    pub help: String,
    pub options: Vec<String>,
    pub blocks_on: String,
}

impl From<checklist_item::Model> for ItemOut {
    fn from(i: checklist_item::Model) -> Self {
        ItemOut {
            id: i.id,
            options: i
                .options
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            kind: i.kind,
            question: i.question,
            help: i.help,
            blocks_on: i.blocks_on,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ChecklistOut {
    pub family: String,
    pub version: i32,
    pub title: String,
    pub description: String,
    pub items: Vec<ItemOut>,
}

impl ChecklistOut {
    fn new(t: checklist_template::Model, items: Vec<checklist_item::Model>) -> Self {
        ChecklistOut {
            family: t.family,
            version: t.version,
            title: t.title,
            description: t.description,
            items: items.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MyChecklistOut {
    pub checklist: ChecklistOut,
    pub due_date: Option<NaiveDate>,
    /// The version the person's latest answers belong to.
    pub answered_version: Option<i32>,
    pub submitted: bool,
    /// Answers on the current version, by item id.
    pub answers: Vec<AnswerOut>,
    /// `ready`, `blocked` or `unfinished`.
    pub standing: String,
    pub left: usize,
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct AnswerOut {
    pub item_id: i32,
    pub value: String,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(default)]
pub struct AnswersIn {
    pub answers: Vec<AnswerOut>,
    /// True to hand the checklist in (every yes/no, choice and number question answered).
    pub submit: bool,
}

#[derive(Serialize, ToSchema)]
pub struct StandingOut {
    /// `ready`, `blocked` or `unfinished`.
    pub standing: String,
    pub blocking_items: Vec<i32>,
    pub left: usize,
}

fn standing_out(s: &Standing) -> StandingOut {
    match s {
        Standing::Ready => StandingOut {
            standing: "ready".into(),
            blocking_items: vec![],
            left: 0,
        },
        Standing::Blocked(ids) => StandingOut {
            standing: "blocked".into(),
            blocking_items: ids.clone(),
            left: 0,
        },
        Standing::Unfinished { left } => StandingOut {
            standing: "unfinished".into(),
            blocking_items: vec![],
            left: *left,
        },
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FamilyQuery {
    /// The checklist family (default `home-working`).
    pub family: Option<String>,
}

#[utoipa::path(responses((status = 200, body = Vec<ChecklistOut>)), tag = "checklists", security(("bearer" = [])))]
#[get("/checklists")]
pub async fn list_checklists(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<ChecklistOut>>> {
    let mut out = vec![];
    for t in service::families(&state.db, user.org_id()).await? {
        let items = service::items_of(&state.db, t.id).await?;
        out.push(ChecklistOut::new(t, items));
    }
    Ok(web::Json(out))
}

/// Adds the standard home-working checklist (once), in the organisation's language.
#[utoipa::path(operation_id = "add_standard_checklist", responses((status = 200, body = ChecklistOut)), tag = "checklists", security(("bearer" = [])))]
#[post("/checklists/standard")]
pub async fn add_standard(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<ChecklistOut>> {
    let lang = Lang::parse(&user.org.default_language).unwrap_or(Lang::En);
    service::add_standard(&state.db, user.org_id(), lang, &Actor::from(&user.0)).await?;
    let (t, items) = service::current(&state.db, user.org_id(), service::STANDARD_FAMILY)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(web::Json(ChecklistOut::new(t, items)))
}

#[utoipa::path(params(("family" = String, Path)), responses((status = 200, body = ChecklistOut), (status = 404, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[get("/checklists/{family}")]
pub async fn get_checklist(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    family: web::Path<String>,
) -> AppResult<web::Json<ChecklistOut>> {
    let (t, items) = service::current(&state.db, user.org_id(), &family)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(web::Json(ChecklistOut::new(t, items)))
}

/// Writes a new version of a checklist (or the first). Answers keep the version they answered.
#[utoipa::path(params(("family" = String, Path)), request_body = TemplateInput, responses((status = 200, body = ChecklistOut), (status = 422, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[put("/checklists/{family}")]
pub async fn put_checklist(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    family: web::Path<String>,
    body: crate::api_json::ApiJson<TemplateInput>,
) -> AppResult<web::Json<ChecklistOut>> {
    let valid = !family.is_empty()
        && family.len() <= 60
        && family
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !valid {
        return Err(AppError::Validation(crate::error::FieldErrors::single(
            "family",
            "slug",
            "Use lower-case letters, digits and dashes.",
        )));
    }
    let t = service::new_version(
        &state.db,
        user.org_id(),
        &family,
        &body,
        &Actor::from(&user.0),
    )
    .await?;
    let items = service::items_of(&state.db, t.id).await?;
    Ok(web::Json(ChecklistOut::new(t, items)))
}

/// Assign a checklist to all staff or one team, with a due date.
#[utoipa::path(params(("family" = String, Path)), request_body = AssignInput, responses((status = 204), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[post("/checklists/{family}/assignments")]
pub async fn assign(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    family: web::Path<String>,
    body: crate::api_json::ApiJson<AssignInput>,
) -> AppResult<HttpResponse> {
    service::assign(&state.db, &user, &family, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Your checklist: the current version, your answers, what is left and whether you could work from home.
#[utoipa::path(params(("family" = String, Path)), responses((status = 200, body = MyChecklistOut), (status = 404, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[get("/me/checklists/{family}")]
pub async fn my_checklist(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    family: web::Path<String>,
) -> AppResult<web::Json<MyChecklistOut>> {
    let (t, items) = service::current(&state.db, user.org_id(), &family)
        .await?
        .ok_or(AppError::NotFound)?;
    let assigned = service::assignments(&state.db, user.org_id(), &family).await?;
    let latest =
        service::latest_response(&state.db, user.org_id(), user.user_id(), &family).await?;
    let on_current = latest.as_ref().filter(|(r, _)| r.template_id == t.id);
    let answers = on_current.map(|(_, a)| a.clone()).unwrap_or_default();
    let submitted = on_current.is_some_and(|(r, _)| r.submitted_at.is_some());
    let s = standing_out(&super::logic::standing(&items, &answers, submitted));
    let answered_version = match &latest {
        Some((r, _)) if r.template_id == t.id => Some(t.version),
        Some((r, _)) => checklist_template::Entity::find_by_id(r.template_id)
            .one(&state.db)
            .await?
            .map(|x| x.version),
        None => None,
    };
    use sea_orm::EntityTrait;
    Ok(web::Json(MyChecklistOut {
        due_date: service::due_for(&assigned, user.membership.team_id),
        answered_version,
        submitted,
        answers: answers
            .into_iter()
            .map(|(item_id, value)| AnswerOut { item_id, value })
            .collect(),
        standing: s.standing,
        left: s.left,
        checklist: ChecklistOut::new(t, items),
    }))
}

/// Save some answers (and optionally hand in): stop any time and come back.
#[utoipa::path(params(("family" = String, Path)), request_body = AnswersIn, responses((status = 200, body = StandingOut), (status = 422, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[put("/me/checklists/{family}")]
pub async fn answer(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    family: web::Path<String>,
    body: crate::api_json::ApiJson<AnswersIn>,
) -> AppResult<web::Json<StandingOut>> {
    let answers: Vec<(i32, String)> = body
        .answers
        .iter()
        .map(|a| (a.item_id, a.value.clone()))
        .collect();
    let s = service::answer(&state.db, &user, &family, &answers, body.submit).await?;
    Ok(web::Json(standing_out(&s)))
}

/// Who could work from home today, per team; blockers grouped by item (names for the crisis lead).
#[utoipa::path(params(FamilyQuery), responses((status = 200, body = Readiness)), tag = "checklists", security(("bearer" = [])))]
#[get("/readiness")]
pub async fn readiness(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    q: web::Query<FamilyQuery>,
) -> AppResult<web::Json<Readiness>> {
    let family = q
        .family
        .clone()
        .unwrap_or_else(|| service::STANDARD_FAMILY.into());
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(
        service::readiness(
            &state.db,
            user.org_id(),
            &family,
            today,
            user.roles.has(Role::CrisisLead),
        )
        .await?,
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_checklists)
        .service(add_standard)
        .service(get_checklist)
        .service(put_checklist)
        .service(assign)
        .service(my_checklist)
        .service(answer)
        .service(readiness)
        .service(super::testers::list_api)
        .service(super::testers::set_api)
        .service(super::testers::log_api);
}
