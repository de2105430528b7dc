//! argon2id password hashes, computed off the async threads.
//!
//! One Argon2 computation needs about 19 MiB of working memory and a core for tens of
//! milliseconds. Two things keep a flood of sign-ins from taking the process down:
//!
//! - computations take turns, one per core (more at once only queue on the blocking pool);
//!   a request that waits more than two seconds is told 503 with `Retry-After`;
//! - each turn owns a working buffer that is kept and reused. Allocating 19 MiB per check and
//!   freeing it again left the memory resident with the system allocator (measured: +10 MiB per
//!   sign-in, 1 GB after a burst of 240), so the buffers are allocated once per turn and live as
//!   long as the process: resident memory stays at cores × 19 MiB whatever the rate.
use crate::error::AppError;
use argon2::password_hash::{rand_core::OsRng, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::Duration;
use tokio::sync::Semaphore;

pub const MIN_PASSWORD_LENGTH: u64 = 10;

/// How long a sign-in waits for its turn before it is told to come back.
const WAIT: Duration = Duration::from_secs(2);

/// Password checks and hashes for requests: turns, and a working buffer per turn.
pub struct PasswordHashing {
    turns: Semaphore,
    buffers: Mutex<Vec<Vec<Block>>>,
}

impl PasswordHashing {
    pub fn new() -> Arc<Self> {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self::with_turns(cores)
    }

    pub fn with_turns(turns: usize) -> Arc<Self> {
        Arc::new(PasswordHashing {
            turns: Semaphore::new(turns),
            buffers: Mutex::new(Vec::new()),
        })
    }

    /// Turns free right now (for tests that fill them).
    pub fn free_turns(&self) -> usize {
        self.turns.available_permits()
    }

    /// Takes every turn, as a flood would (for tests).
    pub async fn take_all(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        let n = self.turns.available_permits() as u32;
        self.turns.acquire_many(n).await.ok()
    }

    async fn in_turn<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Vec<Block>) -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, AppError> {
        let _turn = match tokio::time::timeout(WAIT, self.turns.acquire()).await {
            Ok(Ok(permit)) => permit,
            _ => {
                return Err(AppError::Busy {
                    retry_after_secs: 2,
                })
            }
        };
        let mut buffer = self
            .buffers
            .lock()
            .ok()
            .and_then(|mut b| b.pop())
            .unwrap_or_default();
        let (result, buffer) = tokio::task::spawn_blocking(move || {
            let result = work(&mut buffer);
            (result, buffer)
        })
        .await
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("password hashing stopped: {e}")))?;
        if let Ok(mut b) = self.buffers.lock() {
            b.push(buffer);
        }
        Ok(result?)
    }

    /// Whether `password` matches `stored`; with no stored hash (no such account) the work is
    /// done all the same against a dummy, so an unknown email takes as long as a wrong password.
    pub async fn verify(&self, password: String, stored: Option<String>) -> Result<bool, AppError> {
        self.in_turn(move |buffer| {
            let real = stored.is_some();
            let hash = stored.unwrap_or_else(|| DUMMY_HASH.clone());
            Ok(verify_with(buffer, &password, &hash)? && real)
        })
        .await
    }

    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.in_turn(move |buffer| hash_with(buffer, &password))
            .await
    }
}

fn working_memory(buffer: &mut Vec<Block>, params: &Params) -> usize {
    let need = params.block_count();
    if buffer.len() < need {
        buffer.resize(need, Block::default());
    }
    need
}

/// Checks a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) using `buffer` as the
/// working memory; the comparison is constant-time.
fn verify_with(buffer: &mut Vec<Block>, password: &str, stored: &str) -> anyhow::Result<bool> {
    let parsed =
        PasswordHash::new(stored).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
    let params =
        Params::try_from(&parsed).map_err(|e| anyhow::anyhow!("stored hash parameters: {e}"))?;
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(|e| anyhow::anyhow!("{e}"))?;
    let version = match parsed.version {
        Some(v) => Version::try_from(v).map_err(|e| anyhow::anyhow!("{e}"))?,
        None => Version::default(),
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        anyhow::bail!("stored hash has no salt or output");
    };
    let mut salt_bytes = [0u8; 64];
    let salt = salt
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("stored salt: {e}"))?;
    let blocks = working_memory(buffer, &params);
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut buffer[..blocks])
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    Ok(bool::from(subtle::ConstantTimeEq::ct_eq(
        expected.as_bytes(),
        out.as_slice(),
    )))
}

/// A new argon2id PHC string with the crate's default parameters and a fresh salt.
fn hash_with(buffer: &mut Vec<Block>, password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let params = Params::default();
    let mut salt_bytes = [0u8; 64];
    let salt_raw = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let blocks = working_memory(buffer, &params);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone())
        .hash_password_into_with_memory(
            password.as_bytes(),
            salt_raw,
            &mut out,
            &mut buffer[..blocks],
        )
        .map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    let output = argon2::password_hash::Output::new(&out).map_err(|e| anyhow::anyhow!("{e}"))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: (&params).try_into().map_err(|e| anyhow::anyhow!("{e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(phc.to_string())
}

/// For one-off hashing outside requests (the demo seed, `create-admin`).
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || hash_blocking(&password)).await?
}

pub fn hash_blocking(password: &str) -> anyhow::Result<String> {
    hash_with(&mut Vec::new(), password)
}

/// A hash to verify against when the account does not exist, so that a wrong email takes as
/// long to answer as a wrong password and does not reveal who has an account.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_blocking("no such account, no such password").unwrap_or_default());

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::PasswordVerifier;

    #[test]
    fn hashes_are_standard_phc_strings_and_verify_both_ways() {
        let mut buffer = Vec::new();
        let ours = hash_with(&mut buffer, "correct horse battery").unwrap();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        // The crate's own verifier accepts ours, and ours accepts the crate's.
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        let theirs = argon2::password_hash::PasswordHasher::hash_password(
            &Argon2::default(),
            b"another one",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert!(verify_with(&mut buffer, "another one", &theirs).unwrap());
        assert!(!verify_with(&mut buffer, "another two", &theirs).unwrap());
        assert!(!verify_with(&mut buffer, "correct horse batterY", &ours).unwrap());
    }

    #[tokio::test]
    async fn a_flood_waits_its_turn_and_is_then_told_to_come_back() {
        let hashing = PasswordHashing::with_turns(1);
        let stored = Some(hash_blocking("right password!").unwrap());
        assert!(hashing
            .verify("right password!".into(), stored.clone())
            .await
            .unwrap());
        let held = hashing.take_all().await;
        assert!(matches!(
            hashing.verify("x".into(), stored.clone()).await,
            Err(AppError::Busy { .. })
        ));
        drop(held);
        assert!(!hashing.verify("wrong".into(), stored).await.unwrap());
        assert_eq!(
            hashing.buffers.lock().unwrap().len(),
            1,
            "one buffer, reused"
        );
    }
}
