//! Ranks tasks for a scenario. Pure, so the page can explain it and tests can pin it down.
//!
//! Criticality counts customers double: `2 × customer + organisation` (3–15).
//! - Too few hands (high absence, more workload): what is most critical comes first; tasks that
//!   can wait without a harmful backlog are advised to be postponed; tasks with a fallback can
//!   be handed over.
//! - Work moves elsewhere: critical tasks that cannot be done remotely (or are limited by GDPR,
//!   secrecy or equipment) come first, because they need a plan.
//! - Less workload: backlogs to work down and skills to spread come first.
//!
//! The business-impact figures weigh in: a task that can be down at most a day (its maximum
//! tolerable period of disruption) is protected like a critical one and is never advised to be
//! postponed; the shorter the tolerance, the higher it ranks.
use crate::entities::work_task;

#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub task: work_task::Model,
    pub score: i32,
    /// `protect`, `postpone`, `hand_over`, `keep`, `plan_on_site`, `catch_up` or `train`.
    pub advice: &'static str,
    /// Catalogue keys under `tasks.reason.` saying why.
    pub reasons: Vec<&'static str>,
}

pub fn criticality(t: &work_task::Model) -> i32 {
    2 * t.customer_criticality + t.business_criticality
}

/// 3 for a task that tolerates at most 4 hours down, 2 a day, 1 three days, else 0.
pub fn tolerance_weight(t: &work_task::Model) -> i32 {
    match t.mtpd_hours {
        Some(h) if h <= 4 => 3,
        Some(h) if h <= 24 => 2,
        Some(h) if h <= 72 => 1,
        _ => 0,
    }
}

fn postpone_weight(cost: &str) -> i32 {
    match cost {
        "none" => 0,
        "low" => 1,
        "medium" => 2,
        _ => 3,
    }
}

/// The scenario kinds read as "too few hands for the work".
fn short_of_capacity(kind: &str) -> bool {
    matches!(kind, "high_absence" | "workload_up")
}

pub fn rank(kind: &str, tasks: &[work_task::Model]) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = tasks.iter().map(|t| rank_one(kind, t)).collect();
    ranked.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.task.name.to_lowercase().cmp(&b.task.name.to_lowercase()))
    });
    ranked
}

fn rank_one(kind: &str, t: &work_task::Model) -> Ranked {
    let crit = criticality(t);
    let postpone = postpone_weight(&t.postpone_cost);
    let has_fallback = t.fallback != "none";
    let limited = !t.remote_limits.is_empty();
    let tolerance = tolerance_weight(t);
    // Short tolerance counts like high criticality.
    let vital = crit >= 12 || tolerance >= 2;
    let mut reasons = vec![];
    if crit >= 12 {
        reasons.push("critical");
    }
    if tolerance >= 2 {
        reasons.push("short_tolerance");
    }
    if t.sla_at_risk {
        reasons.push("sla_at_risk");
    }
    let (score, advice) = if short_of_capacity(kind) {
        let score = crit * 10 + postpone * 3 + tolerance * 8 + if t.sla_at_risk { 5 } else { 0 };
        let advice = if vital {
            "protect"
        } else if postpone <= 1 {
            reasons.push("can_wait");
            "postpone"
        } else if has_fallback {
            reasons.push("has_fallback");
            "hand_over"
        } else {
            "keep"
        };
        (score, advice)
    } else if kind == "relocation" {
        let remote_gap = match t.remote_capable.as_str() {
            "no" => 2,
            "partly" => 1,
            _ => 0,
        } + i32::from(limited);
        if remote_gap > 0 {
            reasons.push(if t.remote_capable == "no" {
                "not_remote"
            } else {
                "remote_limited"
            });
        }
        let score = crit * 10 + remote_gap * 25 + tolerance * 8;
        let advice = if remote_gap > 0 && (crit >= 9 || tolerance >= 2) {
            "plan_on_site"
        } else if remote_gap > 0 && postpone <= 1 {
            reasons.push("can_wait");
            "postpone"
        } else {
            "keep"
        };
        (score, advice)
    } else if kind == "workload_down" {
        if t.cross_trainable {
            reasons.push("cross_trainable");
        }
        if postpone >= 2 {
            reasons.push("backlog");
        }
        let score = postpone * 20 + i32::from(t.cross_trainable) * 15 + crit;
        let advice = if postpone >= 2 {
            "catch_up"
        } else if t.cross_trainable {
            "train"
        } else {
            "keep"
        };
        (score, advice)
    } else {
        (
            crit * 10 + tolerance * 8,
            if vital { "protect" } else { "keep" },
        )
    };
    Ranked {
        task: t.clone(),
        score,
        advice,
        reasons,
    }
}

