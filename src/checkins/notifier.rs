//! Where level changes go once decided. The crisis group sees them as a banner from the level
//! history; this interface is where email and chat delivery connect (the FAQ/delivery work).
use crate::scenarios::levels::LevelChanged;

pub trait Notifier: Send + Sync {
    fn level_changed(&self, change: &LevelChanged);
}

/// Writes each change to the log; the banner reads the level history itself.
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn level_changed(&self, c: &LevelChanged) {
        tracing::warn!(
            organisation = c.organisation_id,
            scenario = c.scenario_id,
            title = %c.scenario_title,
            from = ?c.from,
            to = ?c.to,
            value = ?c.value,
            "scenario level changed"
        );
    }
}
