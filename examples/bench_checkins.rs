//! Load benchmark for check-ins, run by `scripts/bench.sh` against a release server on loopback.
//!
//! 1. 2,000 staff check in through the API with 200 concurrent clients: wall time, p50/p99
//!    latency, errors, and the number of check-ins actually stored.
//! 2. The crisis pages for an organisation of 1,000 staff with a year of check-ins: the
//!    median and p95 render time of the dashboard, the absence board and 90-day trends.
//!
//! Data is seeded straight into the database (the same one the server uses); tokens are
//! minted with the server's JWT secret, so no password hashing skews the measurement.
use beredskap::auth::token::Keys;
use beredskap::entities::{membership, organisation, staff_checkin, team, user};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use std::sync::Arc;
use std::time::Instant;

/// Check-ins in flight at once.
const CLIENTS: usize = 200;

struct Args {
    url: String,
    database_url: String,
    jwt_secret: String,
    label: String,
}

fn args() -> Args {
    let mut a = std::env::args().skip(1);
    let mut get = |name: &str| {
        let flag = a.next().unwrap_or_default();
        assert_eq!(
            flag,
            format!("--{name}"),
            "usage: --url U --database-url D --jwt-secret S --label L"
        );
        a.next().expect("value")
    };
    Args {
        url: get("url"),
        database_url: get("database-url"),
        jwt_secret: get("jwt-secret"),
        label: get("label"),
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn seed_org(
    db: &DatabaseConnection,
    slug: &str,
    staff: usize,
) -> (organisation::Model, Vec<i32>, i32) {
    let now = Utc::now();
    let org = organisation::ActiveModel {
        slug: Set(slug.into()),
        name: Set(format!("Bench {slug}")),
        time_zone: Set("Europe/Stockholm".into()),
        default_language: Set("en".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let mut teams = vec![];
    for t in 0..8 {
        let tm = team::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(format!("Team {t}")),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        teams.push(tm.id);
    }
    let hash = beredskap::auth::password::hash_blocking("bench-password").unwrap();
    let mut ids = vec![];
    for chunk in (0..staff + 1).collect::<Vec<_>>().chunks(500) {
        let users: Vec<user::ActiveModel> = chunk
            .iter()
            .map(|i| user::ActiveModel {
                email: Set(format!("p{i}@{slug}.bench")),
                display_name: Set(format!("Person {i}")),
                password_hash: Set(hash.clone()),
                language: Set(None),
                token_version: Set(0),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        user::Entity::insert_many(users)
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    let all = user::Entity::find()
        .filter(user::Column::Email.like(format!("%@{slug}.bench")))
        .all(db)
        .await
        .unwrap();
    let mut lead = 0;
    let mut rows = vec![];
    for u in &all {
        let is_lead = u.email == format!("p0@{slug}.bench");
        if is_lead {
            lead = u.id;
        } else {
            ids.push(u.id);
        }
        rows.push(membership::ActiveModel {
            organisation_id: Set(org.id),
            user_id: Set(u.id),
            team_id: Set(Some(teams[u.id as usize % teams.len()])),
            roles: Set(if is_lead {
                "crisis_lead".into()
            } else {
                "staff".into()
            }),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(500) {
        membership::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    beredskap::scenarios::standard::add_standard_scenarios(
        db,
        org.id,
        beredskap::i18n::Lang::En,
        &beredskap::audit::Actor::system("bench"),
    )
    .await
    .unwrap();
    (org, ids, lead)
}

#[tokio::main]
async fn main() {
    let a = args();
    let db = beredskap::db::connect(&a.database_url).await.unwrap();
    let keys = Keys::new(a.jwt_secret.as_bytes());
    let token = |uid: i32, org: &organisation::Model, roles: &str| {
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

    // 1. 2,000 check-ins, 200 at a time (every one must be stored: no "database is locked").
    let (org, staff, _) = seed_org(&db, "checkins", 2000).await;
    let tokens: Vec<String> = staff.iter().map(|u| token(*u, &org, "staff")).collect();
    let queue = Arc::new(tokio::sync::Mutex::new(
        tokens.into_iter().enumerate().collect::<Vec<_>>(),
    ));
    let statuses = [
        "office",
        "remote",
        "office",
        "sick",
        "office",
        "child_care",
        "remote",
        "office",
    ];
    let started = Instant::now();
    let mut workers = vec![];
    for _ in 0..CLIENTS {
        let (queue, client, url) = (queue.clone(), client.clone(), a.url.clone());
        workers.push(tokio::spawn(async move {
            let (mut lat, mut errors) = (vec![], 0usize);
            loop {
                let Some((i, tok)) = queue.lock().await.pop() else { break };
                let t = Instant::now();
                let res = client
                    .post(format!("{url}/api/v1/checkins"))
                    .bearer_auth(&tok)
                    .json(&serde_json::json!({"status": statuses[i % statuses.len()], "wellbeing": 1 + (i % 5)}))
                    .send()
                    .await;
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                if !res.map(|r| r.status().is_success()).unwrap_or(false) {
                    errors += 1;
                }
            }
            (lat, errors)
        }));
    }
    let (mut lat, mut errors) = (vec![], 0);
    for w in workers {
        let (l, e) = w.await.unwrap();
        lat.extend(l);
        errors += e;
    }
    let wall = started.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    let stored = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org.id))
        .count(&db)
        .await
        .unwrap();
    println!(
        "| {} | 2,000 check-ins, {CLIENTS} clients | {:.1} s ({:.0}/min) | {:.1} ms | {:.1} ms | {} | {} of 2,000 |",
        a.label, wall, 2000.0 / wall * 60.0, pct(&lat, 0.5), pct(&lat, 0.99), errors, stored
    );

    // 2. 1,000 staff with a year of check-ins: the crisis pages.
    let (org, staff, lead) = seed_org(&db, "year", 1000).await;
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
            "| {} | {name}, 1,000 staff × 365 days | median {:.1} ms | p95 {:.1} ms |",
            a.label,
            pct(&times, 0.5),
            pct(&times, 0.95)
        );
    }
}
