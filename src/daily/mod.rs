//! The crisis group's daily check-in: situation, delivery, wellbeing, absence, decisions, the
//! follow-up of every open action and who attended; opened pre-filled with what changed since
//! yesterday, and kept as a printable daily situation report.
pub mod api;
pub mod cadence;
pub mod forms;
pub mod service;
pub mod views;
pub mod web;
