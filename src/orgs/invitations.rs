//! Joining an organisation is an invitation the person accepts.
//!
//! An admin names an address, a name, roles and a team; Beredskap mails a signed link that
//! expires after a week (or shows it to the admin to hand over when no mail is configured).
//! The answer to the admin is the same whether or not the address already has an account, so
//! the form cannot be used to find out who uses Beredskap, and nobody's existing account joins
//! an organisation without its owner entering their own password.
use super::forms::NewMember;
use super::{members, repo};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::password::MIN_PASSWORD_LENGTH;
use crate::auth::{throttle, CurrentUser, RoleSet};
use crate::entities::{invitation, membership, organisation, user};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use sha2::Sha256;
use validator::Validate;

pub const VALID_DAYS: i64 = 7;

/// What the admin is told: the same for an address with or without an account.
pub struct Invited {
    pub invitation: invitation::Model,
    /// The link, when it could not be mailed: the admin hands it over.
    pub accept_url: Option<String>,
}

fn mac(secret: &[u8], payload: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(b"beredskap-invitation:");
    m.update(payload.as_bytes());
    m.finalize().into_bytes().to_vec()
}

/// A token naming the invitation and its address: no table of secrets to leak.
pub fn token(secret: &[u8], inv: &invitation::Model) -> String {
    let payload = format!("{}:{}", inv.id, inv.email);
    format!(
        "{}.{}",
        B64.encode(&payload),
        B64.encode(mac(secret, &payload))
    )
}

fn check_token(secret: &[u8], token: &str) -> Option<(i32, String)> {
    let (p, sig) = token.split_once('.')?;
    let payload = String::from_utf8(B64.decode(p).ok()?).ok()?;
    use subtle::ConstantTimeEq;
    if !bool::from(mac(secret, &payload).ct_eq(&B64.decode(sig).ok()?)) {
        return None;
    }
    let (id, email) = payload.split_once(':')?;
    Some((id.parse().ok()?, email.to_string()))
}

pub fn accept_url(state: &AppState, inv: &invitation::Model) -> String {
    format!(
        "{}/invite/{}",
        state.settings.public_url(),
        token(state.keys.secret(), inv)
    )
}

pub async fn create(state: &AppState, actor: &CurrentUser, input: NewMember) -> AppResult<Invited> {
    let input = input.normalised();
    let mut errors: FieldErrors = match input.validate() {
        Ok(()) => FieldErrors::default(),
        Err(e) => e.into(),
    };
    let roles = members::parse_roles(&input.roles, &mut errors);
    let org_id = actor.org_id();
    members::check_team(&state.db, org_id, input.team_id, &mut errors).await?;
    if errors.for_field("email").is_none() && is_member(&state.db, org_id, &input.email).await? {
        // The admin sees their own organisation's people anyway: this tells them nothing new.
        errors.add(
            "email",
            "already_member",
            "This person is already a member of the organisation.",
        );
    }
    errors.into_result()?;

    let now = Utc::now();
    let txn = state.db.begin().await?;
    // A new invitation to the same address replaces one still waiting.
    invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value("revoked"))
        .col_expr(invitation::Column::UpdatedAt, Expr::value(now))
        .filter(invitation::Column::OrganisationId.eq(org_id))
        .filter(invitation::Column::Email.eq(&input.email))
        .filter(invitation::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    let inv = invitation::ActiveModel {
        organisation_id: Set(org_id),
        email: Set(input.email.clone()),
        display_name: Set(input.display_name.clone()),
        roles: Set(roles.to_stored()),
        team_id: Set(input.team_id),
        invited_by: Set(Some(actor.user_id())),
        status: Set("pending".into()),
        expires_at: Set(now + Duration::days(VALID_DAYS)),
        accepted_at: Set(None),
        accepted_user_id: Set(None),
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
            organisation_id: Some(org_id),
            entity: "invitation",
            entity_id: inv.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&inv),
        },
    )
    .await?;
    txn.commit().await?;

    let url = accept_url(state, &inv);
    let mailed = mail(state, actor, &inv, &url).await;
    Ok(Invited {
        invitation: inv,
        accept_url: (!mailed).then_some(url),
    })
}

