//! Team leads: the supervisors of a team. An admin names them; a lead sees their own team's
//! check-ins (and, in time, its roll-call answers and wellbeing calls), nothing of other teams
//! beyond what staff see.
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role};
use crate::entities::{staff_checkin, team, team_lead};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub async fn leads_of(db: &impl ConnectionTrait, org_id: i32, team_id: i32) -> AppResult<Vec<i32>> {
    let mut ids: Vec<i32> = team_lead::Entity::find()
        .filter(team_lead::Column::OrganisationId.eq(org_id))
        .filter(team_lead::Column::TeamId.eq(team_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.user_id)
        .collect();
    ids.sort_unstable();
    Ok(ids)
}

/// The teams `user_id` leads in the organisation, by name.
pub async fn teams_led_by(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
) -> AppResult<Vec<team::Model>> {
    let led: Vec<i32> = team_lead::Entity::find()
        .filter(team_lead::Column::OrganisationId.eq(org_id))
        .filter(team_lead::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.team_id)
        .collect();
    Ok(crate::orgs::repo::list_teams(db, org_id)
        .await?
        .into_iter()
        .filter(|t| led.contains(&t.id))
        .collect())
}

/// Whether `actor` may see team `team_id`'s people: its leads, and the crisis lead (who sees
/// every individual status already).
pub async fn may_see_team(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    team_id: i32,
) -> AppResult<bool> {
    if actor.roles.has(Role::CrisisLead) {
        return Ok(true);
    }
    Ok(leads_of(db, actor.org_id(), team_id)
        .await?
        .contains(&actor.user_id()))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LeadsInput {
    /// Users of the organisation who lead the team (replaces the list).
    pub user_ids: Vec<i32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeadsOut {
    pub team_id: i32,
    pub user_ids: Vec<i32>,
}

/// Replaces a team's leads (admins). Each must be an active member of the organisation.
pub async fn set_leads(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    team_id: i32,
    input: &LeadsInput,
) -> AppResult<LeadsOut> {
    let org_id = actor.org_id();
    crate::orgs::repo::team(db, org_id, team_id).await?;
    let members = crate::orgs::members::list(db, org_id).await?;
    let mut e = FieldErrors::default();
    for (i, id) in input.user_ids.iter().enumerate() {
        if !members
            .iter()
            .any(|m| m.user.id == *id && m.membership.active)
        {
            e.add(
                &format!("user_ids[{i}]"),
                "unknown_person",
                "Choose an active member of the organisation.",
            );
        }
    }
    e.into_result()?;
    let mut wanted = input.user_ids.clone();
    wanted.sort_unstable();
    wanted.dedup();
    let before = leads_of(db, org_id, team_id).await?;
    if before == wanted {
        return Ok(LeadsOut {
            team_id,
            user_ids: before,
        });
    }
    let txn = db.begin().await?;
    team_lead::Entity::delete_many()
        .filter(team_lead::Column::OrganisationId.eq(org_id))
        .filter(team_lead::Column::TeamId.eq(team_id))
        .exec(&txn)
        .await?;
    for user_id in &wanted {
        team_lead::ActiveModel {
            organisation_id: Set(org_id),
            team_id: Set(team_id),
            user_id: Set(*user_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "team_leads",
            entity_id: team_id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&wanted),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(LeadsOut {
        team_id,
        user_ids: wanted,
    })
}

/// One person of the team and their check-in of the day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamMemberDay {
    pub user_id: i32,
    pub display_name: String,
    /// `office`, `remote`, `sick`, …; null when not checked in yet.
    pub status: Option<String>,
    pub wellbeing: Option<i32>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamDay {
    pub team_id: i32,
    pub team_name: String,
    pub day: NaiveDate,
    pub people: Vec<TeamMemberDay>,
    pub not_checked_in: usize,
}

/// The team's staff and their check-ins on `day`, those not checked in first.
pub async fn team_day(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    team_id: i32,
    day: NaiveDate,
) -> AppResult<TeamDay> {
    let org_id = actor.org_id();
    let t = crate::orgs::repo::team(db, org_id, team_id).await?;
    if !may_see_team(db, actor, team_id).await? {
        return Err(AppError::Forbidden);
    }
    let checkins: Vec<staff_checkin::Model> =
        crate::checkins::repo::for_day(db, org_id, day).await?;
    let mut people: Vec<TeamMemberDay> = crate::orgs::members::list(db, org_id)
        .await?
        .into_iter()
        .filter(|m| {
            m.membership.active
                && m.membership.team_id == Some(team_id)
                && m.roles().has(Role::Staff)
        })
        .map(|m| {
            let c = checkins.iter().find(|c| c.user_id == m.user.id);
            TeamMemberDay {
                user_id: m.user.id,
                display_name: m.user.display_name.clone(),
                status: c.map(|c| c.status.clone()),
                wellbeing: c.and_then(|c| c.wellbeing),
                phone: m.user.phone.clone(),
            }
        })
        .collect();
    people.sort_by(|a, b| {
        (a.status.is_some(), &a.display_name).cmp(&(b.status.is_some(), &b.display_name))
    });
    Ok(TeamDay {
        team_id,
        team_name: t.name,
        day,
        not_checked_in: people.iter().filter(|p| p.status.is_none()).count(),
        people,
    })
}
