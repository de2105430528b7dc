//! Email subscribers of the public FAQ: double opt-in (a signed link confirms), unsubscribe by
//! a signed link or the mail client's one-click button. An address is never told whether it
//! was already subscribed: the page says the same thing either way.
use super::tokens;
use crate::audit::{self, Actor, Change};
use crate::entities::{organisation, subscriber};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, Set,
};
use serde::Deserialize;
use validator::ValidateEmail;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SubscribeInput {
    pub email: String,
    pub language: String,
    /// One answer to follow ("tell me when this answer changes"); none for the whole FAQ.
    pub entry: Option<i32>,
}

/// How soon a second confirmation mail may go to the same pending address.
const RESEND_AFTER_MINUTES: i64 = 5;

pub enum Subscribed {
    /// A confirmation link is on its way (or went out moments ago).
    ConfirmationSent,
    /// Mail is not configured on this server.
    MailUnavailable,
}

pub fn check(input: &SubscribeInput) -> Result<(String, Lang), FieldErrors> {
    let mut e = FieldErrors::default();
    let email = input.email.trim().to_lowercase();
    if email.len() > 254 || !email.validate_email() {
        e.add(
            "email",
            "email",
            "Enter an email address, like name@example.com.",
        );
    }
    let lang = if input.language.trim().is_empty() {
        Some(Lang::En)
    } else {
        Lang::parse(input.language.trim())
    };
    if lang.is_none() {
        e.add("language", "language", "Choose English or Swedish.");
    }
    if !e.is_empty() {
        return Err(e);
    }
    Ok((email, lang.unwrap_or(Lang::En)))
}

