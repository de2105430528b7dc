//! The day's forecast per queue and interval: agents available from the check-ins against the
//! agents required for the expected contacts, and what the difference means for customers.
//! Pure: the caller loads queues, shares, people and their check-ins; nothing here touches I/O.
use super::backlog::{self, Slot};
use super::erlang::{self, Outcome, Queue};
use super::forms::{span_of, OpeningHours, WeekdayVolumes};
use crate::entities::queue;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

pub use super::moves::forecast_day;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Present,
    Absent,
    /// Not checked in yet: counted absent for the low figure, present for the high one.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub user_id: i32,
    pub name: String,
    pub team_id: Option<i32>,
    pub presence: Presence,
}

/// A queue with who staffs it and who could take its work elsewhere.
#[derive(Debug, Clone)]
pub struct QueueSetup {
    pub queue: queue::Model,
    /// Team id → share of the team's present time on this queue, 0–100.
    pub team_shares: HashMap<i32, f64>,
    pub trained: Vec<i32>,
    /// Overflow partners from the task inventory: (task name, contacts per hour).
    pub overflow: Vec<(String, i32)>,
}

/// A change to try: applied on top of the live figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct WhatIf {
    /// Staff absence to assume instead of the check-ins, 0–100 %.
    pub absence_pct: Option<f64>,
    /// Contacts against the expected day, in % (+40 for 40 % more).
    pub volume_change_pct: f64,
    /// Handle time against normal, in %.
    pub aht_change_pct: f64,
    /// Agents added (an overflow partner, temps) to `extra_queue_id`.
    pub extra_agents: u32,
    pub extra_queue_id: Option<i32>,
}

impl WhatIf {
    pub fn is_empty(&self) -> bool {
        *self == WhatIf::default()
    }
}

/// What one figure looks like with a given number of agents.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Figures {
    /// Agents on the queue (whole agents; chat counts agents, not chat slots).
    pub agents: u32,
    /// Share answered within the target, 0–1.
    pub service_level: f64,
    /// Average wait of the answered, in seconds; null when the queue grows without bound.
    pub asa_seconds: Option<f64>,
    /// Share who hang up (queues with a patience).
    pub abandonment: Option<f64>,
    pub occupancy: f64,
    /// More work than the agents can do.
    pub overloaded: bool,
    /// E-mail: contacts waiting at the end of the interval.
    pub backlog: Option<f64>,
}

