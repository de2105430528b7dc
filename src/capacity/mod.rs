//! Capacity and service level: what today's absence means for customers. The sums live in
//! `erlang` (pure, tested against reference figures); the calculator and the live forecast
//! read queues, team shares and check-ins and hand them to it.
pub mod api;
pub mod backlog;
pub mod calculator;
pub mod chart;
pub mod demo;
pub mod erlang;
pub mod forecast;
pub mod forms;
pub mod ladder;
pub mod live;
pub mod moves;
pub mod numbers;
pub mod profile;
pub mod queue_form;
pub mod queue_views;
pub mod queue_web;
pub mod repo;
pub mod views;
pub mod web;
