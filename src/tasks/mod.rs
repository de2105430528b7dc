//! The task inventory: work tasks and case types, what makes them critical or movable, and a
//! ranking for the scenario at hand that says why each task sits where it does.
pub mod api;
pub mod forms;
pub mod impact;
pub mod ranking;
pub mod repo;
pub mod views;
pub mod web;
