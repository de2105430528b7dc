//! sea-orm entities: storage types only. Forms and API bodies are their own types.
pub mod audit_event;
pub mod communication_plan;
pub mod level_change;
pub mod login_failure;
pub mod meeting_rule;
pub mod membership;
pub mod organisation;
pub mod plan_action;
pub mod revoked_token;
pub mod scenario;
pub mod team;
pub mod threshold_level;
pub mod user;
pub mod work_task;
