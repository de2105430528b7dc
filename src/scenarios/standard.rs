//! The four standard scenarios, added to an organisation with one click from
//! `seeds/standard_scenarios.toml`, in the organisation's language. Adding twice adds nothing.
use crate::audit::{self, snapshot, Actor, Change};
use crate::entities::{plan_action, scenario, threshold_level};
use crate::error::AppResult;
use crate::i18n::Lang;
use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use serde::Deserialize;
use std::collections::HashMap;

const STANDARD: &str = include_str!("../../seeds/standard_scenarios.toml");

#[derive(Deserialize)]
struct File {
    scenario: Vec<Template>,
}

#[derive(Deserialize)]
struct Template {
    key: String,
    kind: String,
    metric: String,
    probability: i32,
    consequence: i32,
    hysteresis_margin: f64,
    title: HashMap<String, String>,
    description: HashMap<String, String>,
    level: Vec<LevelTemplate>,
    action: Vec<ActionTemplate>,
}

#[derive(Deserialize)]
struct LevelTemplate {
    name: HashMap<String, String>,
    trigger: f64,
    description: HashMap<String, String>,
    /// The prepared FAQ answer for when the level is reached (none for some levels).
    #[serde(default)]
    holding_question: HashMap<String, String>,
    #[serde(default)]
    holding_answer: HashMap<String, String>,
    /// How often the crisis group owes a situation report while the level holds.
    #[serde(default)]
    report_every_hours: Option<i32>,
}

#[derive(Deserialize)]
struct ActionTemplate {
    level: Option<usize>,
    area: String,
    title: HashMap<String, String>,
    description: HashMap<String, String>,
}

fn text(map: &HashMap<String, String>, lang: Lang) -> String {
    map.get(lang.code())
        .or_else(|| map.get("en"))
        .cloned()
        .unwrap_or_default()
}

fn templates() -> anyhow::Result<Vec<Template>> {
    Ok(toml::from_str::<File>(STANDARD)
        .context("seeds/standard_scenarios.toml is not valid")?
        .scenario)
}

/// Adds the standard scenarios the organisation does not have yet; returns how many it added.
pub async fn add_standard_scenarios(
    db: &DatabaseConnection,
    org_id: i32,
    lang: Lang,
    actor: &Actor,
) -> AppResult<usize> {
    let templates = templates()?;
    let txn = db.begin().await?;
    let present: Vec<String> = scenario::Entity::find()
        .filter(scenario::Column::OrganisationId.eq(org_id))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|s| s.standard_key)
        .collect();
    let now = Utc::now();
    let mut added = 0;
    for t in templates.iter().filter(|t| !present.contains(&t.key)) {
        let s = scenario::ActiveModel {
            organisation_id: Set(org_id),
            kind: Set(t.kind.clone()),
            standard_key: Set(Some(t.key.clone())),
            title: Set(text(&t.title, lang)),
            description: Set(text(&t.description, lang)),
            probability: Set(t.probability),
            consequence: Set(t.consequence),
            owner_user_id: Set(None),
            status: Set("monitoring".into()),
            metric: Set(t.metric.clone()),
            hysteresis_margin: Set(t.hysteresis_margin),
            current_level_id: Set(None),
            computed_level_id: Set(None),
            level_set_manually: Set(false),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut level_ids = vec![];
        for (i, l) in t.level.iter().enumerate() {
            let level = threshold_level::ActiveModel {
                organisation_id: Set(org_id),
                scenario_id: Set(s.id),
                position: Set(i as i32),
                name: Set(text(&l.name, lang)),
                trigger_value: Set(l.trigger),
                description: Set(text(&l.description, lang)),
                holding_question: Set(text(&l.holding_question, lang)),
                holding_answer: Set(text(&l.holding_answer, lang)),
                report_every_hours: Set(l.report_every_hours),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            level_ids.push(level.id);
        }
        for (i, a) in t.action.iter().enumerate() {
            plan_action::ActiveModel {
                organisation_id: Set(org_id),
                scenario_id: Set(s.id),
                level_id: Set(a.level.and_then(|l| level_ids.get(l).copied())),
                area: Set(a.area.clone()),
                title: Set(text(&a.title, lang)),
                description: Set(text(&a.description, lang)),
                owner_user_id: Set(None),
                due_date: Set(None),
                status: Set("planned".into()),
                outcome: Set(None),
                outcome_rating: Set(None),
                position: Set(i as i32),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        audit::record(
            &txn,
            actor,
            Change {
                organisation_id: Some(org_id),
                entity: "scenario",
                entity_id: s.id.to_string(),
                action: "add_standard",
                before: None,
                after: snapshot(&s),
            },
        )
        .await?;
        added += 1;
    }
    txn.commit().await?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_set_is_complete_in_both_languages_with_ascending_ladders() {
        let all = templates().unwrap();
        let keys: Vec<&str> = all.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            ["high_absence", "relocation", "workload_up", "workload_down"]
        );
        for t in &all {
            for lang in ["en", "sv"] {
                assert!(
                    t.title.contains_key(lang) && t.description.contains_key(lang),
                    "{} {lang}",
                    t.key
                );
                assert!(
                    t.level
                        .iter()
                        .all(|l| l.name.contains_key(lang) && l.description.contains_key(lang)),
                    "{} {lang}",
                    t.key
                );
                assert!(
                    t.action
                        .iter()
                        .all(|a| a.title.contains_key(lang) && a.description.contains_key(lang)),
                    "{} {lang}",
                    t.key
                );
            }
            let triggers: Vec<f64> = t.level.iter().map(|l| l.trigger).collect();
            assert!(
                crate::scenarios::ladder::check_ascending(&triggers).is_ok(),
                "{}",
                t.key
            );
            assert!(
                t.action
                    .iter()
                    .all(|a| a.level.is_none_or(|l| l < t.level.len())),
                "{}",
                t.key
            );
            for area in ["communication", "staffing", "technology"] {
                assert!(
                    t.action.iter().any(|a| a.area == area),
                    "{} lacks {area}",
                    t.key
                );
            }
            assert!(crate::scenarios::vocab::METRICS.contains(&t.metric.as_str()));
        }
    }
}
