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
    let Some((membership, Some(user))) = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::OrganisationId.eq(claims.org))
        .filter(membership::Column::Active.eq(true))
        .find_also_related(user::Entity)
        .one(db)
        .await?
    else {
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
    let Some(org) = organisation::Entity::find_by_id(claims.org).one(db).await? else {
        return Ok(None);
    };
    // Roles come from the database, not the token, so a change takes effect at once.
    let roles = RoleSet::from_stored(&membership.roles);
    let organisations = crate::orgs::repo::organisations_of_user(db, user.id).await?;
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