/// A task with defaults, for tests here and in `impact`.
#[cfg(test)]
pub mod tests_support {
    use crate::entities::work_task;
    use chrono::Utc;

    pub fn task(name: &str, customer: i32, business: i32) -> work_task::Model {
        work_task::Model {
            id: 0,
            organisation_id: 1,
            name: name.into(),
            kind: "task".into(),
            description: String::new(),
            customer_criticality: customer,
            business_criticality: business,
            remote_capable: "yes".into(),
            remote_limits: String::new(),
            remote_limit_note: String::new(),
            sla: String::new(),
            sla_at_risk: false,
            postpone_cost: "none".into(),
            postpone_note: String::new(),
            fallback: "none".into(),
            fallback_note: String::new(),
            cross_trainable: false,
            queue_id: None,
            overflow_per_hour: None,
            rto_hours: None,
            mtpd_hours: None,
            min_service: String::new(),
            min_service_level: None,
            depends_systems: String::new(),
            depends_suppliers: String::new(),
            depends_partners: String::new(),
            version: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(
        name: &str,
        customer: i32,
        business: i32,
        remote: &str,
        postpone: &str,
        fallback: &str,
    ) -> work_task::Model {
        let mut t = tests_support::task(name, customer, business);
        t.remote_capable = remote.into();
        t.postpone_cost = postpone.into();
        t.fallback = fallback.into();
        t
    }

    #[test]
    fn short_of_hands_the_critical_come_first_and_what_can_wait_is_postponed() {
        let tasks = vec![
            task("Newsletter", 1, 2, "yes", "none", "none"),
            task("Emergency line", 5, 5, "no", "high", "none"),
            task("Invoices", 3, 3, "yes", "medium", "outsource"),
        ];
        let r = rank("high_absence", &tasks);
        let order: Vec<_> = r.iter().map(|x| (x.task.name.as_str(), x.advice)).collect();
        assert_eq!(
            order,
            [
                ("Emergency line", "protect"),
                ("Invoices", "hand_over"),
                ("Newsletter", "postpone")
            ]
        );
    }

    #[test]
    fn when_work_moves_home_critical_tasks_that_cannot_follow_come_first() {
        let mut secret = task("Case files", 3, 4, "yes", "high", "none");
        secret.remote_limits = "secrecy".into();
        let tasks = vec![
            task("Phone queue", 5, 4, "yes", "high", "none"),
            task("Post room", 4, 3, "no", "medium", "none"),
            secret,
        ];
        let r = rank("relocation", &tasks);
        assert_eq!(r[0].task.name, "Post room");
        assert_eq!(r[0].advice, "plan_on_site");
        assert!(r
            .iter()
            .find(|x| x.task.name == "Case files")
            .unwrap()
            .reasons
            .contains(&"remote_limited"));
        assert_eq!(
            r.iter()
                .find(|x| x.task.name == "Phone queue")
                .unwrap()
                .advice,
            "keep"
        );
    }

    #[test]
    fn a_task_that_tolerates_little_disruption_is_protected_and_never_postponed() {
        let mut short = task("Payments", 2, 3, "yes", "none", "none");
        short.mtpd_hours = Some(8);
        let tasks = vec![task("Newsletter", 2, 3, "yes", "none", "none"), short];
        let r = rank("high_absence", &tasks);
        assert_eq!(r[0].task.name, "Payments");
        assert_eq!(r[0].advice, "protect");
        assert!(r[0].reasons.contains(&"short_tolerance"));
        assert_eq!(r[1].advice, "postpone");
        let mut week = r[0].task.clone();
        week.mtpd_hours = Some(24 * 7);
        assert_eq!(tolerance_weight(&week), 0);
    }

    #[test]
    fn when_it_is_quiet_backlogs_and_training_come_first() {
        let mut trainable = task("Chat", 3, 3, "yes", "none", "none");
        trainable.cross_trainable = true;
        let tasks = vec![
            task("Archive", 1, 1, "yes", "high", "none"),
            trainable,
            task("Phone", 5, 5, "yes", "none", "none"),
        ];
        let r = rank("workload_down", &tasks);
        let order: Vec<_> = r.iter().map(|x| (x.task.name.as_str(), x.advice)).collect();
        assert_eq!(
            order,
            [
                ("Archive", "catch_up"),
                ("Chat", "train"),
                ("Phone", "keep")
            ]
        );
    }
}
