//! Writing the signals staff and readers give: a tally on an answer, a new question (grouped with
//! those that say the same thing), a reader's verdict, and the link from a question or a search
//! to the answer written for it. Every write is in the audit trail.
use super::forms::{AskedInput, FeedbackInput, QuestionInput};
use super::text::{best_match, normalise, search_key};
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{
    faq_ask, faq_entry, faq_feedback, faq_search_count, question, question_topic,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::faq::repo;
use crate::state::AppState;
use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

/// Topics asked within this many days are candidates for a new question to join.
pub const GROUP_WITHIN_DAYS: i64 = 30;
/// At most this many recent topics are compared with a new question.
const MAX_CANDIDATES: u64 = 2_000;

/// What a tally did.
pub struct Tallied {
    pub entry: faq_entry::Model,
    /// False when this person had already tallied this answer today.
    pub counted: bool,
    pub day: NaiveDate,
    /// Everyone's tallies of this answer today.
    pub today: u64,
}

/// "Asked again": once per person per answer per local day; a second tap the same day is
/// answered with the count, not counted again.
pub async fn tally(
    state: &AppState,
    actor: &CurrentUser,
    entry_id: i32,
    input: &AskedInput,
) -> AppResult<Tallied> {
    let channel = input.check().map_err(AppError::Validation)?;
    let entry = repo::get(&state.db, actor.org_id(), entry_id).await?;
    if entry.status != "published" {
        return Err(AppError::Conflict(
            "Only published answers can be tallied; this one is not published.".into(),
        ));
    }
    let day = crate::checkins::service::today(state, &actor.org.time_zone);
    let txn = state.db.begin().await?;
    let row = faq_ask::ActiveModel {
        organisation_id: Set(actor.org_id()),
        faq_entry_id: Set(entry.id),
        user_id: Set(actor.user_id()),
        day: Set(day),
        channel: Set(channel),
        created_at: Set(state.clock.now()),
        ..Default::default()
    };
    use faq_ask::Column as C;
    let inserted = faq_ask::Entity::insert(row.clone())
        .on_conflict(
            OnConflict::columns([C::FaqEntryId, C::UserId, C::Day])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    let counted = inserted > 0;
    if counted {
        audit::record(
            &txn,
            &Actor::from(actor),
            Change {
                organisation_id: Some(actor.org_id()),
                entity: "faq_ask",
                entity_id: entry.id.to_string(),
                action: "create",
                before: None,
                after: Some(serde_json::json!({
                    "faq_entry_id": entry.id,
                    "day": day,
                    "channel": row.channel.as_ref(),
                })),
            },
        )
        .await?;
    }
    let today = faq_ask::Entity::find()
        .filter(C::FaqEntryId.eq(entry.id))
        .filter(C::Day.eq(day))
        .count(&txn)
        .await?;
    txn.commit().await?;
    Ok(Tallied {
        entry,
        counted,
        day,
        today,
    })
}

/// What filing a question did.
pub struct Filed {
    pub question: question::Model,
    pub topic: question_topic::Model,
    /// Questions in the topic, this one included.
    pub asked: u64,
    /// The published answer the question already has, if any.
    pub answered_by: Option<faq_entry::Model>,
}

/// Files a new question. It joins the recent topic it is most like, or the published answer
/// whose question it repeats (staff then see the answer exists), or starts a topic of its own.
pub async fn file(
    state: &AppState,
    actor: &CurrentUser,
    input: &QuestionInput,
) -> AppResult<Filed> {
    let checked = input.check().map_err(AppError::Validation)?;
    let now = state.clock.now();
    let org_id = actor.org_id();
    let txn = state.db.begin().await?;
    let recent = question_topic::Entity::find()
        .filter(question_topic::Column::OrganisationId.eq(org_id))
        .filter(question_topic::Column::LastAskedAt.gt(now - Duration::days(GROUP_WITHIN_DAYS)))
        .order_by_desc(question_topic::Column::LastAskedAt)
        .limit(MAX_CANDIDATES)
        .all(&txn)
        .await?;
    let by_topic = best_match(
        &checked.normalised,
        recent.iter().map(|t| (t.id, t.normalised.as_str())),
    );
    let published = repo::published(&txn, org_id, false).await?;
    let answers: Vec<(i32, String)> = published
        .iter()
        .map(|e| (e.id, normalise(&e.question)))
        .collect();
    let by_answer = best_match(
        &checked.normalised,
        answers.iter().map(|(id, n)| (*id, n.as_str())),
    );
    let topic = match (by_topic, by_answer) {
        // A topic at least as close as any answer: join it.
        (Some((id, s)), a) if a.is_none_or(|(_, sa)| s >= sa) => {
            let t = recent
                .into_iter()
                .find(|t| t.id == id)
                .ok_or(AppError::NotFound)?;
            let mut row = t.into_active_model();
            row.last_asked_at = Set(now);
            row.update(&txn).await?
        }
        // Otherwise the answer's topic (made on first use), or a new one.
        (_, answer) => {
            let entry_id = answer.map(|(id, _)| id);
            let existing = match entry_id {
                Some(id) => {
                    question_topic::Entity::find()
                        .filter(question_topic::Column::OrganisationId.eq(org_id))
                        .filter(question_topic::Column::FaqEntryId.eq(id))
                        .order_by_asc(question_topic::Column::Id)
                        .one(&txn)
                        .await?
                }
                None => None,
            };
            match existing {
                Some(t) => {
                    let mut row = t.into_active_model();
                    row.last_asked_at = Set(now);
                    row.update(&txn).await?
                }
                None => {
                    question_topic::ActiveModel {
                        organisation_id: Set(org_id),
                        text: Set(checked.text.clone()),
                        normalised: Set(checked.normalised.clone()),
                        faq_entry_id: Set(entry_id),
                        created_at: Set(now),
                        last_asked_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?
                }
            }
        }
    };
    let q = question::ActiveModel {
        organisation_id: Set(org_id),
        topic_id: Set(topic.id),
        text: Set(checked.text),
        channel: Set(checked.channel),
        user_id: Set(Some(actor.user_id())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "question",
            entity_id: q.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&q),
        },
    )
    .await?;
    let asked = question::Entity::find()
        .filter(question::Column::TopicId.eq(topic.id))
        .count(&txn)
        .await?;
    txn.commit().await?;
    let answered_by = topic
        .faq_entry_id
        .and_then(|id| published.into_iter().find(|e| e.id == id));
    Ok(Filed {
        question: q,
        topic,
        asked,
        answered_by,
    })
}

/// A reader's "Did this answer your question?" on a public answer.
pub async fn feedback(
    state: &AppState,
    org_id: i32,
    entry_id: i32,
    input: &FeedbackInput,
) -> AppResult<faq_feedback::Model> {
    let entry = repo::get(&state.db, org_id, entry_id).await?;
    if entry.status != "published" || entry.visibility != "public" {
        return Err(AppError::NotFound);
    }
    let (helpful, reason) = input.check().map_err(AppError::Validation)?;
    let txn = state.db.begin().await?;
    let row = faq_feedback::ActiveModel {
        organisation_id: Set(org_id),
        faq_entry_id: Set(entry.id),
        helpful: Set(helpful),
        reason: Set(reason),
        created_at: Set(state.clock.now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &Actor::system("a reader of the public FAQ"),
        Change {
            organisation_id: Some(org_id),
            entity: "faq_feedback",
            entity_id: row.id.to_string(),
            action: "create",
            before: None,
            after: snapshot(&row),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// Where an answer came from: the board's "Answer this" on a question topic or a search.
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub topic_id: Option<i32>,
    pub search: String,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        self.topic_id.is_none() && self.search.trim().is_empty()
    }
}

/// Points the topic and every day's count of the search at the answer written for them, in the
/// transaction that writes the answer.
pub async fn link(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    entry_id: i32,
    source: &Source,
) -> AppResult<()> {
    let org_id = actor.org_id();
    if let Some(topic_id) = source.topic_id {
        let topic = question_topic::Entity::find_by_id(topic_id)
            .filter(question_topic::Column::OrganisationId.eq(org_id))
            .one(db)
            .await?
            .ok_or_else(|| {
                let mut e = FieldErrors::default();
                e.add(
                    "topic_id",
                    "not_found",
                    "That question is not on the board.",
                );
                AppError::Validation(e)
            })?;
        let before = snapshot(&topic);
        let mut row = topic.into_active_model();
        row.faq_entry_id = Set(Some(entry_id));
        let after = row.update(db).await?;
        audit::record(
            db,
            &Actor::from(actor),
            Change {
                organisation_id: Some(org_id),
                entity: "question_topic",
                entity_id: topic_id.to_string(),
                action: "answer",
                before,
                after: snapshot(&after),
            },
        )
        .await?;
    }
    let key = search_key(&source.search);
    if !key.is_empty() {
        use faq_search_count::Column as C;
        faq_search_count::Entity::update_many()
            .col_expr(C::FaqEntryId, sea_orm::sea_query::Expr::value(entry_id))
            .filter(C::OrganisationId.eq(org_id))
            .filter(C::Query.eq(key.clone()))
            .exec(db)
            .await?;
        audit::record(
            db,
            &Actor::from(actor),
            Change {
                organisation_id: Some(org_id),
                entity: "faq_search",
                entity_id: key.clone(),
                action: "answer",
                before: None,
                after: Some(serde_json::json!({ "query": key, "faq_entry_id": entry_id })),
            },
        )
        .await?;
    }
    Ok(())
}

/// The channel this person used last (a tally or a question), so their next one is one tap.
pub async fn last_channel(db: &impl ConnectionTrait, actor: &CurrentUser) -> AppResult<String> {
    let ask = faq_ask::Entity::find()
        .filter(faq_ask::Column::OrganisationId.eq(actor.org_id()))
        .filter(faq_ask::Column::UserId.eq(actor.user_id()))
        .order_by_desc(faq_ask::Column::CreatedAt)
        .one(db)
        .await?;
    let asked = question::Entity::find()
        .filter(question::Column::OrganisationId.eq(actor.org_id()))
        .filter(question::Column::UserId.eq(actor.user_id()))
        .order_by_desc(question::Column::CreatedAt)
        .one(db)
        .await?;
    let latest = match (ask, asked) {
        (Some(a), Some(q)) if q.created_at > a.created_at => Some(q.channel),
        (Some(a), _) => Some(a.channel),
        (None, Some(q)) => Some(q.channel),
        (None, None) => None,
    };
    Ok(latest.unwrap_or_else(|| "phone".into()))
}

/// A question this person filed, with its group's size and the answer it already has.
pub async fn filed_by(
    db: &impl ConnectionTrait,
    actor: &CurrentUser,
    id: i32,
) -> AppResult<Option<(question::Model, u64, Option<faq_entry::Model>)>> {
    let Some(q) = question::Entity::find_by_id(id)
        .filter(question::Column::OrganisationId.eq(actor.org_id()))
        .filter(question::Column::UserId.eq(actor.user_id()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let asked = question::Entity::find()
        .filter(question::Column::TopicId.eq(q.topic_id))
        .count(db)
        .await?;
    let topic = question_topic::Entity::find_by_id(q.topic_id)
        .one(db)
        .await?;
    let answer = match topic.and_then(|t| t.faq_entry_id) {
        Some(entry_id) => {
            faq_entry::Entity::find_by_id(entry_id)
                .filter(faq_entry::Column::Status.eq("published"))
                .one(db)
                .await?
        }
        None => None,
    };
    Ok(Some((q, asked, answer)))
}
