//! Who could move onto a short queue: present people trained for it, from a queue with slack
//! at that clock time or from work outside the queues, the worst queue served first and nobody
//! offered twice.
use super::forecast::{
    forecast_queue, model, Day, Move, Person, Presence, QueueForecast, QueueSetup,
};
use std::collections::{HashMap, HashSet};

/// Present people trained for this queue whose own queue has slack at the same clock time.
#[allow(clippy::too_many_arguments)]
fn moves(
    setup: &QueueSetup,
    people: &[Person],
    day: &Day,
    others: &[(QueueSetup, QueueForecast)],
    worst: usize,
    out: &QueueForecast,
    low_n: u32,
    taken: &HashSet<i32>,
) -> Vec<Move> {
    let q = &setup.queue;
    let at = &out.intervals[worst].start;
    let contacts = out.intervals[worst].contacts;
    let per = q.concurrency.max(1) as u32;
    let m = model(q, contacts, day.what_if);
    let mut spare: HashMap<i32, f64> = others
        .iter()
        .map(|(s, f)| {
            let slack = f
                .intervals
                .iter()
                .find(|i| &i.start == at)
                .map(|i| f.agents_available_low - f64::from(i.agents_required))
                // Closed then: everything they give it is spare.
                .unwrap_or(f.agents_available_low);
            (s.queue.id, slack)
        })
        .collect();
    let mut result = vec![];
    let mut added = 0;
    for p in people.iter().filter(|p| {
        p.presence == Presence::Present
            && setup.trained.contains(&p.user_id)
            && !taken.contains(&p.user_id)
    }) {
        if low_n + added >= out.intervals[worst].agents_required {
            break;
        }
        // Where this person's time goes now: the queue with their team's largest share.
        let home = p.team_id.and_then(|t| {
            others
                .iter()
                .filter_map(|(s, _)| s.team_shares.get(&t).map(|share| (s, *share)))
                .filter(|(_, share)| *share > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1))
        });
        if p.team_id
            .is_some_and(|t| setup.team_shares.get(&t).copied().unwrap_or(0.0) >= 100.0)
        {
            continue; // already all on this queue
        }
        // Part of the team's time goes to work outside the queues (case handling, back office):
        // that work can wait, so the person can move without another queue missing them.
        let on_queues: f64 = p.team_id.map_or(0.0, |t| {
            setup.team_shares.get(&t).copied().unwrap_or(0.0)
                + others
                    .iter()
                    .filter_map(|(s, _)| s.team_shares.get(&t))
                    .sum::<f64>()
        });
        let home = if on_queues < 100.0 - 1e-9 { None } else { home };
        let from_queue = match home {
            Some((s, share)) => {
                let give = share / 100.0 * (1.0 - s.queue.shrinkage);
                let slack = spare.get(&s.queue.id).copied().unwrap_or(0.0);
                if slack < give + 1e-9 {
                    continue;
                }
                spare.insert(s.queue.id, slack - give);
                Some(s.queue.name.clone())
            }
            None => None,
        };
        added += 1;
        result.push(Move {
            user_id: p.user_id,
            name: p.name.clone(),
            from_queue,
            service_level_after: m.outcome((low_n + added) * per).service_level,
        });
    }
    result
}

/// Every queue's day: the queues without trained movers first need the others' slack, so all
/// are computed once without moves, then each again with the others in hand.
pub fn forecast_day(setups: &[QueueSetup], people: &[Person], day: &Day) -> Vec<QueueForecast> {
    let first: Vec<(QueueSetup, QueueForecast)> = setups
        .iter()
        .map(|s| (s.clone(), forecast_queue(s, people, day)))
        .collect();
    let mut result: Vec<QueueForecast> = first.iter().map(|(_, f)| f.clone()).collect();
    // The worst queue is offered its movers first; nobody is offered to two queues.
    let mut order: Vec<usize> = (0..first.len()).collect();
    let worst_sl = |i: &usize| first[*i].1.worst_service_level().map_or(1.0, |(l, _)| l);
    order.sort_by(|a, b| worst_sl(a).total_cmp(&worst_sl(b)));
    let mut taken = HashSet::new();
    for i in order {
        let f = &mut result[i];
        let (Some(w), true) = (f.worst, f.agents_short > 0 && f.kind != "email") else {
            continue;
        };
        let s = &setups[i];
        let others: Vec<(QueueSetup, QueueForecast)> = first
            .iter()
            .filter(|(o, _)| o.queue.id != s.queue.id)
            .cloned()
            .collect();
        let low_n = f.intervals[w].low.agents;
        f.moves = moves(s, people, day, &others, w, f, low_n, &taken);
        taken.extend(f.moves.iter().map(|m| m.user_id));
    }
    result
}
