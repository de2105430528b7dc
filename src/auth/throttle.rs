//! Repeated failed sign-ins are slowed down per account and per client address. Failures are
//! kept in the database so the limit holds across app instances behind a load balancer.
use crate::entities::login_failure;
use chrono::{Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

pub const WINDOW_MINUTES: i64 = 15;
pub const MAX_PER_ACCOUNT: u64 = 5;
pub const MAX_PER_ADDRESS: u64 = 20;

pub fn account_scope(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

pub fn address_scope(ip: &str) -> String {
    format!("address:{ip}")
}

/// `Some(seconds)` to wait when the scope has used up its failures in the window.
pub async fn blocked_for(
    db: &impl ConnectionTrait,
    scope: &str,
    max: u64,
) -> Result<Option<u64>, DbErr> {
    let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
    let recent = login_failure::Entity::find()
        .filter(login_failure::Column::Scope.eq(scope))
        .filter(login_failure::Column::OccurredAt.gt(since));
    if recent.clone().count(db).await? < max {
        return Ok(None);
    }
    let oldest = recent
        .order_by_asc(login_failure::Column::OccurredAt)
        .one(db)
        .await?;
    let wait = oldest
        .map(|f| (f.occurred_at + Duration::minutes(WINDOW_MINUTES) - Utc::now()).num_seconds())
        .unwrap_or(60);
    Ok(Some(wait.max(1) as u64))
}

pub async fn record_failure(db: &impl ConnectionTrait, scope: &str) -> Result<(), DbErr> {
    login_failure::Entity::insert(login_failure::ActiveModel {
        scope: Set(scope.to_string()),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(())
}

pub async fn clear(db: &impl ConnectionTrait, scope: &str) -> Result<(), DbErr> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Scope.eq(scope))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn prune(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let res = login_failure::Entity::delete_many()
        .filter(
            login_failure::Column::OccurredAt.lt(Utc::now() - Duration::minutes(WINDOW_MINUTES)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}
