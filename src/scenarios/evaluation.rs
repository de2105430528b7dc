//! Ladders re-evaluated once per short tick per organisation, however many check-ins arrive.
//!
//! Working out today's figures reads every check-in of the day (about 10 ms at 10,000 staff on
//! SQLite). At thousands of check-ins a second that is done once per round, not per check-in:
//! a change asks for a round; when the organisation is idle the round starts at once (a lone
//! check-in is evaluated within milliseconds), otherwise the next round starts [`TICK`] after
//! the last one began and covers every change asked for until then. A level therefore changes
//! within a tick and a round of the check-in that crossed its threshold. Check-ins do not wait
//! for their round; [`settled`] waits for it where that matters (tests, scripted steps).
use crate::audit::Actor;
use crate::state::AppState;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::watch;
use tokio::time::Instant;

/// The shortest time between the starts of two rounds of one organisation.
pub const TICK: Duration = Duration::from_millis(250);
/// [`settled`] gives up waiting after this long.
const WAIT_AT_MOST: Duration = Duration::from_secs(30);

#[derive(Default)]
pub struct Evaluations {
    orgs: Mutex<HashMap<i32, Rounds>>,
}

struct Rounds {
    /// Changes asked for so far; a round covers every one asked before it started.
    asked: u64,
    /// The highest change whose round has finished.
    done: watch::Sender<u64>,
}

impl Evaluations {
    /// Asks for a round covering a change just committed; the number to wait for and where
    /// to wait. Starts the rounds when none is running.
    fn ask(&self, state: &AppState, org_id: i32) -> (u64, watch::Receiver<u64>) {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let idle = !orgs.contains_key(&org_id);
        let r = orgs.entry(org_id).or_insert_with(|| Rounds {
            asked: 0,
            done: watch::channel(0).0,
        });
        r.asked += 1;
        let asked = (r.asked, r.done.subscribe());
        if idle {
            tokio::spawn(rounds(state.clone(), org_id));
        }
        asked
    }

    /// Records that the round covering `finished` is over; which change the next round
    /// covers, or `None` when every change has had its round (the organisation is then idle
    /// and forgotten).
    fn finish(&self, org_id: i32, finished: Option<u64>) -> Option<u64> {
        let mut orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        let r = orgs.get_mut(&org_id)?;
        if let Some(f) = finished {
            r.done.send_replace(f);
            if r.asked == f {
                orgs.remove(&org_id);
                return None;
            }
        }
        Some(r.asked)
    }

    fn asked(&self, org_id: i32) -> u64 {
        let orgs = self.orgs.lock().unwrap_or_else(|e| e.into_inner());
        orgs.get(&org_id).map_or(0, |r| r.asked)
    }
}

/// Asks for `org_id`'s ladders to be re-evaluated from figures that include everything
/// committed before this call (within a tick).
pub fn soon(state: &AppState, org_id: i32) {
    state.evaluations.ask(state, org_id);
}

/// Asks for a round as [`soon`] does and waits until it has finished: every level the changes
/// committed so far set off has then been set. False if that took longer than 30 s.
pub async fn settled(state: &AppState, org_id: i32) -> bool {
    let (mine, mut done) = state.evaluations.ask(state, org_id);
    let waited = tokio::time::timeout(WAIT_AT_MOST, done.wait_for(|d| *d >= mine)).await;
    waited.is_ok_and(|r| r.is_ok())
}

async fn rounds(state: AppState, org_id: i32) {
    let mut covers = state.evaluations.asked(org_id);
    loop {
        let started = Instant::now();
        // In a task of its own, so a panic ends the round, not the rounds (those waiting in
        // `settled` would otherwise wait for ever).
        let s = state.clone();
        let round = tokio::spawn(async move {
            use sea_orm::EntityTrait;
            let org = crate::entities::organisation::Entity::find_by_id(org_id)
                .one(&s.read)
                .await?
                .ok_or(crate::error::AppError::NotFound)?;
            let actor = Actor::system("live figures");
            crate::checkins::service::reevaluate(&s, org_id, &org.time_zone, &actor).await
        });
        match round.await {
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(error = ?e, org_id, "re-evaluating the ladders failed"),
            Err(e) => tracing::error!(error = %e, org_id, "re-evaluating the ladders panicked"),
        }
        if state.evaluations.finish(org_id, Some(covers)).is_none() {
            return;
        }
        // More changes came in: gather them until a tick after this round began.
        tokio::time::sleep_until(started + TICK).await;
        covers = match state.evaluations.finish(org_id, None) {
            Some(c) => c,
            None => return,
        };
    }
}

/// Waits until every round asked for so far, in every organisation, has finished. False if
/// that took longer than 30 s.
pub async fn all_settled(state: &AppState) -> bool {
    let pending: Vec<(u64, watch::Receiver<u64>)> = {
        let orgs = state
            .evaluations
            .orgs
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        orgs.values()
            .map(|r| (r.asked, r.done.subscribe()))
            .collect()
    };
    for (asked, mut done) in pending {
        let waited = tokio::time::timeout(WAIT_AT_MOST, done.wait_for(|d| *d >= asked)).await;
        if !waited.is_ok_and(|r| r.is_ok()) {
            return false;
        }
    }
    true
}
