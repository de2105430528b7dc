//! Loading a [`PlanDocument`] into an organisation: every part is checked first and each
//! problem named by its path (`scenarios[2].actions[0].owner`); only a document without one is
//! written, in one transaction, through the same functions the pages use (each audited).
//! New queues, scenarios and tasks are added beside what the organisation has (a name it
//! already uses is refused); the communication plan, the chief communicator and the checklists
//! take the document's content; meeting rules are added; missing teams are made.
use super::inputs::*;
use super::*;
use crate::audit::{self, Actor, Change};
use crate::auth::CurrentUser;
use crate::capacity::forms::{StaffingInput, TeamShareInput};
use crate::comms::forms::{CommunicationPlanInput, MeetingRuleInput};
use crate::entities::organisation;
use crate::error::{AppError, AppResult};
use crate::plans::forms::ActionInput;
use crate::scenarios::forms::ScenarioInput;
use crate::state::AppState;
use crate::tasks::forms::TaskInput;
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set, TransactionTrait};
use serde::Serialize;
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

pub async fn import(
    state: &AppState,
    actor: &CurrentUser,
    doc: &PlanDocument,
) -> AppResult<ImportSummary> {
    let org_id = actor.org_id();
    let checked = super::check::check(state, org_id, doc).await?;
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
