//! The questions people ask: what staff filed that the FAQ does not answer, "asked again" under
//! the answers, the public page's searches (some finding nothing), views of each answer rising
//! with the wave, and readers' verdicts.
use super::history::{curve, mix};
use super::Demo;
use crate::entities::{
    faq_ask, faq_entry, faq_feedback, faq_search_count, faq_view_count, question, question_topic,
};
use crate::questions::text::{normalise, search_key, CHANNELS};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<()> {
    let n = demo.staff.len().max(1);
    for (q, w) in demo.words.questions.iter().enumerate() {
        let mut asked = w.asked.clone();
        asked.sort_by_key(|a| std::cmp::Reverse(*a));
        let time = |k: usize| format!("{:02}:{:02}", 8 + (q + k) % 8, (k * 13 + q * 7) % 60);
        let first = demo.at(asked[0], &time(0));
        let last = demo.at(asked[asked.len() - 1], &time(asked.len() - 1));
        let topic = question_topic::ActiveModel {
            organisation_id: Set(demo.org.id),
            text: Set(w.text.clone()),
            normalised: Set(normalise(&w.text)),
            faq_entry_id: Set(None),
            created_at: Set(first),
            last_asked_at: Set(last),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (k, ago) in asked.iter().enumerate() {
            question::ActiveModel {
                organisation_id: Set(demo.org.id),
                topic_id: Set(topic.id),
                text: Set(w.text.clone()),
                channel: Set(w.channel.clone()),
                user_id: Set(Some(demo.staff[(q * 11 + k * 5) % n].0)),
                created_at: Set(demo.at(*ago, &time(k))),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    let public = faq_entry::Entity::find()
        .filter(faq_entry::Column::OrganisationId.eq(demo.org.id))
        .filter(faq_entry::Column::Visibility.eq("public"))
        .order_by_asc(faq_entry::Column::Position)
        .all(db)
        .await?;
    let mut asks = vec![];
    let mut views = vec![];
    for (e, entry) in public.iter().enumerate() {
        let since = (demo.today
            - crate::checkins::absence::local_day(entry.created_at, &demo.org.time_zone))
        .num_days();
        for ago in 0..since.min(14) + 1 {
            let day = demo.day(ago);
            let wave = 1.0 + curve(&demo.shared.story.absence, ago) / 10.0;
            let base = 120.0 / (e as f64 + 1.0);
            views.push(faq_view_count::ActiveModel {
                organisation_id: Set(demo.org.id),
                faq_entry_id: Set(entry.id),
                day: Set(day),
                views: Set(
                    (base * wave * (0.8 + (mix(&[e as i64, ago]) % 40) as f64 / 100.0)) as i64,
                ),
                ..Default::default()
            });
            if ago > 6 {
                continue;
            }
            let times = (mix(&[e as i64, ago, 17]) % 4) as usize + usize::from(e < 2) * 2;
            for k in 0..times.min(n) {
                asks.push(faq_ask::ActiveModel {
                    organisation_id: Set(demo.org.id),
                    faq_entry_id: Set(entry.id),
                    user_id: Set(demo.staff[(e * 7 + k * 3 + ago as usize) % n].0),
                    day: Set(day),
                    channel: Set(CHANNELS[(mix(&[e as i64, k as i64, ago]) % 3) as usize].into()),
                    created_at: Set(demo.at(ago, &format!("{:02}:{:02}", 9 + k % 7, (k * 11) % 60))),
                    ..Default::default()
                });
            }
        }
        for k in 0..(mix(&[e as i64, 23]) % 8 + 3) {
            let helpful = k % 5 != 4;
            let reasons = &demo.words.feedback_no;
            faq_feedback::ActiveModel {
                organisation_id: Set(demo.org.id),
                faq_entry_id: Set(entry.id),
                helpful: Set(helpful),
                reason: Set(if helpful {
                    String::new()
                } else {
                    reasons[(k as usize + e) % reasons.len().max(1)].clone()
                }),
                created_at: Set(demo.at((k % 6) as i64, "12:30")),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    if !asks.is_empty() {
        faq_ask::Entity::insert_many(asks).exec(db).await?;
    }
    if !views.is_empty() {
        faq_view_count::Entity::insert_many(views).exec(db).await?;
    }
    let mut searches = vec![];
    for s in &demo.words.searches {
        for (ago, &count) in s.per_day.iter().enumerate() {
            if count == 0 {
                continue;
            }
            searches.push(faq_search_count::ActiveModel {
                organisation_id: Set(demo.org.id),
                day: Set(demo.day(ago as i64)),
                query: Set(search_key(&s.query)),
                searches: Set(count),
                empty_searches: Set(if s.found { 0 } else { count }),
                faq_entry_id: Set(None),
                ..Default::default()
            });
        }
    }
    if !searches.is_empty() {
        faq_search_count::Entity::insert_many(searches)
            .exec(db)
            .await?;
    }
    Ok(())
}
