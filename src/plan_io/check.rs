//! Checking a plan document before anything is written: every part against the same rules as
//! the pages, every name that must be new, every person and team it names; each problem
//! named by its path.
use super::inputs::*;
use super::*;
use crate::comms::forms::MeetingRuleInput;
use crate::error::{AppResult, FieldErrors};
use crate::state::AppState;
use std::collections::{HashMap, HashSet};

/// Who the document's e-mail addresses are in the organisation.
pub(super) struct People(pub(super) HashMap<String, i32>);

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
pub(super) struct Checked {
    pub(super) people: People,
    pub(super) existing_teams: HashMap<String, i32>,
    pub(super) existing_queues: HashMap<String, i32>,
}

pub(super) async fn check(state: &AppState, org_id: i32, doc: &PlanDocument) -> AppResult<Checked> {
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
