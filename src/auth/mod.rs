//! Who is asking, and may they: passwords, tokens, sessions, roles, throttling, CSRF.
pub mod api;
pub mod csrf;
pub mod extract;
pub mod forms;
pub mod password;
pub mod repo;
pub mod roles;
pub mod service;
pub mod sessions;
pub mod throttle;
pub mod token;
pub mod views;
pub mod web;

pub use extract::{Authorized, CurrentUser};
pub use roles::{Role, RoleSet};

/// The page session cookie: an HttpOnly, SameSite=Lax JWT.
pub const SESSION_COOKIE: &str = "beredskap_session";

/// Over HTTPS cookies carry the `__Host-` prefix: the browser then takes them only when they
/// are Secure, for the whole site and without a `Domain`, so a neighbouring subdomain cannot
/// plant or overwrite them.
pub fn cookie_name(base: &'static str, secure: bool) -> String {
    if secure {
        format!("__Host-{base}")
    } else {
        base.to_string()
    }
}
