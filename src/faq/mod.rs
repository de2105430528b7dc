//! The FAQ: one answer per common question, written by communicators and published to every
//! channel at once (the public page, its JSON and Atom feed, the staff knowledge base, mail
//! subscribers, chat and webhooks, and open browsers). Delivery itself lives in `delivery`.
pub mod api;
pub mod cache;
pub mod diff;
pub mod embed;
pub mod forms;
pub mod holding;
pub mod knowledge;
pub mod markdown;
pub mod public;
pub mod public_views;
pub mod repo;
pub mod service;
pub mod subscribe_web;
pub mod views;
pub mod web;
