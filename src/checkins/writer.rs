//! Check-ins committed in groups: those that arrive while a transaction commits share the next.
//!
//! At 8 am thousands of people check in within minutes. One transaction per check-in costs
//! seven statements, each a hop to SQLite's single writer or a PostgreSQL round trip, and the
//! writes queue behind each other. Here a check-in joins a queue and waits; one task per
//! process takes everything queued (up to [`MAX_BATCH`]) and commits it with five statements:
//! the earlier answers of those people, one upsert returning the saved rows, the day's
//! roll-calls, one audit insert, the commit. Each check-in is answered only after its
//! transaction committed, so nothing answered is lost. The same person's second check-in of a
//! day waits for the next group, so the trail shows the first as its "before". When a group
//! fails (a deleted person, a deadlock with another instance), its check-ins are written one
//! by one so that each gets its own answer.
use super::repo::{self, CheckinRow};
use crate::audit::{self, snapshot, Actor, Change};
use crate::entities::staff_checkin;
use crate::error::{AppError, AppResult};
use crate::rollcall::service::Answer;
use crate::state::AppState;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use tokio::sync::oneshot;

/// At most this many check-ins share a transaction (about 2,600 bound values).
pub const MAX_BATCH: usize = 256;

/// The queue of check-ins waiting for their transaction, and whether a writer takes from it.
#[derive(Default)]
pub struct CheckinWriter {
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Pending>,
    writing: bool,
}

/// A validated check-in to save, with who made it for the audit trail.
pub struct Submitted {
    pub org_id: i32,
    pub user_id: i32,
    pub day: NaiveDate,
    pub status: String,
    pub wellbeing: Option<i32>,
    pub note: String,
    pub recorded_by: Option<i32>,
    /// `app` or `on_behalf`; also how the day's roll-calls were answered.
    pub source: &'static str,
    pub actor: Actor,
    /// The audit action: `check_in` or `record_on_behalf`.
    pub action: &'static str,
}

impl Submitted {
    fn key(&self) -> (i32, i32, NaiveDate) {
        (self.org_id, self.user_id, self.day)
    }
}

struct Pending {
    what: Submitted,
    reply: oneshot::Sender<AppResult<staff_checkin::Model>>,
}

/// Saves a check-in with the others arriving now and returns it as saved, once committed.
pub async fn write(state: &AppState, what: Submitted) -> AppResult<staff_checkin::Model> {
    let (reply, answer) = oneshot::channel();
    let start = {
        let mut q = state.checkin_writer.lock();
        q.waiting.push_back(Pending { what, reply });
        !std::mem::replace(&mut q.writing, true)
    };
    if start {
        tokio::spawn(drain(state.clone()));
    }
    answer
        .await
        .map_err(|_| AppError::Unexpected(anyhow::anyhow!("the check-in writer stopped")))?
}

