//! Checklist templates: a family of versions; an edit writes the next version.
use super::logic;
use crate::audit::{self, snapshot, Actor, Change};
use crate::entities::{checklist_item, checklist_template};
use crate::error::{AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::scenarios::vocab::check_one_of;
use anyhow::Context;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

pub const STANDARD_FAMILY: &str = "home-working";
const STANDARD: &str = include_str!("../../seeds/home_working_checklist.toml");

#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ItemInput {
    /// `yes_no`, `choice`, `number` or `text`.
    pub kind: String,
    pub question: String,
    pub help: String,
    /// For `choice`: one option per line.
    pub options: String,
    /// What blocks home working: `no` (yes/no), blocking options one per line (choice), a minimum (number).
    pub blocks_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct TemplateInput {
    pub title: String,
    pub description: String,
    pub items: Vec<ItemInput>,
}

impl TemplateInput {
    pub fn check(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        if !(1..=160).contains(&self.title.trim().chars().count()) {
            e.add_with(
                "title",
                "length",
                "Use between 1 and 160 characters.",
                &[("min", "1"), ("max", "160")],
            );
        }
        if self.items.is_empty() {
            e.add("items", "required", "A checklist needs at least one item.");
        }
        for (i, it) in self.items.iter().enumerate() {
            check_one_of(&mut e, &format!("items[{i}].kind"), &it.kind, logic::KINDS);
            if !(1..=500).contains(&it.question.trim().chars().count()) {
                e.add_with(
                    &format!("items[{i}].question"),
                    "length",
                    "Use between 1 and 500 characters.",
                    &[("min", "1"), ("max", "500")],
                );
            }
            let options: Vec<&str> = it
                .options
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let b = it.blocks_on.trim();
            match it.kind.as_str() {
                "choice" if options.len() < 2 => e.add(
                    &format!("items[{i}].options"),
                    "options",
                    "A choice needs at least two options, one per line.",
                ),
                "choice"
                    if b.lines()
                        .map(str::trim)
                        .any(|x| !x.is_empty() && !options.contains(&x)) =>
                {
                    e.add(
                        &format!("items[{i}].blocks_on"),
                        "one_of",
                        "Blocking answers must be among the options.",
                    )
                }
                "yes_no" if !b.is_empty() && b != "no" && b != "yes" => e.add(
                    &format!("items[{i}].blocks_on"),
                    "one_of",
                    "Use yes, no or nothing.",
                ),
                "number" if !b.is_empty() && b.replace(',', ".").parse::<f64>().is_err() => e.add(
                    &format!("items[{i}].blocks_on"),
                    "number",
                    "Enter a number.",
                ),
                _ => {}
            }
        }
        e
    }
}

pub async fn current(
    db: &impl ConnectionTrait,
    org_id: i32,
    family: &str,
) -> AppResult<Option<(checklist_template::Model, Vec<checklist_item::Model>)>> {
    let Some(t) = checklist_template::Entity::find()
        .filter(checklist_template::Column::OrganisationId.eq(org_id))
        .filter(checklist_template::Column::Family.eq(family))
        .filter(checklist_template::Column::IsCurrent.eq(true))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let items = items_of(db, t.id).await?;
    Ok(Some((t, items)))
}

pub async fn items_of(
    db: &impl ConnectionTrait,
    template_id: i32,
) -> AppResult<Vec<checklist_item::Model>> {
    Ok(checklist_item::Entity::find()
        .filter(checklist_item::Column::TemplateId.eq(template_id))
        .order_by_asc(checklist_item::Column::Position)
        .all(db)
        .await?)
}

pub async fn families(
    db: &impl ConnectionTrait,
    org_id: i32,
) -> AppResult<Vec<checklist_template::Model>> {
    Ok(checklist_template::Entity::find()
        .filter(checklist_template::Column::OrganisationId.eq(org_id))
        .filter(checklist_template::Column::IsCurrent.eq(true))
        .order_by_asc(checklist_template::Column::Title)
        .all(db)
        .await?)
}

/// Writes the next version of a family; earlier versions and their answers stay as they were.
pub async fn new_version(
    db: &(impl ConnectionTrait + TransactionTrait),
    org_id: i32,
    family: &str,
    input: &TemplateInput,
    actor: &Actor,
) -> AppResult<checklist_template::Model> {
    input.check().into_result()?;
    let txn = db.begin().await?;
    let previous = current(&txn, org_id, family).await?;
    let version = previous.as_ref().map(|(t, _)| t.version + 1).unwrap_or(1);
    if let Some((p, _)) = &previous {
        checklist_template::Entity::update_many()
            .col_expr(
                checklist_template::Column::IsCurrent,
                sea_orm::sea_query::Expr::value(false),
            )
            .filter(checklist_template::Column::Id.eq(p.id))
            .exec(&txn)
            .await?;
    }
    let now = Utc::now();
    let t = checklist_template::ActiveModel {
        organisation_id: Set(org_id),
        family: Set(family.to_string()),
        version: Set(version),
        title: Set(input.title.trim().to_string()),
        description: Set(input.description.trim().to_string()),
        is_current: Set(true),
        created_by_user_id: Set(actor.user_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => crate::scenarios::repo::conflict(),
        _ => e.into(),
    })?;
    for (i, it) in input.items.iter().enumerate() {
        checklist_item::ActiveModel {
            organisation_id: Set(org_id),
            template_id: Set(t.id),
            position: Set(i as i32),
            kind: Set(it.kind.clone()),
            question: Set(it.question.trim().to_string()),
            help: Set(it.help.trim().to_string()),
            options: Set(it.options.trim().to_string()),
            blocks_on: Set(it.blocks_on.trim().to_string()),
            created_at: Set(now),
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
            entity: "checklist",
            entity_id: format!("{family}/v{version}"),
            action: if version == 1 {
                "create"
            } else {
                "new_version"
            },
            before: previous.as_ref().and_then(|(t, _)| snapshot(t)),
            after: snapshot(&serde_json::json!({ "template": &t, "items": &input.items })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(t)
}

#[derive(Deserialize)]
struct StandardFile {
    family: String,
    title: HashMap<String, String>,
    description: HashMap<String, String>,
    item: Vec<HashMap<String, toml::Value>>,
}

/// Adds the standard home-working checklist once, in the organisation's language.
pub async fn add_standard(
    db: &DatabaseConnection,
    org_id: i32,
    lang: Lang,
    actor: &Actor,
) -> AppResult<bool> {
    let file: StandardFile =
        toml::from_str(STANDARD).context("seeds/home_working_checklist.toml is not valid")?;
    if current(db, org_id, &file.family).await?.is_some() {
        return Ok(false);
    }
    let text = |v: Option<&toml::Value>| -> String {
        match v {
            Some(toml::Value::Table(t)) => t
                .get(lang.code())
                .or_else(|| t.get("en"))
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            Some(toml::Value::String(s)) => s.clone(),
            _ => String::new(),
        }
    };
    let pick = |m: &HashMap<String, String>| {
        m.get(lang.code())
            .or_else(|| m.get("en"))
            .cloned()
            .unwrap_or_default()
    };
    let input = TemplateInput {
        title: pick(&file.title),
        description: pick(&file.description),
        items: file
            .item
            .iter()
            .map(|it| ItemInput {
                kind: it
                    .get("kind")
                    .and_then(|k| k.as_str())
                    .unwrap_or("text")
                    .to_string(),
                question: text(it.get("question")),
                help: text(it.get("help")),
                options: text(it.get("options")),
                blocks_on: text(it.get("blocks_on")),
            })
            .collect(),
    };
    new_version(db, org_id, &file.family, &input, actor).await?;
    Ok(true)
}
