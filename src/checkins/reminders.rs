//! At the organisation's reminder time, staff who have not checked in are reminded: by email
//! when SMTP is set up, in the app otherwise (or when mail fails). A reminder is claimed by
//! inserting its row first, so two app instances never remind the same person twice.
use super::absence::local_day;
use super::forms::parse_hhmm;
use super::repo;
use crate::entities::{organisation, reminder, user};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};

/// Sends the reminders that are due now; returns how many people were reminded.
pub async fn send_due(state: &AppState) -> AppResult<usize> {
    let mut sent = 0;
    for org in organisation::Entity::find().all(&state.db).await? {
        sent += for_organisation(state, &org).await?;
    }
    Ok(sent)
}

async fn for_organisation(state: &AppState, org: &organisation::Model) -> AppResult<usize> {
    let settings = repo::settings(&state.db, org.id).await?;
    let Some(at) = settings.reminder_time.as_deref().and_then(parse_hhmm) else {
        return Ok(0);
    };
    let tz: chrono_tz::Tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let now = state.clock.now();
    if now.with_timezone(&tz).time() < at {
        return Ok(0);
    }
    let day = local_day(now, &org.time_zone);
    let checked: Vec<i32> = repo::for_day(&state.db, org.id, day)
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .collect();
    let mut count = 0;
    for e in repo::headcount(&state.db, org.id)
        .await?
        .into_iter()
        .filter(|e| !checked.contains(&e.user_id))
    {
        let channel = if state.mailer.is_some() {
            "email"
        } else {
            "in_app"
        };
        if !claim(&state.db, org.id, e.user_id, day, channel).await? {
            continue;
        }
        count += 1;
        if let Some(mailer) = &state.mailer {
            let Some(person) = user::Entity::find_by_id(e.user_id).one(&state.db).await? else {
                continue;
            };
            let lang = person
                .language
                .as_deref()
                .and_then(Lang::parse)
                .or_else(|| Lang::parse(&org.default_language))
                .unwrap_or(Lang::En);
            let link = format!("{}/checkin", state.settings.public_url());
            let text = lang.tf(
                "reminders.text",
                &[("name", &person.display_name), ("link", &link)],
            );
            let html = maud::html! {
                p { (lang.tf("reminders.greeting", &[("name", &person.display_name)])) }
                p { (lang.t("reminders.ask")) }
                p { a href=(link) { (lang.t("reminders.button")) } }
            }
            .into_string();
            if let Err(err) = mailer
                .send(
                    &person.email,
                    lang,
                    &lang.t("reminders.subject"),
                    &text,
                    &html,
                )
                .await
            {
                // The reminder is not lost: it shows in the app instead.
                tracing::warn!(error = ?err, user = e.user_id, "reminder mail failed; reminding in the app");
                mark_in_app(&state.db, org.id, e.user_id, day).await?;
            }
        }
    }
    if count > 0 {
        tracing::info!(organisation = org.id, count, "check-in reminders sent");
    }
    Ok(count)
}

/// True when this call made the reminder row (and so should send it).
async fn claim(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    day: chrono::NaiveDate,
    channel: &str,
) -> AppResult<bool> {
    let res = reminder::Entity::insert(reminder::ActiveModel {
        organisation_id: Set(org_id),
        user_id: Set(user_id),
        day: Set(day),
        channel: Set(channel.into()),
        sent_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            reminder::Column::OrganisationId,
            reminder::Column::UserId,
            reminder::Column::Day,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(res == 1)
}

async fn mark_in_app(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    day: chrono::NaiveDate,
) -> AppResult<()> {
    if let Some(r) = find(db, org_id, user_id, day).await? {
        let mut row = r.into_active_model();
        row.channel = Set("in_app".into());
        sea_orm::ActiveModelTrait::update(row, db).await?;
    }
    Ok(())
}

async fn find(
    db: &impl ConnectionTrait,
    org_id: i32,
    user_id: i32,
    day: chrono::NaiveDate,
) -> AppResult<Option<reminder::Model>> {
    Ok(reminder::Entity::find()
        .filter(reminder::Column::OrganisationId.eq(org_id))
        .filter(reminder::Column::UserId.eq(user_id))
        .filter(reminder::Column::Day.eq(day))
        .one(db)
        .await?)
}

/// Whether a person should see the in-app reminder now: reminded today, still not checked in.
pub async fn pending_in_app(
    state: &AppState,
    org: &organisation::Model,
    user_id: i32,
) -> AppResult<bool> {
    let day = local_day(state.clock.now(), &org.time_zone);
    let Some(r) = find(&state.db, org.id, user_id, day).await? else {
        return Ok(false);
    };
    if r.channel != "in_app" {
        return Ok(false);
    }
    Ok(!repo::of_person(&state.db, org.id, user_id, day, day)
        .await?
        .iter()
        .any(|c| c.day == day))
}
