//! Writing and publishing answers. Publishing writes, in one transaction, the entry, its new
//! revision, a publication and one outbox row per channel target; the delivery worker is woken
//! after the commit. Nothing is sent from inside the request.
use super::forms::{parse_when, FaqEntryFields, FaqEntryInput, NoNewsInput};
use super::repo;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::delivery::enqueue;
use crate::entities::{faq_entry, faq_revision, publication};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set, TransactionTrait};

/// What a write did: the entry as it now stands, and the publication when it went out.
pub struct Written {
    pub entry: faq_entry::Model,
    pub publication: Option<publication::Model>,
}

fn tz(actor: &CurrentUser) -> chrono_tz::Tz {
    actor.org.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

/// This instance's public renderings are stale at once (a communicator who looks sees the
/// change); the worker then delivers everywhere else.
fn after_commit(state: &AppState, org_id: i32) {
    state.public_cache.invalidate(org_id);
    state.delivery.kick();
}

fn wants_draft(input: &FaqEntryInput) -> bool {
    input.action.trim() == "draft"
}

fn apply(row: &mut faq_entry::ActiveModel, f: &FaqEntryFields) {
    row.question = Set(f.question.clone());
    row.answer_md = Set(f.answer_md.clone());
    row.category = Set(f.category.clone());
    row.position = Set(f.position);
    row.visibility = Set(f.visibility.clone());
    row.internal_note = Set(f.internal_note.clone());
    row.working_on_it = Set(f.working_on_it);
    row.next_update_at = Set(f.next_update_at);
}

pub async fn create(
    state: &AppState,
    actor: &CurrentUser,
    input: FaqEntryInput,
) -> AppResult<Written> {
    let now = state.clock.now();
    let fields = input.check(tz(actor), now).map_err(AppError::Validation)?;
    let txn = state.db.begin().await?;
    let mut row = faq_entry::ActiveModel {
        organisation_id: Set(actor.org_id()),
        status: Set("draft".into()),
        revision_count: Set(0),
        first_published_at: Set(None),
        last_published_at: Set(None),
        checked_at: Set(None),
        version: Set(1),
        created_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    apply(&mut row, &fields);
    let draft = row.insert(&txn).await?;
    let source = crate::questions::service::Source {
        topic_id: input.topic_id,
        search: input.search.clone(),
    };
    if !source.is_empty() {
        crate::questions::service::link(&txn, actor, draft.id, &source).await?;
    }
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "faq_entry",
            entity_id: draft.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&draft),
        },
    )
    .await?;
    let written = if wants_draft(&input) {
        Written {
            entry: draft,
            publication: None,
        }
    } else {
        publish_in(&txn, actor, draft, None, "new", now).await?
    };
    txn.commit().await?;
    after_commit(state, actor.org_id());
    Ok(written)
}

/// Saves an edit. A published entry is always published again (one press, every channel);
/// a draft may stay a draft.
pub async fn update(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: FaqEntryInput,
) -> AppResult<Written> {
    let now = state.clock.now();
    let before = repo::get(&state.db, actor.org_id(), id).await?;
    let (fields, mut errors) = match input.check(tz(actor), now) {
        Ok(f) => (Some(f), FieldErrors::default()),
        Err(e) => (None, e),
    };
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    errors.into_result()?;
    let Some(fields) = fields else {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "checked input without fields"
        )));
    };
    let version = input.version.unwrap_or_default();
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    apply(&mut row, &fields);
    let stays_draft = before.status == "draft" && wants_draft(&input);
    let written = if stays_draft {
        let entry = save(&txn, row, id, version, now).await?;
        audit_update(&txn, actor, &before, &entry, "update").await?;
        Written {
            entry,
            publication: None,
        }
    } else {
        let kind = if before.revision_count == 0 {
            "new"
        } else {
            "changed"
        };
        publish_in(&txn, actor, before, Some((row, version)), kind, now).await?
    };
    txn.commit().await?;
    after_commit(state, actor.org_id());
    Ok(written)
}

/// "No news": the answer was checked and still stands. Refreshes the checked-at time on every
/// channel; a new promised time keeps "still working on it", none ends it.
pub async fn no_news(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    input: NoNewsInput,
) -> AppResult<Written> {
    let now = state.clock.now();
    let before = repo::get(&state.db, actor.org_id(), id).await?;
    let mut errors = FieldErrors::default();
    let mut next = None;
    if !input.next_update_at.trim().is_empty() {
        match parse_when(&input.next_update_at, tz(actor)) {
            Some(at) if at > now => next = Some(at),
            Some(_) => errors.add(
                "next_update_at",
                "not_future",
                "The promised update must be in the future.",
            ),
            None => errors.add(
                "next_update_at",
                "datetime",
                "Enter a date and time as YYYY-MM-DD HH:MM.",
            ),
        }
    }
    if input.version.is_none() {
        errors.add("version", "required", "This field is required.");
    }
    if before.status != "published" {
        errors.add(
            "status",
            "not_published",
            "Only a published answer can be confirmed unchanged.",
        );
    }
    errors.into_result()?;
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.working_on_it = Set(next.is_some());
    row.next_update_at = Set(next);
    let written = publish_in(
        &txn,
        actor,
        before,
        Some((row, input.version.unwrap_or_default())),
        "no_news",
        now,
    )
    .await?;
    txn.commit().await?;
    after_commit(state, actor.org_id());
    Ok(written)
}

