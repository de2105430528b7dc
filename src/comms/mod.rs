//! The communication plan: per audience an owner, a deputy, channels and a cadence; "we
//! communicated now" sets the next due time, and a missed one shows as overdue. Also the
//! organisation's rules for remote meetings, and the one person who communicates through
//! every layer of the organisation.
pub mod api;
pub mod forms;
pub mod repo;
pub mod views;
pub mod web;
