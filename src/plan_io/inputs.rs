//! What each part of a plan document becomes: the input the pages and the API check and
//! save, so an import is checked by the same rules.
use super::*;
use crate::capacity::forms::QueueInput;
use crate::checklists::templates::TemplateInput;
use crate::comms::forms::CommunicationPlanInput;
use crate::error::FieldErrors;
use crate::plans::forms::ActionInput;
use crate::scenarios::forms::{LadderInput, LevelInput, ScenarioInput};
use crate::tasks::forms::TaskInput;

/// Errors of one part, moved under its path.
pub(super) fn under(all: &mut FieldErrors, path: &str, part: FieldErrors) {
    for mut e in part.0 {
        e.field = if e.field.is_empty() {
            path.to_string()
        } else {
            format!("{path}.{}", e.field)
        };
        all.0.push(e);
    }
}

pub(super) fn queue_input(q: &QueueDoc) -> QueueInput {
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

pub(super) fn scenario_input(s: &ScenarioDoc) -> ScenarioInput {
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

pub(super) fn ladder_input(s: &ScenarioDoc) -> LadderInput {
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

pub(super) fn action_input(a: &ActionDoc) -> ActionInput {
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
        past_due_ok: false,
    }
    .normalised()
}

pub(super) fn task_input(t: &TaskDoc) -> TaskInput {
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

pub(super) fn audience_input(a: &AudienceDoc) -> CommunicationPlanInput {
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

pub(super) fn template_input(c: &ChecklistDoc) -> TemplateInput {
    TemplateInput {
        title: c.title.clone(),
        description: c.description.clone(),
        items: c.items.clone(),
    }
}
