//! The demo, from `seeds/`: loaded by a command into an empty database, never by a migration.
//! The files are built into the binary so a release needs nothing beside it.
//!
//! `demo.toml` holds the people and the figures, `demo_sv.toml` and `demo_en.toml` the words of
//! one organisation each (`demo` in Swedish, `demo-en` in English), so both tell the same story
//! with the same logins: six weeks into a flu wave that passed the 20 % level two weeks ago.
//! Every date counts back from the day it is loaded, and nothing is random, so the same day
//! gives the same demo.
mod drill;
mod files;
mod history;
mod people;
mod plan;
mod publications;
mod signals;

use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{password, Role, RoleSet};
use crate::entities::{membership, organisation, team, user, work_task};
use crate::i18n::Lang;
use anyhow::Context;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use files::{Shared, Words};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set,
    TransactionTrait,
};
use std::collections::HashMap;

const SHARED: &str = include_str!("../../seeds/demo.toml");
const WORDS: [&str; 2] = [
    include_str!("../../seeds/demo_sv.toml"),
    include_str!("../../seeds/demo_en.toml"),
];

pub struct DemoLogins {
    pub password: String,
    pub people: Vec<(String, String)>,
    /// The organisations loaded, by slug: the first is where a sign-in lands.
    pub organisations: Vec<String>,
}

impl DemoLogins {
    pub fn print(&self, url: &str) {
        println!(
            "\nDemo loaded: organisations {}. Sign in at {url}/login with password {:?}:",
            self.organisations.join(" and "),
            self.password
        );
        let mut staff = 0;
        for (email, roles) in &self.people {
            if roles == "staff" {
                staff += 1;
                if staff > 2 {
                    continue;
                }
            }
            println!("  {email:<28} {roles}");
        }
        if staff > 2 {
            println!(
                "  … and {} more staff, staff03@demo.example to staff{staff:02}@demo.example",
                staff - 2
            );
        }
        println!(
            "Everyone is in both organisations; switch under your name, or name the organisation when signing in.\n"
        );
    }
}

/// Loads the demo when the database has no organisation yet; `None` when it already has data.
pub async fn load_demo_if_empty(db: &DatabaseConnection) -> anyhow::Result<Option<DemoLogins>> {
    load_demo_at(db, Utc::now()).await
}

