//! The questions people are actually asking: what staff tally and file, what the public FAQ's
//! readers search for, view and find (un)helpful, ranked on one board for the communicator, who
//! turns the top question into an answer.
pub mod api;
pub mod board;
pub mod forms;
pub mod public;
pub mod service;
pub mod signals;
pub mod text;
pub mod views;
pub mod web;
