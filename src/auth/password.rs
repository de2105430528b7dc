//! argon2id password hashes, computed off the async threads.
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use std::sync::{Arc, LazyLock};
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

pub const MIN_PASSWORD_LENGTH: u64 = 10;

pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))
}

/// A hash to verify against when the account does not exist, so that a wrong email takes as
/// long to answer as a wrong password and does not reveal who has an account.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("no such account, no such password").unwrap_or_default());

pub async fn verify(password: String, stored: Option<String>) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let (hash, real) = match stored {
            Some(h) => (h, true),
            None => (DUMMY_HASH.clone(), false),
        };
        let parsed =
            PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        let ok = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(ok && real)
    })
    .await?
}

/// One Argon2 computation takes about 19 MiB and a core for tens of milliseconds. Running more
/// at once than there are cores only queues them on the blocking pool while each holds its
/// memory (a burst of 240 sign-ins once took the process to 5 GB), so they take turns.
pub fn hashing_slots() -> Arc<Semaphore> {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    Arc::new(Semaphore::new(cores))
}

/// How long a sign-in waits for its turn before it is told to come back.
const HASHING_WAIT: Duration = Duration::from_secs(2);

/// A turn at password hashing, or `503` with `Retry-After` when the queue is too long: a
/// morning rush of sign-ins waits a moment, a flood is turned away without costing memory.
pub async fn turn(slots: &Semaphore) -> Result<SemaphorePermit<'_>, crate::error::AppError> {
    match tokio::time::timeout(HASHING_WAIT, slots.acquire()).await {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(crate::error::AppError::Busy {
            retry_after_secs: 2,
        }),
    }
}
