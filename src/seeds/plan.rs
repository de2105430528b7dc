//! The crisis group's side of the story: the absence ladder's moves with their alerts, a
//! situation report for every morning since the first level, the plan's actions with owners
//! (done, under way and one overdue), who is on duty, the communication plan, the meeting
//! rules and the crisis log.
use super::history::History;
use super::publications::settled;
use super::Demo;
use crate::auth::{Role, RoleSet};
use crate::entities::{
    communication_plan, duty_role, level_change, meeting_rule, plan_action, publication,
    situation_report,
};
use crate::scenarios::levels::{change_log_text, change_title};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};

pub async fn seed(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    levels(db, demo, h).await?;
    reports(db, demo, h).await?;
    actions(db, demo, h).await?;
    duty(db, demo, h).await?;
    communication(db, demo).await?;
    for w in &demo.words.log {
        crate::log::append(
            db,
            crate::log::NewEntry {
                organisation_id: demo.org.id,
                at: demo.at(w.days_ago, &w.at),
                kind: &w.kind,
                event: "",
                text: w.text.clone(),
                scenario_id: None,
                author_user_id: Some(demo.user(&w.author)?),
                exercise_id: None,
            },
        )
        .await?;
    }
    for (position, text) in demo.words.meeting_rules.iter().enumerate() {
        meeting_rule::ActiveModel {
            organisation_id: Set(demo.org.id),
            position: Set(position as i32),
            text: Set(text.clone()),
            created_at: Set(demo.now),
            updated_at: Set(demo.now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    super::people::seed(db, demo, h).await?;
    super::drill::seed(db, demo, h).await?;
    Ok(())
}

/// Each move of the ladder as the figures made it, its alert to the crisis group (settled),
/// its line in the log; the scenario where the last move left it.
async fn levels(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    let s = &h.scenario;
    let told = demo
        .shared
        .people
        .iter()
        .filter(|p| {
            RoleSet::new(p.roles.iter().filter_map(|r| Role::parse(r)))
                .any(&[Role::CrisisLead, Role::CrisisMember])
        })
        .count() as i64;
    for (day, from, to) in h.changes() {
        let from = from.map(|i| &h.levels[i]);
        let to = to.map(|i| &h.levels[i]);
        let at = demo.at(day.days_ago, "07:30");
        let value = day.absence.absence_pct();
        let change = level_change::ActiveModel {
            organisation_id: Set(demo.org.id),
            scenario_id: Set(s.id),
            from_level_id: Set(from.map(|l| l.id)),
            to_level_id: Set(to.map(|l| l.id)),
            from_name: Set(from.map(|l| l.name.clone())),
            to_name: Set(to.map(|l| l.name.clone())),
            metric: Set(s.metric.clone()),
            value: Set(value),
            cause: Set("figures".into()),
            reason: Set(None),
            changed_by_user_id: Set(None),
            occurred_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        let title = change_title(
            &s.title,
            from.map(|l| l.name.as_str()),
            to.map(|l| l.name.as_str()),
        );
        settled(
            db,
            publication::ActiveModel {
                organisation_id: Set(demo.org.id),
                kind: Set("level_change".into()),
                level_change_id: Set(Some(change.id)),
                title: Set(title.clone()),
                ..Default::default()
            },
            at,
            &[("email", "sent", told)],
        )
        .await?;
        crate::log::system(
            db,
            demo.org.id,
            "level_change",
            change_log_text(&title, &s.metric, value),
            Some(s.id),
            at,
        )
        .await?;
    }
    let level = h.today().level.map(|i| h.levels[i].id);
    let mut row = s.clone().into_active_model();
    row.current_level_id = Set(level);
    row.computed_level_id = Set(level);
    row.status = Set(if level.is_some() {
        "active"
    } else {
        "monitoring"
    }
    .into());
    row.owner_user_id = Set(Some(demo.user(&demo.shared.story.duty["crisis_lead"])?));
    row.version = Set(s.version + 1);
    row.update(db).await?;
    Ok(())
}

/// A report every weekday morning since the ladder first moved, until yesterday: today's is
/// the crisis group's to write.
async fn reports(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    let story = &demo.shared.story;
    let lead = demo.user(&story.duty["crisis_lead"])?;
    let attendees: Vec<String> = story
        .crisis_group
        .iter()
        .map(|e| demo.user(e).map(|id| id.to_string()))
        .collect::<anyhow::Result<_>>()?;
    for day in h.days.iter().filter(|d| d.days_ago > 0) {
        let Some(level) = day.level else {
            continue;
        };
        let fitting: Vec<_> = demo
            .words
            .reports
            .iter()
            .filter(|r| r.level == level.min(1))
            .collect();
        let Some(r) = fitting.get(day.days_ago as usize % fitting.len().max(1)) else {
            continue;
        };
        let at = demo.at(day.days_ago, "09:50");
        situation_report::ActiveModel {
            organisation_id: Set(demo.org.id),
            day: Set(day.date),
            situation: Set(r.situation.clone()),
            delivery: Set(r.delivery.clone()),
            delivery_note: Set(r.delivery_note.clone()),
            wellbeing_note: Set(r.wellbeing_note.clone()),
            decisions: Set(r.decisions.clone()),
            attendees: Set(attendees.join(",")),
            headcount: Set(day.absence.headcount as i32),
            present: Set(day.absence.present as i32),
            absent: Set(day.absence.absent as i32),
            unknown: Set(day.absence.unknown as i32),
            absence_pct: Set(day.absence.absence_pct()),
            wellbeing_avg: Set(day.wellbeing_avg),
            workload_change_pct: Set(Some(day.workload_pct)),
            created_by_user_id: Set(Some(lead)),
            capacity: Set(None),
            questions: Set(None),
            log_decisions: Set(None),
            version: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The absence scenario's actions: an owner for each by area; those of the levels reached are
/// done (with what they came to), except one under way and one past its due date.
async fn actions(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    let reached = h
        .changes()
        .into_iter()
        .filter_map(|(d, _, to)| Some((to?, d.days_ago)));
    let mut reached_on = std::collections::HashMap::new();
    for (level, ago) in reached {
        reached_on.entry(level).or_insert(ago);
    }
    let rows = plan_action::Entity::find()
        .filter(plan_action::Column::ScenarioId.eq(h.scenario.id))
        .order_by_asc(plan_action::Column::Position)
        .all(db)
        .await?;
    let owners = &demo.shared.story.owners;
    let outcomes = &demo.words.outcomes;
    let mut open_left = 2;
    for (i, a) in rows.into_iter().enumerate() {
        let level = a
            .level_id
            .and_then(|id| h.levels.iter().position(|l| l.id == id));
        // Preparatory actions were done before the wave; a level's when it was reached.
        let since = match level {
            None => Some(60),
            Some(l) => reached_on.get(&l).copied(),
        };
        let mut row = a.clone().into_active_model();
        if let Some(email) = owners.get(&a.area) {
            row.owner_user_id = Set(Some(demo.user(email)?));
        }
        if let Some(ago) = since {
            let due = demo.day(ago - 2);
            row.due_date = Set(Some(due));
            if level.is_some() && open_left == 2 && ago < 20 {
                row.status = Set("in_progress".into());
                row.due_date = Set(Some(demo.day(-3)));
                open_left -= 1;
            } else if level.is_some() && open_left == 1 && ago < 20 {
                // Past its due date and not started: the dashboard asks about it.
                row.status = Set("planned".into());
                open_left -= 1;
            } else {
                row.status = Set("done".into());
                row.outcome = Set(Some(outcomes[i % outcomes.len().max(1)].clone()));
                row.outcome_rating = Set(Some(if i % 3 == 2 { "partly" } else { "worked" }.into()));
                let done_at = demo.at(ago - 1, "15:20");
                row.updated_at = Set(done_at);
                crate::log::system(
                    db,
                    demo.org.id,
                    "action_done",
                    a.title.clone(),
                    Some(a.scenario_id),
                    done_at,
                )
                .await?;
            }
        }
        row.version = Set(a.version + 1);
        row.update(db).await?;
    }
    Ok(())
}

/// Who holds each duty role: since the ladder reached its second level, handed over then.
async fn duty(db: &impl ConnectionTrait, demo: &Demo<'_>, h: &History) -> anyhow::Result<()> {
    let since = demo.at(h.rollcall_day().unwrap_or(14), "09:15");
    let lead = demo.user(&demo.shared.story.duty["crisis_lead"])?;
    for role in crate::duty::ROLES {
        let Some(email) = demo.shared.story.duty.get(*role) else {
            continue;
        };
        duty_role::ActiveModel {
            organisation_id: Set(demo.org.id),
            role: Set(role.to_string()),
            user_id: Set(Some(demo.user(email)?)),
            since: Set(since),
            note: Set(String::new()),
            handed_over_by_user_id: Set(Some(lead)),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// The communication plan per audience, with when each was last told.
async fn communication(db: &impl ConnectionTrait, demo: &Demo<'_>) -> anyhow::Result<()> {
    let owners = &demo.shared.story.duty;
    let mut audiences: Vec<_> = demo.words.communication.iter().collect();
    audiences.sort_by_key(|(k, _)| k.as_str());
    for (audience, c) in audiences {
        let last = demo.at(c.last_days_ago, "10:05");
        communication_plan::ActiveModel {
            organisation_id: Set(demo.org.id),
            audience: Set(audience.clone()),
            owner_user_id: Set(Some(demo.user(&owners["communicator"])?)),
            deputy_user_id: Set(Some(demo.user(&owners["deputy"])?)),
            channels: Set(c.channels.clone()),
            cadence: Set(c.cadence.clone()),
            notes: Set(c.notes.clone()),
            last_communicated_at: Set(Some(last)),
            next_due_at: Set(crate::comms::repo::next_due(&c.cadence, last)),
            version: Set(1),
            created_at: Set(demo.now),
            updated_at: Set(last),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
