//! Digit replies to roll-call texts, posted back by the gateway: 46elks posts the form
//! `from`, `to`, `message` and sends whatever plain text we answer as a reply; Twilio posts
//! `From`, `To`, `Body`, signs it with `X-Twilio-Signature` (HMAC-SHA1 of the full URL and
//! the sorted fields under the account's auth token) and takes a TwiML answer. 46elks does not
//! sign, so the address itself carries a secret key: `/api/v1/sms/inbound/{key}`.
use super::forms::answer_for_digit;
use super::service::{self, Answered};
use crate::entities::{rollcall, rollcall_recipient, user};
use crate::error::{AppError, AppResult, Problem};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::{post, web, HttpRequest, HttpResponse};
use base64::Engine;
use chrono::Duration;
use hmac::{Hmac, Mac};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The secret part of the address the gateway is given (derived from the server secret).
pub fn inbound_key(secret: &[u8]) -> String {
    let mut m = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(b"beredskap-sms-inbound");
    hex::encode(&m.finalize().into_bytes()[..16])
}

/// The address to give the gateway for replies.
pub fn inbound_url(state: &AppState) -> String {
    format!(
        "{}/api/v1/sms/inbound/{}",
        state.settings.public_url(),
        inbound_key(state.keys.secret())
    )
}

/// Twilio's signature over `url` and the posted fields.
pub fn twilio_signature(auth_token: &str, url: &str, fields: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = fields.iter().collect();
    sorted.sort();
    let mut m = Hmac::<sha1::Sha1>::new_from_slice(auth_token.as_bytes())
        .expect("HMAC takes any key length");
    m.update(url.as_bytes());
    for (k, v) in sorted {
        m.update(k.as_bytes());
        m.update(v.as_bytes());
    }
    base64::engine::general_purpose::STANDARD.encode(m.finalize().into_bytes())
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A digit reply from a phone. Answers 200 with a reply text (46elks) or TwiML (Twilio);
/// 404 for a wrong key or without a gateway, 403 for a Twilio post whose signature is wrong.
#[utoipa::path(params(("key" = String, Path)), request_body(content = String, content_type = "application/x-www-form-urlencoded"), responses((status = 200, description = "The reply to send back, as plain text (46elks) or TwiML (Twilio)"), (status = 403, body = Problem), (status = 404, body = Problem)), tag = "rollcalls")]
#[post("/sms/inbound/{key}")]
pub async fn sms_inbound(
    state: web::Data<AppState>,
    key: web::Path<String>,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    use subtle::ConstantTimeEq;
    let expected = inbound_key(state.keys.secret());
    let (Some(gateway), true) = (
        state.sms.as_deref(),
        bool::from(expected.as_bytes().ct_eq(key.as_bytes())),
    ) else {
        return Err(AppError::NotFound);
    };
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let twilio = gateway.provider == crate::delivery::sms::Provider::Twilio;
    let (from, text) = if twilio {
        let url = format!("{}{}", state.settings.public_url(), req.uri());
        let given = req
            .headers()
            .get("x-twilio-signature")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let wanted = twilio_signature(gateway.auth_token(), &url, &fields);
        if given.is_empty() || !bool::from(wanted.as_bytes().ct_eq(given.as_bytes())) {
            return Err(AppError::Forbidden);
        }
        (field(&fields, "From"), field(&fields, "Body"))
    } else {
        (field(&fields, "from"), field(&fields, "message"))
    };
    let reply = match (from, text) {
        (Some(from), Some(text)) => answer_reply(&state, from.trim(), text).await?,
        _ => None,
    };
    Ok(if twilio {
        let inner = reply
            .map(|r| format!("<Message>{}</Message>", xml_escape(&r)))
            .unwrap_or_default();
        HttpResponse::Ok()
            .content_type("text/xml; charset=utf-8")
            .body(format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{inner}</Response>"
            ))
    } else {
        // 46elks sends a non-empty body back as a reply; an empty one sends nothing.
        HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body(reply.unwrap_or_default())
    })
}

/// Records the digit for the sender's roll-calls of the last day and says what was recorded;
/// `None` (no reply) for a number nobody has, so strangers are not answered.
async fn answer_reply(state: &AppState, from: &str, text: &str) -> AppResult<Option<String>> {
    let people = user::Entity::find()
        .filter(user::Column::Phone.eq(from))
        .all(&state.db)
        .await?;
    let Some(first) = people.first() else {
        return Ok(None);
    };
    let lang = first
        .language
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or(Lang::Sv);
    let since = state.clock.now() - Duration::hours(super::token::VALID_HOURS);
    let ids: Vec<i32> = people.iter().map(|u| u.id).collect();
    let asked = rollcall_recipient::Entity::find()
        .filter(rollcall_recipient::Column::UserId.is_in(ids))
        .order_by_desc(rollcall_recipient::Column::RollcallId)
        .all(&state.db)
        .await?;
    // The latest roll-call per organisation, if it is less than a day old.
    let mut seen_orgs = vec![];
    let mut latest = vec![];
    for r in asked {
        if seen_orgs.contains(&r.organisation_id) {
            continue;
        }
        seen_orgs.push(r.organisation_id);
        if let Some(rc) = rollcall::Entity::find_by_id(r.rollcall_id)
            .one(&state.db)
            .await?
            .filter(|rc| rc.created_at >= since)
        {
            latest.push((rc, r.user_id));
        }
    }
    if latest.is_empty() {
        return Ok(None);
    }
    let Some(status) = answer_for_digit(text) else {
        return Ok(Some(lang.t("rollcall.sms_help")));
    };
    let mut recorded = false;
    for (rc, user_id) in &latest {
        match service::answer(state, rc.id, *user_id, status, "sms").await {
            Ok(Answered::Recorded { .. }) => recorded = true,
            Ok(Answered::Expired) => {}
            Err(e) => {
                tracing::warn!(error = ?e, rollcall = rc.id, "an SMS answer was not recorded")
            }
        }
    }
    Ok(recorded.then(|| {
        lang.tf(
            "rollcall.sms_thanks",
            &[("status", &lang.t(&format!("checkins.status.{status}")))],
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_signature_matches_their_documented_example() {
        // Twilio's documentation example: this URL, these fields and auth token 12345 sign
        // as 0/KCTR6DLpKmkAf8muzZqo1nDgQ=.
        let fields: Vec<(String, String)> = [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+12349013030"),
            ("Digits", "1234"),
            ("From", "+12349013030"),
            ("To", "+18005551212"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            twilio_signature(
                "12345",
                "https://mycompany.com/myapp.php?foo=1&bar=2",
                &fields
            ),
            "0/KCTR6DLpKmkAf8muzZqo1nDgQ="
        );
    }
}
