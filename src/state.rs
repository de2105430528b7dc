//! What every request handler and background task shares. Kept below the domains (it imports
//! none of their routes), so a domain that needs the state does not depend on start-up.
use crate::auth::token::Keys;
use crate::checkins::notifier::Notifier;
use crate::clock::Clock;
use crate::config::Settings;
use crate::delivery::outbound::OutboundPolicy;
use crate::metrics::Metrics;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    /// Writes, and reads that must see this request's own writes. On SQLite one connection
    /// (the single writer), so concurrent writers queue instead of failing.
    pub db: DatabaseConnection,
    /// Reads that need not be in the request's transaction. On SQLite a pool of read-only
    /// connections that WAL lets run beside the writer; on PostgreSQL the same pool as `db`.
    pub read: DatabaseConnection,
    /// Who each token speaks for, so a signed-in request needs no database round trip.
    pub sessions: Arc<crate::auth::sessions::SessionCache>,
    /// Ladder re-evaluations after check-ins, one round at a time per organisation.
    pub evaluations: Arc<crate::scenarios::evaluation::Evaluations>,
    /// Check-ins waiting to be committed together.
    pub checkin_writer: Arc<crate::checkins::writer::CheckinWriter>,
    pub clock: Clock,
    /// Outgoing mail; none without `SMTP_URL`.
    pub mailer: Option<Arc<crate::mail::Mailer>>,
    pub notifier: Arc<dyn Notifier>,
    pub settings: Arc<Settings>,
    pub keys: Arc<Keys>,
    pub metrics: Arc<Metrics>,
    /// The outbox worker's wake-up call and the live-update hub of this process.
    pub delivery: Arc<crate::delivery::Delivery>,
    /// The public FAQ rendered once per publication.
    pub public_cache: Arc<crate::faq::cache::PublicCache>,
    /// Views and searches of the public FAQ, counted in memory and written in batches.
    pub signals: Arc<crate::questions::signals::Signals>,
    /// Where admin-entered endpoints may point (`OUTBOUND_ALLOW`).
    pub outbound: Arc<OutboundPolicy>,
    /// One HTTP client for every chat and webhook endpoint: its resolver refuses private
    /// addresses unless allowed, and it keeps connections to an endpoint open between sends.
    pub http: reqwest::Client,
    /// The SMS gateway; none without `SMS_URL` (text messages are then not offered).
    pub sms: Option<Arc<crate::delivery::sms::SmsGateway>>,
    /// Password checks running now, bounded so a burst of sign-ins cannot exhaust memory.
    pub hashing: Arc<crate::auth::password::PasswordHashing>,
    /// Background tasks, so a test can stop them as a killed process would stop.
    pub background: Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl AppState {
    /// Adds a task to those [`AppState::stop_background`] stops, forgetting finished ones.
    pub fn keep_in_background(&self, task: tokio::task::AbortHandle) {
        if let Ok(mut tasks) = self.background.lock() {
            tasks.retain(|t| !t.is_finished());
            tasks.push(task);
        }
    }

    /// Stops the delivery worker, reminders and housekeeping of this process at once: what a
    /// crash does to them. Rows being sent stay claimed until their lease runs out.
    pub fn stop_background(&self) {
        if let Ok(tasks) = self.background.lock() {
            for t in tasks.iter() {
                t.abort();
            }
        }
    }
}
