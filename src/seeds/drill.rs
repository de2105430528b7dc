//! The tabletop exercise of the absence scenario held before the wave: its injects, what the
//! crisis group logged during it, the after-action review and the lessons that became actions
//! (two done by the time the flu came, one still open).
use super::history::History;
use super::Demo;
use crate::entities::{exercise, exercise_inject, exercise_lesson, plan_action};
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    let w = &demo.words.exercise;
    let story = &demo.shared.story;
    let lead = demo.user(&story.duty["crisis_lead"])?;
    let started = demo.at(w.days_ago, "09:00");
    let minutes = w.injects.iter().map(|i| i.0 as i64).max().unwrap_or(60) + 30;
    let ended = started + Duration::minutes(minutes);
    let participants: Vec<String> = story
        .crisis_group
        .iter()
        .map(|e| demo.user(e).map(|id| id.to_string()))
        .collect::<anyhow::Result<_>>()?;
    let e = exercise::ActiveModel {
        organisation_id: Set(demo.org.id),
        scenario_id: Set(h.scenario.id),
        title: Set(w.title.clone()),
        status: Set("reviewed".into()),
        started_at: Set(started),
        ended_at: Set(Some(ended)),
        started_by_user_id: Set(Some(lead)),
        level_id: Set(h.levels.get(1).map(|l| l.id)),
        participants: Set(participants.join(",")),
        worked: Set(w.worked.clone()),
        did_not_work: Set(w.did_not_work.clone()),
        reviewed_at: Set(Some(ended + Duration::days(1))),
        version: Set(3),
        ..Default::default()
    }
    .insert(db)
    .await?;
    for (at_minutes, text) in &w.injects {
        exercise_inject::ActiveModel {
            exercise_id: Set(e.id),
            organisation_id: Set(demo.org.id),
            at_minutes: Set(*at_minutes),
            text: Set(text.clone()),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    for (after, kind, text) in &w.log {
        crate::log::append(
            db,
            crate::log::NewEntry {
                organisation_id: demo.org.id,
                at: started + Duration::minutes(*after),
                kind,
                event: "",
                text: text.clone(),
                scenario_id: Some(h.scenario.id),
                author_user_id: Some(lead),
                exercise_id: Some(e.id),
            },
        )
        .await?;
    }
    let mut position = plan_action::Entity::find()
        .filter(plan_action::Column::ScenarioId.eq(h.scenario.id))
        .count(db)
        .await? as i32;
    let day = crate::checkins::absence::local_day(started, &demo.org.time_zone).to_string();
    for l in &w.lessons {
        let owner = demo.user(&l.owner)?;
        let key = if l.kind == "plan_change" {
            "exercises.lesson_plan_change"
        } else {
            "exercises.lesson_action"
        };
        let action = plan_action::ActiveModel {
            organisation_id: Set(demo.org.id),
            scenario_id: Set(h.scenario.id),
            level_id: Set(None),
            area: Set(l.area.clone()),
            title: Set(l.text.clone()),
            description: Set(demo.lang.tf(key, &[("title", &w.title), ("day", &day)])),
            owner_user_id: Set(Some(owner)),
            due_date: Set(Some(demo.day(w.days_ago - 30))),
            status: Set(if l.done { "done" } else { "planned" }.into()),
            outcome: Set(None),
            outcome_rating: Set(l.done.then(|| "worked".to_string())),
            position: Set(position),
            version: Set(1),
            created_at: Set(ended + Duration::days(1)),
            updated_at: Set(ended + Duration::days(if l.done { 20 } else { 1 })),
            ..Default::default()
        }
        .insert(db)
        .await?;
        position += 1;
        exercise_lesson::ActiveModel {
            exercise_id: Set(e.id),
            organisation_id: Set(demo.org.id),
            text: Set(l.text.clone()),
            kind: Set(l.kind.clone()),
            owner_user_id: Set(Some(owner)),
            action_id: Set(Some(action.id)),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
