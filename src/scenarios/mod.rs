//! The scenario register: scenarios with probability, consequence and risk, the risk matrix,
//! threshold ladders and the level each scenario is at.
pub mod api;
pub mod evaluation;
pub mod forms;
pub mod ladder;
pub mod levels;
pub mod repo;
pub mod standard;
pub mod views;
pub mod vocab;
pub mod web;
