//! Home-working readiness: versioned checklists answered on a phone, readiness per team,
//! blockers grouped by item, and the designated home-working testers.
pub mod api;
pub mod editor;
pub mod logic;
pub mod readiness;
pub mod service;
pub mod templates;
pub mod testers;
pub mod web;
