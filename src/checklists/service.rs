//! Templates (each edit a new version), assignments, answers and readiness.
use super::logic::{self, Standing};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{
    checklist_answer, checklist_assignment, checklist_item, checklist_response, checklist_template,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::scenarios::vocab::check_one_of;
use anyhow::Context;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

pub const STANDARD_FAMILY: &str = "home-working";
const STANDARD: &str = include_str!("../../seeds/home_working_checklist.toml");

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
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
    db: &DatabaseConnection,
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

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AssignInput {
    /// None: all staff.
    pub team_id: Option<i32>,
    /// `YYYY-MM-DD`.
    pub due_date: String,
}

pub async fn assign(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    family: &str,
    input: &AssignInput,
) -> AppResult<checklist_assignment::Model> {
    let org_id = actor.org_id();
    current(db, org_id, family)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let due = NaiveDate::parse_from_str(input.due_date.trim(), "%Y-%m-%d").ok();
    if due.is_none() {
        errors.add("due_date", "date", "Enter a date as YYYY-MM-DD.");
    }
    if let Some(t) = input.team_id {
        if crate::orgs::repo::team(db, org_id, t).await.is_err() {
            errors.add(
                "team_id",
                "unknown_team",
                "Choose one of this organisation's teams.",
            );
        }
    }
    errors.into_result()?;
    let txn = db.begin().await?;
    let a = checklist_assignment::ActiveModel {
        organisation_id: Set(org_id),
        family: Set(family.to_string()),
        team_id: Set(input.team_id),
        due_date: Set(due.unwrap_or_default()),
        created_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "checklist_assignment",
            entity_id: a.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&a),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a)
}

pub async fn assignments(
    db: &impl ConnectionTrait,
    org_id: i32,
    family: &str,
) -> AppResult<Vec<checklist_assignment::Model>> {
    Ok(checklist_assignment::Entity::find()
        .filter(checklist_assignment::Column::OrganisationId.eq(org_id))
        .filter(checklist_assignment::Column::Family.eq(family))
        .order_by_asc(checklist_assignment::Column::DueDate)
        .all(db)
        .await?)
}

/// The earliest due date of the assignments that reach a person (all staff, or their team).
pub fn due_for(
    assignments: &[checklist_assignment::Model],
    team_id: Option<i32>,
) -> Option<NaiveDate> {
    assignments
        .iter()
        .filter(|a| a.team_id.is_none() || a.team_id == team_id)
        .map(|a| a.due_date)
        .min()
}

/// A person's latest response in a family (any version), with its answers.
pub async fn latest_response(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    family: &str,
) -> AppResult<Option<(checklist_response::Model, Vec<(i32, String)>)>> {
    let Some(r) = checklist_response::Entity::find()
        .filter(checklist_response::Column::OrganisationId.eq(org_id))
        .filter(checklist_response::Column::UserId.eq(user_id))
        .filter(checklist_response::Column::Family.eq(family))
        .order_by_desc(checklist_response::Column::TemplateId)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let answers = checklist_answer::Entity::find()
        .filter(checklist_answer::Column::ResponseId.eq(r.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.item_id, a.value))
        .collect();
    Ok(Some((r, answers)))
}

