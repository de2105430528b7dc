//! `Application::build` binds the listener and exposes the port, so `main` and every test
//! start the app the same way.
use crate::auth::token::Keys;
use crate::checkins::notifier::{LogNotifier, Notifier};
use crate::clock::Clock;
use crate::config::Settings;
use crate::delivery::outbound::OutboundPolicy;
use crate::error::AppError;
use crate::metrics::Metrics;
pub use crate::state::AppState;
use crate::{db, routes, seeds};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, App, HttpServer};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

impl Application {
    /// Connects, migrates, seeds the demo when asked, and binds.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = db::connect(&settings.database_url()).await?;
        db::migrate(&db).await?;
        if settings.demo {
            if let Some(logins) = seeds::load_demo_if_empty(&db).await? {
                logins.print(&settings.public_url());
            }
        }
        Self::build_with_db(settings, db).await
    }

    pub async fn build_with_db(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        Self::build_with(settings, db, Clock::system(), Arc::new(LogNotifier)).await
    }

    /// Lets tests choose the clock and see what is notified.
    pub async fn build_with(
        settings: Settings,
        db: DatabaseConnection,
        clock: Clock,
        notifier: Arc<dyn Notifier>,
    ) -> anyhow::Result<Self> {
        let secret = jwt_secret(&settings)?;
        let mailer = crate::mail::Mailer::from_settings(&settings)?.map(Arc::new);
        let outbound = Arc::new(OutboundPolicy::parse(settings.outbound_allow.as_deref())?);
        let http = crate::delivery::senders::http_client(&outbound);
        let sms = crate::delivery::sms::SmsGateway::from_settings(&settings)?.map(Arc::new);
        let read = db::reader_for(&db).await?;
        let state = AppState {
            db,
            read,
            sessions: Default::default(),
            evaluations: Default::default(),
            checkin_writer: Default::default(),
            mailer,
            clock,
            notifier,
            keys: Arc::new(Keys::new(&secret)),
            metrics: Arc::new(Metrics::new()?),
            settings: Arc::new(settings),
            delivery: crate::delivery::Delivery::new(),
            public_cache: Default::default(),
            signals: Default::default(),
            outbound,
            http,
            sms,
            hashing: crate::auth::password::PasswordHashing::new(),
            background: Default::default(),
        };
        let listener = TcpListener::bind(&state.settings.bind)
            .with_context(|| format!("could not listen on {}", state.settings.bind))?;
        let port = listener.local_addr()?.port();
        let tasks = vec![
            spawn_housekeeping(state.clone()),
            spawn_reminders(state.clone()),
            spawn_rollcall_tick(state.clone()),
            crate::delivery::worker::spawn(state.clone()),
            crate::delivery::retention::spawn(state.clone()),
            crate::questions::signals::spawn(state.clone()),
            crate::delivery::live::spawn_listener(state.clone()),
        ];
        if let Ok(mut bg) = state.background.lock() {
            bg.extend(tasks.into_iter().flatten().map(|t| t.abort_handle()));
        }
        let server = run(listener, state.clone())?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then finishes the requests in flight (actix's graceful stop).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        // Views and searches counted since the last flush are not lost on a graceful stop.
        if let Err(e) = crate::questions::signals::flush(&self.state).await {
            tracing::warn!(error = ?e, "writing the last FAQ views and searches failed");
        }
        served
    }
}

/// `JWT_SECRET`, or one generated once and kept in the data folder (readable by us only).
fn jwt_secret(settings: &Settings) -> anyhow::Result<Vec<u8>> {
    if let Some(s) = settings.jwt_secret.as_deref().filter(|s| !s.is_empty()) {
        anyhow::ensure!(s.len() >= 32, "JWT_SECRET must be at least 32 characters");
        return Ok(s.as_bytes().to_vec());
    }
    let path = settings.data_dir.join("jwt_secret");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let trimmed = existing.trim();
        if trimmed.len() >= 32 {
            return Ok(trimmed.as_bytes().to_vec());
        }
    }
    std::fs::create_dir_all(&settings.data_dir)
        .with_context(|| format!("could not create {}", settings.data_dir.display()))?;
    let secret = crate::auth::csrf::new_seed() + &crate::auth::csrf::new_seed();
    write_private(&path, &secret)?;
    tracing::info!(path = %path.display(), "generated a new JWT secret");
    Ok(secret.into_bytes())
}

fn write_private(path: &Path, contents: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("could not write {}", path.display()))?;
    f.write_all(contents.as_bytes())?;
    Ok(())
}

/// Old login failures and expired revocations are of no use; clear them hourly.
fn spawn_housekeeping(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            if let Err(e) = crate::auth::throttle::prune(&state.db).await {
                tracing::warn!(error = %e, "pruning login failures failed");
            }
            if let Err(e) = crate::auth::repo::prune_revoked(&state.db).await {
                tracing::warn!(error = %e, "pruning revoked tokens failed");
            }
        }
    }))
}

/// Check-in reminders and overdue situation reports: looked at every minute; each reminder is
/// claimed before it is sent.
fn spawn_reminders(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = crate::checkins::reminders::send_due(&state).await {
                tracing::warn!(error = ?e, "sending check-in reminders failed");
            }
            if let Err(e) = crate::daily::cadence::remind_overdue(&state).await {
                tracing::warn!(error = ?e, "reminding of overdue situation reports failed");
            }
        }
    }))
}

/// Roll-calls: reminders, deadlines and those started by a level, looked at every 5 seconds.
fn spawn_rollcall_tick(state: AppState) -> Option<tokio::task::JoinHandle<()>> {
    Some(tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = crate::rollcall::tick::run_due(&state).await {
                tracing::warn!(error = ?e, "the roll-call tick failed");
            }
        }
    }))
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let workers = state.settings.workers;
    let data = web::Data::new(state);
    let mut server = HttpServer::new(move || {
        let (app, api) = App::new()
            .app_data(data.clone())
            .app_data(routes::json_config())
            .app_data(routes::query_config())
            .app_data(routes::path_config())
            .wrap(from_fn(crate::auth::csrf::middleware))
            .wrap(from_fn(crate::ui::error_pages::middleware))
            .wrap(from_fn(crate::security_headers::middleware))
            .wrap(from_fn(crate::metrics::middleware))
            .wrap(TracingLogger::default())
            // Outermost: cached public answers leave before logging and metrics.
            .wrap(from_fn(crate::faq::cache::middleware))
            .into_utoipa_app()
            .openapi(crate::openapi::ApiDoc::openapi())
            .service(utoipa_actix_web::scope("/api/v1").configure(routes::api))
            .split_for_parts();
        app.app_data(web::Data::new(crate::openapi::ApiDocument(
            crate::openapi::complete(&api),
        )))
        .configure(routes::pages)
        .default_service(web::to(not_found_or_not_allowed))
    })
    .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    // Open event streams never finish by themselves; do not hold a stop for them longer than
    // this (orchestrators usually kill after 10 s).
    server = server.shutdown_timeout(5);
    Ok(server.run())
}

/// A path the API has with another method is `405` with `Allow` (RFC 9110 §15.5.6); anything
/// else is not found.
async fn not_found_or_not_allowed(
    req: actix_web::HttpRequest,
) -> Result<actix_web::HttpResponse, AppError> {
    if let Some(page) = crate::routes::page_holding_the_form(&req) {
        return Ok(crate::ui::see_other(&page));
    }
    Err(crate::routes::not_found_or_not_allowed(&req))
}
