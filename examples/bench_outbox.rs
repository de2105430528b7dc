//! Outbox benchmark, run by `scripts/bench_outbox.sh`: a year of daily FAQ publications, each
//! to 10,000 subscribers (one in a thousand refused), then
//! - the delivery board (`GET /api/v1/publications/{id}`) and the publication list
//!   (`GET /faq/publications`, fifty with their totals) timed over HTTP, signed in;
//! - a publication just sent, before its counts are kept (the board counts its rows);
//! - the retention job at 90 days: how long it takes and how many rows go;
//! - the same board and list afterwards.
//!
//! The app runs in this process (`Application::build_with`, as in the tests) over the database
//! given, release build. The rows are written with one `INSERT … SELECT` per publication.
#[path = "support/mod.rs"]
mod support;

use beredskap::checkins::notifier::LogNotifier;
use beredskap::clock::Clock;
use beredskap::delivery::retention;
use beredskap::entities::{outbox_message, publication};
use beredskap::startup::Application;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, Set, Statement,
};
use std::sync::Arc;
use std::time::Instant;

/// One publication sent at `at` to `subscribers` addresses: the page, the knowledge base, open
/// browsers, the finished subscriber listing and one mail row each.
async fn sent_publication(
    db: &DatabaseConnection,
    org_id: i32,
    at: DateTime<Utc>,
    subscribers: usize,
    title: &str,
) -> i32 {
    let p = publication::ActiveModel {
        organisation_id: Set(org_id),
        kind: Set("faq_changed".into()),
        title: Set(title.into()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let backend = db.get_database_backend();
    let sql = format!(
        "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {total}) \
         INSERT INTO outbox_messages (organisation_id, publication_id, target, recipient, \
         idempotency_key, status, attempts, next_attempt_at, last_status, sent_at, created_at, \
         updated_at) \
         SELECT {org_id}, {pid}, \
           CASE n WHEN 1 THEN 'site' WHEN 2 THEN 'knowledge_base' WHEN 3 THEN 'live' \
                  WHEN 4 THEN 'subscribers' ELSE 'email' END, \
           CASE WHEN n > 4 THEN 'reader' || (n - 4) || '@example.test' ELSE '' END, \
           'bench-p{pid}-' || n, \
           CASE WHEN n > 4 AND n % 1000 = 0 THEN 'dead' ELSE 'sent' END, \
           1, $1, 250, $1, $1, $1 FROM s",
        total = subscribers + 4,
        pid = p.id,
    );
    db.execute(Statement::from_sql_and_values(
        backend,
        if backend == sea_orm::DbBackend::Postgres {
            sql
        } else {
            sql.replace("$1", "?1")
        },
        [at.into()],
    ))
    .await
    .unwrap();
    p.id
}

/// Medians and 95th percentiles of `n` signed-in GETs of `path`, one at a time.
async fn timed(client: &reqwest::Client, url: &str, token: &str, page: bool, n: usize) -> String {
    let mut ms = vec![];
    for _ in 0..n {
        let req = if page {
            client
                .get(url)
                .header("cookie", format!("beredskap_session={token}"))
        } else {
            client.get(url).bearer_auth(token)
        };
        let t = Instant::now();
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200, "{url}");
        res.bytes().await.unwrap();
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (median, p95) = support::median_p95(ms);
    format!("{median:.1} ms | {p95:.1} ms")
}

async fn rows(db: &DatabaseConnection) -> u64 {
    outbox_message::Entity::find().count(db).await.unwrap()
}

#[tokio::main]
async fn main() {
    let database_url = support::arg("database-url", "sqlite://./data/bench-outbox.db");
    let label = support::arg("label", "SQLite");
    let subscribers: usize = support::arg("subscribers", "10000").parse().unwrap();
    let days: i64 = support::arg("days", "365").parse().unwrap();
    let requests = 50;

    let data = tempfile::tempdir().unwrap();
    let mut settings = support::settings(&database_url, None, data.path());
    // The bench runs the retention job itself, timed, instead of the server's hourly pass.
    settings.outbox_retention_days = 0;
    let db = beredskap::db::connect(&database_url).await.unwrap();
    beredskap::db::migrate(&db).await.unwrap();
    let bench = support::org_with_person(&db, &["admin", "communicator"]).await;

    let t = Instant::now();
    let now = Utc::now();
    let mut oldest = 0;
    let mut newest = 0;
    for d in (1..=days).rev() {
        let id = sent_publication(
            &db,
            bench.org.id,
            now - Duration::days(d),
            subscribers,
            &format!("Day {d}"),
        )
        .await;
        if oldest == 0 {
            oldest = id;
        }
        newest = id;
    }
    // PostgreSQL's autovacuum would have analysed a table grown by millions of rows long
    // before a year had passed; without statistics its planner takes the status index for
    // a publication's few failed rows and walks every sent one (70 ms a board).
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await.unwrap();
    }
    let seeded = t.elapsed();
    let before = rows(&db).await;
    println!(
        "| {label} | a year written: {days} publications × {subscribers} subscribers | {before} outbox rows in {:.0} s | |",
        seeded.as_secs_f64()
    );

    let app = Application::build_with(settings, db.clone(), Clock::system(), Arc::new(LogNotifier))
        .await
        .unwrap();
    let state = app.state.clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let board = |id: i32| format!("{base}/api/v1/publications/{id}");
    let list = format!("{base}/faq/publications");

    // Keeping the year's counts (the server's own pass runs beside).
    let t = Instant::now();
    while publication::Entity::find()
        .filter(publication::Column::SettledAt.is_null())
        .count(&db)
        .await
        .unwrap()
        > 0
    {
        retention::settle_due(&state).await.unwrap();
    }
    println!(
        "| {label} | keeping the counts of {days} publications | {:.0} ms | |",
        t.elapsed().as_secs_f64() * 1000.0
    );

    // Today's publication, its counts not kept yet: the board counts its rows.
    let fresh = sent_publication(&db, bench.org.id, Utc::now(), subscribers, "Today").await;
    let token = &bench.token;
    println!(
        "| {label} | board of a publication just sent (counted from its {subscribers} rows) | {} |",
        timed(&client, &board(fresh), token, false, requests).await
    );
    println!(
        "| {label} | publication list, before the retention (49 kept counts, 1 counted) | {} |",
        timed(&client, &list, token, true, requests).await
    );
    for (what, id) in [("yesterday's", newest), ("the oldest", oldest)] {
        println!(
            "| {label} | board of {what} publication, before the retention | {} |",
            timed(&client, &board(id), token, false, requests).await
        );
    }

    let t = Instant::now();
    let removed = retention::prune(&state, 90).await.unwrap();
    let took = t.elapsed();
    let after = rows(&db).await;
    println!(
        "| {label} | retention at 90 days | {removed} rows removed in {:.1} s ({:.0} rows/s); {before} → {after} rows | |",
        took.as_secs_f64(),
        removed as f64 / took.as_secs_f64().max(0.001)
    );
    println!(
        "| {label} | publication list, after the retention | {} |",
        timed(&client, &list, token, true, requests).await
    );
    for (what, id) in [("yesterday's", newest), ("the oldest", oldest)] {
        println!(
            "| {label} | board of {what} publication, after the retention | {} |",
            timed(&client, &board(id), token, false, requests).await
        );
    }
    let oldest_board: serde_json::Value = client
        .get(board(oldest))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    println!(
        "| {label} | the oldest publication's board still counts every target | {} sent, {} failed of {} | |",
        oldest_board["sent"], oldest_board["failed"], oldest_board["total"]
    );
    assert_eq!(
        oldest_board["total"].as_u64().unwrap() as usize,
        subscribers + 3,
        "{oldest_board}"
    );
    let left = outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.eq(oldest))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(
        left as usize,
        subscribers / 1000,
        "only the failed rows stay"
    );
}