/// The person's response on the current version, made on first answer. Answers to questions
/// that did not change carry over from their previous version.
async fn response_on_current(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    family: &str,
) -> AppResult<(checklist_response::Model, Vec<checklist_item::Model>)> {
    let (t, items) = current(db, org_id, family)
        .await?
        .ok_or(AppError::NotFound)?;
    let previous = latest_response(db, org_id, user_id, family).await?;
    if let Some((r, _)) = previous.as_ref().filter(|(r, _)| r.template_id == t.id) {
        return Ok((r.clone(), items));
    }
    let now = Utc::now();
    checklist_response::Entity::insert(checklist_response::ActiveModel {
        organisation_id: Set(org_id),
        user_id: Set(user_id),
        template_id: Set(t.id),
        family: Set(family.to_string()),
        submitted_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            checklist_response::Column::OrganisationId,
            checklist_response::Column::UserId,
            checklist_response::Column::TemplateId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let (r, _) = latest_response(db, org_id, user_id, family)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some((old, old_answers)) = previous {
        let old_items = items_of(db, old.template_id).await?;
        for it in &items {
            let carried = old_items
                .iter()
                .find(|o| o.question == it.question && o.kind == it.kind)
                .and_then(|o| old_answers.iter().find(|(id, _)| *id == o.id));
            if let Some((_, v)) = carried {
                save_answer(db, org_id, r.id, it.id, v).await?;
            }
        }
    }
    Ok((r, items))
}

async fn save_answer(
    db: &impl ConnectionTrait,
    org_id: i32,
    response_id: i32,
    item_id: i32,
    value: &str,
) -> AppResult<()> {
    checklist_answer::Entity::insert(checklist_answer::ActiveModel {
        organisation_id: Set(org_id),
        response_id: Set(response_id),
        item_id: Set(item_id),
        value: Set(value.trim().to_string()),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            checklist_answer::Column::ResponseId,
            checklist_answer::Column::ItemId,
        ])
        .update_columns([
            checklist_answer::Column::Value,
            checklist_answer::Column::UpdatedAt,
        ])
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Saves answers (item id → value) on the current version; submits when asked and complete.
pub async fn answer(
    db: &DatabaseConnection,
    actor: &CurrentUser,
    family: &str,
    answers: &[(i32, String)],
    submit: bool,
) -> AppResult<Standing> {
    let org_id = actor.org_id();
    let txn = db.begin().await?;
    let (r, items) = response_on_current(&txn, org_id, actor.user_id(), family).await?;
    let mut errors = FieldErrors::default();
    for (item_id, value) in answers {
        match items.iter().find(|i| i.id == *item_id) {
            None => errors.add(
                &format!("items[{item_id}]"),
                "unknown_item",
                "This question is not on the current checklist.",
            ),
            Some(item) => {
                if let Err(code) = logic::check_answer(item, value) {
                    errors.add(
                        &format!("items[{item_id}]"),
                        code,
                        "This answer does not fit the question.",
                    );
                }
            }
        }
    }
    errors.into_result()?;
    for (item_id, value) in answers {
        save_answer(&txn, org_id, r.id, *item_id, value).await?;
    }
    let (_, saved) = latest_response(&txn, org_id, actor.user_id(), family)
        .await?
        .ok_or(AppError::NotFound)?;
    if submit {
        let missing: Vec<&checklist_item::Model> = items
            .iter()
            .filter(|i| {
                i.kind != "text"
                    && saved
                        .iter()
                        .find(|(id, _)| *id == i.id)
                        .is_none_or(|(_, v)| v.trim().is_empty())
            })
            .collect();
        if !missing.is_empty() {
            let mut e = FieldErrors::default();
            for m in missing {
                e.add(
                    &format!("items[{}]", m.id),
                    "required",
                    "This field is required.",
                );
            }
            return Err(AppError::Validation(e));
        }
        let mut row: checklist_response::ActiveModel = r.clone().into();
        row.submitted_at = Set(Some(Utc::now()));
        row.updated_at = Set(Utc::now());
        row.update(&txn).await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "checklist_response",
            entity_id: r.id.to_string(),
            action: if submit { "submit" } else { "answer" },
            before: None,
            after: Some(serde_json::json!({ "answers": answers })),
        },
    )
    .await?;
    txn.commit().await?;
    let submitted = submit || r.submitted_at.is_some();
    Ok(logic::standing(&items, &saved, submitted))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Blocker {
    pub question: String,
    pub people: usize,
    /// Filled only for roles allowed to see who.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ReadinessCount {
    pub expected: usize,
    pub ready: usize,
    pub blocked: usize,
    pub unfinished: usize,
    /// Could work from home today: ready over expected, in %.
    pub readiness_pct: Option<f64>,
    /// Not submitted, and past the due date.
    pub overdue: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TeamReadiness {
    pub team_id: Option<i32>,
    pub team_name: Option<String>,
    #[serde(flatten)]
    pub count: ReadinessCount,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    pub family: String,
    pub overall: ReadinessCount,
    pub teams: Vec<TeamReadiness>,
    /// Blocking items with how many people they stop, most first.
    pub blockers: Vec<Blocker>,
}

/// Who could work from home today, per team, and what stops the rest.
pub async fn readiness(
    db: &impl ConnectionTrait,
    org_id: i32,
    family: &str,
    today: NaiveDate,
    with_names: bool,
) -> AppResult<Readiness> {
    let assigned = assignments(db, org_id, family).await?;
    let expected = crate::checkins::repo::headcount(db, org_id).await?;
    let members = crate::orgs::members::list(db, org_id).await?;
    let teams = crate::orgs::repo::list_teams(db, org_id).await?;
    let mut item_cache: HashMap<i32, Vec<checklist_item::Model>> = HashMap::new();
    let mut overall = ReadinessCount::default();
    let mut per_team: Vec<(Option<i32>, ReadinessCount)> = teams
        .iter()
        .map(|t| (Some(t.id), ReadinessCount::default()))
        .chain([(None, ReadinessCount::default())])
        .collect();
    let mut blockers: HashMap<String, Vec<String>> = HashMap::new();
    for e in &expected {
        let due = due_for(&assigned, e.team_id);
        let latest = latest_response(db, org_id, e.user_id, family).await?;
        let standing = match &latest {
            None => Standing::Unfinished { left: usize::MAX },
            Some((r, answers)) => {
                if let std::collections::hash_map::Entry::Vacant(v) =
                    item_cache.entry(r.template_id)
                {
                    v.insert(items_of(db, r.template_id).await?);
                }
                logic::standing(
                    &item_cache[&r.template_id],
                    answers,
                    r.submitted_at.is_some(),
                )
            }
        };
        let submitted = latest
            .as_ref()
            .is_some_and(|(r, _)| r.submitted_at.is_some());
        let slot = per_team
            .iter_mut()
            .position(|(t, _)| *t == e.team_id)
            .unwrap_or(per_team.len() - 1);
        for c in [&mut overall, &mut per_team[slot].1] {
            c.expected += 1;
            match &standing {
                Standing::Ready => c.ready += 1,
                Standing::Blocked(_) => c.blocked += 1,
                Standing::Unfinished { .. } => c.unfinished += 1,
            }
            if !submitted && due.is_some_and(|d| d < today) {
                c.overdue += 1;
            }
        }
        if let (Standing::Blocked(ids), Some((r, _))) = (&standing, &latest) {
            let name = members
                .iter()
                .find(|m| m.user.id == e.user_id)
                .map(|m| m.user.display_name.clone())
                .unwrap_or_default();
            for id in ids {
                if let Some(item) = item_cache[&r.template_id].iter().find(|i| i.id == *id) {
                    blockers
                        .entry(item.question.clone())
                        .or_default()
                        .push(name.clone());
                }
            }
        }
    }
    let pct = |c: &mut ReadinessCount| {
        c.readiness_pct = (c.expected > 0).then(|| 100.0 * c.ready as f64 / c.expected as f64)
    };
    pct(&mut overall);
    let mut blockers: Vec<Blocker> = blockers
        .into_iter()
        .map(|(question, mut names)| {
            names.sort();
            Blocker {
                question,
                people: names.len(),
                names: if with_names { names } else { vec![] },
            }
        })
        .collect();
    blockers.sort_by(|a, b| {
        b.people
            .cmp(&a.people)
            .then_with(|| a.question.cmp(&b.question))
    });
    Ok(Readiness {
        family: family.to_string(),
        overall,
        teams: per_team
            .into_iter()
            .filter(|(t, c)| t.is_some() || c.expected > 0)
            .map(|(t, mut c)| {
                pct(&mut c);
                TeamReadiness {
                    team_id: t,
                    team_name: t
                        .and_then(|id| teams.iter().find(|x| x.id == id))
                        .map(|x| x.name.clone()),
                    count: c,
                }
            })
            .collect(),
        blockers,
    })
}
