//! Queries for check-ins, volumes and settings, scoped to one organisation.
use super::absence::Absence;
use crate::auth::{Role, RoleSet};
use crate::entities::{checkin_settings, daily_volume, membership, staff_checkin, team};
use crate::error::AppResult;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashMap;

/// Someone expected to check in: an active member holding the staff role.
#[derive(Debug, Clone, Copy)]
pub struct Expected {
    pub user_id: i32,
    pub team_id: Option<i32>,
}

pub async fn headcount(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<Expected>> {
    Ok(membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| RoleSet::from_stored(&m.roles).has(Role::Staff))
        .map(|m| Expected {
            user_id: m.user_id,
            team_id: m.team_id,
        })
        .collect())
}

pub async fn for_day(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
) -> AppResult<Vec<staff_checkin::Model>> {
    Ok(staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::Day.eq(day))
        .all(db)
        .await?)
}

pub async fn for_person_day(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    day: NaiveDate,
) -> AppResult<Option<staff_checkin::Model>> {
    Ok(staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::UserId.eq(user_id))
        .filter(staff_checkin::Column::Day.eq(day))
        .one(db)
        .await?)
}

pub async fn of_person(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<staff_checkin::Model>> {
    Ok(staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::UserId.eq(user_id))
        .filter(staff_checkin::Column::Day.between(from, to))
        .order_by_asc(staff_checkin::Column::Day)
        .all(db)
        .await?)
}

pub async fn between(
    db: &impl ConnectionTrait,
    org_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<staff_checkin::Model>> {
    Ok(staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::Day.between(from, to))
        .order_by_asc(staff_checkin::Column::Day)
        .order_by_asc(staff_checkin::Column::UserId)
        .all(db)
        .await?)
}

/// A check-in to save: the person, their day and their answer.
pub struct CheckinRow<'a> {
    pub org_id: i32,
    pub user_id: i32,
    pub day: NaiveDate,
    pub status: &'a str,
    pub wellbeing: Option<i32>,
    pub note: &'a str,
    pub recorded_by: Option<i32>,
    pub source: &'a str,
}

/// Saves the day's check-in, replacing an earlier one of the same day. Returns the one it
/// replaced, for the audit trail.
pub async fn upsert(
    db: &impl ConnectionTrait,
    row: CheckinRow<'_>,
) -> AppResult<(Option<staff_checkin::Model>, staff_checkin::Model)> {
    let before = for_person_day(db, row.org_id, row.user_id, row.day).await?;
    let after = upsert_many(db, &[row])
        .await?
        .pop()
        .ok_or(crate::error::AppError::NotFound)?;
    Ok((before, after))
}

