//! A delivery error in words a communicator understands ("the mail server refused the
//! connection"), from the technical text the senders keep. The technical text stays on the
//! board, folded under the words, for whoever has to fix it.
use crate::i18n::Lang;

/// Why a message did not arrive, as a catalogue key under `delivery.why`.
fn cause(error: &str, to_mail: bool) -> &'static str {
    let e = error.to_ascii_lowercase();
    let http = e
        .strip_prefix("http ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse::<u16>().ok());
    if let Some(code) = http {
        return match code {
            401 | 403 => "credentials",
            404 => "not_found",
            408 => "timeout",
            413 => "too_large",
            429 => "slow_down",
            300..=399 => "redirect",
            500..=599 => "server_error",
            _ => "not_accepted",
        };
    }
    if e.contains("not configured") || e.contains("smtp_url is not set") {
        "mail_off"
    } else if e.contains("410 gone") {
        "gone"
    } else if e.starts_with("not sent:") {
        "not_allowed"
    } else if e.contains("connection refused") {
        if to_mail {
            "mail_refused"
        } else {
            "refused"
        }
    } else if e.contains("no answer within") || e.contains("timed out") || e.contains("timeout") {
        if to_mail {
            "mail_timeout"
        } else {
            "timeout"
        }
    } else if e.contains("dns")
        || e.contains("lookup")
        || e.contains("name or service not known")
        || e.contains("no such host")
    {
        "no_host"
    } else if e.contains("certificate") || e.contains("tls") || e.contains("handshake") {
        "tls"
    } else if e.contains("cannot be read") {
        "bad_address"
    } else if to_mail
        && (e.contains("mailbox")
            || e.contains("recipient")
            || e.contains("550")
            || e.contains("553"))
    {
        "mailbox"
    } else if to_mail && e.contains("permanent") {
        "mail_rejected"
    } else if to_mail && e.contains("transient") {
        "mail_busy"
    } else if e.contains("connection") || e.contains("broken pipe") || e.contains("reset") {
        "connection"
    } else if e.contains("sms gateway") {
        "sms"
    } else {
        "other"
    }
}

/// The error in the reader's words; "gave up after N attempts: …" keeps its count.
pub fn in_words(lang: Lang, error: &str, to_mail: bool) -> String {
    let (gave_up, rest) = match error.strip_prefix("gave up after ") {
        Some(r) => match r.split_once(" attempts: ") {
            Some((n, rest)) => (n.parse::<i64>().ok(), rest),
            None => (None, error),
        },
        None => (None, error),
    };
    let why = lang.t(&format!("delivery.why.{}", cause(rest, to_mail)));
    match gave_up {
        Some(n) => lang.tn("delivery.why.gave_up", n, &[("why", &why)]),
        None => why,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_mail_connection_reads_as_the_mail_server_refusing_it() {
        let e = "Connection error: Connection refused (os error 111)";
        assert_eq!(
            in_words(Lang::En, e, true),
            "the mail server refused the connection"
        );
        assert_eq!(in_words(Lang::Sv, e, true), "e-postservern vägrade ansluta");
    }

    #[test]
    fn http_answers_and_timeouts_read_as_what_the_receiver_did() {
        assert_eq!(
            in_words(Lang::En, "HTTP 500: the endpoint had a server error", false),
            "the receiving service had a fault of its own"
        );
        assert_eq!(
            in_words(Lang::En, "no answer within 10 s", false),
            "the receiving service did not answer in time"
        );
        assert_eq!(
            in_words(
                Lang::En,
                "gave up after 8 attempts: HTTP 503: the endpoint had a server error",
                false
            ),
            "gave up after 8 attempts: the receiving service had a fault of its own"
        );
        assert_eq!(
            in_words(Lang::En, "not sent: 10.0.0.1 is a private address", false),
            "the address is on a private network that channels may not reach"
        );
    }
}
