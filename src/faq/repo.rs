//! Reading FAQ entries, revisions and publications, always within one organisation.
use crate::entities::{faq_entry, faq_revision, publication};
use crate::error::{AppError, AppResult};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

pub async fn get(db: &impl ConnectionTrait, org_id: i32, id: i32) -> AppResult<faq_entry::Model> {
    faq_entry::Entity::find_by_id(id)
        .filter(faq_entry::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Every entry, drafts and withdrawn ones too, for the communicators' list.
pub async fn all(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<faq_entry::Model>> {
    Ok(faq_entry::Entity::find()
        .filter(faq_entry::Column::OrganisationId.eq(org_id))
        .order_by_asc(faq_entry::Column::Category)
        .order_by_asc(faq_entry::Column::Position)
        .order_by_asc(faq_entry::Column::Id)
        .all(db)
        .await?)
}

/// Published entries in reading order; `public_only` for the public page and feed.
pub async fn published(
    db: &impl ConnectionTrait,
    org_id: i32,
    public_only: bool,
) -> AppResult<Vec<faq_entry::Model>> {
    let mut q = faq_entry::Entity::find()
        .filter(faq_entry::Column::OrganisationId.eq(org_id))
        .filter(faq_entry::Column::Status.eq("published"));
    if public_only {
        q = q.filter(faq_entry::Column::Visibility.eq("public"));
    }
    Ok(q.order_by_asc(faq_entry::Column::Category)
        .order_by_asc(faq_entry::Column::Position)
        .order_by_asc(faq_entry::Column::Id)
        .all(db)
        .await?)
}

/// Newest first.
pub async fn revisions(
    db: &impl ConnectionTrait,
    org_id: i32,
    entry_id: i32,
) -> AppResult<Vec<faq_revision::Model>> {
    Ok(faq_revision::Entity::find()
        .filter(faq_revision::Column::OrganisationId.eq(org_id))
        .filter(faq_revision::Column::EntryId.eq(entry_id))
        .order_by_desc(faq_revision::Column::Number)
        .all(db)
        .await?)
}

pub async fn publication(
    db: &impl ConnectionTrait,
    org_id: i32,
    id: i32,
) -> AppResult<publication::Model> {
    publication::Entity::find_by_id(id)
        .filter(publication::Column::OrganisationId.eq(org_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The latest publications, newest first.
pub async fn publications(
    db: &impl ConnectionTrait,
    org_id: i32,
    entry_id: Option<i32>,
    limit: u64,
) -> AppResult<Vec<publication::Model>> {
    // Roll-call messages have their own page.
    let mut q = publication::Entity::find()
        .filter(publication::Column::OrganisationId.eq(org_id))
        .filter(publication::Column::RollcallId.is_null());
    if let Some(e) = entry_id {
        q = q.filter(publication::Column::EntryId.eq(e));
    }
    Ok(q.order_by_desc(publication::Column::CreatedAt)
        .order_by_desc(publication::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Entries whose answer is held back while someone is still working on it, and whose promised
/// update time has passed.
pub fn update_overdue(e: &faq_entry::Model, now: chrono::DateTime<chrono::Utc>) -> bool {
    e.working_on_it && e.next_update_at.is_some_and(|at| at < now)
}

/// Categories in reading order, each with its entries; entries without one come last.
pub fn by_category(entries: &[faq_entry::Model]) -> Vec<(String, Vec<&faq_entry::Model>)> {
    let mut out: Vec<(String, Vec<&faq_entry::Model>)> = vec![];
    for e in entries.iter().filter(|e| !e.category.is_empty()) {
        match out.iter_mut().find(|(c, _)| *c == e.category) {
            Some((_, list)) => list.push(e),
            None => out.push((e.category.clone(), vec![e])),
        }
    }
    let rest: Vec<_> = entries.iter().filter(|e| e.category.is_empty()).collect();
    if !rest.is_empty() {
        out.push((String::new(), rest));
    }
    out
}

/// A case-insensitive match on question, answer and category.
pub fn matches(e: &faq_entry::Model, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    q.is_empty()
        || e.question.to_lowercase().contains(&q)
        || e.answer_md.to_lowercase().contains(&q)
        || e.category.to_lowercase().contains(&q)
}
