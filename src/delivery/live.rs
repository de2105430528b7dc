//! Live updates for open browsers. Each process keeps a broadcast channel its server-sent
//! event streams listen to. On PostgreSQL the worker announces with `NOTIFY` and every
//! instance `LISTEN`s, so a browser connected to any instance hears of a publication made on
//! any other; on SQLite there is one process and the announcement goes straight to it.
use crate::entities::{faq_revision, publication};
use crate::state::AppState;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

pub const PG_CHANNEL: &str = "beredskap_live";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LiveEvent {
    pub organisation_id: i32,
    /// `faq` (an answer changed) or `delivery` (a publication's progress moved).
    pub kind: String,
    pub entry_id: Option<i32>,
    pub publication_id: Option<i32>,
    /// A roll-call whose answers moved (kind `rollcall`).
    #[serde(default)]
    pub rollcall_id: Option<i32>,
    /// Whether the public may hear of it (internal entries only reach signed-in staff).
    pub public: bool,
}

impl LiveEvent {
    /// Roll-call answers and delivery progress change nothing the public sees.
    pub fn touches_public_page(&self) -> bool {
        self.kind == "faq"
    }
}

pub struct LiveHub {
    tx: broadcast::Sender<LiveEvent>,
    /// Open event streams per client address, so one address cannot hold thousands open.
    streams: Arc<Mutex<HashMap<String, usize>>>,
}

/// Event streams one client address may hold open at once on one instance. A household or an
/// office behind one address with a few tabs each stays well within it.
pub const STREAMS_PER_ADDRESS: usize = 16;

/// Holds one of an address's stream slots; gives it back when the stream ends.
pub struct StreamSlot {
    streams: Arc<Mutex<HashMap<String, usize>>>,
    address: String,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        if let Ok(mut open) = self.streams.lock() {
            if let Some(n) = open.get_mut(&self.address) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.remove(&self.address);
                }
            }
        }
    }
}

impl Default for LiveHub {
    fn default() -> Self {
        Self::new()
    }
}

impl LiveHub {
    pub fn new() -> Self {
        // A slow browser that falls this far behind is told to reload rather than held.
        let (tx, _) = broadcast::channel(1024);
        LiveHub {
            tx,
            streams: Default::default(),
        }
    }

    /// A slot for one more stream from `address`, or `None` when it has its fill.
    pub fn open_stream(&self, address: &str) -> Option<StreamSlot> {
        let mut open = self.streams.lock().ok()?;
        let n = open.entry(address.to_string()).or_insert(0);
        if *n >= STREAMS_PER_ADDRESS {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            streams: self.streams.clone(),
            address: address.to_string(),
        })
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// To this process's browsers only.
    pub fn publish_local(&self, event: LiveEvent) {
        let _ = self.tx.send(event);
    }
}

/// How many missed events a reconnecting browser is sent; further behind, it reloads.
const CATCH_UP: u64 = 50;

/// What a browser that reconnects with `Last-Event-ID: after` missed: the organisation's answer
/// publications since then (public ones only for the public stream), oldest first. `None` when
/// it missed too many to list: it is then told to `resync`.
pub async fn missed(
    db: &impl ConnectionTrait,
    organisation_id: i32,
    after: i32,
    public_only: bool,
) -> Result<Option<Vec<LiveEvent>>, sea_orm::DbErr> {
    let rows = publication::Entity::find()
        .filter(publication::Column::OrganisationId.eq(organisation_id))
        .filter(publication::Column::Id.gt(after))
        .filter(publication::Column::EntryId.is_not_null())
        .order_by_asc(publication::Column::Id)
        .limit(CATCH_UP + 1)
        .all(db)
        .await?;
    if rows.len() as u64 > CATCH_UP {
        return Ok(None);
    }
    let revision_ids: Vec<i32> = rows.iter().filter_map(|p| p.revision_id).collect();
    let public: Vec<i32> = faq_revision::Entity::find()
        .filter(faq_revision::Column::Id.is_in(revision_ids))
        .filter(faq_revision::Column::Visibility.eq("public"))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    Ok(Some(
        rows.into_iter()
            .map(|p| LiveEvent {
                organisation_id,
                kind: "faq".into(),
                entry_id: p.entry_id,
                publication_id: Some(p.id),
                rollcall_id: None,
                // A withdrawal has no revision and concerns the public page.
                public: p.revision_id.is_none_or(|r| public.contains(&r)),
            })
            .filter(|e| !public_only || e.public)
            .collect(),
    ))
}

/// To every instance's browsers.
pub async fn announce(state: &AppState, event: LiveEvent) -> anyhow::Result<()> {
    if state.db.get_database_backend() == DbBackend::Postgres {
        let payload = serde_json::to_string(&event)?;
        state
            .db
            .execute(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [PG_CHANNEL.into(), payload.into()],
            ))
            .await?;
    } else {
        if event.touches_public_page() {
            state.public_cache.invalidate(event.organisation_id);
        }
        state.delivery.live.publish_local(event);
    }
    Ok(())
}

/// On PostgreSQL: forwards every instance's announcements to this process's browsers, hears
/// which sessions to forget, and reconnects when the connection drops.
pub fn spawn_listener(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    if state.db.get_database_backend() != DbBackend::Postgres {
        return None;
    }
    Some(tokio::spawn(async move {
        loop {
            if let Err(e) = listen(&state).await {
                tracing::warn!(error = %e, "live-update listener lost its connection; retrying");
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    }))
}

async fn listen(state: &AppState) -> anyhow::Result<()> {
    let pool = state.db.get_postgres_connection_pool().clone();
    let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await?;
    listener
        .listen_all([PG_CHANNEL, crate::auth::sessions::PG_CHANNEL])
        .await?;
    // Whatever another instance asked us to forget while we were not listening is forgotten.
    state.sessions.forget_all();
    loop {
        let n = listener.recv().await?;
        if n.channel() == crate::auth::sessions::PG_CHANNEL {
            crate::auth::sessions::heard(state, n.payload());
            continue;
        }
        match serde_json::from_str::<LiveEvent>(n.payload()) {
            Ok(ev) => {
                // Before the browsers hear of it, so the page they fetch is the new one.
                if ev.touches_public_page() {
                    state.public_cache.invalidate(ev.organisation_id);
                }
                state.delivery.live.publish_local(ev)
            }
            Err(e) => tracing::warn!(error = %e, "ignored a malformed live notification"),
        }
    }
}
