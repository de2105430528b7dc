//! Delivery: the transactional outbox and the worker that empties it, the channels it sends
//! to (mail, Slack, Mattermost, Teams, signed webhooks, open browsers), subscribers, and the
//! board that shows per publication what went where.
pub mod api;
pub mod board;
pub mod channels;
pub mod content;
pub mod dispatch;
pub mod enqueue;
pub mod expand;
pub mod explain;
pub mod live;
pub mod outbound;
pub mod outcome;
pub mod retention;
pub mod schedule;
pub mod senders;
pub mod signing;
pub mod sms;
pub mod sms_text;
pub mod subscribers;
pub mod tokens;
pub mod views;
pub mod web;
pub mod worker;

use std::sync::Arc;
use tokio::sync::Notify;

/// Shared by the request handlers and the worker of one process.
pub struct Delivery {
    wake: Notify,
    pub live: live::LiveHub,
    /// A name for this process in `claimed_by`, so a lease shows who held it.
    pub worker_id: String,
}

impl Delivery {
    pub fn new() -> Arc<Self> {
        Arc::new(Delivery {
            wake: Notify::new(),
            live: live::LiveHub::new(),
            worker_id: format!(
                "{}-{}",
                std::process::id(),
                &uuid::Uuid::new_v4().simple().to_string()[..8]
            ),
        })
    }

    /// Something was committed to the outbox: look now rather than at the next tick.
    pub fn kick(&self) {
        self.wake.notify_one();
    }

    pub async fn woken(&self) {
        self.wake.notified().await
    }
}
