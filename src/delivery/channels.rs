//! Chat and webhook endpoints, managed by admins. A signed webhook's secret is generated here
//! and shown once; after that only its first characters are.
use super::outbound::OutboundPolicy;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{delivery_channel, outbox_message};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::scenarios::vocab::check_one_of;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde::Deserialize;
use utoipa::ToSchema;

pub const KINDS: &[&str] = &["slack", "mattermost", "teams", "webhook"];
pub const AUDIENCES: &[&str] = &["public", "internal"];

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChannelInput {
    #[schema(required = true, min_length = 1, max_length = 80)]
    pub name: String,
    /// `slack`, `mattermost`, `teams` (a Workflows webhook) or `webhook` (signed JSON).
    #[schema(required = true, pattern = "^(slack|mattermost|teams|webhook)$")]
    pub kind: String,
    /// The endpoint's address (https://…).
    #[schema(required = true, max_length = 2000)]
    pub url: String,
    /// `public` (hears every public answer) or `internal` (also internal answers and level
    /// changes for the crisis group).
    #[schema(required = true, pattern = "^(public|internal)$")]
    pub audience: String,
}

impl ChannelInput {
    fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        let n = self.name.trim().chars().count();
        if !(1..=80).contains(&n) {
            e.add_with(
                "name",
                "length",
                "Use between 1 and 80 characters.",
                &[("min", "1"), ("max", "80")],
            );
        }
        check_one_of(&mut e, "kind", self.kind.trim(), KINDS);
        check_one_of(&mut e, "audience", self.audience.trim(), AUDIENCES);
        match url::Url::parse(self.url.trim()) {
            Ok(u)
                if matches!(u.scheme(), "http" | "https")
                    && u.host().is_some()
                    && self.url.len() <= 2000 => {}
            _ => e.add(
                "url",
                "url",
                "Enter the endpoint's full address, starting with https://.",
            ),
        }
        e
    }
}

pub async fn list(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<Vec<delivery_channel::Model>> {
    Ok(delivery_channel::Entity::find()
        .filter(delivery_channel::Column::OrganisationId.eq(org_id))
        .order_by_asc(delivery_channel::Column::Name)
        .all(db)
        .await?)
}

pub async fn get(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> AppResult<delivery_channel::Model> {
    delivery_channel::Entity::find_by_id(id)
        .filter(delivery_channel::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The secret with all but its start hidden.
pub fn masked(secret: &str) -> String {
    if secret.is_empty() {
        return String::new();
    }
    format!("{}…", secret.chars().take(10).collect::<String>())
}

/// Returns the channel and, for a signed webhook, its secret (the only time it is shown).
pub async fn create(
    db: &DatabaseConnection,
    outbound: &OutboundPolicy,
    actor: &CurrentUser,
    input: ChannelInput,
) -> AppResult<(delivery_channel::Model, Option<String>)> {
    let mut errors = input.check();
    if errors.for_field("url").is_none() {
        if let Err(refusal) = outbound.check_url(&input.url).await {
            tracing::info!(%refusal, "channel address refused");
            errors.add(
                "url",
                "not_allowed",
                "This address cannot be used: it is private or local, or it carries a user \
                 name or password. An operator can allow an internal chat server with \
                 OUTBOUND_ALLOW.",
            );
        }
    }
    errors.into_result()?;
    let now = Utc::now();
    let kind = input.kind.trim().to_string();
    let secret = (kind == "webhook").then(super::signing::new_secret);
    let txn = db.begin().await?;
    let c = delivery_channel::ActiveModel {
        organisation_id: Set(actor.org_id()),
        name: Set(input.name.trim().to_string()),
        kind: Set(kind),
        url: Set(input.url.trim().to_string()),
        secret: Set(secret.clone().unwrap_or_default()),
        audience: Set(input.audience.trim().to_string()),
        enabled: Set(true),
        disabled_reason: Set(None),
        owner_user_id: Set(Some(actor.user_id())),
        version: Set(1),
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
            entity: "delivery_channel",
            entity_id: c.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&c),
        },
    )
    .await?;
    txn.commit().await?;
    Ok((c, secret))
}

pub async fn remove(db: &DatabaseConnection, actor: &CurrentUser, id: i32) -> AppResult<()> {
    let c = get(db, actor.org_id(), id).await?;
    let txn = db.begin().await?;
    c.clone().delete(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "delivery_channel",
            entity_id: id.to_string(),
            action: "delete",
            before: snapshot(&c),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Turns a channel back on after it was disabled (an endpoint that answered 410 and was fixed).
pub async fn enable(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
) -> AppResult<delivery_channel::Model> {
    let before = get(db, actor.org_id(), id).await?;
    let txn = db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.enabled = Set(true);
    row.disabled_reason = Set(None);
    row.updated_at = Set(Utc::now());
    row.version = Set(before.version.saturating_add(1));
    let after = row.update(&txn).await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "delivery_channel",
            entity_id: id.to_string(),
            action: "enable",
            before: snapshot(&before),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

/// `410 Gone`: the endpoint is no more. Disable it and drop what was still waiting for it.
pub async fn disable_gone(db: &DatabaseConnection, id: i32, now: DateTime<Utc>) -> AppResult<()> {
    let txn = db.begin().await?;
    delivery_channel::Entity::update_many()
        .col_expr(delivery_channel::Column::Enabled, Expr::value(false))
        .col_expr(
            delivery_channel::Column::DisabledReason,
            Expr::value(Some(format!(
                "answered 410 Gone at {}",
                now.format("%Y-%m-%d %H:%M UTC")
            ))),
        )
        .col_expr(delivery_channel::Column::UpdatedAt, Expr::value(now))
        .filter(delivery_channel::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    outbox_message::Entity::update_many()
        .col_expr(outbox_message::Column::Status, Expr::value("cancelled"))
        .col_expr(
            outbox_message::Column::LastError,
            Expr::value(Some("the channel answered 410 Gone and was disabled")),
        )
        .col_expr(outbox_message::Column::UpdatedAt, Expr::value(now))
        .filter(outbox_message::Column::ChannelId.eq(id))
        .filter(outbox_message::Column::Status.is_in(super::enqueue::UNDELIVERED.iter().copied()))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(())
}
