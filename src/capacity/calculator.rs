//! `POST /api/v1/forecast/erlang`: the Erlang calculator for one interval of one queue.
use super::erlang::{self, Queue};
use super::numbers::{optional, required};
use crate::error::{AppResult, FieldErrors};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The load the calculator refuses beyond: the sums stay linear in the answer, and no contact
/// centre staffs 50,000 agents on one queue.
pub const MAX_LOAD_ERLANGS: f64 = 50_000.0;

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ErlangInput {
    /// Contacts offered in the interval.
    #[schema(required = true, minimum = 0)]
    pub volume: Option<f64>,
    /// The interval's length in minutes (15, 30 and 60 are usual).
    #[schema(required = true, minimum = 1, maximum = 1440)]
    pub interval_minutes: Option<f64>,
    /// Average handle time per contact, in seconds (talk, hold and wrap-up).
    #[schema(required = true, minimum = 1, maximum = 86400)]
    pub aht_seconds: Option<f64>,
    /// The service target's time: answered within this many seconds.
    #[schema(required = true, minimum = 0, maximum = 86400)]
    pub target_seconds: Option<f64>,
    /// The service target's share, 0–1 (0.8 for 80/20); below 1, which no queue reaches.
    #[schema(required = true, minimum = 0, maximum = 0.999)]
    pub target_service_level: Option<f64>,
    /// The most agents may be busy, 0–1; 0.85 when left out.
    #[schema(minimum = 0.01, maximum = 1)]
    pub max_occupancy: Option<f64>,
    /// Breaks, meetings and training, 0–1; 0.3 when left out.
    #[schema(minimum = 0, maximum = 0.95)]
    pub shrinkage: Option<f64>,
    /// Agents on the queue now: the figures are for them. Left out, for the agents required.
    #[schema(minimum = 0, maximum = 100000)]
    pub agents: Option<u32>,
    /// Callers' average patience in seconds: with it, Erlang A gives the share who hang up.
    #[schema(minimum = 1, maximum = 7200)]
    pub patience_seconds: Option<f64>,
    /// Chats an agent handles at once (chat queues); 1 when left out.
    #[schema(minimum = 1, maximum = 10)]
    pub concurrency: Option<u32>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErlangOutput {
    /// The fewest agents that meet the target without passing the occupancy cap.
    pub agents_required: u32,
    /// `⌈agents_required ÷ (1 − shrinkage)⌉`.
    pub agents_to_schedule: u32,
    /// Offered load in Erlangs: volume ÷ interval × handle time.
    pub load_erlangs: f64,
    /// The agents the figures below are for: `agents` when given, else `agents_required`.
    pub agents: u32,
    /// Share answered within `target_seconds`, 0–1.
    pub service_level: f64,
    /// Share of contacts that wait at all, 0–1.
    pub waiting_probability: f64,
    /// Average speed of answer in seconds; null when the queue grows without bound.
    pub asa_seconds: Option<f64>,
    /// Share of the agents' time on contacts, 0–1 (1 when overloaded).
    pub occupancy: f64,
    /// Share of callers who hang up (only with `patience_seconds`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub abandonment: Option<f64>,
    /// More work arrives than the agents can do: without a patience the queue grows without bound.
    pub overloaded: bool,
}

/// The checked input as the model takes it.
pub struct Checked {
    pub queue: Queue,
    pub shrinkage: f64,
    pub concurrency: u32,
    pub agents: Option<u32>,
}

impl ErlangInput {
    pub fn check(&self) -> Result<Checked, FieldErrors> {
        let mut e = FieldErrors::default();
        let volume = required(&mut e, "volume", self.volume, 0.0, 10_000_000.0);
        let minutes = required(
            &mut e,
            "interval_minutes",
            self.interval_minutes,
            1.0,
            1440.0,
        );
        let aht = required(&mut e, "aht_seconds", self.aht_seconds, 1.0, 86_400.0);
        let target = required(&mut e, "target_seconds", self.target_seconds, 0.0, 86_400.0);
        let sl = required(
            &mut e,
            "target_service_level",
            self.target_service_level,
            0.0,
            0.999,
        );
        let occ = optional(&mut e, "max_occupancy", self.max_occupancy, 0.01, 1.0).unwrap_or(0.85);
        let shrinkage = optional(&mut e, "shrinkage", self.shrinkage, 0.0, 0.95).unwrap_or(0.3);
        let patience = optional(
            &mut e,
            "patience_seconds",
            self.patience_seconds,
            1.0,
            7200.0,
        );
        if let Some(a) = self.agents.filter(|a| *a > 100_000) {
            super::numbers::within(&mut e, "agents", f64::from(a), 0.0, 100_000.0);
        }
        let concurrency = match self.concurrency {
            Some(c) if !(1..=10).contains(&c) => {
                super::numbers::within(&mut e, "concurrency", f64::from(c), 1.0, 10.0);
                1
            }
            c => c.unwrap_or(1),
        };
        let (Some(volume), Some(minutes), Some(aht), Some(target), Some(sl)) =
            (volume, minutes, aht, target, sl)
        else {
            return Err(e);
        };
        let load = erlang::offered_load(volume, minutes * 60.0, aht);
        if load > MAX_LOAD_ERLANGS {
            e.add_with(
                "volume",
                "load",
                format!(
                    "This volume and handle time make a load above {MAX_LOAD_ERLANGS} Erlangs; split the queue."
                ),
                &[("max", "50000")],
            );
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(Checked {
            queue: Queue {
                load,
                aht_seconds: aht,
                target_seconds: target,
                target_service_level: sl,
                max_occupancy: occ,
                patience_seconds: patience,
            },
            shrinkage,
            concurrency,
            agents: self.agents,
        })
    }
}

/// Chat: an agent holds `concurrency` chats at once, so the queue has that many "servers" per
/// agent, each busy for the handle time of one chat.
pub fn calculate(c: &Checked) -> ErlangOutput {
    let per = c.concurrency.max(1);
    let slots_required = c.queue.agents_required();
    let agents_required = slots_required.div_ceil(per);
    let agents = c.agents.unwrap_or(agents_required);
    let o = c.queue.outcome(agents.saturating_mul(per));
    ErlangOutput {
        agents_required,
        agents_to_schedule: erlang::to_schedule(f64::from(agents_required), c.shrinkage),
        load_erlangs: c.queue.load,
        agents,
        service_level: o.service_level,
        waiting_probability: o.waiting_probability,
        asa_seconds: o.asa_seconds,
        occupancy: o.occupancy,
        abandonment: o.abandonment,
        overloaded: o.overloaded,
    }
}

pub fn answer(input: &ErlangInput) -> AppResult<ErlangOutput> {
    let checked = input.check().map_err(crate::error::AppError::Validation)?;
    Ok(calculate(&checked))
}
