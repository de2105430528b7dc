//! Queries behind sessions: loading who a token speaks for, revoking tokens.
use super::roles::RoleSet;
use super::token::Claims;
use super::CurrentUser;
use crate::entities::{membership, organisation, revoked_token, user};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// The person, organisation and membership a token speaks for, if it still does: the token
/// is not revoked, the password has not changed since, and the membership is active.
pub async fn load_session(
    db: &impl ConnectionTrait,
    claims: Claims,
) -> Result<Option<CurrentUser>, DbErr> {
    let Some(user_id) = claims.user_id() else {
        return Ok(None);
    };
    if revoked_token::Entity::find_by_id(claims.jti.clone())
        .one(db)
        .await?
        .is_some()
    {
        return Ok(None);
    }
    // Every active membership with its organisation: the one the token names, and the list
    // the organisation switcher shows, in one query.
    let mut memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .find_also_related(organisation::Entity)
        .all(db)
        .await?;
    let Some(at) = memberships
        .iter()
        .position(|(m, o)| m.organisation_id == claims.org && o.is_some())
    else {
        return Ok(None);
    };
    let (membership, org) = memberships.swap_remove(at);
    let Some(org) = org else { return Ok(None) };
    let Some(user) = user::Entity::find_by_id(user_id).one(db).await? else {
        return Ok(None);
    };
    if user.token_version != claims.ver {
        return Ok(None);
    }
    // A membership deactivated and reactivated since the token was issued does not bring the
    // old token back.
    if membership
        .sessions_from
        .is_some_and(|from| claims.iat < from.timestamp())
    {
        return Ok(None);
    }
    // Roles come from the database, not the token, so a change takes effect at once.
    let roles = RoleSet::from_stored(&membership.roles);
    let mut organisations: Vec<organisation::Model> = memberships
        .into_iter()
        .filter_map(|(_, o)| o)
        .chain([org.clone()])
        .collect();
    organisations.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Some(CurrentUser {
        user,
        org,
        membership,
        roles,
        claims,
        organisations: std::sync::Arc::new(organisations),
    }))
}

pub async fn revoke(
    db: &impl ConnectionTrait,
    jti: &str,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let row = revoked_token::ActiveModel {
        jti: Set(jti.to_string()),
        expires_at: Set(expires_at),
    };
    revoked_token::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::column(revoked_token::Column::Jti)
                .do_nothing()
                .to_owned(),
        )
        .do_nothing()
        .exec(db)
        .await?;
    Ok(())
}

/// Revocations only matter until the token would have expired anyway.
pub async fn prune_revoked(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let res = revoked_token::Entity::delete_many()
        .filter(revoked_token::Column::ExpiresAt.lt(Utc::now()))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
