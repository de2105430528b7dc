//! sea-orm entities: storage types only. Forms and API bodies are their own types.
pub mod audit_event;
pub mod login_failure;
pub mod membership;
pub mod organisation;
pub mod revoked_token;
pub mod team;
pub mod user;
