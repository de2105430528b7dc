//! The time the app believes it is. The system clock in production; tests set it, so that a
//! check-in at 00:30 on the day summer time starts is tested as that, not as "now".
use chrono::{DateTime, Utc};
use std::sync::{Arc, RwLock};

#[derive(Clone, Default)]
pub struct Clock(Option<Arc<RwLock<DateTime<Utc>>>>);

impl Clock {
    pub fn system() -> Self {
        Clock(None)
    }

    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock(Some(Arc::new(RwLock::new(at))))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &self.0 {
            None => Utc::now(),
            Some(at) => *at.read().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Moves a fixed clock; the system clock cannot be moved.
    pub fn set(&self, at: DateTime<Utc>) {
        if let Some(cell) = &self.0 {
            *cell.write().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }
}
