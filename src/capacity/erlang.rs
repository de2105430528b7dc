//! Erlang C and Erlang A: how many agents a queue needs for its target, and what callers feel
//! with the agents it has. Pure functions, no I/O, tested against published reference figures.
//!
//! Everything is computed in units of the average handle time (AHT): the offered load `a` is in
//! Erlangs (arrivals per second × AHT), a target of `T` seconds is `T / AHT`, and the abandonment
//! rate of callers whose average patience is `P` seconds is `AHT / P`.
//!
//! *Erlang C* (callers wait as long as it takes) goes through the Erlang B recursion
//! `B(k) = a·B(k−1) / (k + a·B(k−1))`, which stays in [0, 1] for any number of agents and load:
//! no factorials, no powers, no overflow. With `n ≤ a` the queue grows without bound, and the
//! functions say so instead of returning a negative or infinite number.
//!
//! *Erlang A* (the M/M/n+M queue: callers hang up after an exponential patience) is the
//! birth–death chain solved in log space. A caller who arrives with `k` callers ahead is answered
//! with probability `n / (n + (k+1)θ)`; the time until that happens is a sum of exponential phases
//! with rates `n + θ, …, n + (k+1)θ`, whose tail is the negative-binomial distribution function
//! `P(V > T) = P(J ≤ k)`, `J ~ NegBin(n/θ + 1, e^(−θT))` — summed term by term, all positive.

/// Numbers that come out of floating-point sums a hair above an integer (14 / 0.7 =
/// 20.000000000000004) must not round up to the next agent.
const ROUND_SLACK: f64 = 1e-9;

/// `⌈x⌉`, forgiving the last bits of a floating-point sum.
pub fn ceil_count(x: f64) -> u32 {
    if !x.is_finite() || x <= 0.0 {
        return 0;
    }
    (x - ROUND_SLACK).ceil().max(0.0) as u32
}

/// Offered load in Erlangs: contacts per interval ÷ interval length × handle time.
pub fn offered_load(contacts: f64, interval_seconds: f64, aht_seconds: f64) -> f64 {
    if interval_seconds <= 0.0 {
        return 0.0;
    }
    contacts / interval_seconds * aht_seconds
}

/// Erlang B: the share of arrivals that find every one of `n` agents busy with no queue.
pub fn erlang_b(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// Erlang C from Erlang B: `C = n·B / (n − a(1 − B))`; `None` when `n ≤ a`.
fn erlang_c_from_b(n: u32, a: f64, b: f64) -> Option<f64> {
    let n = f64::from(n);
    if n <= a {
        return None;
    }
    Some((n * b / (n - a * (1.0 - b))).clamp(0.0, 1.0))
}

/// Erlang C: the probability that a caller has to wait; `None` when the queue grows without bound.
pub fn erlang_c(n: u32, a: f64) -> Option<f64> {
    if a <= 0.0 {
        return Some(0.0);
    }
    erlang_c_from_b(n, a, erlang_b(n, a))
}

/// Service level under Erlang C: `1 − C·e^(−(n−a)·T)`, with `T` in handle times.
fn service_level_c(n: u32, a: f64, c: f64, target: f64) -> f64 {
    (1.0 - c * (-(f64::from(n) - a) * target).exp()).clamp(0.0, 1.0)
}

/// A queue's load and what it aims for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Queue {
    /// Offered load in Erlangs.
    pub load: f64,
    pub aht_seconds: f64,
    /// Answered within this many seconds…
    pub target_seconds: f64,
    /// …for this share of callers (0–1).
    pub target_service_level: f64,
    /// Agents may be busy at most this share of their time (0–1].
    pub max_occupancy: f64,
    /// Average patience before a waiting caller hangs up; `None` reads as "callers never hang up".
    pub patience_seconds: Option<f64>,
}

/// What callers feel with a given number of agents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Outcome {
    pub agents: u32,
    /// Share of callers answered within the target time (0–1).
    pub service_level: f64,
    /// Share of callers who have to wait at all.
    pub waiting_probability: f64,
    /// Average wait of the callers who are answered, in seconds; `None` when nobody is.
    pub asa_seconds: Option<f64>,
    /// Share of the agents' time spent on contacts; 1 when there are more contacts than agents.
    pub occupancy: f64,
    /// Share of callers who hang up before an answer (Erlang A; `None` without a patience).
    pub abandonment: Option<f64>,
    /// `n ≤ load`: more work arrives than the agents can do. Without a patience the queue then
    /// grows without bound for as long as it lasts.
    pub overloaded: bool,
}

