//! Signed session tokens (JWT, HS256) for one person in one organisation.
use chrono::{Duration, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    /// The organisation this session is for.
    pub org: i32,
    pub org_slug: String,
    pub roles: Vec<String>,
    /// The user's token version when issued; a password change bumps it.
    pub ver: i32,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
}

impl Claims {
    pub fn user_id(&self) -> Option<i32> {
        self.sub.parse().ok()
    }
}

pub struct Keys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    secret: Vec<u8>,
}

impl Keys {
    pub fn new(secret: &[u8]) -> Self {
        // Only HS256 is accepted: `alg: none` and algorithm confusion are refused by construction.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 5;
        validation.set_required_spec_claims(&["exp", "sub", "iat"]);
        Keys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            secret: secret.to_vec(),
        }
    }

    /// The raw secret, for HMACs that are not tokens (CSRF form tokens).
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    pub fn issue(
        &self,
        user_id: i32,
        org_id: i32,
        org_slug: &str,
        roles: Vec<String>,
        version: i32,
        lifetime: Duration,
    ) -> anyhow::Result<(String, Claims)> {
        let now = Utc::now();
        let claims = Claims {
            sub: user_id.to_string(),
            org: org_id,
            org_slug: org_slug.to_string(),
            roles,
            ver: version,
            jti: uuid::Uuid::new_v4().to_string(),
            iat: now.timestamp(),
            exp: (now + lifetime).timestamp(),
        };
        let token = encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?;
        Ok((token, claims))
    }

    pub fn decode(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        decode::<Claims>(token, &self.decoding, &self.validation).map(|d| d.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_signed_with_another_secret_is_refused() {
        let ours = Keys::new(b"our secret, long enough for HS256 use");
        let theirs = Keys::new(b"somebody else's secret entirely....");
        let (token, _) = theirs
            .issue(1, 1, "demo", vec!["admin".into()], 0, Duration::hours(1))
            .unwrap();
        assert!(ours.decode(&token).is_err());
    }

    #[test]
    fn an_expired_token_is_refused() {
        let keys = Keys::new(b"our secret, long enough for HS256 use");
        let (token, _) = keys
            .issue(1, 1, "demo", vec![], 0, Duration::minutes(-5))
            .unwrap();
        assert!(keys.decode(&token).is_err());
    }
}
