//! Connecting to SQLite (the embedded default) or PostgreSQL (scale-out).
use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, SqlxSqliteConnector};
use std::str::FromStr;
use std::time::Duration;

pub async fn connect(url: &str) -> anyhow::Result<DatabaseConnection> {
    if url.starts_with("sqlite:") {
        connect_sqlite(url).await
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(20)
            .min_connections(1)
            .connect_timeout(Duration::from_secs(5))
            .acquire_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        Database::connect(opts)
            .await
            .context("could not connect to PostgreSQL")
    } else {
        anyhow::bail!("DATABASE_URL must start with sqlite: or postgres://")
    }
}

async fn connect_sqlite(url: &str) -> anyhow::Result<DatabaseConnection> {
    let opts = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid SQLite URL {url}"))?
        .create_if_missing(true)
        // WAL lets readers go on while one writer writes; NORMAL sync is safe with WAL.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // A writer waits for another instead of failing with "database is locked".
        .busy_timeout(Duration::from_secs(15))
        // The writer's page cache (SQLite's default is 2 MB): a fan-out's claims and updates
        // walk the outbox's indexes, which then stay in memory instead of being read again.
        .pragma("cache_size", format!("-{WRITER_CACHE_KIB}"));
    if let Some(parent) = std::path::Path::new(opts.get_filename()).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("could not create {}", parent.display()))?;
        }
    }
    // One connection: SQLite has a single writer anyway, and two deferred transactions that
    // both read and then write make SQLite fail one at once with "database is locked" (the
    // busy timeout does not apply to that deadlock). Measured: with 8 connections 591 of
    // 2,000 concurrent check-ins failed; with one, none (see BENCHMARKS.md).
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(15))
        .connect_with(opts)
        .await
        .context("could not open the SQLite database")?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Read-only connections beside `db`'s writer on SQLite (WAL lets them read while it writes;
/// each sees every transaction committed before it began). On PostgreSQL, `db` itself.
pub async fn reader_for(db: &DatabaseConnection) -> anyhow::Result<DatabaseConnection> {
    if sea_orm::ConnectionTrait::get_database_backend(db) != sea_orm::DbBackend::Sqlite {
        return Ok(db.clone());
    }
    let writer = db.get_sqlite_connection_pool();
    let opts = (*writer.connect_options())
        .clone()
        .read_only(true)
        .pragma("cache_size", format!("-{READER_CACHE_KIB}"));
    let pool = SqlitePoolOptions::new()
        .max_connections(READERS)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(15))
        .connect_with(opts)
        .await
        .context("could not open read-only connections to the SQLite database")?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Read-only SQLite connections: a few per core is enough, reads are short.
const READERS: u32 = 8;
/// Page cache of the writer connection, in KiB.
const WRITER_CACHE_KIB: u32 = 32 * 1024;
/// Page cache of each read-only connection, in KiB (SQLite's default).
const READER_CACHE_KIB: u32 = 2 * 1024;

pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// Writes `row` only if the record still has version `expected` (compare-and-set). An edit made
/// from an older page answers 409 instead of silently overwriting someone else's change. The
/// caller sets the new version (and `updated_at`) on the row.
pub async fn save_if_version<E, A>(
    db: &impl sea_orm::ConnectionTrait,
    row: A,
    id: (E::Column, i32),
    version: (E::Column, i32),
) -> crate::error::AppResult<()>
where
    E: sea_orm::EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    let res = E::update_many()
        .set(row)
        .filter(id.0.eq(id.1))
        .filter(version.0.eq(version.1))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(crate::scenarios::repo::conflict());
    }
    Ok(())
}

/// True when an insert failed on a unique index (two requests racing to create one row).
pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}
