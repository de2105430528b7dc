//! Connections to the mail relay (`SMTP_URL`), opened by us with `TCP_NODELAY` and kept open
//! between messages.
//!
//! lettre 0.11's own transport opens its sockets without `TCP_NODELAY`. A message is written
//! in several small writes before the relay answers, so Nagle's algorithm holds the last one
//! back until the relay acknowledges the first, which it delays by up to 40 ms: on loopback a
//! connection then carries about 25 messages a second whatever the relay could do. The fix
//! upstream (lettre#1159) is merged but not released, so we use lettre's documented hook for
//! a stream of our own, `AsyncSmtpConnection::connect_with_transport`, and keep lettre for
//! everything else: the SMTP dialogue, STARTTLS, AUTH and the messages themselves.
//!
//! `SMTP_URL` is read as lettre reads it: `smtp://host[:25]` in plain text,
//! `smtp://host[:587]?tls=required` or `?tls=opportunistic` for STARTTLS, `smtps://host[:465]`
//! for implicit TLS (opened by lettre itself, without `TCP_NODELAY`), `user:password@` for
//! AUTH and a path for the name we greet with.
use anyhow::{bail, Context};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

/// An idle connection is used again without a `NOOP` for this long after its last message.
const TRUSTED_WHILE_IDLE: Duration = Duration::from_secs(5);
/// An idle connection older than this is closed rather than used again.
const IDLE_AT_MOST: Duration = Duration::from_secs(60);

#[derive(Clone)]
enum Security {
    Plain,
    StartTls { required: bool, tls: TlsParameters },
    Implicit(TlsParameters),
}

/// Where mail goes and how to reach it, from `SMTP_URL`.
#[derive(Clone)]
pub struct Relay {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    timeout: Duration,
}

impl Relay {
    pub fn parse(url: &str, timeout: Duration) -> anyhow::Result<Relay> {
        let parsed = url::Url::parse(url).context("not a URL")?;
        let host = parsed.host_str().context("no host")?.to_string();
        let tls = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.to_string());
        let params = || TlsParameters::new(host.clone()).context("TLS cannot be set up");
        let (security, default_port) = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None) => (Security::Plain, 25),
            ("smtp", Some(mode @ ("required" | "opportunistic"))) => (
                Security::StartTls {
                    required: mode == "required",
                    tls: params()?,
                },
                587,
            ),
            ("smtps", _) => (Security::Implicit(params()?), 465),
            (scheme, tls) => bail!("unknown scheme {scheme:?} or tls parameter {tls:?}"),
        };
        let decode = |s: &str| -> anyhow::Result<String> {
            Ok(percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .context("the user or password is not UTF-8")?
                .into_owned())
        };
        let credentials = match parsed.password() {
            Some(p) => Some(Credentials::new(decode(parsed.username())?, decode(p)?)),
            None => None,
        };
        let path = parsed.path().trim_matches('/');
        Ok(Relay {
            port: parsed.port().unwrap_or(default_port),
            host,
            security,
            credentials,
            hello: if path.is_empty() {
                ClientId::default()
            } else {
                ClientId::Domain(path.to_string())
            },
            timeout,
        })
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendError> {
        let mut conn = match &self.security {
            Security::Implicit(tls) => AsyncSmtpConnection::connect_tokio1(
                (self.host.as_str(), self.port),
                Some(self.timeout),
                &self.hello,
                Some(tls.clone()),
                None,
            )
            .await
            .map_err(SendError::Smtp)?,
            _ => {
                let tcp = within(
                    self.timeout,
                    TcpStream::connect((self.host.as_str(), self.port)),
                )
                .await?
                .map_err(|e| SendError::Unreachable(e.to_string()))?;
                tcp.set_nodelay(true)
                    .map_err(|e| SendError::Unreachable(e.to_string()))?;
                within(
                    self.timeout,
                    AsyncSmtpConnection::connect_with_transport(Box::new(tcp), &self.hello),
                )
                .await?
                .map_err(SendError::Smtp)?
            }
        };
        if let Security::StartTls { required, tls } = &self.security {
            if conn.can_starttls() {
                within(self.timeout, conn.starttls(tls.clone(), &self.hello))
                    .await?
                    .map_err(SendError::Smtp)?;
            } else if *required {
                conn.abort().await;
                return Err(SendError::Unreachable(
                    "the relay does not offer STARTTLS (SMTP_URL asks for tls=required)".into(),
                ));
            }
        }
        if let Some(credentials) = &self.credentials {
            within(
                self.timeout,
                conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials),
            )
            .await?
            .map_err(SendError::Smtp)?;
        }
        Ok(conn)
    }
}

