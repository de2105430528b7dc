//! Assignments and answers. Templates live in `templates`, readiness in `readiness`;
//! both are re-exported here so callers name one module.
use super::logic::{self, Standing};
pub use super::readiness::*;
pub use super::templates::*;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{checklist_answer, checklist_assignment, checklist_item, checklist_response};
use crate::error::{AppError, AppResult, FieldErrors};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
                // Named by its question, in the order the checklist asks them.
                e.add_with(
                    &format!("items[{}]", m.id),
                    "required",
                    "This field is required.",
                    &[("label", &m.question)],
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
