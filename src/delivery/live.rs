//! Live updates for open browsers. Each process keeps a broadcast channel its server-sent
//! event streams listen to. On PostgreSQL the worker announces with `NOTIFY` and every
//! instance `LISTEN`s, so a browser connected to any instance hears of a publication made on
//! any other; on SQLite there is one process and the announcement goes straight to it.
use crate::state::AppState;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

pub const PG_CHANNEL: &str = "beredskap_live";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LiveEvent {
    pub organisation_id: i32,
    /// `faq` (an answer changed) or `delivery` (a publication's progress moved).
    pub kind: String,
    pub entry_id: Option<i32>,
    pub publication_id: Option<i32>,
    /// Whether the public may hear of it (internal entries only reach signed-in staff).
    pub public: bool,
}

pub struct LiveHub {
    tx: broadcast::Sender<LiveEvent>,
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
        LiveHub { tx }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<LiveEvent> {
        self.tx.subscribe()
    }

    /// To this process's browsers only.
    pub fn publish_local(&self, event: LiveEvent) {
        let _ = self.tx.send(event);
    }
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
        state.public_cache.invalidate(event.organisation_id);
        state.delivery.live.publish_local(event);
    }
    Ok(())
}

/// On PostgreSQL: forwards every instance's announcements to this process's browsers, and
/// reconnects when the connection drops.
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
    listener.listen(PG_CHANNEL).await?;
    loop {
        let n = listener.recv().await?;
        match serde_json::from_str::<LiveEvent>(n.payload()) {
            Ok(ev) => {
                // Before the browsers hear of it, so the page they fetch is the new one.
                state.public_cache.invalidate(ev.organisation_id);
                state.delivery.live.publish_local(ev)
            }
            Err(e) => tracing::warn!(error = %e, "ignored a malformed live notification"),
        }
    }
}
