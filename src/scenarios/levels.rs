//! Levels in force: decided from the live figures by `ladder::decide_level`, or set by hand by
//! a crisis lead. Every change is kept in the history with the figures that caused it.
use super::forms::ManualLevelInput;
use super::{ladder, repo, vocab};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{level_change, scenario, threshold_level};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// One queue's forecast service level for today's worst interval, in %: `low` counts people
/// not checked in as absent, `high` as present.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForecastValue {
    pub queue_id: i32,
    pub low: f64,
    pub high: f64,
}

/// The organisation's live figures. Check-ins give absence; daily volumes give workload;
/// both with the queues give the forecast service level.
#[derive(Debug, Clone, Default)]
pub struct MetricValues {
    /// Staff absence, 0–100 %.
    pub absence_pct: Option<f64>,
    /// Workload against normal, in % (negative when lower than normal).
    pub workload_change_pct: Option<f64>,
    /// True while many have not checked in yet: absence can then only rise during the day,
    /// so a low figure may raise no level and may not lower one either.
    pub absence_partial: bool,
    /// Per open queue today.
    pub forecast: Vec<ForecastValue>,
}

impl MetricValues {
    /// The forecast a ladder reads: its queue's, or the worst queue's when it names none.
    pub fn forecast_for(&self, queue_id: Option<i32>) -> Option<(f64, f64)> {
        let mut values = self
            .forecast
            .iter()
            .filter(|f| queue_id.is_none_or(|q| f.queue_id == q));
        let first = values.next()?;
        Some(values.fold((first.low, first.high), |(l, h), f| {
            (l.min(f.low), h.min(f.high))
        }))
    }

    /// The value a ladder on `metric` reads; a decrease is read as a positive share.
    pub fn for_metric(&self, metric: &str) -> Option<f64> {
        match metric {
            "absence" => self.absence_pct,
            "workload_increase" => self.workload_change_pct,
            "workload_decrease" => self.workload_change_pct.map(|c| -c),
            _ => None,
        }
    }
}

/// A level change, for banners and for the notifier that tells the crisis group.
#[derive(Debug, Clone)]
pub struct LevelChanged {
    pub organisation_id: i32,
    pub scenario_id: i32,
    pub scenario_title: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub rising: bool,
    pub value: Option<f64>,
    pub metric: String,
}

fn index_of(levels: &[threshold_level::Model], id: Option<i32>) -> Option<usize> {
    id.and_then(|id| levels.iter().position(|l| l.id == id))
}

/// Applies the live figures to every open scenario. Scenarios whose level was set by hand keep
/// it, but remember what the figures say.
pub async fn evaluate(
    db: &DatabaseConnection,
    read: &DatabaseConnection,
    org_id: i32,
    values: MetricValues,
    actor: &Actor,
) -> AppResult<Vec<LevelChanged>> {
    let mut changes = vec![];
    // Read beside the writer; only a move takes it (and its version check catches an edit
    // made in between).
    for s in repo::list(read, org_id).await? {
        if s.status == "closed" {
            continue;
        }
        let range = if vocab::is_falling(&s.metric) {
            values.forecast_for(s.queue_id)
        } else {
            values.for_metric(&s.metric).map(|v| (v, v))
        };
        let Some((low, high)) = range else {
            continue;
        };
        let levels = repo::levels(read, org_id, s.id).await?;
        let triggers: Vec<f64> = levels.iter().map(|l| l.trigger_value).collect();
        // Hysteresis works from what the figures said last, also while a level is set by hand.
        let basis = if s.level_set_manually {
            s.computed_level_id
        } else {
            s.current_level_id
        };
        let mut decided = if vocab::is_falling(&s.metric) {
            ladder::decide_falling_level(
                &triggers,
                index_of(&levels, basis),
                low,
                high,
                s.hysteresis_margin,
            )
        } else {
            ladder::decide_level(
                &triggers,
                index_of(&levels, basis),
                high,
                s.hysteresis_margin,
            )
        };
        // The figure that decided: the optimistic end raises, the pessimistic end lowers.
        let value = if decided < index_of(&levels, basis) {
            low
        } else {
            high
        };
        if s.metric == "absence" && values.absence_partial && decided < index_of(&levels, basis) {
            decided = index_of(&levels, basis);
        }
        let decided_id = decided.map(|i| levels[i].id);
        let moves = !s.level_set_manually && decided_id != s.current_level_id;
        if decided_id == s.computed_level_id && !moves {
            continue;
        }
        let txn = db.begin().await?;
        let mut row = s.clone().into_active_model();
        row.computed_level_id = Set(decided_id);
        if moves {
            row.current_level_id = Set(decided_id);
            row.status = Set(status_after(&s.status, decided_id.is_some()));
        }
        let after = repo::save_versioned(&txn, row, s.id, s.version).await;
        let after = match after {
            Ok(a) => a,
            // Someone edited the scenario this very moment; the next figures will decide again.
            Err(AppError::Conflict(_)) => continue,
            Err(e) => return Err(e),
        };
        if moves {
            let from = index_of(&levels, s.current_level_id).map(|i| levels[i].clone());
            let to = decided.map(|i| levels[i].clone());
            record_change(
                &txn,
                &s,
                from.as_ref(),
                to.as_ref(),
                Some(value),
                "automatic",
                None,
                actor.user_id,
            )
            .await?;
            audit::record(
                &txn,
                actor,
                Change {
                    organisation_id: Some(org_id),
                    entity: "scenario",
                    entity_id: s.id.to_string(),
                    action: "level_change",
                    before: snapshot(&s),
                    after: snapshot(&after),
                },
            )
            .await?;
            changes.push(LevelChanged {
                organisation_id: org_id,
                scenario_id: s.id,
                scenario_title: s.title.clone(),
                rising: index_of(&levels, decided_id) > index_of(&levels, s.current_level_id),
                from: from.map(|l| l.name),
                to: to.map(|l| l.name),
                value: Some(value),
                metric: s.metric.clone(),
            });
        }
        txn.commit().await?;
    }
    Ok(changes)
}

