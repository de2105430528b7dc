//! Black-box tests: a real server on 127.0.0.1, a fresh database per test, a real HTTP client.
//! `BEREDSKAP_TEST_DB=postgres` runs the same tests on PostgreSQL.
mod faq_support;
mod fixtures;
mod forms;
mod helpers;
mod smtp_sink;
mod webhook_sink;

mod audit_trail;
mod auth_api;
mod auth_pages;
mod capacity_calculator;
mod capacity_forecast;
mod checkins_api;
mod checkins_pages;
mod checkins_reminders;
mod checklists_api;
mod contacts;
mod csrf;
mod demo_and_cli;
mod faq_delivery;
mod faq_publish;
mod i18n;
mod members;
mod openapi;
mod operability;
mod plan_actions;
mod plan_comms;
mod plan_pages;
mod plan_scenarios;
mod plan_tasks;
mod roles;
mod security;
mod streams;
mod team_leads;
mod tenancy;
mod validation;
