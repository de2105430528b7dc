//! Text messages through an SMS gateway: 46elks (form fields `from`, `to`, `message`) or
//! Twilio (`From`, `To`, `Body`), both with HTTP basic auth taken from `SMS_URL`'s userinfo.
//! One send answers with an `Outcome` the outbox worker understands: sent, try again later
//! (the gateway down, 5xx, 429 with its Retry-After, wrong credentials until they are fixed),
//! or refused for good (a number the gateway will not take).
use super::senders::Outcome;
use crate::config::Settings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Provider {
    FortySixElks,
    Twilio,
}

/// The gateway as configured. Its credentials never appear in logs or on the board.
#[derive(Clone)]
pub struct SmsGateway {
    pub provider: Provider,
    /// The endpoint without the credentials.
    pub endpoint: url::Url,
    user: String,
    password: String,
    pub from: String,
    /// The operator set the gateway's address, so it is not held to `OUTBOUND_ALLOW` (which
    /// is for endpoints admins enter in the app); a send gives up after 15 seconds.
    pub client: reqwest::Client,
}

impl std::fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsGateway")
            .field("provider", &self.provider)
            .field("endpoint", &self.endpoint.as_str())
            .field("from", &self.from)
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// `None` without `SMS_URL`; an error names what is wrong with the settings.
    pub fn from_settings(s: &Settings) -> anyhow::Result<Option<Self>> {
        let Some(raw) = s
            .sms_url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
        else {
            return Ok(None);
        };
        let provider = match s.sms_provider.trim().to_ascii_lowercase().as_str() {
            "46elks" => Provider::FortySixElks,
            "twilio" => Provider::Twilio,
            other => anyhow::bail!("SMS_PROVIDER must be 46elks or twilio, not {other:?}"),
        };
        let mut endpoint =
            url::Url::parse(raw).map_err(|e| anyhow::anyhow!("SMS_URL is not a URL: {e}"))?;
        anyhow::ensure!(
            matches!(endpoint.scheme(), "http" | "https"),
            "SMS_URL must be an http or https address"
        );
        let user = urlencoding_decode(endpoint.username());
        let password = urlencoding_decode(endpoint.password().unwrap_or(""));
        anyhow::ensure!(
            !user.is_empty(),
            "SMS_URL must carry the gateway's user name and password as userinfo"
        );
        let _ = endpoint.set_username("");
        let _ = endpoint.set_password(None);
        let from = s.sms_from.trim().to_string();
        anyhow::ensure!(!from.is_empty(), "SMS_FROM must not be empty");
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .connect_timeout(std::time::Duration::from_secs(5))
            .build()?;
        Ok(Some(SmsGateway {
            provider,
            endpoint,
            user,
            password,
            from,
            client,
        }))
    }

    /// The gateway's auth token (the password in `SMS_URL`): Twilio signs its webhooks with it.
    pub fn auth_token(&self) -> &str {
        &self.password
    }

    fn form<'a>(&'a self, to: &'a str, message: &'a str) -> [(&'static str, &'a str); 3] {
        match self.provider {
            Provider::FortySixElks => [
                ("from", self.from.as_str()),
                ("to", to),
                ("message", message),
            ],
            Provider::Twilio => [("From", self.from.as_str()), ("To", to), ("Body", message)],
        }
    }
}

fn urlencoding_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// Sends one text. The reasons are our own words, never the gateway's body.
pub async fn send(client: &reqwest::Client, g: &SmsGateway, to: &str, message: &str) -> Outcome {
    let res = client
        .post(g.endpoint.clone())
        .basic_auth(&g.user, Some(&g.password))
        .form(&g.form(to, message))
        .send()
        .await;
    let res = match res {
        Ok(r) => r,
        Err(e) => {
            let error = if e.is_timeout() {
                "the SMS gateway did not answer in time".to_string()
            } else if e.is_connect() {
                "the SMS gateway could not be reached".to_string()
            } else {
                "the SMS gateway's answer could not be read".to_string()
            };
            return Outcome::Retry {
                error,
                status: None,
                retry_after: None,
            };
        }
    };
    let status = res.status().as_u16();
    let retry_after = res
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok());
    match status {
        200..=299 => Outcome::Sent {
            status: Some(status),
        },
        429 => Outcome::Retry {
            error: "HTTP 429: the SMS gateway asked us to slow down".into(),
            status: Some(status),
            retry_after,
        },
        401 | 403 => Outcome::Retry {
            error: format!(
                "HTTP {status}: the SMS gateway refused our credentials (check SMS_URL)"
            ),
            status: Some(status),
            retry_after: None,
        },
        408 | 500..=599 => Outcome::Retry {
            error: format!("HTTP {status}: the SMS gateway had a server error"),
            status: Some(status),
            retry_after,
        },
        _ => Outcome::Refused {
            error: format!("HTTP {status}: the SMS gateway would not take this number or message"),
            status: Some(status),
        },
    }
}