impl Figures {
    fn from_outcome(agents: u32, o: &Outcome) -> Self {
        Figures {
            agents,
            service_level: o.service_level,
            asa_seconds: o.asa_seconds,
            abandonment: o.abandonment,
            occupancy: o.occupancy,
            overloaded: o.overloaded,
            backlog: None,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IntervalForecast {
    /// Local start, `HH:MM`.
    pub start: String,
    pub contacts: f64,
    pub load_erlangs: f64,
    pub agents_required: u32,
    /// With every person not yet checked in counted absent.
    pub low: Figures,
    /// With every person not yet checked in counted present.
    pub high: Figures,
    /// Agents short with the low figure (negative: to spare).
    pub gap: i64,
}

/// A present person trained for the queue, whose own queue can spare them at the worst interval.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Move {
    pub user_id: i32,
    pub name: String,
    /// The queue they would leave (none: not on a queue now).
    pub from_queue: Option<String>,
    /// The worst interval's service level with this and every move above it.
    pub service_level_after: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Overflow {
    pub task: String,
    pub contacts_per_hour: i32,
}

/// A task of the queue whose least acceptable service level the forecast does not reach.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BelowMinimum {
    pub task: String,
    /// Its least acceptable service level, per cent.
    pub min_service_level: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueForecast {
    pub queue_id: i32,
    pub name: String,
    pub kind: String,
    /// `HH:MM-HH:MM`; null when closed that day.
    pub opening_hours: Option<String>,
    pub target_service_level: f64,
    pub target_seconds: i32,
    pub interval_minutes: i32,
    /// The day's expected contacts, with today's workload change and the what-if applied.
    pub expected_contacts: f64,
    /// The change applied to a normal day's contacts, in %.
    pub volume_change_pct: f64,
    /// Agents on the queue after shrinkage, counting the not-yet-checked-in as absent / present.
    pub agents_available_low: f64,
    pub agents_available_high: f64,
    pub intervals: Vec<IntervalForecast>,
    /// Index of the interval with the lowest service level (low figure).
    pub worst: Option<usize>,
    /// Index of the busiest interval.
    pub peak: Option<usize>,
    /// The day's service level, contact-weighted (low / high).
    pub day_service_level_low: Option<f64>,
    pub day_service_level_high: Option<f64>,
    /// The day's share of callers who hang up (low figure), for queues with a patience.
    pub day_abandonment: Option<f64>,
    /// E-mail: waiting at closing with the low figure.
    pub backlog_at_close: Option<f64>,
    /// The day's largest shortfall in agents (low figure); 0 when none.
    pub agents_short: u32,
    pub moves: Vec<Move>,
    pub overflow: Vec<Overflow>,
    /// Tasks of the queue whose least acceptable service level the day's forecast (not
    /// checked-in counted absent) does not reach.
    pub below_minimum: Vec<BelowMinimum>,
    /// Contacts per hour to deflect (for example by the FAQ) at the worst interval for the
    /// agents there to meet the target.
    pub deflect_per_hour: Option<f64>,
}

impl QueueForecast {
    /// The worst interval's service level (low, high): what the ladder reads.
    pub fn worst_service_level(&self) -> Option<(f64, f64)> {
        if self.kind == "email" {
            return self.day_service_level_low.zip(self.day_service_level_high);
        }
        self.worst.map(|i| {
            (
                self.intervals[i].low.service_level,
                self.intervals[i].high.service_level,
            )
        })
    }
}

/// The context of the day: which weekday, and the change in contacts per queue kind.
pub struct Day<'a> {
    /// 0 = Monday.
    pub weekday: usize,
    pub volume_change_pct: &'a dyn Fn(&str) -> f64,
    pub what_if: &'a WhatIf,
}

struct Staffed {
    low: f64,
    high: f64,
}

fn staffed(setup: &QueueSetup, people: &[Person], what_if: &WhatIf) -> Staffed {
    let keep = 1.0 - setup.queue.shrinkage;
    let (mut low, mut high) = (0.0, 0.0);
    for p in people {
        let Some(share) = p.team_id.and_then(|t| setup.team_shares.get(&t)) else {
            continue;
        };
        let part = share / 100.0 * keep;
        match (what_if.absence_pct, p.presence) {
            (Some(abs), _) => {
                low += part * (1.0 - abs / 100.0);
                high += part * (1.0 - abs / 100.0);
            }
            (None, Presence::Present) => {
                low += part;
                high += part;
            }
            (None, Presence::Unknown) => high += part,
            (None, Presence::Absent) => {}
        }
    }
    Staffed { low, high }
}

fn whole_agents(x: f64) -> u32 {
    (x + 1e-9).floor().max(0.0) as u32
}

/// The contacts per interval of the day, over the open intervals only.
fn contacts_per_interval(
    q: &queue::Model,
    weekday: usize,
    change_pct: f64,
) -> Option<(u32, u32, Vec<f64>)> {
    let hours = OpeningHours::from_stored(&q.opening_hours);
    let (open, close) = span_of(hours.days()[weekday])?;
    let step = q.interval_minutes.max(1) as u32;
    let day_volume = f64::from(WeekdayVolumes::from_stored(&q.weekday_volumes).days()[weekday])
        * (1.0 + change_pct / 100.0).max(0.0);
    let weights: Vec<f64> = q
        .profile
        .split(',')
        .filter_map(|w| w.trim().parse().ok())
        .collect();
    let slots: Vec<u32> = (open / step..close / step).collect();
    let w: Vec<f64> = slots
        .iter()
        .map(|i| weights.get(*i as usize).copied().unwrap_or(0.0).max(0.0))
        .collect();
    let sum: f64 = w.iter().sum();
    let contacts = if sum > 0.0 {
        w.iter().map(|x| day_volume * x / sum).collect()
    } else {
        vec![day_volume / slots.len().max(1) as f64; slots.len()]
    };
    Some((open, close, contacts))
}

fn hhmm(minutes: u32) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub(super) fn model(q: &queue::Model, contacts: f64, what_if: &WhatIf) -> Queue {
    let aht = f64::from(q.aht_seconds) * (1.0 + what_if.aht_change_pct / 100.0).max(0.01);
    Queue {
        load: erlang::offered_load(contacts, f64::from(q.interval_minutes) * 60.0, aht),
        aht_seconds: aht,
        target_seconds: f64::from(q.target_seconds),
        target_service_level: q.target_service_level,
        max_occupancy: q.max_occupancy,
        patience_seconds: q.patience_seconds.map(f64::from),
    }
}

/// The largest number of contacts in the interval that `agents` can take and meet the target.
fn contacts_within_target(q: &queue::Model, agents: u32, what_if: &WhatIf, upper: f64) -> f64 {
    let per = q.concurrency.max(1) as u32;
    let meets = |c: f64| {
        let m = Queue {
            patience_seconds: None,
            ..model(q, c, what_if)
        };
        m.agents_required().div_ceil(per) <= agents
    };
    if agents == 0 {
        return 0.0;
    }
    let (mut lo, mut hi) = (0.0, upper);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if meets(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo
}

/// One queue's day, without the moves (`forecast_day` adds those, knowing every queue).
/// `people` is everyone expected at work with the day's presence.
pub fn forecast_queue(setup: &QueueSetup, people: &[Person], day: &Day) -> QueueForecast {
    let q = &setup.queue;
    let change = (day.volume_change_pct)(&q.kind) + day.what_if.volume_change_pct;
    let s = staffed(setup, people, day.what_if);
    let extra = if day.what_if.extra_queue_id == Some(q.id) {
        day.what_if.extra_agents
    } else {
        0
    };
    let (low_n, high_n) = (whole_agents(s.low) + extra, whole_agents(s.high) + extra);
    let per = q.concurrency.max(1) as u32;
    let mut out = QueueForecast {
        queue_id: q.id,
        name: q.name.clone(),
        kind: q.kind.clone(),
        opening_hours: None,
        target_service_level: q.target_service_level,
        target_seconds: q.target_seconds,
        interval_minutes: q.interval_minutes,
        expected_contacts: 0.0,
        volume_change_pct: change,
        agents_available_low: s.low + f64::from(extra),
        agents_available_high: s.high + f64::from(extra),
        intervals: vec![],
        worst: None,
        peak: None,
        day_service_level_low: None,
        day_service_level_high: None,
        day_abandonment: None,
        backlog_at_close: None,
        agents_short: 0,
        moves: vec![],
        below_minimum: vec![],
        overflow: setup
            .overflow
            .iter()
            .map(|(task, n)| Overflow {
                task: task.clone(),
                contacts_per_hour: *n,
            })
            .collect(),
        deflect_per_hour: None,
    };
    let Some((open, close, contacts)) = contacts_per_interval(q, day.weekday, change) else {
        return out;
    };
    out.opening_hours = Some(format!("{}-{}", hhmm(open), hhmm(close)));
    out.expected_contacts = contacts.iter().sum();
    let step = q.interval_minutes as u32;
    if q.kind == "email" {
        email_day(
            &mut out,
            q,
            &contacts,
            low_n,
            high_n,
            open,
            step,
            day.what_if,
        );
    } else {
        for (i, c) in contacts.iter().enumerate() {
            let m = model(q, *c, day.what_if);
            let required = m.agents_required().div_ceil(per);
            let (lo, hi) = (m.outcome(low_n * per), m.outcome(high_n * per));
            out.intervals.push(IntervalForecast {
                start: hhmm(open + i as u32 * step),
                contacts: *c,
                load_erlangs: m.load,
                agents_required: required,
                low: Figures::from_outcome(low_n, &lo),
                high: Figures::from_outcome(high_n, &hi),
                gap: i64::from(required) - i64::from(low_n),
            });
        }
        let total: f64 = out.expected_contacts;
        if total > 0.0 {
            let weighted = |f: &dyn Fn(&IntervalForecast) -> f64| {
                out.intervals.iter().map(|i| i.contacts * f(i)).sum::<f64>() / total
            };
            out.day_service_level_low = Some(weighted(&|i| i.low.service_level));
            out.day_service_level_high = Some(weighted(&|i| i.high.service_level));
            if q.patience_seconds.is_some() {
                out.day_abandonment = Some(weighted(&|i| i.low.abandonment.unwrap_or(0.0)));
            }
        }
        out.worst = out
            .intervals
            .iter()
            .enumerate()
            .filter(|(_, i)| i.contacts > 0.0)
            .min_by(|a, b| {
                a.1.low
                    .service_level
                    .total_cmp(&b.1.low.service_level)
                    .then(b.1.contacts.total_cmp(&a.1.contacts))
            })
            .map(|(i, _)| i);
    }
    out.peak = out
        .intervals
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.contacts.total_cmp(&b.1.contacts))
        .map(|(i, _)| i);
    let short_at = out.worst.or(out.peak);
    if let Some(w) = short_at {
        let iv = &out.intervals[w];
        // The day's largest shortfall: at the worst interval, or where the gap is widest.
        out.agents_short = out
            .intervals
            .iter()
            .map(|i| i.gap)
            .chain([iv.gap])
            .max()
            .unwrap_or(0)
            .max(0) as u32;
        if iv.gap > 0 && q.kind != "email" {
            let fit = contacts_within_target(q, low_n, day.what_if, iv.contacts);
            out.deflect_per_hour = Some((iv.contacts - fit).max(0.0) * 60.0 / f64::from(step));
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn email_day(
    out: &mut QueueForecast,
    q: &queue::Model,
    contacts: &[f64],
    low_n: u32,
    high_n: u32,
    open: u32,
    step: u32,
    what_if: &WhatIf,
) {
    let aht = f64::from(q.aht_seconds) * (1.0 + what_if.aht_change_pct / 100.0).max(0.01);
    let minutes = f64::from(step);
    let hours = f64::from(q.target_seconds) / 3600.0;
    let slots = |n: u32| -> Vec<Slot> {
        contacts
            .iter()
            .map(|c| Slot {
                contacts: *c,
                agents: f64::from(n),
            })
            .collect()
    };
    let required = backlog::agents_required(
        &slots(0),
        minutes,
        aht,
        q.max_occupancy,
        hours,
        q.target_service_level,
    );
    let low = backlog::simulate(&slots(low_n), minutes, aht, q.max_occupancy, hours, 0.0);
    let high = backlog::simulate(&slots(high_n), minutes, aht, q.max_occupancy, hours, 0.0);
    let figures = |n: u32, c: f64, backlog: f64| Figures {
        agents: n,
        service_level: f64::NAN,
        asa_seconds: None,
        abandonment: None,
        occupancy: if n == 0 {
            1.0
        } else {
            (c * aht / (minutes * 60.0) / f64::from(n)).min(1.0)
        },
        overloaded: f64::from(n) * q.max_occupancy * minutes * 60.0 / aht < c,
        backlog: Some(backlog),
    };
    for (i, c) in contacts.iter().enumerate() {
        let mut lo = figures(low_n, *c, low.backlog[i]);
        let mut hi = figures(high_n, *c, high.backlog[i]);
        lo.service_level = low.service_level;
        hi.service_level = high.service_level;
        out.intervals.push(IntervalForecast {
            start: hhmm(open + i as u32 * step),
            contacts: *c,
            load_erlangs: erlang::offered_load(*c, minutes * 60.0, aht),
            agents_required: required,
            low: lo,
            high: hi,
            gap: i64::from(required) - i64::from(low_n),
        });
    }
    out.day_service_level_low = Some(low.service_level);
    out.day_service_level_high = Some(high.service_level);
    out.backlog_at_close = Some(low.backlog_at_close);
    // The interval where the backlog stands highest is where the day hurts most.
    out.worst = low
        .backlog
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .filter(|(_, b)| **b > 0.5)
        .map(|(i, _)| i);
}

#[cfg(test)]
mod tests;
