//! Starting a roll-call and recording its answers. A start writes the roll-call, one row per
//! person asked and their messages to the outbox in one transaction, so a crash cannot leave
//! people asked but not counted, or counted but never asked. An answer is today's check-in
//! for that person, recorded and audited like any other.
use super::forms::{StartInput, ANSWERS};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::delivery::enqueue::{self, Person};
use crate::entities::{membership, publication, rollcall, rollcall_recipient, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};

/// The people a roll-call asks: the organisation's active staff, or one team's.
pub async fn staff(
    db: &impl ConnectionTrait,
    org_id: i32,
    team_id: Option<i32>,
) -> AppResult<Vec<(membership::Model, user::Model)>> {
    let mut q = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::Active.eq(true));
    if let Some(t) = team_id {
        q = q.filter(membership::Column::TeamId.eq(t));
    }
    Ok(q.find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter(|(m, _)| crate::auth::roles::RoleSet::from_stored(&m.roles).has(Role::Staff))
        .filter_map(|(m, u)| Some((m, u?)))
        .collect())
}

pub fn person(u: &user::Model) -> Person {
    Person {
        user_id: u.id,
        email: u.email.clone(),
        phone: u.phone.clone(),
        reach_by: u.reach_by.clone(),
    }
}

/// Starts a roll-call: the crisis lead for everyone or any team, a team lead for their team.
pub async fn start(
    state: &AppState,
    actor: &CurrentUser,
    input: &StartInput,
) -> AppResult<rollcall::Model> {
    let org_id = actor.org_id();
    let mut errors = input.check();
    match input.team_id {
        Some(t) => {
            if crate::orgs::repo::team(&state.db, org_id, t).await.is_err() {
                errors.add(
                    "team_id",
                    "unknown_team",
                    "Choose a team of the organisation.",
                );
            } else if !crate::orgs::team_leads::may_see_team(&state.db, actor, t).await? {
                return Err(AppError::Forbidden);
            }
        }
        None if !actor.roles.has(Role::CrisisLead) => {
            if crate::orgs::team_leads::teams_led_by(&state.db, org_id, actor.user_id())
                .await?
                .is_empty()
            {
                return Err(AppError::Forbidden);
            }
            errors.add(
                "team_id",
                "team_lead_one_team",
                "A team lead starts a roll-call for one of their teams.",
            );
        }
        None => {}
    }
    errors.into_result()?;
    let now = state.clock.now();
    let (deadline, remind) = input.minutes();
    let txn = state.db.begin().await?;
    let rc = rollcall::ActiveModel {
        organisation_id: Set(org_id),
        team_id: Set(input.team_id),
        message: Set(input.message.trim().to_string()),
        day: Set(crate::checkins::absence::local_day(
            now,
            &actor.org.time_zone,
        )),
        deadline_at: Set(now + Duration::minutes(deadline.into())),
        remind_after_minutes: Set(remind),
        started_by_user_id: Set(Some(actor.user_id())),
        launched_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let asked = launch(&txn, state.sms.is_some(), &rc, now).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "rollcall",
            entity_id: rc.id.to_string(),
            action: "start",
            before: None,
            after: Some(serde_json::json!({"rollcall": rc, "asked": asked})),
        },
    )
    .await?;
    txn.commit().await?;
    state.delivery.kick();
    announce(state, &rc).await;
    Ok(rc)
}

/// Writes who is asked and their messages; returns how many people were asked.
pub(super) async fn launch(
    db: &impl ConnectionTrait,
    sms_enabled: bool,
    rc: &rollcall::Model,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let people = staff(db, rc.organisation_id, rc.team_id).await?;
    launch_to(db, sms_enabled, rc, people, now).await
}

