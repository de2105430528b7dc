//! The personal link in a roll-call message, `/r/{token}`: short enough for a text message
//! (about 25 characters), signed so it cannot be guessed or altered, and tied to one person in
//! one roll-call. Whether it has expired is the roll-call's business (its row says when it
//! started), so nothing is stored per link.
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Bytes of the HMAC kept: 96 bits, far beyond guessing at any rate a server answers.
const MAC_BYTES: usize = 12;

/// A link answers for a day after its roll-call started.
pub const VALID_HOURS: i64 = 24;

fn mac(secret: &[u8], rollcall_id: i32, user_id: i32) -> Vec<u8> {
    let mut m = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    m.update(format!("beredskap-rollcall:{rollcall_id}:{user_id}").as_bytes());
    m.finalize().into_bytes()[..MAC_BYTES].to_vec()
}

pub fn make(secret: &[u8], rollcall_id: i32, user_id: i32) -> String {
    format!(
        "{rollcall_id}-{user_id}-{}",
        B64.encode(mac(secret, rollcall_id, user_id))
    )
}

/// The roll-call and person a genuine token names.
pub fn check(secret: &[u8], token: &str) -> Option<(i32, i32)> {
    let mut parts = token.splitn(3, '-');
    let rollcall_id: i32 = parts.next()?.parse().ok()?;
    let user_id: i32 = parts.next()?.parse().ok()?;
    let sig = B64.decode(parts.next()?).ok()?;
    use subtle::ConstantTimeEq;
    bool::from(mac(secret, rollcall_id, user_id).ct_eq(&sig)).then_some((rollcall_id, user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn a_token_names_its_rollcall_and_person_and_nothing_else() {
        let t = make(KEY, 12, 3456);
        assert!(t.len() <= 28, "{t} is too long for a text message");
        assert_eq!(check(KEY, &t), Some((12, 3456)));
        assert_eq!(check(b"another key, just as long.......", &t), None);
        let sig = t.rsplit('-').next().unwrap();
        assert_eq!(check(KEY, &format!("12-3457-{sig}")), None);
        assert_eq!(check(KEY, &format!("13-3456-{sig}")), None);
        assert_eq!(check(KEY, "12-3456"), None);
        assert_eq!(check(KEY, "12-3456-AAAA"), None);
        assert_eq!(check(KEY, ""), None);
        assert_eq!(check(KEY, "--"), None);
    }
}
