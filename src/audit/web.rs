use super::repo::{self, AuditFilter};
use super::views;
use crate::auth::roles::Admins;
use crate::auth::Authorized;
use crate::error::AppResult;
use crate::state::AppState;
use crate::ui::PageCtx;
use actix_web::{get, web};
use maud::Markup;
use serde::Deserialize;

/// The filter as a form sends it: dates as `YYYY-MM-DD` in the organisation's time zone.
#[derive(Debug, Default, Deserialize)]
pub struct AuditFilterForm {
    pub entity: Option<String>,
    pub action: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u64>,
}

fn local_day_start(day: &str, tz: chrono_tz::Tz) -> Option<chrono::DateTime<chrono::Utc>> {
    let date = chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
    let local = date
        .and_hms_opt(0, 0, 0)?
        .and_local_timezone(tz)
        .earliest()?;
    Some(local.with_timezone(&chrono::Utc))
}

#[get("/admin/audit")]
pub async fn audit_page(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: web::Query<AuditFilterForm>,
) -> AppResult<Markup> {
    let tz: chrono_tz::Tz = user.org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let filter = AuditFilter {
        entity: form.entity.clone(),
        action: form.action.clone(),
        actor: None,
        from: form.from.as_deref().and_then(|d| local_day_start(d, tz)),
        // "to" is inclusive for people: up to the end of that day.
        to: form
            .to
            .as_deref()
            .and_then(|d| local_day_start(d, tz))
            .map(|t| t + chrono::Duration::days(1)),
        page: form.page,
    };
    let page = repo::search(&state.db, user.org_id(), &filter).await?;
    let kinds = repo::entity_kinds(&state.db, user.org_id()).await?;
    // Fields that hold a person read as their name.
    let people = crate::orgs::members::list(&state.db, user.org_id())
        .await?
        .into_iter()
        .map(|m| (m.user.id, m.user.display_name))
        .collect();
    Ok(views::audit_page(&ctx, &form, &kinds, &page, &people))
}