/// [`launch`] to the people given (an exercise's participants).
pub async fn launch_to(
    db: &impl ConnectionTrait,
    sms_enabled: bool,
    rc: &rollcall::Model,
    people: Vec<(membership::Model, user::Model)>,
    now: DateTime<Utc>,
) -> AppResult<usize> {
    let rows: Vec<rollcall_recipient::ActiveModel> = people
        .iter()
        .map(|(m, u)| rollcall_recipient::ActiveModel {
            rollcall_id: Set(rc.id),
            organisation_id: Set(rc.organisation_id),
            user_id: Set(u.id),
            team_id: Set(m.team_id),
            ..Default::default()
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(1000).collect();
        rollcall_recipient::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    let p = publication_for(db, rc, "rollcall", rc.started_by_user_id, now).await?;
    let people: Vec<Person> = people.iter().map(|(_, u)| person(u)).collect();
    enqueue::people(db, &p, &format!("rc{}", rc.id), &people, sms_enabled, now).await?;
    super::status::log(db, rc, "rollcall_started", now).await?;
    Ok(people.len())
}

/// The publication a batch of roll-call messages hangs on, so the delivery board shows where
/// each went.
pub async fn publication_for(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
    kind: &str,
    by: Option<i32>,
    now: DateTime<Utc>,
) -> AppResult<publication::Model> {
    let mut title: String = rc.message.chars().take(80).collect();
    if kind != "rollcall" {
        title = format!("{kind}: {title}");
    }
    Ok(publication::ActiveModel {
        organisation_id: Set(rc.organisation_id),
        kind: Set(kind.into()),
        rollcall_id: Set(Some(rc.id)),
        title: Set(title),
        created_by_user_id: Set(by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// What a tap or a reply did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answered {
    Recorded {
        status: String,
        /// Whether they had answered before (the answer was changed).
        changed: bool,
        /// The day the check-in is for (the roll-call's day).
        day: chrono::NaiveDate,
    },
    /// The link is more than a day old.
    Expired,
}

/// Records `status` as the person's check-in for the roll-call's day, from a link (`link`) or
/// a text reply (`sms`). Their wellbeing and note of the day, if any, are kept.
pub async fn answer(
    state: &AppState,
    rollcall_id: i32,
    user_id: i32,
    status: &str,
    via: &str,
) -> AppResult<Answered> {
    let rc = rollcall::Entity::find_by_id(rollcall_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let recipient = rollcall_recipient::Entity::find()
        .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
        .filter(rollcall_recipient::Column::UserId.eq(user_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = crate::orgs::members::get(&state.db, rc.organisation_id, user_id).await?;
    if !m.membership.active {
        return Err(AppError::NotFound);
    }
    record(
        state,
        &rc,
        &m.user,
        recipient.answered_at.is_some(),
        status,
        via,
    )
    .await
}

/// Records an answer for a roll-call and person already looked up (and found current).
pub async fn record(
    state: &AppState,
    rc: &rollcall::Model,
    person: &user::Model,
    answered_before: bool,
    status: &str,
    via: &str,
) -> AppResult<Answered> {
    if !ANSWERS.contains(&status) {
        return Err(AppError::Validation(FieldErrors::single(
            "status",
            "one_of",
            "Choose one of the answers.",
        )));
    }
    let now = state.clock.now();
    if now - rc.created_at > Duration::hours(super::token::VALID_HOURS) {
        return Ok(Answered::Expired);
    }
    if rc.exercise_id.is_some() {
        return record_exercise(state, rc, person, answered_before, status, via, now).await;
    }
    let user_id = person.id;
    let txn = state.db.begin().await?;
    let existing =
        crate::checkins::repo::for_person_day(&txn, rc.organisation_id, user_id, rc.day).await?;
    let after = crate::checkins::repo::upsert_many(
        &txn,
        &[crate::checkins::repo::CheckinRow {
            org_id: rc.organisation_id,
            user_id,
            day: rc.day,
            status,
            wellbeing: existing.as_ref().and_then(|c| c.wellbeing),
            note: existing.as_ref().map(|c| c.note.as_str()).unwrap_or(""),
            recorded_by: None,
            source: if via == "sms" { "sms" } else { "rollcall" },
        }],
    )
    .await?
    .pop()
    .ok_or(AppError::NotFound)?;
    note_checkin(&txn, rc.organisation_id, user_id, rc.day, status, via, now).await?;
    audit::record(
        &txn,
        &Actor {
            user_id: Some(user_id),
            name: format!(
                "{} <{}> (roll-call {})",
                person.display_name,
                person.email,
                if via == "sms" { "text reply" } else { "link" }
            ),
        },
        Change {
            organisation_id: Some(rc.organisation_id),
            entity: "checkin",
            entity_id: format!("{user_id}/{}", rc.day),
            action: "rollcall_answer",
            before: existing.as_ref().and_then(snapshot),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    announce(state, rc).await;
    crate::scenarios::evaluation::soon(state, rc.organisation_id);
    Ok(Answered::Recorded {
        status: status.to_string(),
        changed: answered_before,
        day: rc.day,
    })
}

/// An answer to an exercise's roll-call is kept on the roll-call only: it is not a check-in.
async fn record_exercise(
    state: &AppState,
    rc: &rollcall::Model,
    person: &user::Model,
    answered_before: bool,
    status: &str,
    via: &str,
    now: DateTime<Utc>,
) -> AppResult<Answered> {
    let txn = state.db.begin().await?;
    let mine = || {
        rollcall_recipient::Entity::update_many()
            .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
            .filter(rollcall_recipient::Column::UserId.eq(person.id))
    };
    mine()
        .col_expr(
            rollcall_recipient::Column::AnsweredAt,
            Expr::value(Some(now)),
        )
        .col_expr(
            rollcall_recipient::Column::AnsweredVia,
            Expr::value(Some(via)),
        )
        .filter(rollcall_recipient::Column::AnsweredAt.is_null())
        .exec(&txn)
        .await?;
    mine()
        .col_expr(
            rollcall_recipient::Column::Status,
            Expr::value(Some(status)),
        )
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &Actor {
            user_id: Some(person.id),
            name: format!(
                "{} <{}> (exercise roll-call)",
                person.display_name, person.email
            ),
        },
        Change {
            organisation_id: Some(rc.organisation_id),
            entity: "rollcall",
            entity_id: rc.id.to_string(),
            action: "exercise_answer",
            before: None,
            after: Some(serde_json::json!({"user_id": person.id, "status": status, "via": via})),
        },
    )
    .await?;
    txn.commit().await?;
    announce(state, rc).await;
    Ok(Answered::Recorded {
        status: status.to_string(),
        changed: answered_before,
        day: rc.day,
    })
}

/// A check-in for `day`, however it was made, answers the person's roll-calls of that day.
pub async fn note_checkin(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    day: chrono::NaiveDate,
    status: &str,
    via: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let answer = Answer {
        org_id,
        user_id,
        day,
        status,
        via,
    };
    Ok(note_checkins(db, &[answer], now).await?)
}

/// A check-in as an answer to the roll-calls of its day.
pub struct Answer<'a> {
    pub org_id: i32,
    pub user_id: i32,
    pub day: chrono::NaiveDate,
    pub status: &'a str,
    pub via: &'a str,
}

/// [`note_checkin`] for several check-ins at once: one query when no roll-call runs that day,
/// two updates per roll-call day, status and channel otherwise.
pub async fn note_checkins(
    db: &impl ConnectionTrait,
    answers: &[Answer<'_>],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    use std::collections::{BTreeMap, BTreeSet};
    if answers.is_empty() {
        return Ok(());
    }
    let orgs: BTreeSet<i32> = answers.iter().map(|a| a.org_id).collect();
    let days: BTreeSet<chrono::NaiveDate> = answers.iter().map(|a| a.day).collect();
    let mut running: BTreeMap<(i32, chrono::NaiveDate), Vec<i32>> = BTreeMap::new();
    // An exercise's roll-call is answered only from it.
    for r in rollcall::Entity::find()
        .filter(rollcall::Column::OrganisationId.is_in(orgs))
        .filter(rollcall::Column::Day.is_in(days))
        .filter(rollcall::Column::ExerciseId.is_null())
        .all(db)
        .await?
    {
        running
            .entry((r.organisation_id, r.day))
            .or_default()
            .push(r.id);
    }
    if running.is_empty() {
        return Ok(());
    }
    let mut groups: BTreeMap<(i32, chrono::NaiveDate, &str, &str), Vec<i32>> = BTreeMap::new();
    for a in answers {
        groups
            .entry((a.org_id, a.day, a.status, a.via))
            .or_default()
            .push(a.user_id);
    }
    for ((org_id, day, status, via), users) in groups {
        let Some(ids) = running.get(&(org_id, day)) else {
            continue;
        };
        let filter = || {
            rollcall_recipient::Entity::update_many()
                .filter(rollcall_recipient::Column::RollcallId.is_in(ids.clone()))
                .filter(rollcall_recipient::Column::UserId.is_in(users.clone()))
        };
        filter()
            .col_expr(
                rollcall_recipient::Column::AnsweredAt,
                Expr::value(Some(now)),
            )
            .col_expr(
                rollcall_recipient::Column::AnsweredVia,
                Expr::value(Some(via)),
            )
            .filter(rollcall_recipient::Column::AnsweredAt.is_null())
            .exec(db)
            .await?;
        filter()
            .col_expr(
                rollcall_recipient::Column::Status,
                Expr::value(Some(status)),
            )
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Tells open boards that the roll-call moved (every instance, on PostgreSQL).
pub async fn announce(state: &AppState, rc: &rollcall::Model) {
    let event = crate::delivery::live::LiveEvent {
        organisation_id: rc.organisation_id,
        kind: "rollcall".into(),
        entry_id: None,
        publication_id: None,
        rollcall_id: Some(rc.id),
        public: false,
    };
    if let Err(e) = crate::delivery::live::announce(state, event).await {
        tracing::warn!(error = %e, "could not announce a roll-call update");
    }
}
