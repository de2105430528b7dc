//! Loading a [`PlanDocument`] into an organisation: every part is checked first and each
//! problem named by its path (`scenarios[2].actions[0].owner`); only a document without one is
//! written, in one transaction, through the same functions the pages use (each audited).
//! New queues, scenarios and tasks are added beside what the organisation has (a name it
//! already uses is refused); the communication plan, the chief communicator and the checklists
//! take the document's content; meeting rules are added; missing teams are made.
use super::*;
use crate::audit::{self, Actor, Change};
use crate::auth::CurrentUser;
use crate::capacity::forms::{QueueInput, StaffingInput, TeamShareInput};
use crate::checklists::templates::TemplateInput;
use crate::comms::forms::{CommunicationPlanInput, MeetingRuleInput};
use crate::entities::organisation;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::plans::forms::ActionInput;
use crate::scenarios::forms::{LadderInput, LevelInput, ScenarioInput};
use crate::state::AppState;
use crate::tasks::forms::TaskInput;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use utoipa::ToSchema;

/// What an import added.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportSummary {
    pub teams: usize,
    pub queues: usize,
    pub scenarios: usize,
    pub actions: usize,
    pub tasks: usize,
    pub meeting_rules: usize,
    pub checklists: usize,
}

/// Errors of one part, moved under its path.
fn under(all: &mut FieldErrors, path: &str, part: FieldErrors) {
    for mut e in part.0 {
        e.field = if e.field.is_empty() {
            path.to_string()
        } else {
            format!("{path}.{}", e.field)
        };
        all.0.push(e);
    }
}

fn queue_input(q: &QueueDoc) -> QueueInput {
    QueueInput {
        name: q.name.clone(),
        kind: q.kind.clone(),
        interval_minutes: Some(q.interval_minutes),
        opening_hours: q.opening_hours.clone(),
        weekday_volumes: q.weekday_volumes.clone(),
        profile: q.profile.clone(),
        profile_csv: None,
        target_service_level: Some(q.target_service_level),
        target_seconds: Some(f64::from(q.target_seconds)),
        aht_seconds: Some(f64::from(q.aht_seconds)),
        concurrency: Some(f64::from(q.concurrency)),
        patience_seconds: q.patience_seconds.map(f64::from),
        max_occupancy: Some(q.max_occupancy),
        shrinkage: Some(q.shrinkage),
        version: None,
    }
}

fn scenario_input(s: &ScenarioDoc) -> ScenarioInput {
    ScenarioInput {
        kind: s.kind.clone(),
        title: s.title.clone(),
        description: s.description.clone(),
        probability: Some(s.probability),
        consequence: Some(s.consequence),
        owner_user_id: None,
        status: s.status.clone(),
        metric: s.metric.clone(),
        queue_id: None,
        hysteresis_margin: Some(s.hysteresis_margin),
        version: None,
    }
    .normalised()
}

fn ladder_input(s: &ScenarioDoc) -> LadderInput {
    LadderInput {
        levels: s
            .levels
            .iter()
            .map(|l| LevelInput {
                id: None,
                name: l.name.clone(),
                trigger_value: Some(l.trigger_value),
                description: l.description.clone(),
                start_rollcall: l.start_rollcall,
                rollcall_message: l.rollcall_message.clone(),
                holding_question: Some(l.holding_question.clone()),
                holding_answer: Some(l.holding_answer.clone()),
                report_every_hours: l.report_every_hours,
            })
            .collect(),
    }
}

fn action_input(a: &ActionDoc) -> ActionInput {
    ActionInput {
        level_id: None,
        area: a.area.clone(),
        title: a.title.clone(),
        description: a.description.clone(),
        owner_user_id: None,
        due_date: a.due_date.clone(),
        status: a.status.clone(),
        outcome: a.outcome.clone(),
        outcome_rating: a.outcome_rating.clone(),
        version: None,
    }
    .normalised()
}

fn task_input(t: &TaskDoc) -> TaskInput {
    TaskInput {
        name: t.name.clone(),
        kind: t.kind.clone(),
        description: t.description.clone(),
        customer_criticality: Some(t.customer_criticality),
        business_criticality: Some(t.business_criticality),
        remote_capable: t.remote_capable.clone(),
        remote_limits: t.remote_limits.clone(),
        remote_limit_note: t.remote_limit_note.clone(),
        sla: t.sla.clone(),
        sla_at_risk: t.sla_at_risk,
        postpone_cost: t.postpone_cost.clone(),
        postpone_note: t.postpone_note.clone(),
        fallback: t.fallback.clone(),
        fallback_note: t.fallback_note.clone(),
        cross_trainable: t.cross_trainable,
        queue_id: None,
        overflow_per_hour: t.overflow_per_hour,
        rto_hours: t.rto_hours,
        mtpd_hours: t.mtpd_hours,
        min_service: t.min_service.clone(),
        min_service_level: t.min_service_level,
        depends_systems: t.depends_systems.clone(),
        depends_suppliers: t.depends_suppliers.clone(),
        depends_partners: t.depends_partners.clone(),
        version: None,
    }
    .normalised()
}

