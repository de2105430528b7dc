//! Signed tokens in subscription links: no table of tokens to leak or clean up. A token names
//! its purpose, the subscriber and their address, so it stops working if the row is reused
//! for another address; confirmation tokens expire after a week, unsubscribe tokens never do
//! (an old mail's link must still work).
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const CONFIRM_DAYS: i64 = 7;

fn mac(secret: &[u8], payload: &str) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(b"beredskap-subscription:");
    m.update(payload.as_bytes());
    m.finalize().into_bytes().to_vec()
}

pub fn make(secret: &[u8], purpose: &str, subscriber_id: i32, email: &str, issued: i64) -> String {
    let payload = format!(
        "{purpose}:{subscriber_id}:{issued}:{}",
        email.to_lowercase()
    );
    format!(
        "{}.{}",
        B64.encode(&payload),
        B64.encode(mac(secret, &payload))
    )
}

/// The subscriber id and address when the token is genuine, of this purpose and not expired.
pub fn check(secret: &[u8], token: &str, purpose: &str, now: i64) -> Option<(i32, String)> {
    let (p, sig) = token.split_once('.')?;
    let payload = String::from_utf8(B64.decode(p).ok()?).ok()?;
    let sig = B64.decode(sig).ok()?;
    use subtle::ConstantTimeEq;
    if !bool::from(mac(secret, &payload).ct_eq(&sig)) {
        return None;
    }
    let mut parts = payload.splitn(4, ':');
    let (kind, id, issued, email) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if kind != purpose {
        return None;
    }
    let issued: i64 = issued.parse().ok()?;
    if purpose == "confirm" && now - issued > CONFIRM_DAYS * 86_400 {
        return None;
    }
    Some((id.parse().ok()?, email.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_check_purpose_signature_and_age() {
        let k = b"0123456789abcdef0123456789abcdef";
        let t = make(k, "confirm", 7, "A@Example.org", 1_000);
        assert_eq!(
            check(k, &t, "confirm", 2_000),
            Some((7, "a@example.org".into()))
        );
        assert_eq!(check(k, &t, "unsubscribe", 2_000), None);
        assert_eq!(
            check(b"another key, just as long......", &t, "confirm", 2_000),
            None
        );
        assert_eq!(check(k, &t, "confirm", 1_000 + 8 * 86_400), None);
        let u = make(k, "unsubscribe", 7, "a@example.org", 1_000);
        assert!(check(k, &u, "unsubscribe", 1_000 + 400 * 86_400).is_some());
        let forged = format!("{}.{}", t.split('.').next().unwrap(), "AAAA");
        assert_eq!(check(k, &forged, "confirm", 2_000), None);
    }
}
