//! Structured logs with tracing: readable text by default, JSON lines with `LOG_FORMAT=json`.
use tracing_subscriber::{fmt, EnvFilter};

pub fn init(format: &str) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let builder = fmt().with_env_filter(filter).with_target(false);
    // A second init (tests start many apps in one process) is harmless and ignored.
    let _ = if format == "json" {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}