async fn is_member(db: &impl ConnectionTrait, org_id: i32, email: &str) -> AppResult<bool> {
    Ok(membership::Entity::find()
        .inner_join(user::Entity)
        .filter(membership::Column::OrganisationId.eq(org_id))
        .filter(user::Column::Email.eq(email))
        .count(db)
        .await?
        > 0)
}

/// Mails the link; `false` when there is no mail server or it did not take the message.
async fn mail(state: &AppState, actor: &CurrentUser, inv: &invitation::Model, url: &str) -> bool {
    let Some(mailer) = state.mailer.as_deref() else {
        return false;
    };
    let org = &actor.org;
    let lang = Lang::parse(&org.default_language).unwrap_or(Lang::En);
    let vars = [
        ("org", org.name.as_str()),
        ("inviter", actor.user.display_name.as_str()),
        ("url", url),
        ("days", &VALID_DAYS.to_string()),
    ];
    let subject = lang.tf("invitations.mail.subject", &vars);
    let text = lang.tf("invitations.mail.body", &vars);
    let html = maud::html! {
        p { (lang.tf("invitations.mail.intro", &vars)) }
        p { a href=(url) { (lang.tf("invitations.mail.button", &vars)) } }
        p { small { (lang.tf("invitations.mail.expiry", &vars)) } }
    }
    .into_string();
    match mailer.send(&inv.email, lang, &subject, &text, &html).await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(error = %e, invitation = inv.id, "could not mail an invitation");
            false
        }
    }
}

