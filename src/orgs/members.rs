//! People in an organisation: adding them (a new account, or an existing one joining another
//! organisation), changing their roles and team, and deactivating them.
use super::forms::MemberUpdate;
use super::repo;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{CurrentUser, Role, RoleSet};
use crate::entities::{membership, team, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub user: user::Model,
    pub membership: membership::Model,
    pub team: Option<team::Model>,
}

impl Member {
    pub fn roles(&self) -> RoleSet {
        RoleSet::from_stored(&self.membership.roles)
    }
}

pub async fn list(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<Member>> {
    let teams = repo::list_teams(db, org_id).await?;
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let mut members: Vec<Member> = rows
        .into_iter()
        .filter_map(|(m, u)| {
            let team = m
                .team_id
                .and_then(|id| teams.iter().find(|t| t.id == id).cloned());
            u.map(|user| Member {
                user,
                membership: m,
                team,
            })
        })
        .collect();
    members.sort_by(|a, b| {
        a.user
            .display_name
            .to_lowercase()
            .cmp(&b.user.display_name.to_lowercase())
    });
    Ok(members)
}

/// One person of this organisation, by user id; anyone else is not found.
pub async fn get(db: &impl ConnectionTrait, org_id: i32, user_id: i32) -> AppResult<Member> {
    let (m, u) = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::UserId.eq(user_id))
        .find_also_related(user::Entity)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = u.ok_or(AppError::NotFound)?;
    let team = match m.team_id {
        Some(id) => Some(repo::team(db, org_id, id).await?),
        None => None,
    };
    Ok(Member {
        user,
        membership: m,
        team,
    })
}

pub fn parse_roles(names: &[String], errors: &mut FieldErrors) -> RoleSet {
    let mut roles = vec![];
    for name in names.iter().filter(|n| !n.trim().is_empty()) {
        match Role::parse(name) {
            Some(r) => roles.push(r),
            None => errors.add(
                "roles",
                "unknown_role",
                format!("There is no role called {name:?}."),
            ),
        }
    }
    let set = RoleSet::new(roles);
    if set.is_empty() && errors.for_field("roles").is_none() {
        errors.add("roles", "required_role", "Choose at least one role.");
    }
    set
}

pub async fn check_team(
    db: &impl ConnectionTrait,
    org_id: i32,
    team_id: Option<i32>,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    if let Some(id) = team_id {
        if let Err(AppError::NotFound) = repo::team(db, org_id, id).await {
            errors.add(
                "team_id",
                "unknown_team",
                "Choose one of this organisation's teams.",
            );
        }
    }
    Ok(())
}

pub async fn update(
    state: &AppState,
    actor: &CurrentUser,
    user_id: i32,
    change: MemberUpdate,
) -> AppResult<Member> {
    let org_id = actor.org_id();
    let txn = state.db.begin().await?;
    let before = get(&txn, org_id, user_id).await?;
    let mut errors = FieldErrors::default();
    let roles = change.roles.as_ref().map(|r| parse_roles(r, &mut errors));
    if let Some(Some(team_id)) = change.team_id {
        check_team(&txn, org_id, Some(team_id), &mut errors).await?;
    }
    let new_roles = roles.clone().unwrap_or_else(|| before.roles());
    let new_active = change.active.unwrap_or(before.membership.active);
    let stops_being_admin = before.roles().has(Role::Admin)
        && before.membership.active
        && (!new_roles.has(Role::Admin) || !new_active);
    if stops_being_admin
        && errors.is_empty()
        && other_active_admins(&txn, org_id, user_id).await? == 0
    {
        let field = if new_active { "roles" } else { "active" };
        errors.add(
            field,
            "last_admin",
            "The organisation must keep at least one active admin.",
        );
    }
    let contact = (change.phone.is_some() || change.reach_by.is_some()).then(|| {
        crate::orgs::phone::contact_change(
            change.phone.as_deref(),
            change.reach_by.as_deref(),
            &before.user,
            &actor.org.time_zone,
            &mut errors,
        )
    });
    errors.into_result()?;
    if let Some((phone, reach_by)) = contact {
        if phone != before.user.phone || reach_by != before.user.reach_by {
            let mut u: crate::entities::user::ActiveModel = before.user.clone().into();
            u.phone = Set(phone);
            u.reach_by = Set(reach_by);
            u.updated_at = Set(Utc::now());
            let after = u.update(&txn).await?;
            audit::record(
                &txn,
                &Actor::from(actor),
                Change {
                    organisation_id: Some(org_id),
                    entity: "user",
                    entity_id: user_id.to_string(),
                    action: "update_contact",
                    before: snapshot(&before.user),
                    after: snapshot(&after),
                },
            )
            .await?;
        }
    }

    let mut row: membership::ActiveModel = before.membership.clone().into();
    if let Some(r) = roles {
        row.roles = Set(r.to_stored());
    }
    if let Some(team_id) = change.team_id {
        row.team_id = Set(team_id);
    }
    row.active = Set(new_active);
    if new_active != before.membership.active {
        // Sessions from before this change are over, whichever way it went.
        row.sessions_from = Set(Some(Utc::now()));
    }
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    let action = match (before.membership.active, after.active) {
        (true, false) => "deactivate",
        (false, true) => "reactivate",
        _ => "update",
    };
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "membership",
            entity_id: user_id.to_string(),
            action,
            before: snapshot(&before.membership),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    // Roles, team, activity or contact: their sessions read it again.
    crate::auth::sessions::forget(state, crate::auth::sessions::Forget::User(user_id)).await;
    get(&state.db, org_id, user_id).await
}

async fn other_active_admins(
    db: &impl ConnectionTrait,
    org_id: i32,
    except_user: i32,
) -> AppResult<usize> {
    let rows = membership::Entity::find()
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(membership::Column::Active.eq(true))
        .filter(membership::Column::UserId.ne(except_user))
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter(|m| RoleSet::from_stored(&m.roles).has(Role::Admin))
        .count())
}