/// The agents a queue needs and the agents to schedule for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Staffing {
    /// The fewest agents on the phones that meet the target and the occupancy cap.
    pub agents_required: u32,
    /// `⌈required ÷ (1 − shrinkage)⌉`: with breaks, meetings and training accounted for.
    pub agents_to_schedule: u32,
}

impl Queue {
    fn target(&self) -> f64 {
        if self.aht_seconds > 0.0 {
            self.target_seconds / self.aht_seconds
        } else {
            0.0
        }
    }

    /// The outcome with `n` agents (Erlang A when a patience is known, Erlang C otherwise).
    pub fn outcome(&self, n: u32) -> Outcome {
        let a = self.load.max(0.0);
        let occupancy = if n == 0 {
            if a > 0.0 {
                1.0
            } else {
                0.0
            }
        } else {
            (a / f64::from(n)).min(1.0)
        };
        let overloaded = a > 0.0 && f64::from(n) <= a;
        if a <= 0.0 {
            return Outcome {
                agents: n,
                service_level: 1.0,
                waiting_probability: 0.0,
                asa_seconds: Some(0.0),
                occupancy,
                abandonment: self.patience_seconds.map(|_| 0.0),
                overloaded: false,
            };
        }
        if let Some(patience) = self.patience_seconds.filter(|p| *p > 0.0 && p.is_finite()) {
            let theta = self.aht_seconds / patience;
            let r = erlang_a(n, a, theta, self.target());
            return Outcome {
                agents: n,
                service_level: r.service_level,
                waiting_probability: r.waiting_probability,
                asa_seconds: r.mean_wait_answered.map(|w| w * self.aht_seconds),
                occupancy: (r.answered * a / f64::from(n.max(1))).min(1.0),
                abandonment: Some(r.abandonment),
                overloaded,
            };
        }
        match erlang_c(n, a) {
            Some(c) => Outcome {
                agents: n,
                service_level: service_level_c(n, a, c, self.target()),
                waiting_probability: c,
                asa_seconds: Some(c * self.aht_seconds / (f64::from(n) - a)),
                occupancy,
                abandonment: None,
                overloaded: false,
            },
            None => Outcome {
                agents: n,
                service_level: 0.0,
                waiting_probability: 1.0,
                asa_seconds: None,
                occupancy,
                abandonment: None,
                overloaded: true,
            },
        }
    }

    /// The smallest `n` meeting the service target under Erlang C (callers who hang up are
    /// not counted as relief), raised to `⌈load ÷ max occupancy⌉` when occupancy would exceed the
    /// cap. Walks the Erlang B recursion once, so its cost is linear in the answer.
    pub fn agents_required(&self) -> u32 {
        let a = self.load.max(0.0);
        if a <= 0.0 || !a.is_finite() {
            return 0;
        }
        let target = self.target();
        let goal = self.target_service_level.clamp(0.0, 1.0) - ROUND_SLACK;
        let mut b = 1.0;
        let mut n: u32 = 0;
        let by_service = loop {
            n += 1;
            b = a * b / (f64::from(n) + a * b);
            if let Some(c) = erlang_c_from_b(n, a, b) {
                if service_level_c(n, a, c, target) >= goal {
                    break n;
                }
            }
            if n == u32::MAX {
                break n;
            }
        };
        let cap = self.max_occupancy.clamp(f64::MIN_POSITIVE, 1.0);
        by_service.max(ceil_count(a / cap))
    }

    pub fn staffing(&self, shrinkage: f64) -> Staffing {
        let required = self.agents_required();
        Staffing {
            agents_required: required,
            agents_to_schedule: to_schedule(f64::from(required), shrinkage),
        }
    }
}

/// `⌈agents ÷ (1 − shrinkage)⌉`.
pub fn to_schedule(agents: f64, shrinkage: f64) -> u32 {
    let keep = (1.0 - shrinkage).clamp(f64::MIN_POSITIVE, 1.0);
    ceil_count(agents / keep)
}