/// Why a message did not leave.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// What the relay said, or lettre's reading of the dialogue.
    #[error("{0}")]
    Smtp(lettre::transport::smtp::Error),
    #[error("the mail relay cannot be reached: {0}")]
    Unreachable(String),
    #[error("the mail relay did not answer in time")]
    TimedOut,
}

async fn within<T>(
    limit: Duration,
    f: impl std::future::Future<Output = T>,
) -> Result<T, SendError> {
    tokio::time::timeout(limit, f)
        .await
        .map_err(|_| SendError::TimedOut)
}

/// Up to `size` connections to the relay, each carrying one message at a time.
pub struct Connections {
    relay: Relay,
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
    slots: Semaphore,
}

impl Connections {
    pub fn new(relay: Relay, size: usize) -> Self {
        Connections {
            relay,
            idle: Mutex::new(Vec::new()),
            slots: Semaphore::new(size.max(1)),
        }
    }

    /// Sends one message over an idle connection, or a new one when none is idle. A
    /// connection that failed in any way is closed, never used again.
    pub async fn send(&self, envelope: &Envelope, message: &[u8]) -> Result<(), SendError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| SendError::TimedOut)?;
        let mut conn = self.checkout().await?;
        match within(self.relay.timeout, conn.send(envelope, message)).await {
            Ok(Ok(_)) => {
                self.lock().push((conn, Instant::now()));
                Ok(())
            }
            Ok(Err(e)) => {
                conn.abort().await;
                Err(SendError::Smtp(e))
            }
            Err(timed_out) => Err(timed_out),
        }
    }

    async fn checkout(&self) -> Result<AsyncSmtpConnection, SendError> {
        loop {
            let Some((mut conn, since)) = self.lock().pop() else {
                return self.relay.connect().await;
            };
            let idle = since.elapsed();
            if idle < TRUSTED_WHILE_IDLE
                || (idle < IDLE_AT_MOST
                    && within(self.relay.timeout, conn.test_connected())
                        .await
                        .unwrap_or(false))
            {
                return Ok(conn);
            }
            conn.abort().await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(AsyncSmtpConnection, Instant)>> {
        self.idle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay(url: &str) -> Relay {
        Relay::parse(url, Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn smtp_urls_are_read_as_lettre_reads_them() {
        let r = relay("smtp://mail.example.org");
        assert_eq!((r.host.as_str(), r.port), ("mail.example.org", 25));
        assert!(matches!(r.security, Security::Plain));
        assert!(r.credentials.is_none());
        let r = relay("smtp://a%40b:p%3Ass@mail.example.org?tls=required");
        assert_eq!(r.port, 587);
        assert!(matches!(
            r.security,
            Security::StartTls { required: true, .. }
        ));
        assert!(r.credentials.is_some());
        let r = relay("smtp://mail.example.org:2525?tls=opportunistic");
        assert_eq!(r.port, 2525);
        assert!(matches!(
            r.security,
            Security::StartTls {
                required: false,
                ..
            }
        ));
        let r = relay("smtps://mail.example.org/beredskap.example.org");
        assert_eq!(r.port, 465);
        assert!(matches!(r.security, Security::Implicit(_)));
        assert_eq!(r.hello, ClientId::Domain("beredskap.example.org".into()));
        for bad in [
            "http://mail.example.org",
            "smtp://x?tls=sometimes",
            "smtp://",
        ] {
            assert!(Relay::parse(bad, Duration::from_secs(1)).is_err(), "{bad}");
        }
    }
}