impl CheckinWriter {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Commits groups until the queue is empty, then ends (the next check-in starts it again).
async fn drain(state: AppState) {
    loop {
        let batch = {
            let mut q = state.checkin_writer.lock();
            let batch = take(&mut q.waiting);
            if batch.is_empty() {
                q.writing = false;
                return;
            }
            batch
        };
        // In a task of its own: a panic fails this group's check-ins (their replies are
        // dropped, so each gets an error), not the writer.
        let s = state.clone();
        if let Err(e) = tokio::spawn(async move { commit(&s, batch).await }).await {
            tracing::error!(error = %e, "writing a group of check-ins panicked");
        }
    }
}

/// The next group: up to [`MAX_BATCH`] check-ins, each person and day at most once (a
/// repeat stays queued, in order, for the group after).
fn take(waiting: &mut VecDeque<Pending>) -> Vec<Pending> {
    let mut batch = Vec::new();
    let mut keys = HashSet::new();
    let mut repeats = VecDeque::new();
    while let Some(p) = waiting.pop_front() {
        if batch.len() == MAX_BATCH {
            waiting.push_front(p);
            break;
        }
        if keys.insert(p.what.key()) {
            batch.push(p);
        } else {
            repeats.push_back(p);
        }
    }
    while let Some(p) = repeats.pop_back() {
        waiting.push_front(p);
    }
    batch
}

async fn commit(state: &AppState, batch: Vec<Pending>) {
    let whats: Vec<&Submitted> = batch.iter().map(|p| &p.what).collect();
    let began = std::time::Instant::now();
    let result = together(state, &whats).await;
    tracing::debug!(
        size = batch.len(),
        ms = began.elapsed().as_secs_f64() * 1000.0,
        ok = result.is_ok(),
        "a group of check-ins"
    );
    match result {
        Ok(saved) => {
            state.metrics.checkins_saved(saved.len());
            for (p, row) in batch.into_iter().zip(saved) {
                let _ = p.reply.send(Ok(row));
            }
        }
        Err(e) if batch.len() == 1 => {
            let _ = batch.into_iter().next().map(|p| p.reply.send(Err(e)));
        }
        Err(e) => {
            tracing::warn!(error = ?e, size = batch.len(), "a group of check-ins failed; writing them one by one");
            for p in batch {
                let one = together(state, &[&p.what])
                    .await
                    .and_then(|mut v| v.pop().ok_or(AppError::NotFound));
                if one.is_ok() {
                    state.metrics.checkins_saved(1);
                }
                let _ = p.reply.send(one);
            }
        }
    }
}

/// One transaction for the group; the saved rows in the group's order.
async fn together(state: &AppState, batch: &[&Submitted]) -> AppResult<Vec<staff_checkin::Model>> {
    let txn = state.db.begin().await?;
    let mut before: HashMap<_, _> = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.is_in(set(batch, |s| s.org_id)))
        .filter(staff_checkin::Column::UserId.is_in(set(batch, |s| s.user_id)))
        .filter(staff_checkin::Column::Day.is_in(set(batch, |s| s.day)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|c| ((c.organisation_id, c.user_id, c.day), c))
        .collect();
    // In key order, so that two instances' groups lock the same rows in the same order.
    let mut rows: Vec<CheckinRow> = batch
        .iter()
        .map(|s| CheckinRow {
            org_id: s.org_id,
            user_id: s.user_id,
            day: s.day,
            status: &s.status,
            wellbeing: s.wellbeing,
            note: &s.note,
            recorded_by: s.recorded_by,
            source: s.source,
        })
        .collect();
    rows.sort_by_key(|r| (r.org_id, r.user_id, r.day));
    let mut saved: HashMap<_, _> = repo::upsert_many(&txn, &rows)
        .await?
        .into_iter()
        .map(|c| ((c.organisation_id, c.user_id, c.day), c))
        .collect();
    let answers: Vec<Answer> = batch
        .iter()
        .map(|s| Answer {
            org_id: s.org_id,
            user_id: s.user_id,
            day: s.day,
            status: &s.status,
            via: s.source,
        })
        .collect();
    crate::rollcall::service::note_checkins(&txn, &answers, state.clock.now()).await?;
    let mut out = Vec::with_capacity(batch.len());
    for s in batch {
        out.push(saved.remove(&s.key()).ok_or(AppError::NotFound)?);
    }
    audit::record_many(
        &txn,
        batch.iter().zip(&out).map(|(s, after)| {
            (
                &s.actor,
                Change {
                    organisation_id: Some(s.org_id),
                    entity: "checkin",
                    entity_id: format!("{}/{}", s.user_id, s.day),
                    action: s.action,
                    before: before.remove(&s.key()).as_ref().and_then(snapshot),
                    after: snapshot(after),
                },
            )
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

fn set<T: Ord>(batch: &[&Submitted], f: impl Fn(&Submitted) -> T) -> BTreeSet<T> {
    batch.iter().map(|s| f(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(user_id: i32) -> Pending {
        Pending {
            what: Submitted {
                org_id: 1,
                user_id,
                day: NaiveDate::from_ymd_opt(2026, 3, 16).unwrap(),
                status: "office".into(),
                wellbeing: None,
                note: String::new(),
                recorded_by: None,
                source: "app",
                actor: Actor::system("test"),
                action: "check_in",
            },
            reply: oneshot::channel().0,
        }
    }

    fn users(q: &VecDeque<Pending>) -> Vec<i32> {
        q.iter().map(|p| p.what.user_id).collect()
    }

    #[test]
    fn a_second_check_in_of_the_same_day_waits_for_the_next_group_in_order() {
        let mut q: VecDeque<Pending> = [1, 2, 1, 3, 1, 2].into_iter().map(pending).collect();
        let first: Vec<i32> = take(&mut q).iter().map(|p| p.what.user_id).collect();
        assert_eq!(first, vec![1, 2, 3]);
        assert_eq!(users(&q), vec![1, 1, 2]);
        let second: Vec<i32> = take(&mut q).iter().map(|p| p.what.user_id).collect();
        assert_eq!(second, vec![1, 2]);
        assert_eq!(users(&q), vec![1]);
    }

    #[test]
    fn a_group_holds_at_most_max_batch() {
        let mut q: VecDeque<Pending> = (0..MAX_BATCH as i32 + 10).map(pending).collect();
        assert_eq!(take(&mut q).len(), MAX_BATCH);
        assert_eq!(
            users(&q),
            (MAX_BATCH as i32..MAX_BATCH as i32 + 10).collect::<Vec<_>>()
        );
    }
}
