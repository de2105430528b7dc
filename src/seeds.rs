//! Demo data from `seeds/demo.toml`: loaded by a command into an empty database, never by a
//! migration. The file is built into the binary so a release needs nothing beside it.
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::{password, Role, RoleSet};
use crate::entities::{faq_entry, faq_revision, membership, organisation, team, user, work_task};
use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

const DEMO: &str = include_str!("../seeds/demo.toml");

#[derive(Deserialize)]
struct DemoFile {
    password: String,
    organisation: DemoOrganisation,
    people: Vec<DemoPerson>,
    #[serde(default)]
    tasks: Vec<DemoTask>,
    #[serde(default)]
    faq: Vec<DemoFaq>,
    #[serde(default)]
    queues: Vec<crate::capacity::demo::DemoQueue>,
    #[serde(default)]
    today: crate::capacity::demo::DemoToday,
}

#[derive(Deserialize)]
struct DemoFaq {
    category: String,
    question: String,
    answer: String,
    #[serde(default)]
    internal_note: String,
    #[serde(default = "public")]
    visibility: String,
    /// Still working on it, with the next update this many hours after seeding.
    working_on_it_hours: Option<i64>,
}

fn public() -> String {
    "public".into()
}

#[derive(Deserialize)]
struct DemoTask {
    name: String,
    kind: String,
    customer_criticality: i32,
    business_criticality: i32,
    remote_capable: String,
    #[serde(default)]
    remote_limits: Vec<String>,
    #[serde(default)]
    sla: String,
    postpone_cost: String,
    fallback: String,
    #[serde(default)]
    cross_trainable: bool,
    /// The queue whose contacts the task is, by name.
    queue: Option<String>,
    overflow_per_hour: Option<i32>,
}

#[derive(Deserialize)]
struct DemoOrganisation {
    slug: String,
    name: String,
    time_zone: String,
    default_language: String,
    teams: Vec<String>,
}

#[derive(Deserialize)]
struct DemoPerson {
    email: String,
    name: String,
    roles: Vec<String>,
    team: Option<String>,
}

pub struct DemoLogins {
    pub password: String,
    pub people: Vec<(String, String)>,
}

impl DemoLogins {
    pub fn print(&self, url: &str) {
        println!(
            "\nDemo organisation loaded. Sign in at {url}/login with password {:?}:",
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
        println!();
    }
}

/// Loads the demo when the database has no organisation yet; `None` when it already has data.
pub async fn load_demo_if_empty(db: &DatabaseConnection) -> anyhow::Result<Option<DemoLogins>> {
    if organisation::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let demo: DemoFile = toml::from_str(DEMO).context("seeds/demo.toml is not valid")?;
    // One hash for the shared demo password: it is published anyway, and hashing forty times
    // would slow every demo start for nothing.
    let hash = password::hash(demo.password.clone()).await?;
    let actor = Actor::system("demo seed");
    let now = Utc::now();
    let txn = db.begin().await?;
    let org = organisation::ActiveModel {
        slug: Set(demo.organisation.slug.clone()),
        name: Set(demo.organisation.name.clone()),
        time_zone: Set(demo.organisation.time_zone.clone()),
        default_language: Set(demo.organisation.default_language.clone()),
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
    let mut teams = HashMap::new();
    for name in &demo.organisation.teams {
        let t = team::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(name.clone()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        teams.insert(name.clone(), t.id);
    }
    let mut logins = vec![];
    let mut user_ids = HashMap::new();
    for p in &demo.people {
        let roles = RoleSet::new(p.roles.iter().filter_map(|r| Role::parse(r)));
        anyhow::ensure!(
            !roles.is_empty(),
            "demo person {} has no known role",
            p.email
        );
        let team_id = match &p.team {
            Some(name) => Some(
                *teams
                    .get(name)
                    .with_context(|| format!("unknown demo team {name}"))?,
            ),
            None => None,
        };
        let u = user::ActiveModel {
            email: Set(p.email.to_lowercase()),
            display_name: Set(p.name.clone()),
            password_hash: Set(hash.clone()),
            language: Set(None),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        membership::ActiveModel {
            organisation_id: Set(org.id),
            user_id: Set(u.id),
            team_id: Set(team_id),
            roles: Set(roles.to_stored()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        user_ids.insert(u.email.clone(), u.id);
        logins.push((u.email, roles.to_stored().replace(',', ", ")));
    }
    let queue_ids =
        crate::capacity::demo::seed_queues(&txn, org.id, &demo.queues, &teams, &user_ids).await?;
    let today = crate::checkins::absence::local_day(now, &org.time_zone);
    crate::capacity::demo::seed_today(&txn, org.id, today, &demo.today, &user_ids).await?;
    for t in &demo.tasks {
        work_task::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(t.name.clone()),
            kind: Set(t.kind.clone()),
            description: Set(String::new()),
            customer_criticality: Set(t.customer_criticality),
            business_criticality: Set(t.business_criticality),
            remote_capable: Set(t.remote_capable.clone()),
            remote_limits: Set(t.remote_limits.join(",")),
            remote_limit_note: Set(String::new()),
            sla: Set(t.sla.clone()),
            sla_at_risk: Set(false),
            postpone_cost: Set(t.postpone_cost.clone()),
            postpone_note: Set(String::new()),
            fallback: Set(t.fallback.clone()),
            fallback_note: Set(String::new()),
            cross_trainable: Set(t.cross_trainable),
            queue_id: Set(t.queue.as_ref().and_then(|q| queue_ids.get(q).copied())),
            overflow_per_hour: Set(t.overflow_per_hour),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    for (position, f) in demo.faq.iter().enumerate() {
        let next = f
            .working_on_it_hours
            .map(|h| now + chrono::Duration::hours(h));
        let entry = faq_entry::ActiveModel {
            organisation_id: Set(org.id),
            category: Set(f.category.clone()),
            position: Set(position as i32),
            visibility: Set(f.visibility.clone()),
            question: Set(f.question.clone()),
            answer_md: Set(f.answer.trim().to_string()),
            internal_note: Set(f.internal_note.clone()),
            working_on_it: Set(next.is_some()),
            next_update_at: Set(next),
            status: Set("published".into()),
            revision_count: Set(1),
            first_published_at: Set(Some(now)),
            last_published_at: Set(Some(now)),
            checked_at: Set(Some(now)),
            version: Set(1),
            created_by_user_id: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        faq_revision::ActiveModel {
            organisation_id: Set(org.id),
            entry_id: Set(entry.id),
            number: Set(1),
            kind: Set("new".into()),
            question: Set(entry.question.clone()),
            answer_md: Set(entry.answer_md.clone()),
            internal_note: Set(entry.internal_note.clone()),
            category: Set(entry.category.clone()),
            visibility: Set(entry.visibility.clone()),
            working_on_it: Set(entry.working_on_it),
            next_update_at: Set(entry.next_update_at),
            author_user_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    let lang = crate::i18n::Lang::parse(&demo.organisation.default_language)
        .unwrap_or(crate::i18n::Lang::En);
    crate::checklists::service::add_standard(db, org.id, lang, &actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    crate::scenarios::standard::add_standard_scenarios(db, org.id, lang, &actor)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    Ok(Some(DemoLogins {
        password: demo.password,
        people: logins,
    }))
}
