//! What the public FAQ's readers do, counted without knowing who they are: views of the page and
//! of each answer, and searches per normalised query (those that found nothing too). Counting
//! happens in memory on the request path (a lock and an addition: the cached page stays as fast)
//! and is added to the daily rows every few seconds in one transaction, so a surge of readers
//! makes a handful of writes, not one per reader. Instances each add their own counts; the
//! database adds them up.
use crate::entities::{faq_search_count, faq_view_count, organisation};
use crate::error::AppResult;
use crate::state::AppState;
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// New distinct queries kept between two flushes; beyond this a flood of made-up searches is
/// not counted (known ones still are).
pub const MAX_PENDING_QUERIES: usize = 20_000;
/// How often the counts are written.
pub const FLUSH_SECONDS: u64 = 10;
const ROWS_PER_STATEMENT: usize = 500;

type Views = HashMap<(i32, i32), i64>;
type Searches = HashMap<(i32, String), (i64, i64)>;

#[derive(Default)]
pub struct Signals {
    views: Mutex<Views>,
    searches: Mutex<Searches>,
}

impl Signals {
    /// One view of the organisation's FAQ page (`entry_id` 0) or of one answer's page.
    pub fn view(&self, organisation_id: i32, entry_id: i32) {
        if let Ok(mut v) = self.views.lock() {
            *v.entry((organisation_id, entry_id)).or_default() += 1;
        }
    }

    /// One search for `key` (normalised, see [`super::text::search_key`]).
    pub fn search(&self, organisation_id: i32, key: String, found: bool) {
        if key.is_empty() {
            return;
        }
        if let Ok(mut s) = self.searches.lock() {
            let k = (organisation_id, key);
            if !s.contains_key(&k) && s.len() >= MAX_PENDING_QUERIES {
                return;
            }
            let c = s.entry(k).or_default();
            c.0 += 1;
            if !found {
                c.1 += 1;
            }
        }
    }

    fn take(&self) -> (Views, Searches) {
        let views = self
            .views
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default();
        let searches = self
            .searches
            .lock()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default();
        (views, searches)
    }

    /// Counts whose write failed go back, to be added to the next attempt.
    fn give_back(&self, views: Views, searches: Searches) {
        if let Ok(mut v) = self.views.lock() {
            for (k, n) in views {
                *v.entry(k).or_default() += n;
            }
        }
        if let Ok(mut s) = self.searches.lock() {
            for (k, (n, e)) in searches {
                let c = s.entry(k).or_default();
                c.0 += n;
                c.1 += e;
            }
        }
    }
}

/// Adds what was counted since the last flush to each organisation's local day. Returns the
/// number of rows written.
pub async fn flush(state: &AppState) -> AppResult<usize> {
    let (views, searches) = state.signals.take();
    if views.is_empty() && searches.is_empty() {
        return Ok(0);
    }
    match write(state, &views, &searches).await {
        Ok(n) => Ok(n),
        Err(e) => {
            state.signals.give_back(views, searches);
            Err(e)
        }
    }
}

async fn write(state: &AppState, views: &Views, searches: &Searches) -> AppResult<usize> {
    let orgs: HashSet<i32> = views
        .keys()
        .map(|k| k.0)
        .chain(searches.keys().map(|k| k.0))
        .collect();
    let now = state.clock.now();
    let days: HashMap<i32, NaiveDate> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(orgs))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|o| {
            let day = crate::checkins::absence::local_day(now, &o.time_zone);
            (o.id, day)
        })
        .collect();
    let view_rows: Vec<faq_view_count::ActiveModel> = views
        .iter()
        .filter_map(|(&(org, entry), &n)| {
            Some(faq_view_count::ActiveModel {
                organisation_id: Set(org),
                faq_entry_id: Set(entry),
                day: Set(*days.get(&org)?),
                views: Set(n),
                ..Default::default()
            })
        })
        .collect();
    let search_rows: Vec<faq_search_count::ActiveModel> = searches
        .iter()
        .filter_map(|((org, query), &(n, empty))| {
            Some(faq_search_count::ActiveModel {
                organisation_id: Set(*org),
                day: Set(*days.get(org)?),
                query: Set(query.clone()),
                searches: Set(n),
                empty_searches: Set(empty),
                faq_entry_id: Set(None),
                ..Default::default()
            })
        })
        .collect();
    let written = view_rows.len() + search_rows.len();
    let txn = state.db.begin().await?;
    for chunk in view_rows.chunks(ROWS_PER_STATEMENT) {
        use faq_view_count::Column as C;
        faq_view_count::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([C::OrganisationId, C::Day, C::FaqEntryId])
                    .value(
                        C::Views,
                        Expr::col((faq_view_count::Entity, C::Views))
                            .add(Expr::cust("excluded.views")),
                    )
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in search_rows.chunks(ROWS_PER_STATEMENT) {
        use faq_search_count::Column as C;
        faq_search_count::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                OnConflict::columns([C::OrganisationId, C::Day, C::Query])
                    .value(
                        C::Searches,
                        Expr::col((faq_search_count::Entity, C::Searches))
                            .add(Expr::cust("excluded.searches")),
                    )
                    .value(
                        C::EmptySearches,
                        Expr::col((faq_search_count::Entity, C::EmptySearches))
                            .add(Expr::cust("excluded.empty_searches")),
                    )
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(written)
}

pub fn spawn(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(FLUSH_SECONDS));
        loop {
            tick.tick().await;
            if let Err(e) = flush(&state).await {
                tracing::warn!(error = ?e, "writing FAQ views and searches failed; kept for the next try");
            }
        }
    }))
}
