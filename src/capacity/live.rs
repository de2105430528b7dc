//! The live forecast: loads queues, who staffs them and the day's check-ins, and hands them to
//! the pure `forecast`.
use super::forecast::{self, Day, Person, Presence, QueueForecast, QueueSetup, WhatIf};
use super::repo;
use crate::auth::{Role, RoleSet};
use crate::checkins::absence::is_absent;
use crate::entities::{checkin_settings, daily_volume, organisation, work_task};
use crate::error::AppResult;
use crate::scenarios::levels::ForecastValue;
use crate::state::AppState;

struct OrgRef {
    id: i32,
}
use chrono::{Datelike, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// How far ahead the forecast looks (from planned absence).
pub const DAYS_AHEAD: i64 = 7;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CapacityOut {
    pub day: NaiveDate,
    /// `check_ins` for today (people not checked in give the low–high range); `planned_absence`
    /// for days ahead (everyone without planned absence counted present).
    pub basis: String,
    /// Staff expected to check in, and how many have.
    pub headcount: usize,
    pub checked_in: usize,
    pub what_if: WhatIf,
    pub queues: Vec<QueueForecast>,
}

pub async fn setups(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<QueueSetup>> {
    let queues = repo::list(db, org_id).await?;
    let shares = repo::shares(db, org_id).await?;
    let skills = repo::skills(db, org_id).await?;
    let tasks = work_task::Entity::find()
        .filter(work_task::Column::OrganisationId.eq(org_id))
        .filter(work_task::Column::Fallback.eq("overflow_partner"))
        .all(db)
        .await?;
    Ok(queues
        .into_iter()
        .map(|q| QueueSetup {
            team_shares: shares
                .iter()
                .filter(|s| s.queue_id == q.id)
                .map(|s| (s.team_id, s.share_pct))
                .collect(),
            trained: skills
                .iter()
                .filter(|s| s.queue_id == q.id)
                .map(|s| s.user_id)
                .collect(),
            overflow: tasks
                .iter()
                .filter(|t| t.queue_id == Some(q.id))
                .filter_map(|t| t.overflow_per_hour.map(|n| (t.name.clone(), n)))
                .collect(),
            queue: q,
        })
        .collect())
}

/// The staff expected at work, with their presence on `day`. Ahead of today, a day without a
/// planned absence counts as present (`planned`); today, as unknown until they check in.
pub async fn people(
    db: &impl ConnectionTrait,
    org_id: i32,
    day: NaiveDate,
    planned: bool,
) -> AppResult<(Vec<Person>, usize)> {
    let members = crate::orgs::members::list(db, org_id).await?;
    let checkins: HashMap<i32, String> = crate::checkins::repo::for_day(db, org_id, day)
        .await?
        .into_iter()
        .map(|c| (c.user_id, c.status))
        .collect();
    let mut checked_in = 0;
    let people = members
        .into_iter()
        .filter(|m| {
            m.membership.active && RoleSet::from_stored(&m.membership.roles).has(Role::Staff)
        })
        .map(|m| {
            let presence = match checkins.get(&m.user.id) {
                Some(s) => {
                    checked_in += 1;
                    if is_absent(s) {
                        Presence::Absent
                    } else {
                        Presence::Present
                    }
                }
                None if planned => Presence::Present,
                None => Presence::Unknown,
            };
            Person {
                user_id: m.user.id,
                name: m.user.display_name.clone(),
                team_id: m.membership.team_id,
                presence,
            }
        })
        .collect();
    Ok((people, checked_in))
}

/// The change in contacts per queue kind: the channel's own figure against its normal when
/// both are there, else the day's overall change, else none.
fn change_by_kind(
    v: Option<&daily_volume::Model>,
    s: &checkin_settings::Model,
) -> impl Fn(&str) -> f64 {
    let pct = |today: Option<i32>, normal: Option<i32>| match (today, normal) {
        (Some(t), Some(n)) if n > 0 => Some(100.0 * f64::from(t - n) / f64::from(n)),
        _ => None,
    };
    let overall = v.and_then(|v| crate::checkins::service::workload_of(v, s));
    let voice = v.and_then(|v| pct(v.calls, s.normal_calls)).or(overall);
    let chat = v.and_then(|v| pct(v.chats, s.normal_chats)).or(overall);
    let email = v.and_then(|v| pct(v.mails, s.normal_mails)).or(overall);
    move |kind: &str| {
        match kind {
            "voice" => voice,
            "chat" => chat,
            _ => email,
        }
        .unwrap_or(0.0)
    }
}

pub async fn forecast(
    state: &AppState,
    org: &organisation::Model,
    day: NaiveDate,
    what_if: &WhatIf,
) -> AppResult<CapacityOut> {
    forecast_for(state, org.id, &org.time_zone, day, what_if).await
}

/// Today's worst-interval service level per open queue, in %, for the ladders. Every check-in
/// asks, so the forecast is made only when an open scenario reads it.
pub async fn ladder_values(
    state: &AppState,
    org_id: i32,
    time_zone: &str,
) -> AppResult<Vec<ForecastValue>> {
    use crate::entities::scenario;
    let read = scenario::Entity::find()
        .filter(scenario::Column::OrganisationId.eq(org_id))
        .filter(scenario::Column::Metric.eq("forecast_service_level"))
        .filter(scenario::Column::Status.ne("closed"))
        .one(&state.read)
        .await?
        .is_some();
    if !read {
        return Ok(vec![]);
    }
    let today = crate::checkins::service::today(state, time_zone);
    let out = forecast_for(state, org_id, time_zone, today, &WhatIf::default()).await?;
    Ok(out
        .queues
        .iter()
        .filter_map(|q| {
            q.worst_service_level().map(|(low, high)| ForecastValue {
                queue_id: q.queue_id,
                low: low * 100.0,
                high: high * 100.0,
            })
        })
        .collect())
}

/// Marks each queue's tasks whose least acceptable service level the forecast misses.
async fn below_minimum(
    db: &impl ConnectionTrait,
    org_id: i32,
    queues: &mut [forecast::QueueForecast],
) -> AppResult<()> {
    let tasks = work_task::Entity::find()
        .filter(work_task::Column::OrganisationId.eq(org_id))
        .filter(work_task::Column::MinServiceLevel.is_not_null())
        .all(db)
        .await?;
    for q in queues.iter_mut() {
        let Some(low) = q
            .day_service_level_low
            .or_else(|| q.worst_service_level().map(|s| s.0))
        else {
            continue;
        };
        q.below_minimum = tasks
            .iter()
            .filter(|t| t.queue_id == Some(q.queue_id))
            .filter_map(|t| Some((t, t.min_service_level?)))
            .filter(|(_, min)| low * 100.0 < *min)
            .map(|(t, min)| forecast::BelowMinimum {
                task: t.name.clone(),
                min_service_level: min,
            })
            .collect();
    }
    Ok(())
}

pub async fn forecast_for(
    state: &AppState,
    org_id: i32,
    time_zone: &str,
    day: NaiveDate,
    what_if: &WhatIf,
) -> AppResult<CapacityOut> {
    let began = std::time::Instant::now();
    let org = OrgRef { id: org_id };
    let today = crate::checkins::service::today(state, time_zone);
    let planned = day > today;
    let setups = setups(&state.db, org.id).await?;
    let (people, checked_in) = people(&state.db, org.id, day, planned).await?;
    let settings = crate::checkins::repo::settings(&state.db, org.id).await?;
    let volumes = if day == today {
        crate::checkins::repo::volumes(&state.db, org.id, day).await?
    } else {
        None
    };
    let change = change_by_kind(volumes.as_ref(), &settings);
    let mut queues = forecast::forecast_day(
        &setups,
        &people,
        &Day {
            weekday: day.weekday().num_days_from_monday() as usize,
            volume_change_pct: &change,
            what_if,
        },
    );
    state.metrics.forecast_made(began.elapsed());
    below_minimum(&state.db, org.id, &mut queues).await?;
    Ok(CapacityOut {
        day,
        basis: if planned {
            "planned_absence"
        } else {
            "check_ins"
        }
        .into(),
        headcount: people.len(),
        checked_in,
        what_if: what_if.clone(),
        queues,
    })
}

/// One queue's day in a line: what the dashboard, the daily check-in and the situation report
/// show (the report keeps a copy, so it reads as it was).
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct QueueToday {
    pub queue_id: i32,
    pub name: String,
    pub kind: String,
    /// Start of the worst interval (voice and chat) or of the highest backlog (e-mail).
    pub worst_at: Option<String>,
    /// Service level at the worst interval (e-mail: over the day), not-checked-in counted
    /// absent / present.
    pub service_level_low: Option<f64>,
    pub service_level_high: Option<f64>,
    /// At the worst interval, not-checked-in counted absent (the worst case)…
    pub asa_seconds: Option<f64>,
    pub abandonment: Option<f64>,
    /// …and present (the best case).
    pub best_asa_seconds: Option<f64>,
    pub best_abandonment: Option<f64>,
    pub agents_short: u32,
    pub expected_contacts: f64,
    pub backlog_at_close: Option<f64>,
    pub target_service_level: f64,
}

impl From<&QueueForecast> for QueueToday {
    fn from(q: &QueueForecast) -> Self {
        let worst = q.worst.map(|w| &q.intervals[w]);
        let sl = q.worst_service_level();
        QueueToday {
            queue_id: q.queue_id,
            name: q.name.clone(),
            kind: q.kind.clone(),
            worst_at: worst.map(|i| i.start.clone()),
            service_level_low: sl.map(|s| s.0),
            service_level_high: sl.map(|s| s.1),
            asa_seconds: worst.and_then(|i| i.low.asa_seconds),
            abandonment: worst.and_then(|i| i.low.abandonment),
            best_asa_seconds: worst.and_then(|i| i.high.asa_seconds),
            best_abandonment: worst.and_then(|i| i.high.abandonment),
            agents_short: q.agents_short,
            expected_contacts: q.expected_contacts,
            backlog_at_close: q.backlog_at_close,
            target_service_level: q.target_service_level,
        }
    }
}

/// Today's forecast per open queue, for the dashboard and the daily check-in.
pub async fn today(state: &AppState, org_id: i32, time_zone: &str) -> AppResult<Vec<QueueToday>> {
    if repo::list(&state.db, org_id).await?.is_empty() {
        return Ok(vec![]);
    }
    let day = crate::checkins::service::today(state, time_zone);
    let out = forecast_for(state, org_id, time_zone, day, &WhatIf::default()).await?;
    Ok(out
        .queues
        .iter()
        .filter(|q| q.opening_hours.is_some())
        .map(QueueToday::from)
        .collect())
}