/// Entering a level makes a monitored scenario active; leaving every level returns it.
fn status_after(status: &str, at_a_level: bool) -> String {
    match (status, at_a_level) {
        ("monitoring", true) => "active".into(),
        ("active", false) => "monitoring".into(),
        (other, _) => other.into(),
    }
}

/// What a level change is called in the alert and the delivery board: "Scenario: A → B", with
/// "—" for no level.
pub fn change_title(scenario: &str, from: Option<&str>, to: Option<&str>) -> String {
    format!(
        "{scenario}: {} → {}",
        from.unwrap_or("—"),
        to.unwrap_or("—")
    )
}

/// The crisis log's line for a level change, with the figure that caused it.
pub fn change_log_text(title: &str, metric: &str, value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{title} ({metric} {v:.1})"),
        None => title.to_string(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn record_change(
    db: &impl ConnectionTrait,
    s: &scenario::Model,
    from: Option<&threshold_level::Model>,
    to: Option<&threshold_level::Model>,
    value: Option<f64>,
    cause: &str,
    reason: Option<String>,
    by: Option<i32>,
) -> AppResult<()> {
    let change = level_change::ActiveModel {
        organisation_id: Set(s.organisation_id),
        scenario_id: Set(s.id),
        from_level_id: Set(from.map(|l| l.id)),
        to_level_id: Set(to.map(|l| l.id)),
        from_name: Set(from.map(|l| l.name.clone())),
        to_name: Set(to.map(|l| l.name.clone())),
        metric: Set(s.metric.clone()),
        value: Set(value),
        cause: Set(cause.into()),
        reason: Set(reason),
        changed_by_user_id: Set(by),
        occurred_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The crisis group hears of it by mail and on the internal chat channels, through the
    // same outbox as FAQ updates, committed with the change itself.
    let title = change_title(
        &s.title,
        from.map(|l| l.name.as_str()),
        to.map(|l| l.name.as_str()),
    );
    let publication = crate::entities::publication::ActiveModel {
        organisation_id: Set(s.organisation_id),
        kind: Set("level_change".into()),
        entry_id: Set(None),
        revision_id: Set(None),
        level_change_id: Set(Some(change.id)),
        title: Set(title),
        created_by_user_id: Set(by),
        created_at: Set(change.occurred_at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    crate::delivery::enqueue::level_change(db, &publication, change.id, change.occurred_at).await?;
    // The crisis log keeps it, with the figure that caused it.
    crate::log::system(
        db,
        s.organisation_id,
        "level_change",
        change_log_text(&publication.title, &s.metric, value),
        Some(s.id),
        change.occurred_at,
    )
    .await?;
    // Reaching a level (not leaving one) that asks for it starts a roll-call of everyone.
    if let Some(level) = to.filter(|t| from.is_none_or(|f| t.position > f.position)) {
        crate::rollcall::levels::queue_for_level(
            db,
            s.organisation_id,
            level,
            change.id,
            change.occurred_at,
        )
        .await?;
    }
    Ok(())
}

/// A crisis lead sets the level by hand (with a reason), or hands it back to the figures.
pub async fn set_by_hand(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    id: i32,
    input: ManualLevelInput,
) -> AppResult<scenario::Model> {
    let org_id = actor.org_id();
    let s = repo::get(db, org_id, id).await?;
    let levels = repo::levels(db, org_id, id).await?;
    let reason = input.reason.trim().to_string();
    let mut errors = FieldErrors::default();
    if !input.release && !(3..=500).contains(&reason.chars().count()) {
        errors.add_with(
            "reason",
            "length",
            "Use between 3 and 500 characters.",
            &[("min", "3"), ("max", "500")],
        );
    }
    if let Some(level_id) = input.level_id {
        if !levels.iter().any(|l| l.id == level_id) {
            errors.add(
                "level_id",
                "unknown_level",
                "This level does not belong to the scenario.",
            );
        }
    }
    errors.into_result()?;
    let target = if input.release {
        s.computed_level_id
    } else {
        input.level_id
    };
    let txn = db.begin().await?;
    let mut row = s.clone().into_active_model();
    row.current_level_id = Set(target);
    row.level_set_manually = Set(!input.release);
    if target != s.current_level_id {
        row.status = Set(status_after(&s.status, target.is_some()));
    }
    let after = repo::save_versioned(&txn, row, id, s.version).await?;
    let find = |lid: Option<i32>| lid.and_then(|lid| levels.iter().find(|l| l.id == lid));
    let cause = if input.release { "released" } else { "manual" };
    record_change(
        &txn,
        &s,
        find(s.current_level_id),
        find(target),
        None,
        cause,
        Some(reason).filter(|r| !r.is_empty()),
        Some(actor.user_id()),
    )
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "scenario",
            entity_id: id.to_string(),
            action: if input.release {
                "level_released"
            } else {
                "level_set_by_hand"
            },
            before: snapshot(&s),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

pub async fn history(
    db: &impl ConnectionTrait,
    org_id: i32,
    scenario_id: i32,
    limit: u64,
) -> AppResult<Vec<level_change::Model>> {
    Ok(level_change::Entity::find()
        .filter(level_change::Column::OrganisationId.eq(org_id))
        .filter(level_change::Column::ScenarioId.eq(scenario_id))
        .order_by_desc(level_change::Column::OccurredAt)
        .order_by_desc(level_change::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decrease_in_workload_is_read_as_a_positive_share() {
        let v = MetricValues {
            absence_pct: Some(12.0),
            workload_change_pct: Some(-30.0),
            absence_partial: false,
            forecast: vec![],
        };
        assert_eq!(v.for_metric("absence"), Some(12.0));
        assert_eq!(v.for_metric("workload_increase"), Some(-30.0));
        assert_eq!(v.for_metric("workload_decrease"), Some(30.0));
        assert_eq!(v.for_metric("manual"), None);
    }

    #[test]
    fn closed_scenarios_keep_their_status_whatever_the_level() {
        assert_eq!(status_after("monitoring", true), "active");
        assert_eq!(status_after("active", false), "monitoring");
        assert_eq!(status_after("closed", true), "closed");
    }
}

/// Since when the scenario is at its level; none below every level.
pub async fn in_force_since(
    db: &impl sea_orm::ConnectionTrait,
    s: &scenario::Model,
) -> crate::error::AppResult<Option<chrono::DateTime<chrono::Utc>>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let Some(level) = s.current_level_id else {
        return Ok(None);
    };
    Ok(Some(
        level_change::Entity::find()
            .filter(level_change::Column::ScenarioId.eq(s.id))
            .filter(level_change::Column::ToLevelId.eq(level))
            .order_by_desc(level_change::Column::OccurredAt)
            .one(db)
            .await?
            .map(|c| c.occurred_at)
            .unwrap_or(s.updated_at),
    ))
}
