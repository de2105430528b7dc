//! Beredskap: business continuity and crisis management for customer-service organisations.
rust_i18n::i18n!("locales", fallback = "en");

pub mod audit;
pub mod auth;
pub mod checkins;
pub mod cli;
pub mod clock;
pub mod comms;
pub mod config;
pub mod daily;
pub mod dashboard;
pub mod db;
pub mod entities;
pub mod error;
pub mod i18n;
pub mod mail;
pub mod metrics;
pub mod openapi;
pub mod orgs;
pub mod plans;
pub mod routes;
pub mod scenarios;
pub mod seeds;
pub mod startup;
pub mod tasks;
pub mod telemetry;
pub mod trends;
pub mod ui;
