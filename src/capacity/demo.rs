//! The demo organisation's queues and who staffs them, from `seeds/demo.toml`, so `/capacity`
//! tells a story on first start.
use super::forms::QueueInput;
use crate::entities::{queue, queue_share, queue_skill};
use anyhow::Context;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Deserialize, Clone)]
pub struct DemoQueue {
    #[serde(flatten)]
    pub settings: QueueInput,
    /// Team (its key in the words files) → share of its present time, %.
    #[serde(default)]
    pub teams: HashMap<String, f64>,
    /// E-mail addresses of the people trained for the queue.
    #[serde(default)]
    pub trained: Vec<String>,
}

/// Inserts the queues; returns their ids by name for the task inventory.
pub async fn seed_queues(
    db: &impl ConnectionTrait,
    org_id: i32,
    queues: &[DemoQueue],
    teams: &HashMap<String, i32>,
    users: &HashMap<String, i32>,
) -> anyhow::Result<HashMap<String, i32>> {
    let now = Utc::now();
    let mut ids = HashMap::new();
    for d in queues {
        let input = d.settings.clone();
        let s = input
            .check()
            .map_err(|e| anyhow::anyhow!("demo queue {} is not valid: {e:?}", input.name))?;
        let q = queue::ActiveModel {
            organisation_id: Set(org_id),
            name: Set(s.name.clone()),
            kind: Set(s.kind.clone()),
            interval_minutes: Set(s.interval_minutes),
            opening_hours: Set(s.opening_hours.stored()),
            weekday_volumes: Set(s.weekday_volumes.stored()),
            profile: Set(s
                .profile
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
                .join(",")),
            target_service_level: Set(s.target_service_level),
            target_seconds: Set(s.target_seconds),
            aht_seconds: Set(s.aht_seconds),
            concurrency: Set(s.concurrency),
            patience_seconds: Set(s.patience_seconds),
            max_occupancy: Set(s.max_occupancy),
            shrinkage: Set(s.shrinkage),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (team, share) in &d.teams {
            let team_id = *teams
                .get(team)
                .with_context(|| format!("unknown demo team {team}"))?;
            queue_share::ActiveModel {
                organisation_id: Set(org_id),
                queue_id: Set(q.id),
                team_id: Set(team_id),
                share_pct: Set(*share),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        for email in &d.trained {
            let user_id = *users
                .get(email)
                .with_context(|| format!("unknown demo person {email}"))?;
            queue_skill::ActiveModel {
                organisation_id: Set(org_id),
                queue_id: Set(q.id),
                user_id: Set(user_id),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        ids.insert(q.name.clone(), q.id);
    }
    Ok(ids)
}
