//! Home-working readiness: versioned checklists answered on a phone, readiness per team,
//! blockers grouped by item, and the designated home-working testers.
pub mod api;
pub mod logic;
pub mod service;
pub mod testers;
pub mod web;
