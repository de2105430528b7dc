//! Queries for organisations, teams and profiles, always scoped to one organisation.
use super::forms::{OrganisationSettings, TeamInput};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::forms::ProfileUpdate;
use crate::auth::sessions::{forget, Forget};
use crate::auth::CurrentUser;
use crate::entities::{membership, organisation, team, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use validator::Validate;

/// The organisations a person can work in: their active memberships.
pub async fn organisations_of_user(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<organisation::Model>, DbErr> {
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .find_also_related(organisation::Entity)
        .all(db)
        .await?;
    let mut orgs: Vec<_> = rows.into_iter().filter_map(|(_, o)| o).collect();
    orgs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(orgs)
}

pub async fn organisation(
    db: &impl ConnectionTrait,
    id: i32,
) -> crate::error::AppResult<organisation::Model> {
    organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)
}

pub async fn organisation_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<organisation::Model>, DbErr> {
    organisation::Entity::find()
        .filter(organisation::Column::Slug.eq(slug))
        .one(db)
        .await
}

pub async fn update_organisation(
    state: &AppState,
    actor: &CurrentUser,
    input: &OrganisationSettings,
) -> AppResult<organisation::Model> {
    input.validate()?;
    let origins = match input.embed_origins.as_deref() {
        Some(text) => Some(super::forms::embed_origins(text).map_err(|bad| {
            let mut e = crate::error::FieldErrors::default();
            e.add_with(
                "embed_origins",
                "origin",
                format!("“{bad}” is not a site address like https://www.example.se (at most {} of them).", super::forms::MAX_EMBED_ORIGINS),
                &[("value", &bad)],
            );
            AppError::Validation(e)
        })?),
        None => None,
    };
    let txn = state.db.begin().await?;
    let before = organisation::Entity::find_by_id(actor.org_id())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut row: organisation::ActiveModel = before.clone().into();
    row.name = Set(input.name.trim().to_string());
    row.time_zone = Set(input.time_zone.clone());
    row.default_language = Set(input.default_language.clone());
    if let Some(origins) = origins {
        row.embed_origins = Set(origins.join(" "));
    }
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(after.id),
            entity: "organisation",
            entity_id: after.id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    forget(state, Forget::Organisation(after.id)).await;
    Ok(after)
}

pub async fn set_user_language(
    state: &AppState,
    actor: &CurrentUser,
    lang: Option<Lang>,
) -> AppResult<()> {
    let update = ProfileUpdate {
        display_name: actor.user.display_name.clone(),
        language: lang.map(|l| l.code().to_string()),
        phone: None,
        reach_by: None,
    };
    update_profile(state, actor, &update).await.map(|_| ())
}

pub async fn update_profile(
    state: &AppState,
    actor: &CurrentUser,
    input: &ProfileUpdate,
) -> AppResult<user::Model> {
    let mut errors = match input.validate() {
        Ok(()) => FieldErrors::default(),
        Err(e) => e.into(),
    };
    let language = input
        .language
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let language = match language.map(|l| (l, Lang::parse(l))) {
        None => None,
        Some((_, Some(lang))) => Some(lang.code().to_string()),
        Some((_, None)) => {
            errors.add("language", "language", "Choose English or Swedish.");
            None
        }
    };
    let current = user::Entity::find_by_id(actor.user_id())
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let (phone, reach_by) = crate::orgs::phone::contact_change(
        input.phone.as_deref(),
        input.reach_by.as_deref(),
        &current,
        &actor.org.time_zone,
        &mut errors,
    );
    errors.into_result()?;
    let txn = state.db.begin().await?;
    let before = user::Entity::find_by_id(actor.user_id())
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut row: user::ActiveModel = before.clone().into();
    row.display_name = Set(input.display_name.trim().to_string());
    row.language = Set(language);
    row.phone = Set(phone);
    row.reach_by = Set(reach_by);
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "user",
            entity_id: after.id.to_string(),
            action: "update_profile",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    forget(state, Forget::User(after.id)).await;
    Ok(after)
}

pub async fn list_teams(db: &impl ConnectionTrait, org_id: i32) -> Result<Vec<team::Model>, DbErr> {
    team::Entity::find()
        .filter(team::Column::OrganisationId.eq(org_id))
        .order_by_asc(team::Column::Name)
        .all(db)
        .await
}

/// A team of this organisation; another organisation's team id is simply not found.
pub async fn team(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<team::Model> {
    team::Entity::find_by_id(id)
        .filter(team::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn check_team_name(
    db: &impl ConnectionTrait,
    org_id: i32,
    name: &str,
    except: Option<i32>,
) -> AppResult<()> {
    let wanted = name.to_lowercase();
    let clash = list_teams(db, org_id)
        .await?
        .into_iter()
        .any(|t| t.name.to_lowercase() == wanted && Some(t.id) != except);
    if clash {
        return Err(AppError::Validation(FieldErrors::single(
            "name",
            "taken",
            "A team with this name already exists.",
        )));
    }
    Ok(())
}

pub async fn create_team(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &CurrentUser,
    input: TeamInput,
) -> AppResult<team::Model> {
    let input = input.normalised();
    input.validate()?;
    let txn = db.begin().await?;
    check_team_name(&txn, actor.org_id(), &input.name, None).await?;
    let now = Utc::now();
    let created = team::ActiveModel {
        organisation_id: Set(actor.org_id()),
        name: Set(input.name),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "team",
            entity_id: created.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&created),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(created)
}

pub async fn rename_team(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: TeamInput,
) -> AppResult<team::Model> {
    let input = input.normalised();
    input.validate()?;
    let txn = db.begin().await?;
    let before = team(&txn, actor.org_id(), id).await?;
    check_team_name(&txn, actor.org_id(), &input.name, Some(id)).await?;
    let mut row: team::ActiveModel = before.clone().into();
    row.name = Set(input.name);
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "team",
            entity_id: after.id.to_string(),
            action: "update",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// Deleting a team keeps its people: they become members without a team.
pub async fn delete_team(state: &AppState, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let txn = state.db.begin().await?;
    let before = team(&txn, actor.org_id(), id).await?;
    membership::Entity::update_many()
        .col_expr(
            membership::Column::TeamId,
            sea_orm::sea_query::Expr::value(Option::<i32>::None),
        )
        .filter(membership::Column::TeamId.eq(id))
        .exec(&txn)
        .await?;
    before.clone().delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "team",
            entity_id: before.id.to_string(),
            action: "delete",
            before: snapshot(&before),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    // Its people's memberships lost their team.
    forget(state, Forget::Organisation(actor.org_id())).await;
    Ok(())
}
