//! Readiness: who could work from home today, per team, and what stops the rest.
use super::logic::{self, Standing};
use super::service::{assignments, due_for};
use super::templates::items_of;
use crate::entities::{checklist_answer, checklist_item, checklist_response};
use crate::error::AppResult;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Blocker {
    pub question: String,
    pub people: usize,
    /// Filled only for roles allowed to see who.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ReadinessCount {
    pub expected: usize,
    pub ready: usize,
    pub blocked: usize,
    pub unfinished: usize,
    /// Could work from home today: ready over expected, in %.
    pub readiness_pct: Option<f64>,
    /// Not submitted, and past the due date.
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamReadiness {
    pub team_id: Option<i32>,
    pub team_name: Option<String>,
    #[serde(flatten)]
    pub count: ReadinessCount,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    pub family: String,
    pub overall: ReadinessCount,
    pub teams: Vec<TeamReadiness>,
    /// Blocking items with how many people they stop, most first.
    pub blockers: Vec<Blocker>,
}

/// Who could work from home today, per team, and what stops the rest.
pub async fn readiness(
    db: &impl ConnectionTrait,
    org_id: i32,
    family: &str,
    today: NaiveDate,
    with_names: bool,
) -> AppResult<Readiness> {
    let assigned = assignments(db, org_id, family).await?;
    let expected = crate::checkins::repo::headcount(db, org_id).await?;
    let members = crate::orgs::members::list(db, org_id).await?;
    let teams = crate::orgs::repo::list_teams(db, org_id).await?;
    let mut item_cache: HashMap<i32, Vec<checklist_item::Model>> = HashMap::new();
    let mut overall = ReadinessCount::default();
    let mut per_team: Vec<(Option<i32>, ReadinessCount)> = teams
        .iter()
        .map(|t| (Some(t.id), ReadinessCount::default()))
        .chain([(None, ReadinessCount::default())])
        .collect();
    let mut blockers: HashMap<String, Vec<String>> = HashMap::new();
    // Everyone's latest response and its answers in two queries, not two per person.
    let mut latest_of: HashMap<i32, checklist_response::Model> = HashMap::new();
    for r in checklist_response::Entity::find()
        .filter(checklist_response::Column::OrganisationId.eq(org_id))
        .filter(checklist_response::Column::Family.eq(family))
        .all(db)
        .await?
    {
        if latest_of
            .get(&r.user_id)
            .is_none_or(|have| r.template_id > have.template_id)
        {
            latest_of.insert(r.user_id, r);
        }
    }
    let mut answers_of: HashMap<i32, Vec<(i32, String)>> = HashMap::new();
    let response_ids: Vec<i32> = latest_of.values().map(|r| r.id).collect();
    for chunk in response_ids.chunks(500) {
        for a in checklist_answer::Entity::find()
            .filter(checklist_answer::Column::ResponseId.is_in(chunk.to_vec()))
            .all(db)
            .await?
        {
            answers_of
                .entry(a.response_id)
                .or_default()
                .push((a.item_id, a.value));
        }
    }
    for e in &expected {
        let due = due_for(&assigned, e.team_id);
        let latest = latest_of
            .get(&e.user_id)
            .map(|r| (r.clone(), answers_of.remove(&r.id).unwrap_or_default()));
        let standing = match &latest {
            None => Standing::Unfinished { left: usize::MAX },
            Some((r, answers)) => {
                if let std::collections::hash_map::Entry::Vacant(v) =
                    item_cache.entry(r.template_id)
                {
                    v.insert(items_of(db, r.template_id).await?);
                }
                logic::standing(
                    &item_cache[&r.template_id],
                    answers,
                    r.submitted_at.is_some(),
                )
            }
        };
        let submitted = latest
            .as_ref()
            .is_some_and(|(r, _)| r.submitted_at.is_some());
        let slot = per_team
            .iter_mut()
            .position(|(t, _)| *t == e.team_id)
            .unwrap_or(per_team.len() - 1);
        for c in [&mut overall, &mut per_team[slot].1] {
            c.expected += 1;
            match &standing {
                Standing::Ready => c.ready += 1,
                Standing::Blocked(_) => c.blocked += 1,
                Standing::Unfinished { .. } => c.unfinished += 1,
            }
            if !submitted && due.is_some_and(|d| d < today) {
                c.overdue += 1;
            }
        }
        if let (Standing::Blocked(ids), Some((r, _))) = (&standing, &latest) {
            let name = members
                .iter()
                .find(|m| m.user.id == e.user_id)
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default();
            for id in ids {
                if let Some(item) = item_cache[&r.template_id].iter().find(|i| i.id == *id) {
                    blockers
                        .entry(item.question.clone())
                        .or_default()
                        .push(name.clone());
                }
            }
        }
    }
    let pct = |c: &mut ReadinessCount| {
        c.readiness_pct = (c.expected > 0).then(|| 100.0 * c.ready as f64 / c.expected as f64)
    };
    pct(&mut overall);
    let mut blockers: Vec<Blocker> = blockers
        .into_iter()
        .map(|(question, mut names)| {
            names.sort();
            Blocker {
                question,
                people: names.len(),
                names: if with_names { names } else { vec![] },
            }
        })
        .collect();
    blockers.sort_by(|a, b| {
        b.people
            .cmp(&a.people)
            .then_with(|| a.question.cmp(&b.question))
    });
    Ok(Readiness {
        family: family.to_string(),
        overall,
        teams: per_team
            .into_iter()
            .filter(|(t, c)| t.is_some() || c.expected > 0)
            .map(|(t, mut c)| {
                pct(&mut c);
                TeamReadiness {
                    team_id: t,
                    team_name: t
                        .and_then(|id| teams.iter().find(|x| x.id == id))
                        .map(|x| x.name.clone()),
                    count: c,
                }
            })
            .collect(),
        blockers,
    })
}
