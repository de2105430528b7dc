//! The questions board: what is being asked, ranked. New questions grouped by topic, public
//! searches (those that found nothing apart), and per published answer its views, staff tallies
//! and readers' verdicts, over today and the days before.
use crate::checkins::absence::local_day;
use crate::entities::{
    faq_ask, faq_entry, faq_feedback, faq_search_count, faq_view_count, organisation, question,
    question_topic,
};
use crate::error::AppResult;
use crate::faq::repo::{self, matches};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use utoipa::ToSchema;

pub const MAX_DAYS: u32 = 90;
/// Rows read at most per kind, newest first: the board stays quick in a flood.
const MAX_ROWS: u64 = 50_000;
/// Reasons shown per answer.
const REASONS_SHOWN: usize = 5;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ChannelCount {
    pub channel: String,
    pub count: u64,
}

/// The answer a question or search points to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerRef {
    pub id: i32,
    pub question: String,
    /// `draft`, `published` or `withdrawn`.
    pub status: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TopicRow {
    pub id: i32,
    /// The words of the first question asked.
    pub text: String,
    /// Other wordings of the same question (up to three).
    pub also_asked_as: Vec<String>,
    pub today: u64,
    /// Over the whole period, today included.
    pub period: u64,
    /// Today's count less the average of the days before in the period: how fast it rises.
    pub rising: f64,
    pub channels: Vec<ChannelCount>,
    pub last_asked_at: DateTime<Utc>,
    pub answer: Option<AnswerRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchRow {
    /// Normalised: lower case, punctuation removed.
    pub query: String,
    pub today: u64,
    pub period: u64,
    /// Searches that found nothing, over the period.
    pub found_nothing: u64,
    pub rising: f64,
    /// Public answers the query finds now.
    pub finds_now: u64,
    pub answer: Option<AnswerRef>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonOut {
    pub at: DateTime<Utc>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerRow {
    pub id: i32,
    pub question: String,
    /// `public` or `internal`.
    pub visibility: String,
    /// Views of the answer's own page.
    pub views_today: u64,
    pub views_period: u64,
    /// "Asked again" taps by staff.
    pub asked_today: u64,
    pub asked_period: u64,
    pub asked_channels: Vec<ChannelCount>,
    pub helpful: u64,
    pub not_helpful: u64,
    /// The newest reasons readers gave for "no".
    pub reasons: Vec<ReasonOut>,
}

impl AnswerRow {
    /// The share of readers it did not help, when anyone said.
    pub fn unhelpful_share(&self) -> Option<f64> {
        let n = self.helpful + self.not_helpful;
        (n > 0).then(|| self.not_helpful as f64 / n as f64)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionsBoard {
    pub today: NaiveDate,
    pub days: u32,
    /// Questions the FAQ does not answer yet, rising fastest first.
    pub unanswered: Vec<TopicRow>,
    /// Questions with an answer that staff still file.
    pub answered: Vec<TopicRow>,
    /// Public searches that found nothing and have no answer yet.
    pub searches_without_answer: Vec<SearchRow>,
    /// The most frequent public searches.
    pub top_searches: Vec<SearchRow>,
    /// Published answers, those helping least first.
    pub answers: Vec<AnswerRow>,
    pub page_views_today: u64,
    pub page_views_period: u64,
}

/// The first day of the period and its first instant.
fn period_start(
    org: &organisation::Model,
    today: NaiveDate,
    days: u32,
) -> (NaiveDate, DateTime<Utc>) {
    let first = today - Duration::days(i64::from(days.max(1)) - 1);
    (
        first,
        crate::checkins::absence::local_day_start(first, &org.time_zone),
    )
}

/// Today's count less the average of the other days of the period.
fn rising(today: u64, period: u64, days: u32) -> f64 {
    if days <= 1 {
        return today as f64;
    }
    today as f64 - (period - today) as f64 / f64::from(days - 1)
}

fn channel_list(map: &BTreeMap<String, u64>) -> Vec<ChannelCount> {
    let mut v: Vec<ChannelCount> = map
        .iter()
        .map(|(c, n)| ChannelCount {
            channel: c.clone(),
            count: *n,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then(a.channel.cmp(&b.channel)));
    v
}

fn by_rise<T>(rows: &mut [T], key: impl Fn(&T) -> (f64, u64, u64)) {
    rows.sort_by(|a, b| {
        let (ra, ta, pa) = key(a);
        let (rb, tb, pb) = key(b);
        rb.total_cmp(&ra).then(tb.cmp(&ta)).then(pb.cmp(&pa))
    });
}

pub async fn load(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    now: DateTime<Utc>,
    days: u32,
) -> AppResult<QuestionsBoard> {
    let days = days.clamp(1, MAX_DAYS);
    let today = local_day(now, &org.time_zone);
    let (first_day, since) = period_start(org, today, days);
    let entries: HashMap<i32, faq_entry::Model> = repo::all(db, org.id)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let answer_ref = |id: Option<i32>| {
        id.and_then(|id| entries.get(&id)).map(|e| AnswerRef {
            id: e.id,
            question: e.question.clone(),
            status: e.status.clone(),
        })
    };

    // New questions, grouped by topic.
    let asked = question::Entity::find()
        .filter(question::Column::OrganisationId.eq(org.id))
        .filter(question::Column::CreatedAt.gte(since))
        .order_by_desc(question::Column::CreatedAt)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let topic_ids: HashSet<i32> = asked.iter().map(|q| q.topic_id).collect();
    let topics: HashMap<i32, question_topic::Model> = question_topic::Entity::find()
        .filter(question_topic::Column::Id.is_in(topic_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    struct Tally {
        today: u64,
        period: u64,
        channels: BTreeMap<String, u64>,
        wordings: Vec<String>,
    }
    let mut per_topic: HashMap<i32, Tally> = HashMap::new();
    for q in &asked {
        let t = per_topic.entry(q.topic_id).or_insert(Tally {
            today: 0,
            period: 0,
            channels: BTreeMap::new(),
            wordings: Vec::new(),
        });
        t.period += 1;
        if local_day(q.created_at, &org.time_zone) == today {
            t.today += 1;
        }
        *t.channels.entry(q.channel.clone()).or_default() += 1;
        if t.wordings.len() < 4 && !t.wordings.contains(&q.text) {
            t.wordings.push(q.text.clone());
        }
    }
    let (mut unanswered, mut answered) = (Vec::new(), Vec::new());
    for (id, t) in per_topic {
        let Some(topic) = topics.get(&id) else {
            continue;
        };
        let answer = answer_ref(topic.faq_entry_id);
        let row = TopicRow {
            id,
            also_asked_as: t
                .wordings
                .into_iter()
                .filter(|w| *w != topic.text)
                .take(3)
                .collect(),
            text: topic.text.clone(),
            today: t.today,
            period: t.period,
            rising: rising(t.today, t.period, days),
            channels: channel_list(&t.channels),
            last_asked_at: topic.last_asked_at,
            answer,
        };
        if row.answer.as_ref().is_some_and(|a| a.status == "published") {
            answered.push(row);
        } else {
            unanswered.push(row);
        }
    }
    by_rise(&mut unanswered, |r| (r.rising, r.today, r.period));
    by_rise(&mut answered, |r| (r.rising, r.today, r.period));

    // Public searches.
    let search_rows = faq_search_count::Entity::find()
        .filter(faq_search_count::Column::OrganisationId.eq(org.id))
        .filter(faq_search_count::Column::Day.gte(first_day))
        .order_by_desc(faq_search_count::Column::Searches)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let mut per_query: HashMap<String, (u64, u64, u64, Option<i32>)> = HashMap::new();
    for r in &search_rows {
        let s = per_query.entry(r.query.clone()).or_default();
        s.1 += r.searches.max(0) as u64;
        s.2 += r.empty_searches.max(0) as u64;
        if r.day == today {
            s.0 += r.searches.max(0) as u64;
        }
        s.3 = s.3.or(r.faq_entry_id);
    }
    // An answer written for a query on another day counts for every day.
    let unlinked: Vec<String> = per_query
        .iter()
        .filter(|(_, s)| s.3.is_none())
        .map(|(q, _)| q.clone())
        .collect();
    for chunk in unlinked.chunks(500) {
        let linked = faq_search_count::Entity::find()
            .filter(faq_search_count::Column::OrganisationId.eq(org.id))
            .filter(faq_search_count::Column::Query.is_in(chunk.to_vec()))
            .filter(faq_search_count::Column::FaqEntryId.is_not_null())
            .all(db)
            .await?;
        for r in linked {
            if let Some(s) = per_query.get_mut(&r.query) {
                s.3 = s.3.or(r.faq_entry_id);
            }
        }
    }
    let public: Vec<&faq_entry::Model> = entries
        .values()
        .filter(|e| e.status == "published" && e.visibility == "public")
        .collect();
    let searches: Vec<SearchRow> = per_query
        .into_iter()
        .map(|(query, (t, p, empty, entry))| SearchRow {
            finds_now: public.iter().filter(|e| matches(e, &query)).count() as u64,
            rising: rising(t, p, days),
            today: t,
            period: p,
            found_nothing: empty,
            answer: answer_ref(entry),
            query,
        })
        .collect();
    let mut searches_without_answer: Vec<SearchRow> = searches
        .iter()
        .filter(|s| {
            s.found_nothing > 0
                && s.finds_now == 0
                && s.answer.as_ref().is_none_or(|a| a.status != "published")
        })
        .cloned()
        .collect();
    by_rise(&mut searches_without_answer, |r| {
        (r.rising, r.today, r.found_nothing)
    });
    let mut top_searches = searches;
    by_rise(&mut top_searches, |r| (r.rising, r.today, r.period));
    top_searches.truncate(20);

    // Per answer: views, tallies, verdicts.
    let views = faq_view_count::Entity::find()
        .filter(faq_view_count::Column::OrganisationId.eq(org.id))
        .filter(faq_view_count::Column::Day.gte(first_day))
        .all(db)
        .await?;
    let asks = faq_ask::Entity::find()
        .filter(faq_ask::Column::OrganisationId.eq(org.id))
        .filter(faq_ask::Column::Day.gte(first_day))
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let verdicts = faq_feedback::Entity::find()
        .filter(faq_feedback::Column::OrganisationId.eq(org.id))
        .filter(faq_feedback::Column::CreatedAt.gte(since))
        .order_by_desc(faq_feedback::Column::CreatedAt)
        .limit(MAX_ROWS)
        .all(db)
        .await?;
    let (mut page_today, mut page_period) = (0, 0);
    let mut rows: HashMap<i32, AnswerRow> = entries
        .values()
        .filter(|e| e.status == "published")
        .map(|e| {
            (
                e.id,
                AnswerRow {
                    id: e.id,
                    question: e.question.clone(),
                    visibility: e.visibility.clone(),
                    views_today: 0,
                    views_period: 0,
                    asked_today: 0,
                    asked_period: 0,
                    asked_channels: Vec::new(),
                    helpful: 0,
                    not_helpful: 0,
                    reasons: Vec::new(),
                },
            )
        })
        .collect();
    for v in views {
        let n = v.views.max(0) as u64;
        let is_today = v.day == today;
        if v.faq_entry_id == 0 {
            page_period += n;
            if is_today {
                page_today += n;
            }
        } else if let Some(r) = rows.get_mut(&v.faq_entry_id) {
            r.views_period += n;
            if is_today {
                r.views_today += n;
            }
        }
    }
    let mut ask_channels: HashMap<i32, BTreeMap<String, u64>> = HashMap::new();
    for a in asks {
        if let Some(r) = rows.get_mut(&a.faq_entry_id) {
            r.asked_period += 1;
            if a.day == today {
                r.asked_today += 1;
            }
            *ask_channels
                .entry(a.faq_entry_id)
                .or_default()
                .entry(a.channel)
                .or_default() += 1;
        }
    }
    for (id, map) in ask_channels {
        if let Some(r) = rows.get_mut(&id) {
            r.asked_channels = channel_list(&map);
        }
    }
    for f in verdicts {
        if let Some(r) = rows.get_mut(&f.faq_entry_id) {
            if f.helpful {
                r.helpful += 1;
            } else {
                r.not_helpful += 1;
                if !f.reason.is_empty() && r.reasons.len() < REASONS_SHOWN {
                    r.reasons.push(ReasonOut {
                        at: f.created_at,
                        reason: f.reason,
                    });
                }
            }
        }
    }
    let mut answers: Vec<AnswerRow> = rows.into_values().collect();
    answers.sort_by(|a, b| {
        b.unhelpful_share()
            .unwrap_or(-1.0)
            .total_cmp(&a.unhelpful_share().unwrap_or(-1.0))
            .then(b.not_helpful.cmp(&a.not_helpful))
            .then((b.asked_today + b.views_today).cmp(&(a.asked_today + a.views_today)))
            .then((b.asked_period + b.views_period).cmp(&(a.asked_period + a.views_period)))
            .then(a.id.cmp(&b.id))
    });
    Ok(QuestionsBoard {
        today,
        days,
        unanswered,
        answered,
        searches_without_answer,
        top_searches,
        answers,
        page_views_today: page_today,
        page_views_period: page_period,
    })
}

/// One of the day's most asked questions, for the daily check-in and the situation report.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct TopQuestion {
    pub question: String,
    /// Filed by staff and tallied on answers today.
    pub count: u64,
    /// The published answer, if there is one.
    pub faq_entry_id: Option<i32>,
}

/// The five questions asked most today: new questions by topic and tallies on answers, as
/// staff heard them.
pub fn top_five(board: &QuestionsBoard) -> Vec<TopQuestion> {
    let mut all: Vec<TopQuestion> = board
        .unanswered
        .iter()
        .chain(board.answered.iter())
        .filter(|t| t.today > 0)
        .map(|t| TopQuestion {
            question: t.text.clone(),
            count: t.today,
            faq_entry_id: t
                .answer
                .as_ref()
                .filter(|a| a.status == "published")
                .map(|a| a.id),
        })
        .collect();
    for a in board.answers.iter().filter(|a| a.asked_today > 0) {
        match all.iter_mut().find(|t| t.faq_entry_id == Some(a.id)) {
            Some(t) => t.count += a.asked_today,
            None => all.push(TopQuestion {
                question: a.question.clone(),
                count: a.asked_today,
                faq_entry_id: Some(a.id),
            }),
        }
    }
    all.sort_by(|a, b| b.count.cmp(&a.count).then(a.question.cmp(&b.question)));
    all.truncate(5);
    all
}

/// Today's top five questions in the organisation.
pub async fn todays_top(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    now: DateTime<Utc>,
) -> AppResult<Vec<TopQuestion>> {
    Ok(top_five(&load(db, org, now, 1).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_asked_mostly_today_rises_above_one_asked_steadily() {
        // 7 days: 6 today and none before, against 14 over the week with 2 today.
        let new = rising(6, 6, 7);
        let steady = rising(2, 14, 7);
        assert!(new > steady, "{new} vs {steady}");
        assert_eq!(rising(3, 3, 1), 3.0);
    }
}
