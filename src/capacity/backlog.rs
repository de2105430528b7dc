//! E-mail and cases: a throughput sum, not a queue of callers. Contacts arrive evenly within
//! each interval and are answered first in, first out at the agents' pace (each agent busy at
//! most the occupancy cap); what is left at closing waits for the next opening.

/// One interval of an e-mail queue: contacts in, and agents on it.
#[derive(Debug, Clone, Copy)]
pub struct Slot {
    pub contacts: f64,
    pub agents: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    /// Share of the day's contacts answered within the target (those left at closing count as
    /// answered in time only if the same pace clears the backlog ahead of them soon enough).
    pub service_level: f64,
    /// Contacts waiting at the end of each interval.
    pub backlog: Vec<f64>,
    pub backlog_at_close: f64,
    pub answered: f64,
}

/// `target_hours` of open time; `minutes` per slot; `aht` seconds per contact.
pub fn simulate(
    slots: &[Slot],
    minutes: f64,
    aht: f64,
    max_occupancy: f64,
    target_hours: f64,
    opening_backlog: f64,
) -> Day {
    let len = minutes / 60.0;
    // Cohorts of contacts: (arrival time in open hours, amount). The opening backlog arrived
    // "at the start", which is optimistic about its age and says so by counting it in full.
    let mut waiting: std::collections::VecDeque<(f64, f64)> = std::collections::VecDeque::new();
    if opening_backlog > 0.0 {
        waiting.push_back((0.0, opening_backlog));
    }
    let (mut within, mut total, mut answered) = (0.0, opening_backlog, 0.0);
    let mut backlog = Vec::with_capacity(slots.len());
    let mut rate_sum = 0.0;
    for (i, s) in slots.iter().enumerate() {
        let start = i as f64 * len;
        if s.contacts > 0.0 {
            waiting.push_back((start + len / 2.0, s.contacts));
            total += s.contacts;
        }
        let per_hour = s.agents.max(0.0) * max_occupancy * 3600.0 / aht.max(1.0);
        rate_sum += per_hour;
        let mut capacity = per_hour * len;
        let mut t = start;
        while capacity > 1e-12 {
            let Some(front) = waiting.front_mut() else {
                break;
            };
            let take = front.1.min(capacity);
            // The chunk is answered on average halfway through the time it takes.
            let done = t.max(front.0) + take / per_hour / 2.0;
            if done - front.0 <= target_hours + 1e-9 {
                within += take;
            }
            answered += take;
            t = t.max(front.0) + take / per_hour;
            capacity -= take;
            front.1 -= take;
            if front.1 <= 1e-12 {
                waiting.pop_front();
            }
        }
        backlog.push(waiting.iter().map(|w| w.1).sum());
    }
    let close = slots.len() as f64 * len;
    let pace = if slots.is_empty() {
        0.0
    } else {
        rate_sum / slots.len() as f64
    };
    let mut ahead = 0.0;
    for (arrived, amount) in &waiting {
        // Answered tomorrow after the backlog ahead of it, at today's average pace.
        if pace > 0.0 {
            let done = (close - arrived) + (ahead + amount / 2.0) / pace;
            if done <= target_hours {
                within += amount;
            }
        }
        ahead += amount;
    }
    Day {
        service_level: if total > 0.0 {
            (within / total).clamp(0.0, 1.0)
        } else {
            1.0
        },
        backlog_at_close: ahead,
        backlog,
        answered,
    }
}

/// The fewest agents, the same through the day, that answer the target share in time.
pub fn agents_required(
    slots: &[Slot],
    minutes: f64,
    aht: f64,
    max_occupancy: f64,
    target_hours: f64,
    target: f64,
) -> u32 {
    let total: f64 = slots.iter().map(|s| s.contacts).sum();
    if total <= 0.0 {
        return 0;
    }
    let meets = |n: u32| {
        let staffed: Vec<Slot> = slots
            .iter()
            .map(|s| Slot {
                agents: f64::from(n),
                ..*s
            })
            .collect();
        simulate(&staffed, minutes, aht, max_occupancy, target_hours, 0.0).service_level
            >= target - 1e-9
    };
    let (mut lo, mut hi) = (0u32, 1u32);
    while !meets(hi) {
        lo = hi;
        hi = hi.saturating_mul(2);
        if hi >= 1 << 20 {
            return hi;
        }
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if meets(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    hi
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(contacts: f64, agents: f64) -> Vec<Slot> {
        (0..16).map(|_| Slot { contacts, agents }).collect()
    }

    #[test]
    fn enough_agents_answer_everything_the_same_day() {
        // 40 mails per half hour at 6 minutes: 8 agent-hours per hour, 9.4 agents at 85 %.
        let d = simulate(&day(40.0, 10.0), 30.0, 360.0, 0.85, 4.0, 0.0);
        assert_eq!(d.service_level, 1.0);
        assert!(d.backlog_at_close < 1e-6);
    }

    #[test]
    fn too_few_agents_leave_a_backlog_that_grows_through_the_day() {
        let d = simulate(&day(40.0, 5.0), 30.0, 360.0, 0.85, 4.0, 0.0);
        assert!(d.backlog.windows(2).all(|w| w[1] >= w[0]));
        // 16 × 40 in, 5 × 0.85 × 10 × 8 h out.
        assert!((d.backlog_at_close - (640.0 - 340.0)).abs() < 1e-6, "{d:?}");
        assert!(d.service_level < 0.8);
    }

    #[test]
    fn the_required_agents_meet_the_target_and_one_fewer_does_not() {
        let slots = day(40.0, 0.0);
        let n = agents_required(&slots, 30.0, 360.0, 0.85, 4.0, 0.9);
        let with = |n: u32| {
            let s: Vec<Slot> = slots
                .iter()
                .map(|s| Slot {
                    agents: f64::from(n),
                    ..*s
                })
                .collect();
            simulate(&s, 30.0, 360.0, 0.85, 4.0, 0.0).service_level
        };
        assert!(with(n) >= 0.9 && with(n - 1) < 0.9, "{n}");
        assert_eq!(
            agents_required(&day(0.0, 0.0), 30.0, 360.0, 0.85, 4.0, 0.9),
            0
        );
    }
}