fn audience_input(a: &AudienceDoc) -> CommunicationPlanInput {
    CommunicationPlanInput {
        owner_user_id: None,
        deputy_user_id: None,
        channels: a.channels.clone(),
        cadence: a.cadence.clone(),
        notes: a.notes.clone(),
        version: None,
    }
    .normalised()
}

fn template_input(c: &ChecklistDoc) -> TemplateInput {
    TemplateInput {
        title: c.title.clone(),
        description: c.description.clone(),
        items: c.items.clone(),
    }
}

/// Who the document's e-mail addresses are in the organisation.
struct People(HashMap<String, i32>);

impl People {
    fn resolve(&self, e: &mut FieldErrors, path: &str, email: &Option<String>) -> Option<i32> {
        let email = email.as_deref()?.trim();
        let id = self.0.get(&email.to_lowercase()).copied();
        if id.is_none() {
            e.add(
                path,
                "unknown_person",
                "No active member of the organisation has this e-mail address.",
            );
        }
        id
    }
}

/// Names that must be new: within the document and against the organisation.
fn unique(
    e: &mut FieldErrors,
    path: &str,
    name: &str,
    seen: &mut HashSet<String>,
    taken: &HashSet<String>,
) {
    let key = name.trim().to_lowercase();
    if taken.contains(&key) {
        e.add(
            path,
            "taken",
            "The organisation already has one with this name.",
        );
    } else if !seen.insert(key) {
        e.add(path, "duplicate", "The document names this twice.");
    }
}

/// Checks every part; the ids the write needs come back with no errors.
struct Checked {
    people: People,
    existing_teams: HashMap<String, i32>,
    existing_queues: HashMap<String, i32>,
}

