//! Situation reports on a cadence: a level may ask for a report every N hours while it is in
//! force. The next one is due N hours after the later of the last report and the moment the
//! level was reached; past that it is overdue by itself, and whoever is on duty is reminded
//! once per due time (claimed in the database, so two instances remind once).
use crate::entities::{organisation, situation_report, user};
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use utoipa::ToSchema;

/// When the next situation report is due, and what asks for it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportDue {
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    pub every_hours: i32,
    pub scenario_id: i32,
    pub scenario: String,
    pub level: String,
    /// When the last report was saved, if ever.
    pub last_report_at: Option<DateTime<Utc>>,
}

/// The earliest due report over every scenario whose level in force has a cadence.
pub async fn next_due(
    db: &impl ConnectionTrait,
    org_id: i32,
    now: DateTime<Utc>,
) -> AppResult<Option<ReportDue>> {
    let levels = crate::scenarios::repo::all_levels(db, org_id).await?;
    let at_cadence: Vec<_> = crate::scenarios::repo::list(db, org_id)
        .await?
        .into_iter()
        .filter(|s| s.status != "closed")
        .filter_map(|s| {
            let l = levels.iter().find(|l| Some(l.id) == s.current_level_id)?;
            let h = l.report_every_hours.filter(|h| *h > 0)?;
            Some((s, l.clone(), h))
        })
        .collect();
    if at_cadence.is_empty() {
        return Ok(None);
    }
    let last_report_at = situation_report::Entity::find()
        .filter(situation_report::Column::OrganisationId.eq(org_id))
        .order_by_desc(situation_report::Column::UpdatedAt)
        .one(db)
        .await?
        .map(|r| r.updated_at);
    let mut best: Option<ReportDue> = None;
    for (s, l, h) in at_cadence {
        let reached = crate::scenarios::levels::in_force_since(db, &s)
            .await?
            .unwrap_or(s.updated_at);
        let from = last_report_at.map_or(reached, |r| r.max(reached));
        let due_at = from + Duration::hours(h.into());
        if best.as_ref().is_none_or(|b| due_at < b.due_at) {
            best = Some(ReportDue {
                due_at,
                overdue: now >= due_at,
                every_hours: h,
                scenario_id: s.id,
                scenario: s.title,
                level: l.name,
                last_report_at,
            });
        }
    }
    Ok(best)
}

/// Reminds whoever is on duty of every overdue report not yet reminded; returns how many
/// organisations were reminded.
pub async fn remind_overdue(state: &AppState) -> AppResult<usize> {
    let now = state.clock.now();
    let mut reminded = 0;
    for org in organisation::Entity::find().all(&state.db).await? {
        let Some(due) = next_due(&state.db, org.id, now).await? else {
            continue;
        };
        if !due.overdue || org.report_reminded_due_at == Some(due.due_at) {
            continue;
        }
        if remind(state, &org, &due, now).await? {
            reminded += 1;
        }
    }
    Ok(reminded)
}

async fn remind(
    state: &AppState,
    org: &organisation::Model,
    due: &ReportDue,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    use sea_orm::TransactionTrait;
    let txn = state.db.begin().await?;
    let claimed = organisation::Entity::update_many()
        .col_expr(
            organisation::Column::ReportRemindedDueAt,
            Expr::value(Some(due.due_at)),
        )
        .filter(organisation::Column::Id.eq(org.id))
        .filter(
            Condition::any()
                .add(organisation::Column::ReportRemindedDueAt.is_null())
                .add(organisation::Column::ReportRemindedDueAt.ne(due.due_at)),
        )
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Ok(false);
    }
    let text = format!("{}: {}", due.scenario, due.level);
    crate::log::system(
        &txn,
        org.id,
        "report_overdue",
        text,
        Some(due.scenario_id),
        now,
    )
    .await?;
    txn.commit().await?;
    let Some(mailer) = &state.mailer else {
        // Without mail the dashboard's overdue mark is the reminder.
        return Ok(true);
    };
    for person in who_to_remind(&state.db, org.id).await? {
        let lang = person
            .language
            .as_deref()
            .and_then(Lang::parse)
            .or_else(|| Lang::parse(&org.default_language))
            .unwrap_or(Lang::En);
        let link = format!("{}/daily", state.settings.public_url());
        let due_local = crate::delivery::content::local(org, due.due_at);
        let args = [
            ("scenario", due.scenario.as_str()),
            ("level", due.level.as_str()),
            ("due", due_local.as_str()),
            ("link", link.as_str()),
        ];
        let subject = format!("[{}] {}", org.name, lang.t("cadence.mail_subject"));
        let text = lang.tf("cadence.mail_text", &args);
        let html = maud::html! {
            p { (lang.tf("cadence.mail_lead", &args)) }
            p { a href=(link) { (lang.t("cadence.mail_button")) } }
        }
        .into_string();
        if let Err(err) = mailer
            .send(&person.email, lang, &subject, &text, &html)
            .await
        {
            tracing::warn!(error = ?err, user = person.id, "situation-report reminder failed; the dashboard shows it overdue");
        }
    }
    Ok(true)
}

/// The crisis lead on duty, the deputy and the scribe; without any of them, every crisis lead.
async fn who_to_remind(db: &impl ConnectionTrait, org_id: i32) -> AppResult<Vec<user::Model>> {
    let mut ids: Vec<i32> = crate::duty::held(db, org_id)
        .await?
        .into_iter()
        .filter(|d| ["crisis_lead", "deputy", "scribe"].contains(&d.role.as_str()))
        .filter_map(|d| d.user_id)
        .collect();
    if ids.is_empty() {
        ids = crate::orgs::members::list(db, org_id)
            .await?
            .into_iter()
            .filter(|m| m.membership.active && m.roles().has(crate::auth::Role::CrisisLead))
            .map(|m| m.user.id)
            .collect();
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .all(db)
        .await?)
}
