//! Capacity and service level: what today's absence means for customers. The sums live in
//! `erlang` (pure, tested against reference figures); the calculator and the live forecast
//! read queues, team shares and check-ins and hand them to it.
pub mod api;
pub mod calculator;
pub mod erlang;
pub mod numbers;
