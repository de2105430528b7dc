//! Check-in benchmarks, run by `scripts/bench.sh` against a release server on loopback.
//!
//! - `seed-load`: an organisation of 10,000 staff with the standard scenarios (an absence
//!   ladder at 10 / 20 / 50 %); writes one bearer token per person for wrk
//!   (`scripts/lib/checkins.lua` sends the check-ins) and a crisis lead's token.
//! - `verify-load`: after wrk, how many check-ins were stored against how many were answered,
//!   and how long after the check-in that crossed each threshold its level changed (replayed
//!   from the stored check-ins in the order they were made).
//! - `pages`: an organisation of 1,000 staff with a year of check-ins; the median and p95
//!   render time of the dashboard, the absence board, 90-day trends and the absence API.
//!
//! Data is seeded straight into the database (the same one the server uses); tokens are
//! minted with the server's JWT secret, so no password hashing skews the measurement.
#[path = "support/mod.rs"]
mod support;

use beredskap::auth::token::Keys;
use beredskap::entities::{organisation, staff_checkin};
use chrono::{Duration, Utc};
use sea_orm::{DatabaseConnection, EntityTrait, Set};
use std::collections::HashMap;
use std::time::Instant;

struct Args {
    mode: String,
    url: String,
    database_url: String,
    jwt_secret: String,
    label: String,
    /// seed-load: where the token files go; verify-load: the organisation and wrk's count.
    rest: HashMap<String, String>,
}

fn args() -> Args {
    let mut a = std::env::args().skip(1);
    let mode = a.next().unwrap_or_default();
    let mut flags = HashMap::new();
    while let Some(flag) = a.next() {
        let name = flag
            .strip_prefix("--")
            .expect("--name value pairs")
            .to_string();
        flags.insert(name, a.next().expect("a value"));
    }
    let mut take = |name: &str| flags.remove(name).unwrap_or_default();
    Args {
        mode,
        url: take("url"),
        database_url: take("database-url"),
        jwt_secret: take("jwt-secret"),
        label: take("label"),
        rest: flags,
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let a = args();
    let db = beredskap::db::connect(&a.database_url).await.unwrap();
    let keys = Keys::new(a.jwt_secret.as_bytes());
    let token = move |uid: i32, org: &organisation::Model, roles: &str| {
        keys.issue(
            uid,
            org.id,
            &org.slug,
            vec![roles.into()],
            0,
            Duration::hours(2),
        )
        .unwrap()
        .0
    };
    // No redirects: a page answering with a redirect to the sign-in page must not count as served.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    match a.mode.as_str() {
        "seed-load" => return seed_load(&a, &db, &token).await,
        "verify-load" => return verify_load(&a, &db).await,
        "pages" => {}
        other => panic!("unknown mode {other:?}: seed-load, verify-load or pages"),
    }
    // 2. 1,000 staff with a year of check-ins: the crisis pages.
    let (org, staff, lead) = support::seed_org(&db, "year", 1000).await;
    let today = beredskap::checkins::absence::local_day(Utc::now(), &org.time_zone);
    let now = Utc::now();
    let mut batch = vec![];
    for d in 1..=365 {
        let day = today - Duration::days(d);
        for (i, u) in staff.iter().enumerate() {
            let status = if (i + d as usize) % 11 == 0 {
                "sick"
            } else if i % 3 == 0 {
                "remote"
            } else {
                "office"
            };
            batch.push(staff_checkin::ActiveModel {
                organisation_id: Set(org.id),
                user_id: Set(*u),
                day: Set(day),
                status: Set(status.into()),
                wellbeing: Set(Some(1 + ((i + d as usize) % 5) as i32)),
                note: Set(String::new()),
                recorded_by_user_id: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
            if batch.len() == 2000 {
                staff_checkin::Entity::insert_many(std::mem::take(&mut batch))
                    .exec_without_returning(&db)
                    .await
                    .unwrap();
            }
        }
    }
    if !batch.is_empty() {
        staff_checkin::Entity::insert_many(batch)
            .exec_without_returning(&db)
            .await
            .unwrap();
    }
    let lead_token = token(lead, &org, "crisis_lead");
    // The pages read the session cookie; the API reads the bearer token.
    for (name, path, as_page) in [
        ("dashboard", "/", true),
        ("absence board", "/checkins", true),
        ("90-day trends", "/trends?days=90", true),
        ("absence API", "/api/v1/absence", false),
    ] {
        let mut times = vec![];
        for i in 0..21 {
            let req = client.get(format!("{}{path}", a.url));
            let req = if as_page {
                req.header("Cookie", format!("beredskap_session={lead_token}"))
            } else {
                req.bearer_auth(&lead_token)
            };
            let t = Instant::now();
            let res = req.send().await.unwrap();
            let ok = res.status().is_success();
            let _ = res.bytes().await;
            if i > 0 {
                times.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            assert!(ok, "{path} failed");
        }
        times.sort_by(f64::total_cmp);
        println!(
            "| {} | {name}, 1,000 staff × 365 days | {:.1} ms | {:.1} ms |",
            a.label,
            pct(&times, 0.5),
            pct(&times, 0.95)
        );
    }
}

const LOAD_STAFF: usize = 10_000;

async fn seed_load(
    a: &Args,
    db: &DatabaseConnection,
    token: &impl Fn(i32, &organisation::Model, &str) -> String,
) {
    let (org, staff, lead) = support::seed_org(db, "load", LOAD_STAFF).await;
    let dir = std::path::PathBuf::from(&a.rest["out"]);
    let lines: Vec<String> = staff.iter().map(|u| token(*u, &org, "staff")).collect();
    std::fs::write(dir.join("tokens.txt"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("lead_token.txt"), token(lead, &org, "crisis_lead")).unwrap();
    std::fs::write(dir.join("org_id.txt"), org.id.to_string()).unwrap();
}

async fn verify_load(a: &Args, db: &DatabaseConnection) {
    let org_id: i32 = a.rest["org"].parse().unwrap();
    let answered: u64 = a.rest["answered"].parse().unwrap();
    support::verify_checkins(db, &a.label, org_id, answered, LOAD_STAFF).await;
}
