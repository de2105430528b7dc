//! The staff's side of the story: the roll-call the morning the ladder reached its second
//! level (answered through the personal links and by text, closed at its deadline), and the
//! home-working checklist answered by most, with a few blockers and two testers' logs.
use super::history::{mix, History};
use super::publications::settled;
use super::Demo;
use crate::entities::{
    checklist_answer, checklist_assignment, checklist_item, checklist_response, checklist_template,
    home_test, home_tester, publication, rollcall, rollcall_recipient, staff_checkin,
};
use anyhow::Context;
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    if let Some(ago) = h.rollcall_day() {
        rollcall(db, demo, ago).await?;
    }
    readiness(db, demo).await?;
    Ok(())
}

async fn rollcall(db: &impl ConnectionTrait, demo: &Demo<'_>, ago: i64) -> anyhow::Result<()> {
    let lead = demo.user(&demo.shared.story.duty["crisis_lead"])?;
    let launched = demo.at(ago, "07:35");
    let deadline = demo.at(ago, "09:30");
    let rc = rollcall::ActiveModel {
        organisation_id: Set(demo.org.id),
        team_id: Set(None),
        message: Set(demo.words.rollcall_message.clone()),
        day: Set(demo.day(ago)),
        deadline_at: Set(deadline),
        remind_after_minutes: Set(Some(60)),
        reminded_at: Set(Some(launched + Duration::minutes(60))),
        escalated_at: Set(Some(deadline)),
        level_change_id: Set(None),
        started_by_user_id: Set(Some(lead)),
        launched_at: Set(Some(launched)),
        closed_at: Set(Some(deadline)),
        created_at: Set(launched),
        ..Default::default()
    }
    .insert(db)
    .await?;
    // The answers are that morning's check-ins (written with the roll-call as their source).
    let answers = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(demo.org.id))
        .filter(staff_checkin::Column::Day.eq(demo.day(ago)))
        .all(db)
        .await?;
    let mut recipients = vec![];
    for (i, &(user_id, team_id)) in demo.staff.iter().enumerate() {
        let answer = answers.iter().find(|c| c.user_id == user_id);
        let via = if mix(&[i as i64, ago, 13]) % 4 == 0 {
            "sms"
        } else {
            "link"
        };
        recipients.push(rollcall_recipient::ActiveModel {
            rollcall_id: Set(rc.id),
            organisation_id: Set(demo.org.id),
            user_id: Set(user_id),
            team_id: Set(team_id),
            status: Set(answer.map(|c| c.status.clone())),
            answered_at: Set(answer.map(|c| c.created_at)),
            answered_via: Set(answer.map(|_| via.to_string())),
            ..Default::default()
        });
    }
    rollcall_recipient::Entity::insert_many(recipients)
        .exec(db)
        .await?;
    let n = demo.staff.len() as i64;
    settled(
        db,
        publication::ActiveModel {
            organisation_id: Set(demo.org.id),
            kind: Set("rollcall".into()),
            rollcall_id: Set(Some(rc.id)),
            title: Set(rc.message.chars().take(80).collect()),
            created_by_user_id: Set(Some(lead)),
            ..Default::default()
        },
        launched,
        &[("email", "sent", n), ("sms", "sent", n)],
    )
    .await?;
    crate::rollcall::status::log(db, &rc, "rollcall_started", launched).await?;
    crate::rollcall::status::log(db, &rc, "rollcall_closed", deadline).await?;
    Ok(())
}

/// Everyone but a few has answered the home-working checklist; some answers block.
async fn readiness(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<()> {
    let story = &demo.shared.story;
    let template = checklist_template::Entity::find()
        .filter(checklist_template::Column::OrganisationId.eq(demo.org.id))
        .filter(checklist_template::Column::IsCurrent.eq(true))
        .one(db)
        .await?
        .context("the standard checklist")?;
    let items = checklist_item::Entity::find()
        .filter(checklist_item::Column::TemplateId.eq(template.id))
        .order_by_asc(checklist_item::Column::Position)
        .all(db)
        .await?;
    let lead = demo.user(&story.duty["crisis_lead"])?;
    checklist_assignment::ActiveModel {
        organisation_id: Set(demo.org.id),
        family: Set(template.family.clone()),
        team_id: Set(None),
        due_date: Set(demo.day(10)),
        created_by_user_id: Set(Some(lead)),
        created_at: Set(demo.at(17, "11:00")),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let unanswered: Vec<i32> = story
        .unanswered
        .iter()
        .map(|e| demo.user(e))
        .collect::<anyhow::Result<_>>()?;
    let mut answers = vec![];
    for (i, &(user_id, _)) in demo.staff.iter().enumerate() {
        if unanswered.contains(&user_id) {
            continue;
        }
        let blocker = story.blockers.get(&demo.email_of(user_id)).copied();
        let at = demo.at(16 - (mix(&[i as i64, 21]) % 12) as i64, "13:30");
        let response = checklist_response::ActiveModel {
            organisation_id: Set(demo.org.id),
            user_id: Set(user_id),
            template_id: Set(template.id),
            family: Set(template.family.clone()),
            submitted_at: Set(Some(at)),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for (n, item) in items.iter().enumerate() {
            let value = if blocker == Some(n) {
                blocking_answer(item)
            } else {
                good_answer(item, i)
            };
            answers.push(checklist_answer::ActiveModel {
                organisation_id: Set(demo.org.id),
                response_id: Set(response.id),
                item_id: Set(item.id),
                value: Set(value),
                updated_at: Set(at),
                ..Default::default()
            });
        }
    }
    for chunk in answers.chunks(500) {
        checklist_answer::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    for (t, email) in story.testers.iter().enumerate() {
        let user_id = demo.user(email)?;
        home_tester::ActiveModel {
            organisation_id: Set(demo.org.id),
            user_id: Set(user_id),
            interval_days: Set(14),
            active: Set(true),
            created_at: Set(demo.at(40, "10:00")),
            updated_at: Set(demo.at(40, "10:00")),
            ..Default::default()
        }
        .insert(db)
        .await?;
        for ago in [33 + t as i64, 19 + t as i64, 5 + t as i64] {
            home_test::ActiveModel {
                organisation_id: Set(demo.org.id),
                user_id: Set(user_id),
                tested_on: Set(demo.day(ago)),
                result: Set("ok".into()),
                problems: Set(String::new()),
                recorded_by_user_id: Set(Some(user_id)),
                created_at: Set(demo.at(ago, "16:00")),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// An answer that lets the person work from home (varied a little between people).
fn good_answer(item: &checklist_item::Model, person: usize) -> String {
    let options: Vec<&str> = item
        .options
        .lines()
        .map(str::trim)
        .filter(|o| !o.is_empty())
        .collect();
    match item.kind.as_str() {
        "yes_no" => "yes".into(),
        "number" => (40 + (person * 37) % 200).to_string(),
        "choice" => {
            let fine: Vec<&&str> = options
                .iter()
                .filter(|o| !crate::checklists::logic::blocks(item, o))
                .collect();
            fine.get(person % fine.len().max(1))
                .map(|o| o.to_string())
                .unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The answer that stops home working for the item.
fn blocking_answer(item: &checklist_item::Model) -> String {
    match item.kind.as_str() {
        "number" => "6".into(),
        "choice" => item
            .blocks_on
            .lines()
            .next()
            .unwrap_or_default()
            .trim()
            .into(),
        _ => item.blocks_on.trim().into(),
    }
}
