//! Organisations, their teams and people, and each person's roles there.
pub mod api;
pub mod forms;
pub mod invitations;
pub mod invitations_views;
pub mod invitations_web;
pub mod members;
pub mod members_web;
pub mod phone;
pub mod repo;
pub mod settings_web;
pub mod team_leads;
pub mod team_leads_web;
pub mod teams_web;
pub mod views;
