//! Signing in and out, switching organisation, changing password: shared by pages and API.
use super::forms::PasswordChange;
use super::roles::RoleSet;
use super::sessions::{forget, Forget};
use super::token::Claims;
use super::{repo, throttle, CurrentUser};
use crate::audit::{self, Actor, Change};
use crate::entities::{membership, organisation, user};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::HttpRequest;
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};

pub struct Session {
    pub token: String,
    pub claims: Claims,
    pub user: user::Model,
    pub org: organisation::Model,
    pub roles: RoleSet,
}

/// The client's address; `X-Forwarded-For` is believed only with `TRUST_PROXY`.
pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    let info = req.connection_info();
    let addr = if trust_proxy {
        info.realip_remote_addr()
    } else {
        info.peer_addr()
    };
    addr.map(|a| {
        a.parse::<std::net::SocketAddr>()
            .map(|s| s.ip().to_string())
            .unwrap_or_else(|_| a.to_string())
    })
    .unwrap_or_else(|| "unknown".into())
}

pub fn invalid_credentials() -> AppError {
    AppError::InvalidCredentials
}

/// Signs in to the organisation named, else the one used last; someone who has never used any
/// of theirs lands in one in the language they read (`lang`), when there is one.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password_given: &str,
    org_slug: Option<&str>,
    ip: &str,
    lang: Option<Lang>,
) -> AppResult<Session> {
    let email = email.trim().to_lowercase();
    let account = throttle::account_scope(&email);
    let address = throttle::address_scope(ip);
    let mut admitted = Vec::with_capacity(2);
    for (scope, max) in [
        (&account, throttle::MAX_PER_ACCOUNT),
        (&address, throttle::MAX_PER_ADDRESS),
    ] {
        match throttle::admit(&state.db, scope, max).await? {
            throttle::Admission::Admitted(id) => admitted.push(id),
            throttle::Admission::Refused { retry_after_secs } => {
                for id in admitted {
                    throttle::forgive(&state.db, id).await?;
                }
                tracing::warn!(%scope, "sign-in throttled");
                return Err(AppError::TooManyRequests { retry_after_secs });
            }
        }
    }
    let found = user::Entity::find()
        .filter(user::Column::Email.eq(&email))
        .one(&state.db)
        .await?;
    let ok = state
        .hashing
        .verify(
            password_given.to_string(),
            found.as_ref().map(|u| u.password_hash.clone()),
        )
        .await?;
    // Both attempts stay counted as failures unless the password was right.
    let user = match (ok, found) {
        (true, Some(u)) => u,
        _ => return Err(invalid_credentials()),
    };
    throttle::clear(&state.db, &account).await?;
    for id in admitted.into_iter().skip(1) {
        throttle::forgive(&state.db, id).await?;
    }
    let memberships = active_memberships(state, user.id).await?;
    let chosen = match org_slug.map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => memberships
            .into_iter()
            .find(|(_, o)| o.slug == slug)
            .ok_or_else(|| {
                AppError::Validation(FieldErrors::single(
                    "organisation",
                    "not_member",
                    "You are not a member of that organisation.",
                ))
            })?,
        // A person with no active membership anywhere cannot sign in: same answer as a wrong password.
        None => {
            let never_used = memberships.iter().all(|(m, _)| m.last_used_at.is_none());
            let in_their_language = memberships.iter().position(|(_, o)| {
                never_used && lang.is_some_and(|l| Lang::parse(&o.default_language) == Some(l))
            });
            let mut memberships = memberships;
            match in_their_language {
                Some(i) => memberships.swap_remove(i),
                None => memberships
                    .into_iter()
                    .next()
                    .ok_or_else(invalid_credentials)?,
            }
        }
    };
    mark_used(state, &chosen.0).await?;
    let session = issue(state, user, chosen.0, chosen.1)?;
    let actor = Actor {
        user_id: Some(session.user.id),
        name: session.user.email.clone(),
    };
    audit::record(
        &state.db,
        &actor,
        Change {
            organisation_id: Some(session.org.id),
            entity: "session",
            entity_id: session.user.id.to_string(),
            action: "sign_in",
            before: None,
            after: Some(serde_json::json!({ "ip": ip })),
        },
    )
    .await?;
    Ok(session)
}

async fn active_memberships(
    state: &AppState,
    user_id: i32,
) -> AppResult<Vec<(membership::Model, organisation::Model)>> {
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user_id))
        .filter(membership::Column::Active.eq(true))
        .find_also_related(organisation::Entity)
        .order_by_asc(membership::Column::OrganisationId)
        .all(&state.db)
        .await?;
    let mut rows: Vec<_> = rows
        .into_iter()
        .filter_map(|(m, o)| o.map(|o| (m, o)))
        .collect();
    // The organisation used last comes first: sign-in without naming one lands there.
    rows.sort_by_key(|(m, o)| (std::cmp::Reverse(m.last_used_at), o.id));
    Ok(rows)
}

