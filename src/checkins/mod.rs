//! Daily check-ins: staff say each morning whether they are available and how they feel; the
//! crisis group sees absence per team move live and holds its daily check-in from it.
pub mod absence;
pub mod api;
pub mod calendar;
pub mod export;
pub mod forms;
pub mod notifier;
pub mod reminders;
pub mod repo;
pub mod service;
pub mod views;
pub mod vtimezone;
pub mod web;
pub mod writer;
