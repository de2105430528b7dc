//! Roll-call: one message to everyone (or a team) asking where they will work today, answered
//! in one tap from a personal link or a digit by SMS without signing in; reminders for those
//! who have not answered, their names to their team leads at the deadline, and the summary to
//! the crisis group. And the team leads' weekly wellbeing calls to people working from home.
pub mod answer_web;
pub mod api;
pub mod forms;
pub mod levels;
pub mod messages;
pub mod service;
pub mod sms_inbound;
pub mod status;
pub mod tick;
pub mod token;
pub mod views;
pub mod web;
pub mod wellbeing;
pub mod wellbeing_web;