/// Takes an answer off every page; browsers showing it refresh. Subscribers and chat channels
/// are not told (there is nothing to read).
pub async fn withdraw(
    state: &AppState,
    actor: &CurrentUser,
    id: i32,
    version: Option<i32>,
) -> AppResult<Written> {
    let now = state.clock.now();
    let before = repo::get(&state.db, actor.org_id(), id).await?;
    let Some(version) = version else {
        return Err(AppError::Validation(FieldErrors::single(
            "version",
            "required",
            "This field is required.",
        )));
    };
    if before.status != "published" {
        return Err(AppError::Validation(FieldErrors::single(
            "status",
            "not_published",
            "Only a published answer can be withdrawn.",
        )));
    }
    let txn = state.db.begin().await?;
    let mut row = before.clone().into_active_model();
    row.status = Set("withdrawn".into());
    let entry = save(&txn, row, id, version, now).await?;
    audit_update(&txn, actor, &before, &entry, "withdraw").await?;
    let p = publication::ActiveModel {
        organisation_id: Set(entry.organisation_id),
        kind: Set("faq_withdrawn".into()),
        entry_id: Set(Some(entry.id)),
        revision_id: Set(None),
        level_change_id: Set(None),
        title: Set(entry.question.clone()),
        created_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::log::system(
        &txn,
        entry.organisation_id,
        "faq_withdrawn",
        entry.question.clone(),
        None,
        now,
    )
    .await?;
    enqueue::faq_publication(
        &txn,
        &p,
        entry.id,
        &format!("faq-w{}", p.id),
        entry.visibility == "public",
        now,
    )
    .await?;
    txn.commit().await?;
    after_commit(state, actor.org_id());
    Ok(Written {
        entry,
        publication: Some(p),
    })
}

async fn save(
    db: &impl ConnectionTrait,
    mut row: faq_entry::ActiveModel,
    id: i32,
    version: i32,
    now: DateTime<Utc>,
) -> AppResult<faq_entry::Model> {
    row.version = Set(version.saturating_add(1));
    row.updated_at = Set(now);
    crate::db::save_if_version(
        db,
        row,
        (faq_entry::Column::Id, id),
        (faq_entry::Column::Version, version),
    )
    .await?;
    <faq_entry::Entity as sea_orm::EntityTrait>::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn audit_update(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    before: &faq_entry::Model,
    after: &faq_entry::Model,
    action: &str,
) -> AppResult<()> {
    audit::record(
        db,
        &Actor::from(actor),
        Change {
            organisation_id: Some(actor.org_id()),
            entity: "faq_entry",
            entity_id: after.id.to_string(),
            action,
            before: snapshot(before),
            after: snapshot(after),
        },
    )
    .await?;
    Ok(())
}

/// The heart of it: entry, revision, publication and outbox in the caller's transaction.
/// `edit` carries the changed row and the version the editor started from; a fresh draft
/// being published right after creation has none.
async fn publish_in(
    txn: &impl ConnectionTrait,
    actor: &CurrentUser,
    before: faq_entry::Model,
    edit: Option<(faq_entry::ActiveModel, i32)>,
    kind: &str,
    now: DateTime<Utc>,
) -> AppResult<Written> {
    let (mut row, version) =
        edit.unwrap_or_else(|| (before.clone().into_active_model(), before.version));
    let number = before.revision_count + 1;
    row.status = Set("published".into());
    row.revision_count = Set(number);
    row.checked_at = Set(Some(now));
    if kind != "no_news" {
        row.last_published_at = Set(Some(now));
    }
    if before.first_published_at.is_none() {
        row.first_published_at = Set(Some(now));
    }
    let entry = save(txn, row, before.id, version, now).await?;
    let revision = faq_revision::ActiveModel {
        organisation_id: Set(entry.organisation_id),
        entry_id: Set(entry.id),
        number: Set(number),
        kind: Set(kind.into()),
        question: Set(entry.question.clone()),
        answer_md: Set(entry.answer_md.clone()),
        internal_note: Set(entry.internal_note.clone()),
        category: Set(entry.category.clone()),
        visibility: Set(entry.visibility.clone()),
        working_on_it: Set(entry.working_on_it),
        next_update_at: Set(entry.next_update_at),
        author_user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let p = publication::ActiveModel {
        organisation_id: Set(entry.organisation_id),
        kind: Set(format!("faq_{kind}")),
        entry_id: Set(Some(entry.id)),
        revision_id: Set(Some(revision.id)),
        level_change_id: Set(None),
        title: Set(entry.question.clone()),
        created_by_user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    enqueue::faq_publication(
        txn,
        &p,
        entry.id,
        &format!("faq-r{}", revision.id),
        entry.visibility == "public",
        now,
    )
    .await?;
    audit_update(txn, actor, &before, &entry, &format!("publish_{kind}")).await?;
    let event = if kind == "no_news" {
        "faq_no_news"
    } else {
        "faq_published"
    };
    crate::log::system(
        txn,
        entry.organisation_id,
        event,
        entry.question.clone(),
        None,
        now,
    )
    .await?;
    Ok(Written {
        entry,
        publication: Some(p),
    })
}
