//! The FAQ as the crisis made it: answers with their revisions, each published everywhere with
//! a delivery history (subscribers, the staff knowledge base, open browsers), one mail the
//! receiving server refused, and "no news" pressed where the answer still stood.
use super::Demo;
use crate::entities::{
    delivery_attempt, faq_entry, faq_revision, outbox_message, publication, publication_count,
    subscriber,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// A publication that has reached every target: its counts, as the retention job keeps them
/// (`target`, `status`, how many), and no outbox rows left for the worker.
pub async fn settled(
    db: &impl ConnectionTrait,
    mut p: publication::ActiveModel,
    at: DateTime<Utc>,
    counts: &[(&str, &str, i64)],
) -> anyhow::Result<publication::Model> {
    p.created_at = Set(at);
    p.settled_at = Set(Some(at + Duration::minutes(2)));
    let p = p.insert(db).await?;
    let rows: Vec<_> = counts
        .iter()
        .filter(|(_, _, n)| *n > 0)
        .map(|(target, status, n)| publication_count::ActiveModel {
            publication_id: Set(p.id),
            target: Set(target.to_string()),
            channel: Set(String::new()),
            status: Set(status.to_string()),
            n: Set(*n),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        publication_count::Entity::insert_many(rows)
            .exec(db)
            .await?;
    }
    Ok(p)
}

pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<()> {
    let story = &demo.shared.story;
    let communicator = demo.user(&story.duty["communicator"])?;
    let subscribers = seed_subscribers(db, demo).await?;
    // The newest public change is the one whose mail to the old address bounced.
    let bounce_on = demo
        .words
        .faq
        .iter()
        .filter(|f| f.visibility == "public" && !f.revisions.is_empty())
        .map(|f| f.days_ago)
        .min();
    let mut bounced = false;
    for (position, f) in demo.words.faq.iter().enumerate() {
        let public = f.visibility == "public";
        let mut versions: Vec<(i64, &str, &str)> = f
            .revisions
            .iter()
            .map(|r| (r.days_ago, r.answer.as_str(), "changed"))
            .collect();
        versions.push((f.days_ago, f.answer.as_str(), "changed"));
        versions[0].2 = "new";
        if let Some(ago) = f.no_news_days_ago {
            versions.push((ago, f.answer.as_str(), "no_news"));
        }
        let time = |i: usize| format!("{:02}:{:02}", 9 + position % 5, 10 + (i * 7) % 40);
        let at = |i: usize, ago: i64| demo.at(ago, &time(i));
        let published: Vec<_> = versions.iter().filter(|v| v.2 != "no_news").collect();
        let last_published = published
            .last()
            .map(|v| at(published.len() - 1, v.0))
            .unwrap_or(demo.now);
        let checked = at(versions.len() - 1, versions[versions.len() - 1].0);
        let next = f.working_on_it_hours.map(|h| demo.now + Duration::hours(h));
        let entry = faq_entry::ActiveModel {
            organisation_id: Set(demo.org.id),
            category: Set(f.category.clone()),
            position: Set(position as i32),
            visibility: Set(f.visibility.clone()),
            question: Set(f.question.clone()),
            answer_md: Set(f.answer.trim().to_string()),
            internal_note: Set(f.internal_note.clone()),
            working_on_it: Set(next.is_some()),
            next_update_at: Set(next),
            status: Set("published".into()),
            revision_count: Set(versions.len() as i32),
            first_published_at: Set(Some(at(0, versions[0].0))),
            last_published_at: Set(Some(last_published)),
            checked_at: Set(Some(checked)),
            version: Set(versions.len() as i32),
            created_by_user_id: Set(Some(communicator)),
            created_at: Set(at(0, versions[0].0)),
            updated_at: Set(checked),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (i, (ago, answer, kind)) in versions.iter().enumerate() {
            let when = at(i, *ago);
            let revision = faq_revision::ActiveModel {
                organisation_id: Set(demo.org.id),
                entry_id: Set(entry.id),
                number: Set(i as i32 + 1),
                kind: Set(kind.to_string()),
                question: Set(entry.question.clone()),
                answer_md: Set(answer.trim().to_string()),
                internal_note: Set(entry.internal_note.clone()),
                category: Set(entry.category.clone()),
                visibility: Set(entry.visibility.clone()),
                working_on_it: Set(entry.working_on_it && i + 1 == versions.len()),
                next_update_at: Set(next.filter(|_| i + 1 == versions.len())),
                author_user_id: Set(Some(communicator)),
                created_at: Set(when),
                ..Default::default()
            }
            .insert(db)
            .await?;
            let bounce = public && !bounced && bounce_on == Some(*ago) && *kind == "changed";
            let mails = if public { subscribers.len() as i64 } else { 0 };
            let p = settled(
                db,
                publication::ActiveModel {
                    organisation_id: Set(demo.org.id),
                    kind: Set(format!("faq_{kind}")),
                    entry_id: Set(Some(entry.id)),
                    revision_id: Set(Some(revision.id)),
                    title: Set(entry.question.clone()),
                    created_by_user_id: Set(Some(communicator)),
                    ..Default::default()
                },
                when,
                &[
                    ("site", "sent", i64::from(public)),
                    ("knowledge_base", "sent", 1),
                    ("live", "sent", 1),
                    ("email", "sent", mails - i64::from(bounce)),
                    ("email", "dead", i64::from(bounce)),
                ],
            )
            .await?;
            if bounce {
                bounced = true;
                refused_mail(db, demo, &p, entry.id, subscribers[0], when).await?;
            }
            let event = if *kind == "no_news" {
                "faq_no_news"
            } else {
                "faq_published"
            };
            crate::log::system(db, demo.org.id, event, entry.question.clone(), None, when).await?;
        }
    }
    Ok(())
}

/// Confirmed subscribers to the whole FAQ; the first is the address that bounces.
async fn seed_subscribers(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<Vec<i32>> {
    let story = &demo.shared.story;
    let mut ids = vec![];
    for i in 0..story.subscribers {
        let email = if i == 0 {
            story.bounced.clone()
        } else {
            format!("reader{i:02}@example.org")
        };
        let since = demo.at(30 - (i as i64 % 28), "12:00");
        let s = subscriber::ActiveModel {
            organisation_id: Set(demo.org.id),
            email: Set(email),
            language: Set(demo.words.language.clone()),
            status: Set("confirmed".into()),
            confirmation_sent_at: Set(Some(since)),
            confirmed_at: Set(Some(since + Duration::minutes(4))),
            unsubscribed_at: Set(None),
            faq_entry_id: Set(0),
            created_at: Set(since),
            updated_at: Set(since),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(s.id);
    }
    Ok(ids)
}

/// The one mail the receiving server refused for good, with its attempt, as the board lists it.
async fn refused_mail(
    db: &impl ConnectionTrait,
    demo: &Demo<'_>,
    p: &publication::Model,
    entry_id: i32,
    subscriber_id: i32,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    let error = format!(
        "550 5.1.1 <{}>: Recipient address rejected: User unknown in virtual mailbox table",
        demo.shared.story.bounced
    );
    let row = outbox_message::ActiveModel {
        organisation_id: Set(demo.org.id),
        publication_id: Set(p.id),
        entry_id: Set(Some(entry_id)),
        target: Set("email".into()),
        channel_id: Set(None),
        subscriber_id: Set(Some(subscriber_id)),
        user_id: Set(None),
        recipient: Set(demo.shared.story.bounced.clone()),
        idempotency_key: Set(format!("demo-p{}-s{subscriber_id}", p.id)),
        status: Set("dead".into()),
        attempts: Set(1),
        next_attempt_at: Set(at),
        lease_until: Set(None),
        claimed_by: Set(None),
        last_error: Set(Some(error.clone())),
        last_status: Set(Some(550)),
        sent_at: Set(None),
        created_at: Set(at),
        updated_at: Set(at + Duration::seconds(20)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    delivery_attempt::ActiveModel {
        outbox_message_id: Set(row.id),
        attempted_at: Set(at + Duration::seconds(20)),
        outcome: Set("refused".into()),
        http_status: Set(Some(550)),
        error: Set(Some(error)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
