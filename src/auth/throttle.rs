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

/// Counts one attempt in `scope` *before* the work it guards, so that parallel requests cannot
/// all pass a check made before any of them was counted. The attempt is written first and then
/// the window is counted: the n-th attempt to be committed sees at least n, so at most `max`
/// attempts are ever let through, on SQLite and PostgreSQL alike. A refused attempt takes its
/// row back (a flood does not grow the table); an admitted one stays and counts as a failure
/// until `forgive` or `clear` removes it.
pub async fn admit(db: &impl ConnectionTrait, scope: &str, max: u64) -> Result<Admission, DbErr> {
    let now = Utc::now();
    let row = login_failure::Entity::insert(login_failure::ActiveModel {
        scope: Set(scope.to_string()),
        occurred_at: Set(now),
        ..Default::default()
    })
    .exec(db)
    .await?;
    let since = now - Duration::minutes(WINDOW_MINUTES);
    let recent = login_failure::Entity::find()
        .filter(login_failure::Column::Scope.eq(scope))
        .filter(login_failure::Column::OccurredAt.gt(since));
    let count = recent.clone().count(db).await?;
    if count <= max {
        return Ok(Admission::Admitted(row.last_insert_id));
    }
    forgive(db, row.last_insert_id).await?;
    let oldest = recent
        .order_by_asc(login_failure::Column::OccurredAt)
        .one(db)
        .await?;
    let wait = oldest
        .map(|f| (f.occurred_at + Duration::minutes(WINDOW_MINUTES) - Utc::now()).num_seconds())
        .unwrap_or(60);
    Ok(Admission::Refused {
        retry_after_secs: wait.max(1) as u64,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Let through; the id of the attempt's row.
    Admitted(i32),
    Refused {
        retry_after_secs: u64,
    },
}

/// Takes one admitted attempt back (it turned out not to be a failure).
pub async fn forgive(db: &impl ConnectionTrait, attempt: i32) -> Result<(), DbErr> {
    login_failure::Entity::delete_by_id(attempt)
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
