//! Outgoing mail over `SMTP_URL`: messages built with lettre, sent over our own pool of
//! connections to the relay (see [`relay`]).
pub mod relay;

use crate::config::Settings;
use anyhow::Context;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::Message;
use std::time::Duration;

pub struct Mailer {
    connections: relay::Connections,
    from: Mailbox,
    /// The host of `PUBLIC_URL`, the right-hand side of every `Message-ID` we make.
    host: String,
}

impl Mailer {
    /// `None` when no `SMTP_URL` is set: features fall back to in-app messages.
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Option<Self>> {
        let Some(url) = settings.smtp_url.as_deref().filter(|u| !u.is_empty()) else {
            return Ok(None);
        };
        let relay = relay::Relay::parse(url, Duration::from_secs(15))
            .with_context(|| "SMTP_URL is not a valid smtp:// or smtps:// address")?;
        // Connections are reused across a fan-out; as many as the worker sends at once.
        let connections = relay::Connections::new(relay, settings.mail_connections.clamp(1, 256));
        let from: Mailbox = settings
            .mail_from
            .parse()
            .with_context(|| format!("MAIL_FROM {:?} is not an address", settings.mail_from))?;
        Ok(Some(Mailer {
            connections,
            from,
            host: settings.public_host(),
        }))
    }

    /// One message to one person, in their language (`Content-Language`).
    pub async fn send(
        &self,
        to: &str,
        language: crate::i18n::Lang,
        subject: &str,
        text: &str,
        html: &str,
    ) -> anyhow::Result<()> {
        let message = self.build(&Outgoing {
            to,
            subject,
            text,
            html,
            message_id: None,
            list_unsubscribe: None,
            language: Some(language.code()),
        })?;
        self.connections
            .send(message.envelope(), &message.formatted())
            .await
            .context("the SMTP server refused or did not answer")?;
        Ok(())
    }

    /// Sends one message and hands back lettre's own error, so the caller can tell a
    /// permanent refusal (no such mailbox) from a transient one (server down).
    pub async fn deliver(&self, mail: &Outgoing<'_>) -> Result<(), DeliverError> {
        let message = self.build(mail).map_err(DeliverError::Message)?;
        self.connections
            .send(message.envelope(), &message.formatted())
            .await
            .map_err(DeliverError::Send)?;
        Ok(())
    }

    fn build(&self, mail: &Outgoing<'_>) -> anyhow::Result<Message> {
        let to = mail.to;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to
                .parse()
                .with_context(|| format!("{to:?} is not an address"))?)
            .subject(mail.subject);
        // Every mail has an id of our own (RFC 5322 says it should); lettre would name the
        // machine's host name instead of the address people know us by.
        let id = match mail.message_id {
            Some(id) => id.to_string(),
            None => format!("<{}@{}>", uuid::Uuid::new_v4().simple(), self.host),
        };
        builder = builder.message_id(Some(id));
        if let Some(lang) = mail.language {
            // RFC 3282: the language of the content, for screen readers and mail filters.
            builder = builder.raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("Content-Language"),
                lang.to_string(),
            ));
        }
        if let Some(url) = mail.list_unsubscribe {
            // RFC 2369 and RFC 8058: one-click unsubscribe from the mail client's own button.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let (text, html) = (mail.text, mail.html);
        Ok(builder.multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(text.to_string()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(html.to_string()),
                ),
        )?)
    }
}

/// One outgoing message.
pub struct Outgoing<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
    pub html: &'a str,
    /// `<id@host>`; the same on every retry so receivers can tell a duplicate.
    pub message_id: Option<&'a str>,
    /// Where one click unsubscribes (`List-Unsubscribe` and `List-Unsubscribe-Post`).
    pub list_unsubscribe: Option<&'a str>,
    /// `en` or `sv`, sent as `Content-Language`.
    pub language: Option<&'a str>,
}

#[derive(Debug, thiserror::Error)]
pub enum DeliverError {
    #[error("the message could not be built: {0:#}")]
    Message(anyhow::Error),
    #[error("SMTP: {0}")]
    Send(relay::SendError),
}
