//! Who a token speaks for, remembered so a signed-in request needs no database round trip.
//!
//! A token's first request loads its person, organisation and membership (and checks it is not
//! revoked); later requests take them from here. Every write that could change the answer —
//! sign-out, a password change, roles, deactivation, a profile or organisation edit — forgets
//! what it touches once it has committed, in this process at once and in the others through
//! PostgreSQL `NOTIFY`. An entry is trusted for [`FRESH_FOR`] at most, the safety net for a
//! notification lost while an instance was reconnecting (which also forgets everything).
use super::CurrentUser;
use crate::state::AppState;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;
use std::time::{Duration, Instant};

/// How long a remembered session is trusted without asking the database again.
pub const FRESH_FOR: Duration = Duration::from_secs(30);
/// Beyond this many remembered tokens the cache starts again (a bound on memory, not an LRU:
/// one token per signed-in browser or client, so real use stays far below it).
const MAX_ENTRIES: usize = 100_000;
pub const PG_CHANNEL: &str = "beredskap_sessions";

/// What a write makes stale.
#[derive(Clone, Debug, PartialEq)]
pub enum Forget {
    /// Every session of one person (password, profile, contact, roles, deactivation, a new
    /// membership).
    User(i32),
    /// Every session in one organisation or listing it (its settings, a team removed from its
    /// people).
    Organisation(i32),
    /// One token (signed out, switched organisation).
    Token(String),
}

impl Forget {
    fn to_payload(&self) -> String {
        match self {
            Forget::User(id) => format!("u:{id}"),
            Forget::Organisation(id) => format!("o:{id}"),
            Forget::Token(jti) => format!("t:{jti}"),
        }
    }

    fn from_payload(s: &str) -> Option<Forget> {
        let (kind, rest) = s.split_once(':')?;
        match kind {
            "u" => rest.parse().ok().map(Forget::User),
            "o" => rest.parse().ok().map(Forget::Organisation),
            "t" => Some(Forget::Token(rest.to_string())),
            _ => None,
        }
    }
}

struct Entry {
    current: CurrentUser,
    loaded: Instant,
}

#[derive(Default)]
pub struct SessionCache {
    entries: RwLock<HashMap<String, Entry>>,
    /// Moves on with every forgetting, so a load that raced a write is not remembered.
    generation: AtomicU64,
}

impl SessionCache {
    /// The remembered session of token `jti`, if it is still fresh.
    pub fn get(&self, jti: &str) -> Option<CurrentUser> {
        let entries = self.entries.read().ok()?;
        let e = entries.get(jti)?;
        (e.loaded.elapsed() < FRESH_FOR).then(|| e.current.clone())
    }

    /// Where a load starts: pass it to [`SessionCache::remember`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Remembers a session loaded when the generation was `at`, unless something was forgotten
    /// since (the load may then have read what the write replaced).
    pub fn remember(&self, at: u64, current: &CurrentUser) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        if self.generation.load(Ordering::SeqCst) != at {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            current.claims.jti.clone(),
            Entry {
                current: current.clone(),
                loaded: Instant::now(),
            },
        );
    }

    /// Forgets in this process only.
    pub fn forget_local(&self, what: &Forget) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        self.generation.fetch_add(1, Ordering::SeqCst);
        match what {
            Forget::Token(jti) => {
                entries.remove(jti);
            }
            Forget::User(id) => entries.retain(|_, e| e.current.user.id != *id),
            Forget::Organisation(id) => entries.retain(|_, e| {
                e.current.org.id != *id && !e.current.organisations.iter().any(|o| o.id == *id)
            }),
        }
    }

    /// Forgets everything (a listener that reconnects may have missed notifications).
    pub fn forget_all(&self) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::SeqCst);
            entries.clear();
        }
    }

    pub fn len(&self) -> usize {
        self.entries.read().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Forgets `what` here and on every other instance. Call it after the write has committed.
pub async fn forget(state: &AppState, what: Forget) {
    state.sessions.forget_local(&what);
    if state.db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let sent = state
        .db
        .execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [PG_CHANNEL.into(), what.to_payload().into()],
        ))
        .await;
    if let Err(e) = sent {
        // The other instances catch up within FRESH_FOR.
        tracing::warn!(error = %e, "could not tell the other instances to forget a session");
    }
}

/// A notification from another instance (or this one: forgetting twice is harmless).
pub fn heard(state: &AppState, payload: &str) {
    match Forget::from_payload(payload) {
        Some(what) => state.sessions.forget_local(&what),
        None => tracing::warn!(payload, "ignored a malformed session notification"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_back() {
        for f in [
            Forget::User(7),
            Forget::Organisation(3),
            Forget::Token("a-b:c".into()),
        ] {
            assert_eq!(Forget::from_payload(&f.to_payload()), Some(f));
        }
        assert_eq!(Forget::from_payload("x:1"), None);
        assert_eq!(Forget::from_payload("u:notanumber"), None);
    }
}
