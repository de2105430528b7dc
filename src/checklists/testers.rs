//! Designated home-working testers: who tests working from home, how often, what they found,
//! and when the next test is due.
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::roles::{AnyMember, CrisisGroup, Overseers, Policy};
use crate::auth::{Authorized, CurrentUser};
use crate::entities::{home_test, home_tester};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::state::AppState;
use crate::ui::{see_other, HtmlForm};
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const RESULTS: &[&str] = &["ok", "problems", "failed"];

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TesterInput {
    /// How often they test, in days (1–90).
    pub interval_days: Option<i32>,
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TestInput {
    /// `YYYY-MM-DD`; today when left out.
    pub tested_on: Option<String>,
    /// `ok`, `problems` or `failed`.
    pub result: String,
    pub problems: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TesterOut {
    pub user_id: i32,
    pub name: String,
    pub interval_days: i32,
    pub active: bool,
    pub last_tested_on: Option<NaiveDate>,
    pub last_result: Option<String>,
    pub last_problems: Option<String>,
    /// The last test plus the interval; today when never tested.
    pub next_due: NaiveDate,
    pub due: bool,
}

/// The next test is due one interval after the last; a tester who never tested is due now.
pub fn next_due(last: Option<NaiveDate>, interval_days: i32, today: NaiveDate) -> NaiveDate {
    last.map(|d| d + Duration::days(interval_days as i64))
        .unwrap_or(today)
}

pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i32,
    today: NaiveDate,
) -> AppResult<Vec<TesterOut>> {
    let members = crate::orgs::members::list(db, org_id).await?;
    let testers = home_tester::Entity::find()
        .filter(home_tester::Column::OrganisationId.eq(org_id))
        .all(db)
        .await?;
    let mut out = vec![];
    for t in testers {
        let last = home_test::Entity::find()
            .filter(home_test::Column::OrganisationId.eq(org_id))
            .filter(home_test::Column::UserId.eq(t.user_id))
            .order_by_desc(home_test::Column::TestedOn)
            .order_by_desc(home_test::Column::Id)
            .one(db)
            .await?;
        let due_on = next_due(last.as_ref().map(|l| l.tested_on), t.interval_days, today);
        out.push(TesterOut {
            user_id: t.user_id,
            name: members
                .iter()
                .find(|m| m.user.id == t.user_id)
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default(),
            interval_days: t.interval_days,
            active: t.active,
            last_tested_on: last.as_ref().map(|l| l.tested_on),
            last_result: last.as_ref().map(|l| l.result.clone()),
            last_problems: last.map(|l| l.problems),
            next_due: due_on,
            due: t.active && due_on <= today,
        });
    }
    out.sort_by(|a, b| {
        a.next_due
            .cmp(&b.next_due)
            .then_with(|| a.name.cmp(&b.name))
    });
    Ok(out)
}

/// Whether this person is an active tester whose next test is due (for the reminder banner).
pub async fn due_for(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    today: NaiveDate,
) -> AppResult<bool> {
    let Some(t) = home_tester::Entity::find()
        .filter(home_tester::Column::OrganisationId.eq(org_id))
        .filter(home_tester::Column::UserId.eq(user_id))
        .filter(home_tester::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(false);
    };
    let last = home_test::Entity::find()
        .filter(home_test::Column::OrganisationId.eq(org_id))
        .filter(home_test::Column::UserId.eq(user_id))
        .order_by_desc(home_test::Column::TestedOn)
        .one(db)
        .await?;
    Ok(next_due(last.map(|l| l.tested_on), t.interval_days, today) <= today)
}

pub async fn set_tester(
    state: &AppState,
    actor: &CurrentUser,
    user_id: i32,
    input: &TesterInput,
) -> AppResult<()> {
    let org_id = actor.org_id();
    // The person is named by the address: one who is not an active member is not found.
    let mut unknown = FieldErrors::default();
    crate::scenarios::repo::check_person(&state.db, org_id, "user_id", Some(user_id), &mut unknown)
        .await?;
    if !unknown.is_empty() {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::default();
    let interval = input.interval_days.unwrap_or(14);
    if !(1..=90).contains(&interval) {
        errors.add_with(
            "interval_days",
            "range",
            "Use a value between 1 and 90.",
            &[("min", "1"), ("max", "90")],
        );
    }
    errors.into_result()?;
    let now = Utc::now();
    let txn = state.db.begin().await?;
    home_tester::Entity::insert(home_tester::ActiveModel {
        organisation_id: Set(org_id),
        user_id: Set(user_id),
        interval_days: Set(interval),
        active: Set(input.active.unwrap_or(true)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            home_tester::Column::OrganisationId,
            home_tester::Column::UserId,
        ])
        .update_columns([
            home_tester::Column::IntervalDays,
            home_tester::Column::Active,
            home_tester::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    audit::record(&txn, &Actor::from(actor), Change {
        organisation_id: Some(org_id),
        entity: "home_tester",
        entity_id: user_id.to_string(),
        action: "set",
        before: None,
        after: Some(serde_json::json!({ "interval_days": interval, "active": input.active.unwrap_or(true) })),
    })
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A tester logs their own test; the crisis group may log it for them.
pub async fn log_test(
    state: &AppState,
    actor: &CurrentUser,
    user_id: i32,
    input: &TestInput,
) -> AppResult<home_test::Model> {
    let org_id = actor.org_id();
    if user_id != actor.user_id() && !actor.roles.any(CrisisGroup::ROLES) {
        return Err(AppError::Forbidden);
    }
    home_tester::Entity::find()
        .filter(home_tester::Column::OrganisationId.eq(org_id))
        .filter(home_tester::Column::UserId.eq(user_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = crate::checkins::service::today(state, &actor.org.time_zone);
    let mut errors = FieldErrors::default();
    crate::scenarios::vocab::check_one_of(&mut errors, "result", &input.result, RESULTS);
    let day = match input
        .tested_on
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        None => today,
        Some(d) => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(day) if day <= today => day,
            Ok(day) => {
                errors.add(
                    "tested_on",
                    "future",
                    "A test cannot be logged ahead of time.",
                );
                day
            }
            Err(_) => {
                errors.add("tested_on", "date", "Enter a date as YYYY-MM-DD.");
                today
            }
        },
    };
    if input.result != "ok" && input.problems.trim().is_empty() {
        errors.add("problems", "required", "Say what went wrong.");
    }
    if input.problems.chars().count() > 2000 {
        errors.add_with(
            "problems",
            "length",
            "Use between 0 and 2000 characters.",
            &[("min", "0"), ("max", "2000")],
        );
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    let t = home_test::ActiveModel {
        organisation_id: Set(org_id),
        user_id: Set(user_id),
        tested_on: Set(day),
        result: Set(input.result.clone()),
        problems: Set(input.problems.trim().to_string()),
        recorded_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "home_test",
            entity_id: t.id.to_string(),
            action: "log",
            before: None,
            after: snapshot(&t),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}

/// The designated testers with their last test and next due date.
#[utoipa::path(responses((status = 200, body = Vec<TesterOut>)), tag = "checklists", security(("bearer" = [])))]
#[get("/testers")]
pub async fn list_api(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<Vec<TesterOut>>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(list(&state.db, user.org_id(), today).await?))
}

/// Make someone a designated tester (or change how often they test, or stop).
#[utoipa::path(params(("user_id" = i32, Path)), request_body = TesterInput, responses((status = 204), (status = 422, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[put("/testers/{user_id}")]
pub async fn set_api(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    user_id: web::Path<i32>,
    body: crate::api_json::ApiJson<TesterInput>,
) -> AppResult<HttpResponse> {
    set_tester(&state, &user, *user_id, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Log a home-working test: the date, the result and the problems found.
#[utoipa::path(params(("user_id" = i32, Path)), request_body = TestInput, responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "checklists", security(("bearer" = [])))]
#[post("/testers/{user_id}/tests")]
pub async fn log_api(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    user_id: web::Path<i32>,
    body: crate::api_json::ApiJson<TestInput>,
) -> AppResult<HttpResponse> {
    log_test(&state, &user, *user_id, &body).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize)]
pub struct TesterForm {
    pub user_id: i32,
    pub interval_days: Option<i32>,
}

#[post("/readiness/testers")]
pub async fn set_page(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    form: HtmlForm<TesterForm>,
) -> AppResult<HttpResponse> {
    set_tester(
        &state,
        &user,
        form.0.user_id,
        &TesterInput {
            interval_days: form.0.interval_days,
            active: Some(true),
        },
    )
    .await?;
    Ok(see_other("/readiness#testers"))
}
