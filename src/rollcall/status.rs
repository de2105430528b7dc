//! Where a roll-call stands: how many were asked and have answered, by status and by team, and
//! who has not answered. Counts are for the crisis group and the team leads; names of people
//! who have not answered only for the crisis lead (every team) and each team's leads (their
//! own people).
use crate::auth::{CurrentUser, Role};
use crate::entities::{rollcall, rollcall_recipient, team_lead, user};
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamTally {
    /// Null: people without a team.
    pub team_id: Option<i32>,
    pub team_name: String,
    pub total: usize,
    pub answered: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotAnswered {
    pub user_id: i32,
    pub display_name: String,
    pub team_id: Option<i32>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RollcallOut {
    pub id: i32,
    /// Null: everyone in the organisation.
    pub team_id: Option<i32>,
    pub message: String,
    /// The day the answers are check-ins for.
    pub day: NaiveDate,
    pub started_at: DateTime<Utc>,
    pub deadline_at: DateTime<Utc>,
    pub remind_after_minutes: Option<i32>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub escalated_at: Option<DateTime<Utc>>,
    /// Set when reaching a scenario's level started it.
    pub level_change_id: Option<i32>,
    /// Set for an exercise's roll-call (its answers are not check-ins).
    pub exercise_id: Option<i32>,
    /// False until a roll-call started by a level has gone out.
    pub launched: bool,
    pub total: usize,
    pub answered: usize,
    /// Answered over total, 0–100.
    pub answered_pct: f64,
    /// Answers per status (`office`, `remote`, `sick`, `child_care`, `other_absence`).
    pub by_status: BTreeMap<String, usize>,
    pub teams: Vec<TeamTally>,
    pub not_answered_count: usize,
    /// Names for the crisis lead and for team leads (their own people); empty for others.
    pub not_answered: Vec<NotAnswered>,
    /// Whether this list is cut short (see `not_answered_count`).
    pub not_answered_truncated: bool,
}

/// Which teams' people the actor may see by name: `None` for all.
pub enum Sight {
    All,
    Teams(Vec<i32>),
}

impl Sight {
    fn sees(&self, team: Option<i32>) -> bool {
        match self {
            Sight::All => true,
            Sight::Teams(t) => team.is_some_and(|t2| t.contains(&t2)),
        }
    }
}

/// The roll-call if `actor` may look at it, and which names they see.
pub async fn visible(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i32,
) -> AppResult<(rollcall::Model, Sight)> {
    let rc = rollcall::Entity::find_by_id(id)
        .filter(rollcall::Column::OrganisationId.eq(actor.org_id()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if actor.roles.has(Role::CrisisLead) {
        return Ok((rc, Sight::All));
    }
    let led: Vec<i32> = team_lead::Entity::find()
        .filter(team_lead::Column::OrganisationId.eq(actor.org_id()))
        .filter(team_lead::Column::UserId.eq(actor.user_id()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.team_id)
        .collect();
    let leads_it = match rc.team_id {
        Some(t) => led.contains(&t),
        None => !led.is_empty(),
    };
    if leads_it || actor.roles.has(Role::CrisisMember) {
        return Ok((rc, Sight::Teams(led)));
    }
    Err(AppError::Forbidden)
}

/// Whether `actor` may start or look at roll-calls at all (the crisis group and team leads).
pub async fn may_use(db: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<bool> {
    if actor.roles.any(&[Role::CrisisLead, Role::CrisisMember]) {
        return Ok(true);
    }
    Ok(team_lead::Entity::find()
        .filter(team_lead::Column::OrganisationId.eq(actor.org_id()))
        .filter(team_lead::Column::UserId.eq(actor.user_id()))
        .one(db)
        .await?
        .is_some())
}

/// The tallies of a roll-call, with up to `names_limit` names of those who have not answered.
pub async fn summarise(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
    sight: &Sight,
    names_limit: Option<usize>,
) -> AppResult<RollcallOut> {
    let groups: Vec<(Option<i32>, Option<String>, i64)> = rollcall_recipient::Entity::find()
        .select_only()
        .column(rollcall_recipient::Column::TeamId)
        .column(rollcall_recipient::Column::Status)
        .column_as(Expr::col(rollcall_recipient::Column::Id).count(), "n")
        .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
        .group_by(rollcall_recipient::Column::TeamId)
        .group_by(rollcall_recipient::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let team_names: BTreeMap<i32, String> = crate::orgs::repo::list_teams(db, rc.organisation_id)
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut by_status = BTreeMap::new();
    let mut teams: BTreeMap<Option<i32>, (usize, usize)> = BTreeMap::new();
    let (mut total, mut answered) = (0, 0);
    for (team, status, n) in groups {
        let n = n.max(0) as usize;
        total += n;
        let t = teams.entry(team).or_default();
        t.0 += n;
        if let Some(s) = status {
            answered += n;
            t.1 += n;
            *by_status.entry(s).or_insert(0) += n;
        }
    }
    let mut teams: Vec<TeamTally> = teams
        .into_iter()
        .map(|(team_id, (total, answered))| TeamTally {
            team_id,
            team_name: team_id
                .and_then(|t| team_names.get(&t).cloned())
                .unwrap_or_default(),
            total,
            answered,
        })
        .collect();
    // Named teams first by name, then people without a team.
    teams.sort_by(|a, b| {
        (a.team_id.is_none(), &a.team_name).cmp(&(b.team_id.is_none(), &b.team_name))
    });
    let (not_answered, truncated) = names(db, rc, sight, names_limit).await?;
    Ok(RollcallOut {
        id: rc.id,
        team_id: rc.team_id,
        message: rc.message.clone(),
        day: rc.day,
        started_at: rc.launched_at.unwrap_or(rc.created_at),
        deadline_at: rc.deadline_at,
        remind_after_minutes: rc.remind_after_minutes,
        reminded_at: rc.reminded_at,
        escalated_at: rc.escalated_at,
        level_change_id: rc.level_change_id,
        exercise_id: rc.exercise_id,
        launched: rc.launched_at.is_some(),
        total,
        answered,
        answered_pct: if total == 0 {
            0.0
        } else {
            (answered as f64 * 1000.0 / total as f64).round() / 10.0
        },
        by_status,
        teams,
        not_answered_count: total - answered,
        not_answered,
        not_answered_truncated: truncated,
    })
}

/// Those of `rc` who have not answered and whom `sight` lets one see, by name.
async fn names(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
    sight: &Sight,
    limit: Option<usize>,
) -> AppResult<(Vec<NotAnswered>, bool)> {
    if let Sight::Teams(t) = sight {
        if t.is_empty() {
            return Ok((vec![], false));
        }
    }
    if limit == Some(0) {
        return Ok((vec![], false));
    }
    let mut q = rollcall_recipient::Entity::find()
        .select_only()
        .column(rollcall_recipient::Column::UserId)
        .column(rollcall_recipient::Column::TeamId)
        .filter(rollcall_recipient::Column::RollcallId.eq(rc.id))
        .filter(rollcall_recipient::Column::Status.is_null());
    match sight {
        Sight::Teams(t) => q = q.filter(rollcall_recipient::Column::TeamId.is_in(t.clone())),
        // One more than shown, to know whether the list is cut short.
        Sight::All => {
            if let Some(l) = limit {
                q = q.limit(l as u64 + 1);
            }
        }
    }
    let rows: Vec<(i32, Option<i32>)> = q
        .order_by_asc(rollcall_recipient::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let mut rows: Vec<(i32, Option<i32>)> =
        rows.into_iter().filter(|(_, t)| sight.sees(*t)).collect();
    let truncated = limit.is_some_and(|l| rows.len() > l);
    if let Some(l) = limit {
        rows.truncate(l);
    }
    let mut people = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(1000) {
        let ids: Vec<i32> = chunk.iter().map(|(u, _)| *u).collect();
        let users: BTreeMap<i32, user::Model> = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        for (uid, team) in chunk {
            if let Some(u) = users.get(uid) {
                people.push(NotAnswered {
                    user_id: *uid,
                    display_name: u.display_name.clone(),
                    team_id: *team,
                    phone: u.phone.clone(),
                });
            }
        }
    }
    people.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    Ok((people, truncated))
}

/// The organisation's latest roll-calls, newest first.
pub async fn latest(
    db: &impl ConnectionTrait,
    org_id: i32,
    limit: u64,
) -> AppResult<Vec<rollcall::Model>> {
    Ok(rollcall::Entity::find()
        .filter(rollcall::Column::OrganisationId.eq(org_id))
        .order_by_desc(rollcall::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// How many of those asked have answered, and how many were asked.
pub async fn answered_of(db: &impl ConnectionTrait, rollcall_id: i32) -> AppResult<(u64, u64)> {
    use sea_orm::PaginatorTrait;
    let asked = rollcall_recipient::Entity::find()
        .filter(rollcall_recipient::Column::RollcallId.eq(rollcall_id));
    let total = asked.clone().count(db).await?;
    let answered = asked
        .filter(rollcall_recipient::Column::Status.is_not_null())
        .count(db)
        .await?;
    Ok((answered, total))
}

/// Writes "roll-call started / closed / past its deadline" into the crisis log.
pub async fn log(
    db: &impl ConnectionTrait,
    rc: &rollcall::Model,
    event: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (answered, total) = answered_of(db, rc.id).await?;
    let text = if event == "rollcall_started" {
        format!("{} ({total})", rc.message)
    } else {
        format!("{answered}/{total} — {}", rc.message)
    };
    // An exercise's roll-call is written in the exercise's log.
    crate::log::append(
        db,
        crate::log::NewEntry {
            organisation_id: rc.organisation_id,
            at: now,
            kind: "event",
            event,
            text,
            scenario_id: None,
            author_user_id: None,
            exercise_id: rc.exercise_id,
        },
    )
    .await?;
    Ok(())
}
