//! Talking to the outside: one mail over pooled SMTP, one JSON POST to a chat or webhook
//! endpoint. Each answers with an `Outcome` the worker turns into the row's next state.
use crate::mail::{DeliverError, Mailer, Outgoing};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// How long one webhook may take to answer before it counts as failed (and is retried).
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Sent {
        status: Option<u16>,
    },
    /// Try again later (server down, 5xx, timeout, 429…).
    Retry {
        error: String,
        status: Option<u16>,
        retry_after: Option<i64>,
    },
    /// The endpoint said `410 Gone`: disable it.
    Gone {
        status: u16,
    },
    /// Refused for good (no such mailbox, an address that cannot be parsed).
    Refused {
        error: String,
        status: Option<u16>,
    },
    /// Not sent and never will be: nothing is configured to send it with.
    Cancelled {
        reason: String,
    },
}

pub async fn mail(mailer: Option<&Mailer>, mail: &Outgoing<'_>) -> Outcome {
    let Some(mailer) = mailer else {
        return Outcome::Cancelled {
            reason: "mail is not configured (SMTP_URL is not set)".into(),
        };
    };
    match mailer.deliver(mail).await {
        Ok(()) => Outcome::Sent { status: Some(250) },
        Err(DeliverError::Message(e)) => Outcome::Refused {
            error: format!("{e:#}"),
            status: None,
        },
        Err(DeliverError::Smtp(e)) => {
            let status = e.status().map(u16::from);
            if e.is_permanent() {
                Outcome::Refused {
                    error: e.to_string(),
                    status,
                }
            } else {
                Outcome::Retry {
                    error: e.to_string(),
                    status,
                    retry_after: None,
                }
            }
        }
    }
}

/// The HTTP client for every endpoint: no redirects (an endpoint that moves must be
/// re-registered), a timeout per request, and a user agent that names us.
pub fn http_client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Beredskap/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client settings are static")
}

pub async fn post_json(
    client: &reqwest::Client,
    url: &str,
    body: Vec<u8>,
    headers: &[(&str, String)],
    now: DateTime<Utc>,
) -> Outcome {
    let mut req = client
        .post(url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body);
    for (name, value) in headers {
        req = req.header(*name, value);
    }
    match req.send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            if res.status().is_success() {
                return Outcome::Sent {
                    status: Some(status),
                };
            }
            if status == 410 {
                return Outcome::Gone { status };
            }
            let retry_after = res
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| super::schedule::parse_retry_after(v, now));
            let text = res.text().await.unwrap_or_default();
            let snippet: String = text.chars().take(200).collect();
            Outcome::Retry {
                error: format!(
                    "HTTP {status}{}{snippet}",
                    if snippet.is_empty() { "" } else { ": " }
                ),
                status: Some(status),
                retry_after,
            }
        }
        Err(e) if e.is_timeout() => Outcome::Retry {
            error: format!("no answer within {} s", HTTP_TIMEOUT.as_secs()),
            status: None,
            retry_after: None,
        },
        Err(e) => Outcome::Retry {
            error: format!("could not connect: {}", root_cause(&e)),
            status: None,
            retry_after: None,
        },
    }
}

fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}