/// Erlang A in handle-time units: `n` agents, load `a`, abandonment rate `theta` per handle time,
/// target `target` handle times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    pub waiting_probability: f64,
    pub service_level: f64,
    pub abandonment: f64,
    /// Share of callers answered (1 − abandonment).
    pub answered: f64,
    /// Mean wait of the answered callers, in handle times.
    pub mean_wait_answered: Option<f64>,
    /// Mean number of callers waiting.
    pub mean_queue: f64,
}

/// More tail terms than this and the chain is read in its fluid limit (every caller waits, the
/// excess hangs up): only a patience of hours against a handle time of seconds gets here.
const MAX_TAIL_TERMS: usize = 4_000_000;

/// `ln(eˣ + eʸ)` without overflow.
fn log_add(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY {
        return y;
    }
    if y == f64::NEG_INFINITY {
        return x;
    }
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

pub fn erlang_a(n: u32, a: f64, theta: f64, target: f64) -> ErlangA {
    let nf = f64::from(n);
    // ln Σ_{j<n} π_j/π_n: the states where an arriving caller is answered at once. Built from
    // 1/B(k) = 1 + (k/a)·1/B(k−1); the states below n are 1/B(n) − 1 = (n/a)·1/B(n−1).
    let mut log_inv_b = 0.0; // ln 1/B(0)
    for k in 1..n {
        log_inv_b = log_add(0.0, (f64::from(k) / a).ln() + log_inv_b);
    }
    let log_below = if n == 0 {
        f64::NEG_INFINITY
    } else {
        (nf / a).ln() + log_inv_b
    };
    // ln π_{n+k}/π_n for k = 0, 1, …: the tail rises while a > n + kθ, then falls for good.
    let peak = if a > nf {
        ((a - nf) / theta).floor()
    } else {
        0.0
    };
    let mut tail = Vec::with_capacity(64);
    let mut log_term = 0.0;
    let mut top = log_below.max(0.0);
    let mut k = 0usize;
    loop {
        tail.push(log_term);
        top = top.max(log_term);
        k += 1;
        if (k as f64) > peak && log_term < top - 46.0 {
            break;
        }
        if k >= MAX_TAIL_TERMS {
            let abandonment = (1.0 - nf / a).clamp(0.0, 1.0);
            return ErlangA {
                waiting_probability: 1.0,
                service_level: 0.0,
                abandonment,
                answered: 1.0 - abandonment,
                mean_wait_answered: None,
                mean_queue: abandonment * a / theta,
            };
        }
        log_term += (a / (nf + k as f64 * theta)).ln();
    }
    // The caller's own race: answered within the target when J ≤ k fails, J negative-binomial.
    let s = (-theta * target).exp();
    let r = nf / theta + 1.0;
    let log_fail = (-(-theta * target).exp_m1()).ln(); // ln(1 − s), −∞ when the target is 0
    let mut log_pmf = r * s.ln(); // ln P(J = 0)
    let mut cdf = 0.0;
    let mut z = (log_below - top).exp();
    let (mut waiting, mut within, mut abandoned, mut waited, mut queue) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut phases = 0.0; // Σ_{i=1}^{k+1} 1/(n + iθ)
    for (k, lt) in tail.iter().enumerate() {
        let w = (lt - top).exp();
        let kf = k as f64;
        z += w;
        waiting += w;
        queue += w * kf;
        let answered = if n == 0 {
            0.0
        } else {
            nf / (nf + (kf + 1.0) * theta)
        };
        cdf = (cdf + log_pmf.exp()).min(1.0);
        phases += 1.0 / (nf + (kf + 1.0) * theta);
        within += w * answered * (1.0 - cdf);
        abandoned += w * (1.0 - answered);
        waited += w * answered * phases;
        log_pmf += log_fail + ((r + kf) / (kf + 1.0)).ln();
    }
    let below = (log_below - top).exp();
    let abandonment = (abandoned / z).clamp(0.0, 1.0);
    let answered = 1.0 - abandonment;
    ErlangA {
        waiting_probability: (waiting / z).clamp(0.0, 1.0),
        service_level: ((below + within) / z).clamp(0.0, 1.0),
        abandonment,
        answered,
        mean_wait_answered: (answered > 0.0).then(|| (waited / z) / answered),
        mean_queue: queue / z,
    }
}

#[cfg(test)]
mod tests;