/// The language a person chose on the sign-in page becomes their saved choice: the newer choice
/// wins over an older one.
pub async fn remember_language(state: &AppState, user_id: i32, lang: Lang) -> AppResult<()> {
    let Some(before) = user::Entity::find_by_id(user_id).one(&state.db).await? else {
        return Ok(());
    };
    if before.language.as_deref() == Some(lang.code()) {
        return Ok(());
    }
    let txn = state.db.begin().await?;
    user::Entity::update_many()
        .col_expr(
            user::Column::Language,
            sea_orm::sea_query::Expr::value(Some(lang.code().to_string())),
        )
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        &Actor {
            user_id: Some(user_id),
            name: format!("{} <{}>", before.display_name, before.email),
        },
        Change {
            organisation_id: None,
            entity: "user",
            entity_id: user_id.to_string(),
            action: "language",
            before: Some(serde_json::json!({ "language": before.language })),
            after: Some(serde_json::json!({ "language": lang.code() })),
        },
    )
    .await?;
    txn.commit().await?;
    forget(state, Forget::User(user_id)).await;
    Ok(())
}

/// Remembers that this organisation was the one used last.
pub(crate) async fn mark_used(state: &AppState, m: &membership::Model) -> AppResult<()> {
    membership::Entity::update_many()
        .col_expr(
            membership::Column::LastUsedAt,
            sea_orm::sea_query::Expr::value(Some(chrono::Utc::now())),
        )
        .filter(membership::Column::Id.eq(m.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

pub fn issue(
    state: &AppState,
    user: user::Model,
    m: membership::Model,
    org: organisation::Model,
) -> AppResult<Session> {
    let roles = RoleSet::from_stored(&m.roles);
    let (token, claims) = state.keys.issue(
        user.id,
        org.id,
        &org.slug,
        roles.names(),
        user.token_version,
        Duration::hours(state.settings.session_hours),
    )?;
    Ok(Session {
        token,
        claims,
        user,
        org,
        roles,
    })
}

/// A new session for another organisation the same person is an active member of.
pub async fn switch_organisation(
    state: &AppState,
    current: &CurrentUser,
    org_id: i32,
) -> AppResult<Session> {
    let (m, org) = active_memberships(state, current.user_id())
        .await?
        .into_iter()
        .find(|(_, o)| o.id == org_id)
        .ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    repo::revoke(&txn, &current.claims.jti, expiry(&current.claims)).await?;
    audit::record(
        &txn,
        &Actor::from(current),
        Change {
            organisation_id: Some(current.org_id()),
            entity: "session",
            entity_id: current.user_id().to_string(),
            action: "switch_organisation",
            before: Some(serde_json::json!({ "organisation_id": current.org_id() })),
            after: Some(serde_json::json!({ "organisation_id": org.id })),
        },
    )
    .await?;
    txn.commit().await?;
    forget(state, Forget::Token(current.claims.jti.clone())).await;
    mark_used(state, &m).await?;
    issue(state, current.user.clone(), m, org)
}

fn expiry(claims: &Claims) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(claims.exp, 0).unwrap_or_else(chrono::Utc::now)
}

pub async fn sign_out(state: &AppState, current: &CurrentUser) -> AppResult<()> {
    let txn = state.db.begin().await?;
    repo::revoke(&txn, &current.claims.jti, expiry(&current.claims)).await?;
    audit::record(
        &txn,
        &Actor::from(current),
        Change {
            organisation_id: Some(current.org_id()),
            entity: "session",
            entity_id: current.user_id().to_string(),
            action: "sign_out",
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    forget(state, Forget::Token(current.claims.jti.clone())).await;
    Ok(())
}

/// Changes the password and ends every other session (the token version moves on).
pub async fn change_password(
    state: &AppState,
    current: &CurrentUser,
    input: &PasswordChange,
) -> AppResult<Session> {
    let ok = state
        .hashing
        .verify(
            input.current_password.clone(),
            Some(current.user.password_hash.clone()),
        )
        .await?;
    if !ok {
        return Err(AppError::Validation(FieldErrors::single(
            "current_password",
            "wrong_password",
            "The current password is wrong.",
        )));
    }
    let hash = state.hashing.hash(input.new_password.clone()).await?;
    let txn = state.db.begin().await?;
    let mut row: user::ActiveModel = current.user.clone().into();
    row.password_hash = Set(hash);
    row.token_version = Set(current.user.token_version + 1);
    row.updated_at = Set(chrono::Utc::now());
    let updated = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(current),
        Change {
            organisation_id: Some(current.org_id()),
            entity: "user",
            entity_id: updated.id.to_string(),
            action: "change_password",
            before: None,
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    // Every other session of this person ends here (their token version is old now).
    forget(state, Forget::User(updated.id)).await;
    issue(
        state,
        updated,
        current.membership.clone(),
        current.org.clone(),
    )
}
