//! Reading an organisation's plan into a [`PlanDocument`], in a stable order so that two
//! exports of the same plan are equal.
use super::*;
use crate::checklists::templates::ItemInput;
use crate::entities::{checklist_template, organisation};
use crate::error::AppResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;

pub async fn export(db: &impl ConnectionTrait, org_id: i32) -> AppResult<PlanDocument> {
    let org = organisation::Entity::find_by_id(org_id)
        .one(db)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let emails: HashMap<i32, String> = crate::orgs::members::list(db, org_id)
        .await?
        .into_iter()
        .map(|m| (m.user.id, m.user.email))
        .collect();
    // Members past and present, so an owner who left is still named.
    let email = |id: Option<i32>| id.and_then(|id| emails.get(&id).cloned());
    let teams = crate::orgs::repo::list_teams(db, org_id).await?;
    let team_name: HashMap<i32, String> = teams.iter().map(|t| (t.id, t.name.clone())).collect();
    let mut queues = crate::capacity::repo::list(db, org_id).await?;
    queues.sort_by(|a, b| a.name.cmp(&b.name));
    let queue_name: HashMap<i32, String> = queues.iter().map(|q| (q.id, q.name.clone())).collect();
    let shares = crate::capacity::repo::shares(db, org_id).await?;

    let mut doc = PlanDocument {
        format: FORMAT.into(),
        version: VERSION,
        teams: {
            let mut names: Vec<String> = teams.iter().map(|t| t.name.clone()).collect();
            names.sort();
            names
        },
        chief_communicator: email(org.chief_communicator_user_id),
        ..Default::default()
    };
    for q in queues {
        let out = crate::capacity::api::QueueOut::from(q.clone());
        let mut team_shares: Vec<TeamShareDoc> = shares
            .iter()
            .filter(|s| s.queue_id == q.id)
            .filter_map(|s| {
                Some(TeamShareDoc {
                    team: team_name.get(&s.team_id)?.clone(),
                    share_pct: s.share_pct,
                })
            })
            .collect();
        team_shares.sort_by(|a, b| a.team.cmp(&b.team));
        doc.queues.push(QueueDoc {
            name: out.name,
            kind: out.kind,
            interval_minutes: out.interval_minutes,
            opening_hours: out.opening_hours,
            weekday_volumes: out.weekday_volumes,
            profile: out.profile,
            target_service_level: out.target_service_level,
            target_seconds: out.target_seconds,
            aht_seconds: out.aht_seconds,
            concurrency: out.concurrency,
            patience_seconds: out.patience_seconds,
            max_occupancy: out.max_occupancy,
            shrinkage: out.shrinkage,
            team_shares,
        });
    }
    let levels = crate::scenarios::repo::all_levels(db, org_id).await?;
    let actions = crate::plans::repo::all(db, org_id).await?;
    let mut scenarios = crate::scenarios::repo::list(db, org_id).await?;
    scenarios.sort_by_key(|s| s.id);
    for s in scenarios {
        let mut own: Vec<_> = levels.iter().filter(|l| l.scenario_id == s.id).collect();
        own.sort_by_key(|l| l.position);
        let level_name = |id: Option<i32>| {
            id.and_then(|id| own.iter().find(|l| l.id == id))
                .map(|l| l.name.clone())
        };
        let mut acts: Vec<_> = actions.iter().filter(|a| a.scenario_id == s.id).collect();
        acts.sort_by_key(|a| (a.position, a.id));
        doc.scenarios.push(ScenarioDoc {
            actions: acts
                .iter()
                .map(|a| ActionDoc {
                    level: level_name(a.level_id),
                    area: a.area.clone(),
                    title: a.title.clone(),
                    description: a.description.clone(),
                    owner: email(a.owner_user_id),
                    due_date: a.due_date.map(|d| d.to_string()),
                    status: a.status.clone(),
                    outcome: a.outcome.clone(),
                    outcome_rating: a.outcome_rating.clone(),
                })
                .collect(),
            levels: own
                .iter()
                .map(|l| LevelDoc {
                    name: l.name.clone(),
                    trigger_value: l.trigger_value,
                    description: l.description.clone(),
                    start_rollcall: l.start_rollcall,
                    rollcall_message: l.rollcall_message.clone(),
                    holding_question: l.holding_question.clone(),
                    holding_answer: l.holding_answer.clone(),
                    report_every_hours: l.report_every_hours,
                })
                .collect(),
            kind: s.kind,
            standard_key: s.standard_key,
            title: s.title,
            description: s.description,
            probability: s.probability,
            consequence: s.consequence,
            owner: email(s.owner_user_id),
            status: s.status,
            metric: s.metric,
            hysteresis_margin: s.hysteresis_margin,
            queue: s.queue_id.and_then(|id| queue_name.get(&id).cloned()),
        });
    }
    for t in crate::tasks::repo::list(db, org_id).await? {
        let mut remote_limits: Vec<String> = t
            .remote_limits
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        remote_limits.sort();
        doc.tasks.push(TaskDoc {
            remote_limits,
            queue: t.queue_id.and_then(|id| queue_name.get(&id).cloned()),
            name: t.name,
            kind: t.kind,
            description: t.description,
            customer_criticality: t.customer_criticality,
            business_criticality: t.business_criticality,
            remote_capable: t.remote_capable,
            remote_limit_note: t.remote_limit_note,
            sla: t.sla,
            sla_at_risk: t.sla_at_risk,
            postpone_cost: t.postpone_cost,
            postpone_note: t.postpone_note,
            fallback: t.fallback,
            fallback_note: t.fallback_note,
            cross_trainable: t.cross_trainable,
            overflow_per_hour: t.overflow_per_hour,
            rto_hours: t.rto_hours,
            mtpd_hours: t.mtpd_hours,
            min_service: t.min_service,
            min_service_level: t.min_service_level,
            depends_systems: t.depends_systems,
            depends_suppliers: t.depends_suppliers,
            depends_partners: t.depends_partners,
        });
    }
    for p in crate::comms::repo::plans(db, org_id).await? {
        doc.communication.push(AudienceDoc {
            owner: email(p.owner_user_id),
            deputy: email(p.deputy_user_id),
            audience: p.audience,
            channels: p.channels,
            cadence: p.cadence,
            notes: p.notes,
        });
    }
    doc.meeting_rules = crate::comms::repo::rules(db, org_id)
        .await?
        .into_iter()
        .map(|r| r.text)
        .collect();
    let families: Vec<String> = checklist_template::Entity::find()
        .filter(checklist_template::Column::OrganisationId.eq(org_id))
        .filter(checklist_template::Column::IsCurrent.eq(true))
        .order_by_asc(checklist_template::Column::Family)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.family)
        .collect();
    for family in families {
        if let Some((t, items)) = crate::checklists::templates::current(db, org_id, &family).await?
        {
            doc.checklists.push(ChecklistDoc {
                family: t.family,
                title: t.title,
                description: t.description,
                items: items
                    .into_iter()
                    .map(|i| ItemInput {
                        kind: i.kind,
                        question: i.question,
                        help: i.help,
                        options: i.options,
                        blocks_on: i.blocks_on,
                    })
                    .collect(),
            });
        }
    }
    Ok(doc)
}