fn trail(org_id: i32, id: i32, action: &'static str) -> Change<'static> {
    Change {
        organisation_id: Some(org_id),
        entity: "subscriber",
        entity_id: id.to_string(),
        action,
        before: None,
        after: None,
    }
}

pub async fn subscribe(
    state: &AppState,
    org: &organisation::Model,
    input: &SubscribeInput,
) -> AppResult<Subscribed> {
    let (email, lang) = check(input).map_err(AppError::Validation)?;
    // Only a published public answer can be followed.
    let followed = match input.entry {
        Some(id) => {
            let e = crate::faq::repo::get(&state.db, org.id, id).await?;
            if e.status != "published" || e.visibility != "public" {
                return Err(AppError::NotFound);
            }
            Some(e)
        }
        None => None,
    };
    let scope = followed.as_ref().map_or(0, |e| e.id);
    let Some(mailer) = state.mailer.as_deref() else {
        return Ok(Subscribed::MailUnavailable);
    };
    let now = state.clock.now();
    let of_email = subscriber::Entity::find()
        .filter(subscriber::Column::OrganisationId.eq(org.id))
        .filter(subscriber::Column::Email.eq(email.clone()));
    // Following every answer already covers this one: nothing to confirm (and nothing said
    // that would tell a stranger whether the address subscribes).
    if scope != 0
        && of_email
            .clone()
            .filter(subscriber::Column::FaqEntryId.eq(0))
            .filter(subscriber::Column::Status.eq("confirmed"))
            .one(&state.db)
            .await?
            .is_some()
    {
        return Ok(Subscribed::ConfirmationSent);
    }
    let existing = of_email
        .filter(subscriber::Column::FaqEntryId.eq(scope))
        .one(&state.db)
        .await?;
    let row = match existing {
        Some(s) if s.status == "confirmed" => return Ok(Subscribed::ConfirmationSent),
        Some(s)
            if s.status == "pending"
                && s.confirmation_sent_at
                    .is_some_and(|at| now - at < Duration::minutes(RESEND_AFTER_MINUTES)) =>
        {
            return Ok(Subscribed::ConfirmationSent)
        }
        Some(s) => {
            let mut row = s.into_active_model();
            row.status = Set("pending".into());
            row.language = Set(lang.code().into());
            row.confirmation_sent_at = Set(Some(now));
            row.updated_at = Set(now);
            row.update(&state.db).await?
        }
        None => {
            let s = subscriber::ActiveModel {
                organisation_id: Set(org.id),
                email: Set(email.clone()),
                language: Set(lang.code().into()),
                status: Set("pending".into()),
                confirmation_sent_at: Set(Some(now)),
                confirmed_at: Set(None),
                unsubscribed_at: Set(None),
                faq_entry_id: Set(scope),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            match s.insert(&state.db).await {
                Ok(s) => s,
                // The same address sent twice at once: the first one's mail is enough.
                Err(e) if crate::db::is_unique_violation(&e) => {
                    return Ok(Subscribed::ConfirmationSent)
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    audit::record(
        &state.db,
        &Actor::system("public subscription"),
        trail(org.id, row.id, "subscribe"),
    )
    .await?;
    let token = tokens::make(
        state.keys.secret(),
        "confirm",
        row.id,
        &row.email,
        now.timestamp(),
    );
    let link = format!(
        "{}/p/{}/confirm?token={token}",
        state.settings.public_url(),
        org.slug
    );
    let subject = lang.tf("delivery.confirm_mail.subject", &[("org", &org.name)]);
    let text = lang.tf(
        "delivery.confirm_mail.body",
        &[("org", &org.name), ("url", &link)],
    );
    let (text, intro) = match &followed {
        Some(e) => {
            let about = lang.tf("delivery.confirm_mail.answer", &[("question", &e.question)]);
            (format!("{about}\n\n{text}"), about)
        }
        None => (text, String::new()),
    };
    let html = maud::html! {
        p { (lang.tf("delivery.confirm_mail.intro", &[("org", &org.name)])) }
        @if !intro.is_empty() { p { (intro) } }
        p { a href=(link) { (lang.t("delivery.confirm_mail.button")) } }
        p { small { (lang.t("delivery.confirm_mail.ignore")) } }
    }
    .into_string();
    if let Err(e) = mailer.send(&row.email, lang, &subject, &text, &html).await {
        // Not sent: a second try must send again rather than be told to wait for this one.
        let mut again = row.into_active_model();
        again.confirmation_sent_at = Set(None);
        again.update(&state.db).await?;
        return Err(AppError::Unavailable(format!("{e:#}")));
    }
    Ok(Subscribed::ConfirmationSent)
}

/// The subscriber a genuine token of `purpose` names, within `org`.
pub async fn by_token(
    state: &AppState,
    org: &organisation::Model,
    token: &str,
    purpose: &str,
) -> AppResult<subscriber::Model> {
    let (id, email) = tokens::check(
        state.keys.secret(),
        token,
        purpose,
        state.clock.now().timestamp(),
    )
    .ok_or(AppError::NotFound)?;
    subscriber::Entity::find_by_id(id)
        .filter(subscriber::Column::OrganisationId.eq(org.id))
        .filter(subscriber::Column::Email.eq(email))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn confirm(
    state: &AppState,
    org: &organisation::Model,
    token: &str,
) -> AppResult<subscriber::Model> {
    let s = by_token(state, org, token, "confirm").await?;
    if s.status == "confirmed" {
        return Ok(s);
    }
    let now = state.clock.now();
    let mut row = s.into_active_model();
    row.status = Set("confirmed".into());
    row.confirmed_at = Set(Some(now));
    row.unsubscribed_at = Set(None);
    row.updated_at = Set(now);
    let s = row.update(&state.db).await?;
    audit::record(
        &state.db,
        &Actor::system("public subscription"),
        trail(org.id, s.id, "confirm"),
    )
    .await?;
    if s.faq_entry_id == 0 {
        // Every answer now comes anyway: single answers followed before would come twice.
        let covered = subscriber::Entity::update_many()
            .col_expr(subscriber::Column::Status, Expr::value("unsubscribed"))
            .col_expr(subscriber::Column::UnsubscribedAt, Expr::value(Some(now)))
            .col_expr(subscriber::Column::UpdatedAt, Expr::value(now))
            .filter(subscriber::Column::OrganisationId.eq(org.id))
            .filter(subscriber::Column::Email.eq(s.email.clone()))
            .filter(subscriber::Column::FaqEntryId.ne(0))
            .filter(subscriber::Column::Status.ne("unsubscribed"))
            .exec(&state.db)
            .await?;
        if covered.rows_affected > 0 {
            audit::record(
                &state.db,
                &Actor::system("public subscription"),
                trail(org.id, s.id, "cover_answers"),
            )
            .await?;
        }
    }
    Ok(s)
}

pub async fn unsubscribe(
    state: &AppState,
    org: &organisation::Model,
    token: &str,
) -> AppResult<subscriber::Model> {
    let s = by_token(state, org, token, "unsubscribe").await?;
    if s.status == "unsubscribed" {
        return Ok(s);
    }
    let now = state.clock.now();
    let mut row = s.into_active_model();
    row.status = Set("unsubscribed".into());
    row.unsubscribed_at = Set(Some(now));
    row.updated_at = Set(now);
    let s = row.update(&state.db).await?;
    audit::record(
        &state.db,
        &Actor::system("public subscription"),
        trail(org.id, s.id, "unsubscribe"),
    )
    .await?;
    Ok(s)
}

/// (confirmed, pending) for the admin pages.
pub async fn counts(db: &impl ConnectionTrait, org_id: i32) -> AppResult<(u64, u64)> {
    let count = |status: &'static str| {
        subscriber::Entity::find()
            .filter(subscriber::Column::OrganisationId.eq(org_id))
            .filter(subscriber::Column::Status.eq(status))
            .count(db)
    };
    Ok((count("confirmed").await?, count("pending").await?))
}
