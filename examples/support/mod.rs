//! Set-up shared by the benchmarks: their settings, an organisation with one signed-in person,
//! command-line values and medians. Included with `#[path = "support/mod.rs"] mod support;`.
#![allow(dead_code)]
use beredskap::auth::token::Keys;
use beredskap::config::Settings;
use beredskap::entities::{
    audit_event, level_change, membership, organisation, publication, staff_checkin, subscriber,
    team, user,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use std::path::Path;

pub const SECRET: &str = "bench-secret-0123456789-0123456789-0123456789";

/// `--name value` from the command line, else `default`.
pub fn arg(name: &str, default: &str) -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == &format!("--{name}"))
        .and_then(|i| args.get(i + 1).cloned())
        .unwrap_or_else(|| default.to_string())
}

/// A server on loopback over `database_url`, mail to `smtp_url`, two HTTP workers.
pub fn settings(database_url: &str, smtp_url: Option<String>, data_dir: &Path) -> Settings {
    Settings {
        database_url: Some(database_url.into()),
        bind: "127.0.0.1:0".into(),
        public_url: None,
        smtp_url,
        mail_from: "Beredskap <beredskap@localhost>".into(),
        mail_connections: 32,
        jwt_secret: Some(SECRET.into()),
        data_dir: data_dir.to_path_buf(),
        demo: false,
        log_format: "text".into(),
        trust_proxy: false,
        session_hours: 12,
        workers: 2,
        outbox_retention_days: 90,
        outbound_allow: Some("127.0.0.0/8".into()),
        metrics_token: None,
        sms_url: None,
        sms_provider: "46elks".into(),
        sms_from: "Beredskap".into(),
        sms_replies: false,
    }
}

/// An organisation in Stockholm's time zone speaking `language`.
pub async fn new_org(db: &DatabaseConnection, slug: &str, language: &str) -> organisation::Model {
    let now = Utc::now();
    organisation::ActiveModel {
        slug: Set(slug.into()),
        name: Set(format!("Bench {slug}")),
        time_zone: Set("Europe/Stockholm".into()),
        default_language: Set(language.into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

/// `n` confirmed subscribers, `reader{i}@example.test`, written 1,000 at a time.
pub async fn subscribers(db: &DatabaseConnection, org_id: i32, n: usize) {
    let now = Utc::now();
    for chunk in (0..n).collect::<Vec<_>>().chunks(1000) {
        subscriber::Entity::insert_many(chunk.iter().map(|i| subscriber::ActiveModel {
            organisation_id: Set(org_id),
            email: Set(format!("reader{i}@example.test")),
            language: Set("en".into()),
            status: Set("confirmed".into()),
            confirmation_sent_at: Set(Some(now)),
            confirmed_at: Set(Some(now)),
            unsubscribed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await
        .unwrap();
    }
}

/// A fresh organisation with one person holding `roles`, and a token for them.
pub struct BenchOrg {
    pub org: organisation::Model,
    pub user: user::Model,
    pub slug: String,
    pub token: String,
}

pub async fn org_with_person(db: &DatabaseConnection, roles: &[&str]) -> BenchOrg {
    let now = Utc::now();
    let slug = format!("bench{}", now.timestamp_millis());
    let org = new_org(db, &slug, "en").await;
    let user = user::ActiveModel {
        email: Set(format!("comm@{slug}.bench")),
        display_name: Set("Communicator".into()),
        password_hash: Set("not used".into()),
        language: Set(None),
        token_version: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    membership::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(user.id),
        team_id: Set(None),
        roles: Set(roles.join(",")),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let token = Keys::new(SECRET.as_bytes())
        .issue(
            user.id,
            org.id,
            &slug,
            roles.iter().map(|r| r.to_string()).collect(),
            0,
            Duration::hours(2),
        )
        .unwrap()
        .0;
    BenchOrg {
        org,
        user,
        slug,
        token,
    }
}

/// The median and the 95th percentile, in milliseconds.
pub fn median_p95(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

/// An organisation `slug` of `staff` people in 8 teams and one crisis lead, with the standard
/// scenarios (an absence ladder at 10 / 20 / 50 %): (organisation, staff ids, lead id).
pub async fn seed_org(
    db: &DatabaseConnection,
    slug: &str,
    staff: usize,
) -> (organisation::Model, Vec<i32>, i32) {
    let now = Utc::now();
    let org = new_org(db, slug, "en").await;
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

/// After a load of check-ins: how many were stored (audited) against how many were answered
/// 2xx, and how long after the check-in that crossed each absence threshold its level changed
/// (replayed from the stored check-ins in the order they were made). Each level is reached
/// once, and published once, however many instances saw the figures.
pub async fn verify_checkins(
    db: &DatabaseConnection,
    label: &str,
    org_id: i32,
    answered: u64,
    headcount: usize,
) {
    let checkins = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org_id))
        .order_by_asc(staff_checkin::Column::CreatedAt)
        .all(db)
        .await
        .unwrap();
    // Every check-in answered 2xx wrote its audit entry in the same transaction.
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::OrganisationId.eq(org_id))
        .filter(audit_event::Column::Entity.eq("checkin"))
        .count(db)
        .await
        .unwrap();
    println!(
        "| {} | check-ins stored (audited) against answered 2xx | {audited} of {answered} ({} people) |",
        label,
        checkins.len()
    );
    assert!(audited >= answered, "check-ins were lost");
    // Replay: the absence figure after each first check-in, in the order they were made.
    let changes = level_change::Entity::find()
        .filter(level_change::Column::OrganisationId.eq(org_id))
        .filter(level_change::Column::Metric.eq("absence"))
        .order_by_asc(level_change::Column::OccurredAt)
        .all(db)
        .await
        .unwrap();
    for (trigger, name) in [(10.0, "Elevated"), (20.0, "Serious")] {
        let mut absent = 0usize;
        let crossed = checkins.iter().find(|c| {
            if beredskap::checkins::absence::is_absent(&c.status) {
                absent += 1;
            }
            100.0 * absent as f64 / headcount as f64 >= trigger
        });
        let changed = changes.iter().find(|c| c.to_name.as_deref() == Some(name));
        match (crossed, changed) {
            (Some(c), Some(l)) => println!(
                "| {} | level \"{name}\" ({trigger} % absence) set after the check-in that crossed it | {} ms |",
                label,
                (l.occurred_at - c.created_at).num_milliseconds()
            ),
            (Some(_), None) => panic!("absence crossed {trigger} % but no level changed"),
            (None, _) => println!("| {} | absence never reached {trigger} % | |", label),
        }
    }
    for name in ["Elevated", "Serious"] {
        let reached = changes
            .iter()
            .filter(|c| c.to_name.as_deref() == Some(name))
            .count();
        assert!(reached <= 1, "level {name} was reached {reached} times");
    }
    let published = publication::Entity::find()
        .filter(publication::Column::OrganisationId.eq(org_id))
        .filter(publication::Column::Kind.eq("level_change"))
        .count(db)
        .await
        .unwrap();
    println!(
        "| {label} | level changes, and publications of them | {} changes, {published} publications |",
        changes.len()
    );
    assert_eq!(
        published as usize,
        changes.len(),
        "a level change was published twice"
    );
}
