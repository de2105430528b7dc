//! Action plans: actions per scenario and level in the three areas, with owner, due date,
//! status and an outcome review; progress per plan and "my actions" for everyone.
pub mod api;
pub mod export;
pub mod forms;
pub mod repo;
pub mod views;
pub mod web;