async fn check(state: &AppState, org_id: i32, doc: &PlanDocument) -> AppResult<Checked> {
    let db = &state.db;
    let mut e = FieldErrors::default();
    if doc.format != FORMAT {
        e.add(
            "format",
            "one_of",
            "This is not a Beredskap plan (format beredskap-plan).",
        );
    }
    if doc.version != VERSION {
        e.add_with(
            "version",
            "unsupported",
            "This version of the format is not known here; export again from a current Beredskap.",
            &[("version", &VERSION.to_string())],
        );
    }
    let people = People(
        crate::orgs::members::list(db, org_id)
            .await?
            .into_iter()
            .filter(|m| m.membership.active)
            .map(|m| (m.user.email.to_lowercase(), m.user.id))
            .collect(),
    );
    let lower = |s: &str| s.trim().to_lowercase();
    let existing_teams: HashMap<String, i32> = crate::orgs::repo::list_teams(db, org_id)
        .await?
        .into_iter()
        .map(|t| (lower(&t.name), t.id))
        .collect();
    let existing_queues: HashMap<String, i32> = crate::capacity::repo::list(db, org_id)
        .await?
        .into_iter()
        .map(|q| (lower(&q.name), q.id))
        .collect();
    let taken_scenarios: HashSet<String> = crate::scenarios::repo::list(db, org_id)
        .await?
        .iter()
        .map(|s| lower(&s.title))
        .collect();
    let taken_tasks: HashSet<String> = crate::tasks::repo::list(db, org_id)
        .await?
        .iter()
        .map(|t| lower(&t.name))
        .collect();

    let mut teams: HashSet<String> = existing_teams.keys().cloned().collect();
    for (i, t) in doc.teams.iter().enumerate() {
        if !(1..=80).contains(&t.trim().chars().count()) {
            e.add_with(
                &format!("teams[{i}]"),
                "length",
                "Use between 1 and 80 characters.",
                &[("min", "1"), ("max", "80")],
            );
        }
        teams.insert(lower(t));
    }
    let mut queues: HashSet<String> = existing_queues.keys().cloned().collect();
    let mut seen = HashSet::new();
    let taken_queues: HashSet<String> = existing_queues.keys().cloned().collect();
    for (i, q) in doc.queues.iter().enumerate() {
        let path = format!("queues[{i}]");
        if let Err(part) = queue_input(q).check() {
            under(&mut e, &path, part);
        }
        unique(
            &mut e,
            &format!("{path}.name"),
            &q.name,
            &mut seen,
            &taken_queues,
        );
        queues.insert(lower(&q.name));
        for (j, s) in q.team_shares.iter().enumerate() {
            if !teams.contains(&lower(&s.team)) {
                e.add(
                    &format!("{path}.team_shares[{j}].team"),
                    "unknown_team",
                    "Name a team of the organisation or of the document's teams.",
                );
            }
            if !s.share_pct.is_finite() || !(0.0..=100.0).contains(&s.share_pct) {
                crate::capacity::numbers::within(
                    &mut e,
                    &format!("{path}.team_shares[{j}].share_pct"),
                    s.share_pct,
                    0.0,
                    100.0,
                );
            }
        }
    }
    let known_queue = |e: &mut FieldErrors, path: &str, q: &Option<String>| {
        if let Some(q) = q {
            if !queues.contains(&lower(q)) {
                e.add(
                    path,
                    "unknown_queue",
                    "Name a queue of the organisation or of the document.",
                );
            }
        }
    };
    let mut seen = HashSet::new();
    for (i, s) in doc.scenarios.iter().enumerate() {
        let path = format!("scenarios[{i}]");
        under(&mut e, &path, scenario_input(s).check());
        unique(
            &mut e,
            &format!("{path}.title"),
            &s.title,
            &mut seen,
            &taken_scenarios,
        );
        people.resolve(&mut e, &format!("{path}.owner"), &s.owner);
        known_queue(&mut e, &format!("{path}.queue"), &s.queue);
        under(&mut e, &path, ladder_input(s).check(&s.metric));
        let mut names = HashSet::new();
        for (j, l) in s.levels.iter().enumerate() {
            if !names.insert(lower(&l.name)) {
                e.add(
                    &format!("{path}.levels[{j}].name"),
                    "duplicate",
                    "Two levels of a ladder cannot share a name.",
                );
            }
        }
        for (j, a) in s.actions.iter().enumerate() {
            let at = format!("{path}.actions[{j}]");
            under(&mut e, &at, action_input(a).check().0);
            people.resolve(&mut e, &format!("{at}.owner"), &a.owner);
            if let Some(l) = &a.level {
                if !names.contains(&lower(l)) {
                    e.add(
                        &format!("{at}.level"),
                        "unknown_level",
                        "Name a level of the scenario's ladder.",
                    );
                }
            }
        }
    }
    let mut seen = HashSet::new();
    for (i, t) in doc.tasks.iter().enumerate() {
        let path = format!("tasks[{i}]");
        under(&mut e, &path, task_input(t).check());
        unique(
            &mut e,
            &format!("{path}.name"),
            &t.name,
            &mut seen,
            &taken_tasks,
        );
        known_queue(&mut e, &format!("{path}.queue"), &t.queue);
    }
    let mut seen = HashSet::new();
    for (i, a) in doc.communication.iter().enumerate() {
        let path = format!("communication[{i}]");
        crate::scenarios::vocab::check_one_of(
            &mut e,
            &format!("{path}.audience"),
            &a.audience,
            crate::comms::forms::AUDIENCES,
        );
        if !seen.insert(a.audience.clone()) {
            e.add(
                &format!("{path}.audience"),
                "duplicate",
                "The document names this twice.",
            );
        }
        under(&mut e, &path, audience_input(a).check());
        people.resolve(&mut e, &format!("{path}.owner"), &a.owner);
        people.resolve(&mut e, &format!("{path}.deputy"), &a.deputy);
    }
    people.resolve(&mut e, "chief_communicator", &doc.chief_communicator);
    for (i, r) in doc.meeting_rules.iter().enumerate() {
        let mut part = MeetingRuleInput { text: r.clone() }.check();
        for f in part.0.iter_mut() {
            f.field = String::new();
        }
        under(&mut e, &format!("meeting_rules[{i}]"), part);
    }
    let mut seen = HashSet::new();
    for (i, c) in doc.checklists.iter().enumerate() {
        let path = format!("checklists[{i}]");
        let slug = !c.family.is_empty()
            && c.family.len() <= 60
            && c.family
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
        if !slug {
            e.add(
                &format!("{path}.family"),
                "slug",
                "Use lower-case letters, digits and dashes.",
            );
        } else if !seen.insert(c.family.clone()) {
            e.add(
                &format!("{path}.family"),
                "duplicate",
                "The document names this twice.",
            );
        }
        under(&mut e, &path, template_input(c).check());
    }
    e.into_result()?;
    Ok(Checked {
        people,
        existing_teams,
        existing_queues,
    })
}