pub async fn pending(
    db: &impl ConnectionTrait,
    org_id: i32,
    now: DateTime<Utc>,
) -> AppResult<Vec<invitation::Model>> {
    Ok(invitation::Entity::find()
        .filter(invitation::Column::OrganisationId.eq(org_id))
        .filter(invitation::Column::Status.eq("pending"))
        .filter(invitation::Column::ExpiresAt.gt(now))
        .order_by_desc(invitation::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn revoke(state: &AppState, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let txn = state.db.begin().await?;
    let before = invitation::Entity::find_by_id(id)
        .filter(invitation::Column::OrganisationId.eq(actor.org_id()))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if before.status != "pending" {
        return Err(AppError::Conflict(
            "This invitation was already accepted or withdrawn.".into(),
        ));
    }
    let mut row: invitation::ActiveModel = before.clone().into();
    row.status = Set("revoked".into());
    row.updated_at = Set(Utc::now());
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "invitation",
            entity_id: id.to_string(),
            action: "revoke",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A pending, unexpired invitation and its organisation, from the link's token.
pub async fn open(
    state: &AppState,
    token: &str,
) -> AppResult<(invitation::Model, organisation::Model)> {
    let (id, email) = check_token(state.keys.secret(), token).ok_or(AppError::NotFound)?;
    let inv = invitation::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|i| i.email == email)
        .ok_or(AppError::NotFound)?;
    if inv.status != "pending" || inv.expires_at <= Utc::now() {
        return Err(AppError::Gone);
    }
    let org = repo::organisation(&state.db, inv.organisation_id).await?;
    Ok((inv, org))
}

/// What the person types to accept: their name, and the password of their existing account or
/// a new one. One form for both, so the link does not tell who already has an account.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Acceptance {
    pub display_name: String,
    pub password: String,
}

/// Accepts: the account's owner proves it with their password, or a new account is made.
/// Returns the person and the new membership, ready for a session.
pub async fn accept(
    state: &AppState,
    token: &str,
    input: &Acceptance,
    ip: &str,
) -> AppResult<(user::Model, membership::Model, organisation::Model)> {
    let (inv, org) = open(state, token).await?;
    let existing = user::Entity::find()
        .filter(user::Column::Email.eq(&inv.email))
        .one(&state.db)
        .await?;
    let name = input.display_name.trim();
    let mut errors = FieldErrors::default();
    if !(1..=120).contains(&name.chars().count()) {
        errors.add_with(
            "display_name",
            "length",
            "Use between 1 and 120 characters.",
            &[("min", "1"), ("max", "120")],
        );
    }
    let hash = match &existing {
        Some(u) => {
            // The same limit as signing in: a link must not be a way round it.
            let scope = throttle::account_scope(&u.email);
            let throttle::Admission::Admitted(attempt) =
                throttle::admit(&state.db, &scope, throttle::MAX_PER_ACCOUNT).await?
            else {
                return Err(AppError::TooManyRequests {
                    retry_after_secs: 60,
                });
            };
            if state
                .hashing
                .verify(input.password.clone(), Some(u.password_hash.clone()))
                .await?
            {
                throttle::forgive(&state.db, attempt).await?;
            } else {
                errors.add(
                    "password",
                    "account_password",
                    "The password is wrong. Use the password of your Beredskap account.",
                );
            }
            None
        }
        None => {
            if (input.password.chars().count() as u64) < MIN_PASSWORD_LENGTH {
                errors.0.push(FieldError {
                    field: "password".into(),
                    code: "password_short".into(),
                    detail: format!("Use at least {MIN_PASSWORD_LENGTH} characters."),
                    params: vec![("min".into(), MIN_PASSWORD_LENGTH.to_string())],
                });
                None
            } else {
                Some(state.hashing.hash(input.password.clone()).await?)
            }
        }
    };
    errors.into_result()?;

    let now = Utc::now();
    let txn = state.db.begin().await?;
    // Only one acceptance wins, however many tabs press the button.
    let taken = invitation::Entity::update_many()
        .col_expr(invitation::Column::Status, Expr::value("accepted"))
        .col_expr(invitation::Column::AcceptedAt, Expr::value(Some(now)))
        .col_expr(invitation::Column::UpdatedAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(inv.id))
        .filter(invitation::Column::Status.eq("pending"))
        .exec(&txn)
        .await?;
    if taken.rows_affected == 0 {
        return Err(AppError::Gone);
    }
    let person = match existing {
        Some(u) => u,
        None => {
            user::ActiveModel::new_account(
                inv.email.clone(),
                name.to_string(),
                hash.unwrap_or_default(),
                now,
            )
            .insert(&txn)
            .await?
        }
    };
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::AcceptedUserId,
            Expr::value(Some(person.id)),
        )
        .filter(invitation::Column::Id.eq(inv.id))
        .exec(&txn)
        .await?;
    if is_member(&txn, org.id, &person.email).await? {
        return Err(AppError::Conflict(
            "You are already a member of this organisation.".into(),
        ));
    }
    let m = membership::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(person.id),
        team_id: Set(inv.team_id),
        roles: Set(RoleSet::from_stored(&inv.roles).to_stored()),
        active: Set(true),
        last_used_at: Set(Some(now)),
        sessions_from: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor {
            user_id: Some(person.id),
            name: person.email.clone(),
        },
        Change {
            organisation_id: Some(org.id),
            entity: "invitation",
            entity_id: inv.id.to_string(),
            action: "accept",
            before: snapshot(&inv),
            after: Some(serde_json::json!({ "membership": m, "ip": ip })),
        },
    )
    .await?;
    txn.commit().await?;
    // A person already signed in elsewhere now has one more organisation to switch to.
    crate::auth::sessions::forget(state, crate::auth::sessions::Forget::User(person.id)).await;
    Ok((person, m, org))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_its_invitation_and_cannot_be_altered() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let now = Utc::now();
        let inv = invitation::Model {
            id: 7,
            organisation_id: 1,
            email: "kim@example.org".into(),
            display_name: "Kim".into(),
            roles: "staff".into(),
            team_id: None,
            invited_by: None,
            status: "pending".into(),
            expires_at: now,
            accepted_at: None,
            accepted_user_id: None,
            created_at: now,
            updated_at: now,
        };
        let t = token(secret, &inv);
        assert_eq!(check_token(secret, &t), Some((7, "kim@example.org".into())));
        assert_eq!(check_token(b"another secret, also 32 bytes...", &t), None);
        let forged = format!(
            "{}.{}",
            B64.encode("8:kim@example.org"),
            t.split_once('.').unwrap().1
        );
        assert_eq!(check_token(secret, &forged), None);
    }
}
