//! Talking to the outside: one mail over pooled SMTP, one JSON POST to a chat or webhook
//! endpoint. Each answers with an `Outcome` the worker turns into the row's next state.
use super::outbound::{Blocked, OutboundPolicy};
use crate::mail::relay::SendError;
use crate::mail::{DeliverError, Mailer, Outgoing};
use chrono::{DateTime, Utc};
use std::sync::Arc;
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

impl Outcome {
    /// The outcome as `/metrics` counts it: `sent`, `retry`, `failed` or `cancelled`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Sent { .. } => "sent",
            Outcome::Retry { .. } => "retry",
            Outcome::Gone { .. } | Outcome::Refused { .. } => "failed",
            Outcome::Cancelled { .. } => "cancelled",
        }
    }
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
        Err(DeliverError::Send(SendError::Smtp(e))) => {
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
        Err(DeliverError::Send(e)) => Outcome::Retry {
            error: e.to_string(),
            status: None,
            retry_after: None,
        },
    }
}

/// The HTTP client for every endpoint: no redirects (an endpoint that moves must be
/// re-registered), no proxy from the environment (it would resolve names for us), a resolver
/// that hands out only addresses the outbound policy allows, a timeout per request, and a
/// user agent that names us.
pub fn http_client(policy: &Arc<OutboundPolicy>) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .dns_resolver(policy.resolver())
        .user_agent(concat!("Beredskap/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("the HTTP client settings are static")
}

/// Our own words for an answer that was not a success. The receiver's body is never kept or
/// shown: an endpoint pointed at an internal service must not become a way to read it.
fn status_reason(status: u16) -> &'static str {
    match status {
        400 | 422 => "the endpoint did not accept the message",
        401 | 403 => "the endpoint refused our credentials",
        404 => "the endpoint was not found",
        408 => "the endpoint timed out",
        413 => "the message was too large for the endpoint",
        429 => "the endpoint asked us to slow down",
        500..=599 => "the endpoint had a server error",
        300..=399 => "the endpoint redirected (redirects are not followed)",
        _ => "the endpoint did not accept the message",
    }
}

pub async fn post_json(
    client: &reqwest::Client,
    policy: &OutboundPolicy,
    url: &str,
    body: Vec<u8>,
    headers: &[(&str, String)],
    now: DateTime<Utc>,
) -> Outcome {
    // An address written as an IP never reaches the resolver: check it here.
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(_) => {
            return Outcome::Refused {
                error: "the channel's address cannot be read".into(),
                status: None,
            }
        }
    };
    if let Err(refusal) = policy.check_parsed(&parsed) {
        return Outcome::Refused {
            error: format!("not sent: {refusal}"),
            status: None,
        };
    }
    let mut req = client
        .post(parsed)
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
            Outcome::Retry {
                error: format!("HTTP {status}: {}", status_reason(status)),
                status: Some(status),
                retry_after,
            }
        }
        Err(e) if e.is_timeout() => Outcome::Retry {
            error: format!("no answer within {} s", HTTP_TIMEOUT.as_secs()),
            status: None,
            retry_after: None,
        },
        Err(e) if blocked(&e).is_some() => Outcome::Refused {
            error: format!(
                "not sent: {}",
                blocked(&e).map(|b| b.0.to_string()).unwrap_or_default()
            ),
            status: None,
        },
        Err(_) => Outcome::Retry {
            error: "could not connect to the endpoint".into(),
            status: None,
            retry_after: None,
        },
    }
}

/// The outbound policy's refusal, when that is why the request failed.
fn blocked<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a Blocked> {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if let Some(b) = err.downcast_ref::<Blocked>() {
            return Some(b);
        }
        cur = err.source();
    }
    None
}