/// The demo as it looks when loaded at `now`.
pub async fn load_demo_at(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<DemoLogins>> {
    if organisation::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    // Every file is read before anything is written, so a broken file leaves the database empty.
    let shared: Shared = toml::from_str(SHARED).context("seeds/demo.toml is not valid")?;
    let words = WORDS
        .iter()
        .map(|text| toml::from_str::<Words>(text).context("a seeds/demo_*.toml is not valid"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // One hash for the shared demo password: it is published anyway, and hashing forty times
    // would slow every demo start for nothing.
    let hash = password::hash(shared.password.clone()).await?;
    let txn = db.begin().await?;
    let mut users = HashMap::new();
    let mut logins = vec![];
    for p in &shared.people {
        let roles = RoleSet::new(p.roles.iter().filter_map(|r| Role::parse(r)));
        anyhow::ensure!(
            !roles.is_empty(),
            "demo person {} has no known role",
            p.email
        );
        let u = user::ActiveModel::new_account(
            p.email.to_lowercase(),
            p.name.clone(),
            hash.clone(),
            now,
        )
        .insert(&txn)
        .await?;
        users.insert(u.email.clone(), u.id);
        logins.push((u.email, roles.to_stored().replace(',', ", ")));
    }
    txn.commit().await?;
    let mut organisations = vec![];
    for words in &words {
        organisations.push(words.slug.clone());
        seed_organisation(db, &shared, words, &users, now).await?;
    }
    Ok(Some(DemoLogins {
        password: shared.password,
        people: logins,
        organisations,
    }))
}

/// What every part of one organisation's story needs: who is who, and the days.
pub(crate) struct Demo<'a> {
    pub shared: &'a Shared,
    pub words: &'a Words,
    pub org: organisation::Model,
    pub lang: Lang,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    /// E-mail address → user id.
    pub users: &'a HashMap<String, i32>,
    /// Staff in the order of the file, with their team.
    pub staff: Vec<(i32, Option<i32>)>,
}

impl Demo<'_> {
    pub fn user(&self, email: &str) -> anyhow::Result<i32> {
        self.users
            .get(email)
            .copied()
            .with_context(|| format!("unknown demo person {email}"))
    }

    pub fn email_of(&self, user_id: i32) -> String {
        self.users
            .iter()
            .find(|(_, id)| **id == user_id)
            .map(|(e, _)| e.clone())
            .unwrap_or_default()
    }

    pub fn day(&self, days_ago: i64) -> NaiveDate {
        self.today - Duration::days(days_ago)
    }

    /// A local time of day `days_ago`. Today's times not reached yet are drawn into the two
    /// hours before loading, in the same order (a demo loaded at 07:00 must not show the 10:00
    /// meeting as held, yet its morning still reads in order).
    pub fn at(&self, days_ago: i64, time: &str) -> DateTime<Utc> {
        let t = NaiveTime::parse_from_str(time, "%H:%M").unwrap_or_default() - NaiveTime::MIN;
        let start =
            crate::checkins::absence::local_day_start(self.day(days_ago), &self.org.time_zone);
        if start + t < self.now {
            return start + t;
        }
        let from = start.max(self.now - Duration::hours(2));
        let window = (self.now - from).num_seconds().max(0) as f64;
        from + Duration::seconds((window * t.num_seconds() as f64 / 86_400.0) as i64)
    }
}

async fn seed_organisation(
    db: &DatabaseConnection,
    shared: &Shared,
    words: &Words,
    users: &HashMap<String, i32>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let actor = Actor::system("demo seed");
    let lang = Lang::parse(&words.language).unwrap_or(Lang::En);
    let txn = db.begin().await?;
    let org = organisation::ActiveModel {
        slug: Set(words.slug.clone()),
        name: Set(words.name.clone()),
        time_zone: Set(shared.time_zone.clone()),
        default_language: Set(words.language.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &actor,
        Change {
            organisation_id: Some(org.id),
            entity: "organisation",
            entity_id: org.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&org),
        },
    )
    .await?;
    let teams = seed_teams(&txn, org.id, words, now).await?;
    let mut staff = vec![];
    for p in &shared.people {
        let roles = RoleSet::new(p.roles.iter().filter_map(|r| Role::parse(r)));
        let team_id = match &p.team {
            Some(key) => Some(
                *teams
                    .get(key)
                    .with_context(|| format!("unknown demo team {key}"))?,
            ),
            None => None,
        };
        let user_id = *users.get(&p.email).context("demo person")?;
        membership::ActiveModel {
            organisation_id: Set(org.id),
            user_id: Set(user_id),
            team_id: Set(team_id),
            roles: Set(roles.to_stored()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        if roles.has(Role::Staff) {
            staff.push((user_id, team_id));
        }
    }
    let mut queues = shared.queues.clone();
    for q in &mut queues {
        q.settings.name = words.queue_name(&q.settings.name)?;
    }
    let queue_ids =
        crate::capacity::demo::seed_queues(&txn, org.id, &queues, &teams, users).await?;
    seed_tasks(&txn, org.id, shared, words, &queue_ids, now).await?;
    txn.commit().await?;
    crate::checklists::service::add_standard(db, org.id, lang, &actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    crate::scenarios::standard::add_standard_scenarios(db, org.id, lang, &actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let today = crate::checkins::absence::local_day(now, &org.time_zone);
    let demo = Demo {
        shared,
        words,
        org,
        lang,
        now,
        today,
        users,
        staff,
    };
    // The story in one transaction: it is there whole or not at all.
    let txn = db.begin().await?;
    let days = history::seed(&txn, &demo).await?;
    plan::seed(&txn, &demo, &days).await?;
    publications::seed(&txn, &demo).await?;
    signals::seed(&txn, &demo).await?;
    txn.commit().await?;
    Ok(())
}

async fn seed_teams(
    db: &impl ConnectionTrait,
    org_id: i32,
    words: &Words,
    now: DateTime<Utc>,
) -> anyhow::Result<HashMap<String, i32>> {
    let mut teams = HashMap::new();
    let mut keys: Vec<&String> = words.teams.keys().collect();
    keys.sort();
    for key in keys {
        let t = team::ActiveModel {
            organisation_id: Set(org_id),
            name: Set(words.teams[key].clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        teams.insert(key.clone(), t.id);
    }
    Ok(teams)
}

async fn seed_tasks(
    db: &impl ConnectionTrait,
    org_id: i32,
    shared: &Shared,
    words: &Words,
    queue_ids: &HashMap<String, i32>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    for t in &shared.tasks {
        let w = words
            .tasks
            .get(&t.key)
            .with_context(|| format!("no words for demo task {}", t.key))?;
        let queue_id = match &t.queue {
            Some(key) => queue_ids.get(&words.queue_name(key)?).copied(),
            None => None,
        };
        work_task::ActiveModel {
            organisation_id: Set(org_id),
            name: Set(w.name.clone()),
            kind: Set(t.kind.clone()),
            description: Set(String::new()),
            customer_criticality: Set(t.customer_criticality),
            business_criticality: Set(t.business_criticality),
            remote_capable: Set(t.remote_capable.clone()),
            remote_limits: Set(t.remote_limits.join(",")),
            remote_limit_note: Set(String::new()),
            sla: Set(w.sla.clone()),
            sla_at_risk: Set(false),
            postpone_cost: Set(t.postpone_cost.clone()),
            postpone_note: Set(String::new()),
            fallback: Set(t.fallback.clone()),
            fallback_note: Set(String::new()),
            cross_trainable: Set(t.cross_trainable),
            queue_id: Set(queue_id),
            overflow_per_hour: Set(t.overflow_per_hour),
            rto_hours: Set(t.rto_hours),
            mtpd_hours: Set(t.mtpd_hours),
            min_service: Set(w.min_service.clone()),
            min_service_level: Set(t.min_service_level),
            depends_systems: Set(w.depends_systems.clone()),
            depends_suppliers: Set(w.depends_suppliers.clone()),
            depends_partners: Set(w.depends_partners.clone()),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