/// Saves several check-ins in one statement (each person and day at most once), each
/// replacing an earlier one of its day, and returns them as saved (in no particular order).
/// One statement either way, so two taps at once cannot make two rows.
pub async fn upsert_many(
    db: &impl ConnectionTrait,
    rows: &[CheckinRow<'_>],
) -> Result<Vec<staff_checkin::Model>, sea_orm::DbErr> {
    use sea_orm::QueryTrait;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let now = Utc::now();
    let mut insert = staff_checkin::Entity::insert_many(rows.iter().map(|r| {
        staff_checkin::ActiveModel {
            organisation_id: Set(r.org_id),
            user_id: Set(r.user_id),
            day: Set(r.day),
            status: Set(r.status.to_string()),
            wellbeing: Set(r.wellbeing),
            note: Set(r.note.trim().to_string()),
            recorded_by_user_id: Set(r.recorded_by),
            source: Set(r.source.to_string()),
            // Kept from the first check-in of the day: not among the columns updated below.
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
    }))
    .on_conflict(
        OnConflict::columns([
            staff_checkin::Column::OrganisationId,
            staff_checkin::Column::UserId,
            staff_checkin::Column::Day,
        ])
        .update_columns([
            staff_checkin::Column::Status,
            staff_checkin::Column::Wellbeing,
            staff_checkin::Column::Note,
            staff_checkin::Column::RecordedByUserId,
            staff_checkin::Column::Source,
            staff_checkin::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .into_query();
    // RETURNING (PostgreSQL, SQLite ≥ 3.35) hands back the saved rows without reading again.
    insert.returning_all();
    let statement = db.get_database_backend().build(&insert);
    staff_checkin::Entity::find()
        .from_raw_sql(statement)
        .all(db)
        .await
}

pub struct DayAbsence {
    pub overall: Absence,
    /// Per team (None: people without a team), in team-name order.
    pub teams: Vec<(Option<team::Model>, Absence)>,
    pub wellbeing_avg: Option<f64>,
    pub wellbeing_answers: usize,
}

/// Present, absent and not-yet-known for a day, overall and per team.
pub async fn absence(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
) -> AppResult<DayAbsence> {
    let expected = headcount(db, org_id).await?;
    let checkins: HashMap<i32, staff_checkin::Model> = for_day(db, org_id, day)
        .await?
        .into_iter()
        .map(|c| (c.user_id, c))
        .collect();
    let teams = crate::orgs::repo::list_teams(db, org_id).await?;
    let mut by_team: Vec<(Option<team::Model>, Absence)> = teams
        .into_iter()
        .map(|t| (Some(t), Absence::default()))
        .collect();
    by_team.push((None, Absence::default()));
    let mut overall = Absence::default();
    let (mut wb_sum, mut wb_n) = (0i64, 0usize);
    for e in &expected {
        let status = checkins.get(&e.user_id).map(|c| c.status.as_str());
        let one = Absence::count(1, status);
        overall.add(&one);
        if let Some(slot) = by_team
            .iter_mut()
            .find(|(t, _)| t.as_ref().map(|t| t.id) == e.team_id)
        {
            slot.1.add(&one);
        }
        if let Some(w) = checkins.get(&e.user_id).and_then(|c| c.wellbeing) {
            wb_sum += w as i64;
            wb_n += 1;
        }
    }
    by_team.retain(|(t, a)| t.is_some() || a.headcount > 0);
    Ok(DayAbsence {
        overall,
        teams: by_team,
        wellbeing_avg: (wb_n > 0).then(|| wb_sum as f64 / wb_n as f64),
        wellbeing_answers: wb_n,
    })
}

/// The day's absence over the whole organisation, counted in the database: what every
/// check-in needs to re-evaluate the ladders. Two aggregate queries instead of loading every
/// membership and check-in (at 2,000 staff that was most of a check-in's time).
pub async fn overall_absence(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
) -> AppResult<Absence> {
    use sea_orm::sea_query::Query;
    // Roles are stored sorted and comma-separated; `staff` is the only role name containing
    // "staff", so a LIKE finds exactly the staff (`headcount` parses the same list in Rust).
    let staff = Query::select()
        .column(membership::Column::UserId)
        .from(membership::Entity)
        .and_where(membership::Column::OrganisationId.eq(org_id))
        .and_where(membership::Column::Active.eq(true))
        .and_where(membership::Column::Roles.contains("staff"))
        .to_owned();
    let headcount = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::Active.eq(true))
        .filter(membership::Column::Roles.contains("staff"))
        .count(db)
        .await? as usize;
    let by_status: Vec<(String, i64)> = staff_checkin::Entity::find()
        .select_only()
        .column(staff_checkin::Column::Status)
        .column_as(staff_checkin::Column::Id.count(), "people")
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::Day.eq(day))
        .filter(staff_checkin::Column::UserId.in_subquery(staff))
        .group_by(staff_checkin::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let statuses = by_status
        .iter()
        .flat_map(|(status, n)| std::iter::repeat_n(status.as_str(), *n as usize));
    Ok(Absence::count(headcount, statuses))
}

/// Per day and status over a period, counting only the headcount: how many, and the sum and
/// number of wellbeing answers (integer sums read the same on SQLite and PostgreSQL).
pub struct DayStatusCount {
    pub day: NaiveDate,
    pub status: String,
    pub people: i64,
    pub wellbeing_sum: Option<i64>,
    pub wellbeing_answers: i64,
}

pub async fn daily_counts(
    db: &impl ConnectionTrait,
    org_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<DayStatusCount>> {
    let expected: Vec<i32> = headcount(db, org_id)
        .await?
        .into_iter()
        .map(|e| e.user_id)
        .collect();
    if expected.is_empty() {
        return Ok(vec![]);
    }
    let rows: Vec<(NaiveDate, String, i64, Option<i64>, i64)> = staff_checkin::Entity::find()
        .select_only()
        .column(staff_checkin::Column::Day)
        .column(staff_checkin::Column::Status)
        .column_as(staff_checkin::Column::Id.count(), "people")
        .column_as(
            staff_checkin::Column::Wellbeing
                .sum()
                .cast_as(sea_orm::sea_query::Alias::new("BIGINT")),
            "wellbeing_sum",
        )
        .column_as(
            staff_checkin::Column::Wellbeing.count(),
            "wellbeing_answers",
        )
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .filter(staff_checkin::Column::Day.between(from, to))
        .filter(staff_checkin::Column::UserId.is_in(expected))
        .group_by(staff_checkin::Column::Day)
        .group_by(staff_checkin::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(day, status, people, wellbeing_sum, wellbeing_answers)| DayStatusCount {
                day,
                status,
                people,
                wellbeing_sum,
                wellbeing_answers,
            },
        )
        .collect())
}

pub async fn volumes(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
) -> AppResult<Option<daily_volume::Model>> {
    Ok(daily_volume::Entity::find()
        .filter(daily_volume::Column::OrganisationId.eq(org_id))
        .filter(daily_volume::Column::Day.eq(day))
        .one(db)
        .await?)
}

pub async fn volumes_between(
    db: &impl ConnectionTrait,
    org_id: i32,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<Vec<daily_volume::Model>> {
    Ok(daily_volume::Entity::find()
        .filter(daily_volume::Column::OrganisationId.eq(org_id))
        .filter(daily_volume::Column::Day.between(from, to))
        .order_by_asc(daily_volume::Column::Day)
        .all(db)
        .await?)
}

/// The organisation's settings, made with defaults on first look.
/// The settings, read beside the writer; only an organisation that never had any takes the
/// writer to store the defaults.
pub async fn settings_for_reading(
    state: &crate::state::AppState,
    org_id: i32,
) -> AppResult<checkin_settings::Model> {
    let stored = checkin_settings::Entity::find()
        .filter(checkin_settings::Column::OrganisationId.eq(org_id))
        .one(&state.read)
        .await?;
    match stored {
        Some(s) => Ok(s),
        None => settings(&state.db, org_id).await,
    }
}

pub async fn settings(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<checkin_settings::Model> {
    let find = || {
        checkin_settings::Entity::find().filter(checkin_settings::Column::OrganisationId.eq(org_id))
    };
    if let Some(s) = find().one(db).await? {
        return Ok(s);
    }
    let now = Utc::now();
    checkin_settings::Entity::insert(checkin_settings::ActiveModel {
        organisation_id: Set(org_id),
        normal_calls: Set(None),
        normal_mails: Set(None),
        normal_chats: Set(None),
        normal_web_visits: Set(None),
        reminder_time: Set(None),
        meeting_time: Set(None),
        meeting_minutes: Set(30),
        meeting_place: Set(String::new()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(checkin_settings::Column::OrganisationId)
            .do_nothing()
            .to_owned(),
    )
    .do_nothing()
    .exec(db)
    .await?;
    Ok(find()
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)?)
}