pub async fn import(
    state: &AppState,
    actor: &CurrentUser,
    doc: &PlanDocument,
) -> AppResult<ImportSummary> {
    let org_id = actor.org_id();
    let checked = check(state, org_id, doc).await?;
    let lower = |s: &str| s.trim().to_lowercase();
    let person = |email: &Option<String>| {
        email
            .as_deref()
            .and_then(|m| checked.people.0.get(&lower(m)).copied())
    };
    let mut summary = ImportSummary {
        teams: 0,
        queues: doc.queues.len(),
        scenarios: doc.scenarios.len(),
        actions: doc.scenarios.iter().map(|s| s.actions.len()).sum(),
        tasks: doc.tasks.len(),
        meeting_rules: doc.meeting_rules.len(),
        checklists: doc.checklists.len(),
    };
    let txn = state.db.begin().await?;
    let mut teams = checked.existing_teams.clone();
    for t in &doc.teams {
        if !teams.contains_key(&lower(t)) {
            let made = crate::orgs::repo::create_team(
                &txn,
                actor,
                crate::orgs::forms::TeamInput {
                    name: t.trim().to_string(),
                },
            )
            .await?;
            teams.insert(lower(t), made.id);
            summary.teams += 1;
        }
    }
    let mut queues = checked.existing_queues.clone();
    for q in &doc.queues {
        let made = crate::capacity::repo::create(&txn, actor, &queue_input(q)).await?;
        queues.insert(lower(&q.name), made.id);
        if !q.team_shares.is_empty() {
            let staffing = StaffingInput {
                teams: q
                    .team_shares
                    .iter()
                    .filter_map(|s| {
                        Some(TeamShareInput {
                            team_id: *teams.get(&lower(&s.team))?,
                            share_pct: s.share_pct,
                        })
                    })
                    .collect(),
                trained: vec![],
            };
            crate::capacity::repo::set_staffing(&txn, actor, made.id, &staffing).await?;
        }
    }
    let queue_id = |q: &Option<String>| q.as_deref().and_then(|q| queues.get(&lower(q)).copied());
    for s in &doc.scenarios {
        let made = crate::scenarios::repo::create(
            &txn,
            actor,
            ScenarioInput {
                owner_user_id: person(&s.owner),
                queue_id: queue_id(&s.queue),
                ..scenario_input(s)
            },
        )
        .await?;
        let made = if s.standard_key.is_some() {
            let mut row = made.into_active_model();
            row.standard_key = Set(s.standard_key.clone());
            row.update(&txn).await?
        } else {
            made
        };
        let levels = if s.levels.is_empty() {
            vec![]
        } else {
            crate::scenarios::repo::replace_ladder(
                &txn,
                actor,
                made.id,
                ladder_input(s),
                Some(s.hysteresis_margin),
                Some(made.version),
            )
            .await?
        };
        for a in &s.actions {
            let level_id = a.level.as_deref().and_then(|name| {
                levels
                    .iter()
                    .find(|l| lower(&l.name) == lower(name))
                    .map(|l| l.id)
            });
            crate::plans::repo::create(
                &txn,
                actor,
                made.id,
                ActionInput {
                    level_id,
                    owner_user_id: person(&a.owner),
                    ..action_input(a)
                },
            )
            .await?;
        }
    }
    for t in &doc.tasks {
        crate::tasks::repo::create(
            &txn,
            actor,
            TaskInput {
                queue_id: queue_id(&t.queue),
                ..task_input(t)
            },
        )
        .await?;
    }
    let plans = crate::comms::repo::plans(&txn, org_id).await?;
    for a in &doc.communication {
        let version = plans
            .iter()
            .find(|p| p.audience == a.audience)
            .map(|p| p.version);
        crate::comms::repo::update(
            &txn,
            actor,
            &a.audience,
            CommunicationPlanInput {
                owner_user_id: person(&a.owner),
                deputy_user_id: person(&a.deputy),
                version,
                ..audience_input(a)
            },
        )
        .await?;
    }
    if let Some(chief) = person(&doc.chief_communicator) {
        let org = organisation::Entity::find_by_id(org_id)
            .one(&txn)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut row = org.into_active_model();
        row.chief_communicator_user_id = Set(Some(chief));
        row.update(&txn).await?;
    }
    for r in &doc.meeting_rules {
        crate::comms::repo::add_rule(&txn, actor, MeetingRuleInput { text: r.clone() }).await?;
    }
    for c in &doc.checklists {
        crate::checklists::templates::new_version(
            &txn,
            org_id,
            &c.family,
            &template_input(c),
            &Actor::from(actor),
        )
        .await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "plan",
            entity_id: org_id.to_string(),
            action: "import",
            before: None,
            after: Some(serde_json::json!({ "summary": &summary, "document": doc })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(summary)
}
