//! Every setting, by flag or environment variable, in one place.
use clap::builder::BoolishValueParser;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug, Clone)]
#[command(
    name = "beredskap",
    version,
    about = "Business continuity and crisis management"
)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Serve the application (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Fill an empty database with the demo organisation and exit.
    Seed,
    /// Create the first organisation and its admin in an empty database.
    CreateAdmin(CreateAdmin),
}

#[derive(Args, Debug, Clone)]
pub struct CreateAdmin {
    #[arg(long)]
    pub email: String,
    #[arg(long)]
    pub name: String,
    /// Read from the environment or asked for on standard input when not given.
    #[arg(long, env = "BEREDSKAP_ADMIN_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    #[arg(long)]
    pub org_slug: String,
    #[arg(long)]
    pub org_name: String,
    #[arg(long, default_value = "Europe/Stockholm")]
    pub time_zone: String,
    #[arg(long, default_value = "sv")]
    pub language: String,
}

#[derive(Args, Debug, Clone)]
pub struct Settings {
    /// `sqlite://…` or `postgres://…`; defaults to an SQLite file in the data folder.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,
    /// The address people reach the app at, used in links and to mark cookies Secure.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    #[arg(long, env = "SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of outgoing mail.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "Beredskap <beredskap@localhost>",
        global = true
    )]
    pub mail_from: String,
    /// Mails sent at once (pooled SMTP connections). Each message costs lettre a 40 ms
    /// delayed-ACK stall (it does not set TCP_NODELAY yet), so throughput is about 25 mails a
    /// second per connection; keep this within what your relay allows one client.
    #[arg(long, env = "MAIL_CONNECTIONS", default_value_t = 32, global = true)]
    pub mail_connections: usize,
    /// Generated and kept in the data folder when unset.
    #[arg(long, env = "JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<String>,
    #[arg(long, env = "DATA_DIR", default_value = "./data", global = true)]
    pub data_dir: PathBuf,
    /// Fill an empty database with the demo organisation at start.
    #[arg(long, env = "BEREDSKAP_DEMO", global = true, value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    pub demo: bool,
    /// `text` or `json`.
    #[arg(long, env = "LOG_FORMAT", default_value = "text", global = true)]
    pub log_format: String,
    /// Take the client address from X-Forwarded-For (only behind a proxy you run).
    #[arg(long, env = "TRUST_PROXY", global = true, value_parser = BoolishValueParser::new(), default_value_t = false, num_args = 0, default_missing_value = "true")]
    pub trust_proxy: bool,
    /// How long a sign-in lasts.
    #[arg(long, env = "SESSION_HOURS", default_value_t = 12, global = true)]
    pub session_hours: i64,
    /// Networks (CIDRs) and host names that chat and webhook channels may reach although they
    /// are private or loopback, comma-separated: `10.0.0.0/8,chat.intern.example`.
    #[arg(long, env = "OUTBOUND_ALLOW", global = true)]
    pub outbound_allow: Option<String>,
    /// The SMS gateway's endpoint, with its credentials as userinfo:
    /// `https://USER:PASSWORD@api.46elks.com/a1/sms` or
    /// `https://SID:TOKEN@api.twilio.com/2010-04-01/Accounts/SID/Messages.json`.
    /// Without it, text messages are not offered.
    #[arg(long, env = "SMS_URL", global = true, hide_env_values = true)]
    pub sms_url: Option<String>,
    /// `46elks` or `twilio`: the form the gateway takes.
    #[arg(long, env = "SMS_PROVIDER", default_value = "46elks", global = true)]
    pub sms_provider: String,
    /// The sender shown on the phone: a number in E.164 or up to 11 letters and digits.
    #[arg(long, env = "SMS_FROM", default_value = "Beredskap", global = true)]
    pub sms_from: String,
    /// Set when the gateway posts replies back to `/api/v1/sms/inbound/{key}` (shown to admins):
    /// roll-call texts then say that a digit answers.
    #[arg(long, env = "SMS_REPLIES", default_value_t = false, global = true)]
    pub sms_replies: bool,
    /// A bearer token `/metrics` asks for; without it `/metrics` answers only on loopback.
    #[arg(long, env = "METRICS_TOKEN", global = true, hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Days a delivered, superseded or cancelled outbox row is kept (its publication's counts
    /// stay); 0 keeps them all. Failed rows are always kept.
    #[arg(
        long,
        env = "OUTBOX_RETENTION_DAYS",
        default_value_t = 90,
        global = true
    )]
    pub outbox_retention_days: u32,
    /// Worker threads serving HTTP (0 = one per core).
    #[arg(long, env = "WORKERS", default_value_t = 0, global = true)]
    pub workers: usize,
}

impl Settings {
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.is_empty() => url.clone(),
            _ => format!("sqlite://{}/beredskap.db", self.data_dir.display()),
        }
    }

    /// Cookies carry `Secure` only when the app is reached over HTTPS.
    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The host of `public_url`, for `Message-ID`s and `tag:` URIs.
    pub fn public_host(&self) -> String {
        url::Url::parse(&self.public_url())
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| "beredskap.invalid".into())
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.bind))
            .trim_end_matches('/')
            .to_string()
    }
}
