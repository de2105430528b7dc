//! Everything a page needs to know about the request: who, which language, the CSRF token.
use crate::auth::csrf::{form_token, CsrfSeed};
use crate::auth::extract::authenticate;
use crate::auth::roles::Policy;
use crate::auth::CurrentUser;
use crate::entities::organisation;
use crate::error::AppError;
use crate::i18n::{Lang, LANG_COOKIE};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

/// A scenario's latest level change, as the banner shows it.
pub struct LevelAlert {
    pub change_id: i32,
    pub scenario_id: i32,
    pub scenario: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub rising: bool,
    /// The level reached has a prepared FAQ answer this person may publish.
    pub holding_level_id: Option<i32>,
}

pub struct PageCtx {
    pub lang: Lang,
    pub user: Option<CurrentUser>,
    pub csrf: String,
    pub path: String,
    /// The organisations the user can switch to (all their active memberships).
    pub orgs: Vec<organisation::Model>,
    /// Level changes of the last 24 hours, for the crisis group and communicators.
    pub banner: Vec<LevelAlert>,
    /// Reminded to check in today and still not checked in.
    pub checkin_reminder: bool,
    /// A designated home-working tester whose test is due.
    pub test_due: bool,
    /// Who is on duty, for the crisis group and communicators (`None` for everyone else).
    pub on_duty: Option<Vec<crate::duty::OnDuty>>,
}

impl PageCtx {
    pub fn t(&self, key: &str) -> String {
        self.lang.t(key)
    }
    pub fn tf(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.lang.tf(key, args)
    }
    pub fn tn(&self, key: &str, n: i64, args: &[(&str, &str)]) -> String {
        self.lang.tn(key, n, args)
    }
    pub fn percent(&self, v: f64) -> String {
        self.lang.percent(v)
    }
    /// A number with the reader's decimal mark ("3.1"; "3,1" in Swedish).
    pub fn decimal(&self, v: f64, places: usize) -> String {
        self.lang.decimal(v, places)
    }

    /// Shows an instant in the organisation's time zone, as the reader's language writes a
    /// date ("7 Dec 2026, 09:50"; "7 dec 2026 09:50").
    pub fn local_time(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        let tz = self
            .user
            .as_ref()
            .and_then(|u| u.org.time_zone.parse::<chrono_tz::Tz>().ok())
            .unwrap_or(chrono_tz::UTC);
        self.lang.date_time(at.with_timezone(&tz))
    }
}

/// The user's own choice, else the `lang` cookie, else the browser's, else the organisation's.
pub fn resolve_lang(req: &HttpRequest, user: Option<&CurrentUser>) -> Lang {
    user.and_then(|u| u.user.language.as_deref())
        .and_then(Lang::parse)
        .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
        .or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .or_else(|| user.and_then(|u| Lang::parse(&u.org.default_language)))
        .unwrap_or(Lang::En)
}

pub async fn page_ctx(req: &HttpRequest) -> Result<PageCtx, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("application state missing")))?;
    let user = authenticate(req).await.ok();
    let lang = resolve_lang(req, user.as_ref());
    let seed = req
        .extensions()
        .get::<CsrfSeed>()
        .cloned()
        .unwrap_or(CsrfSeed {
            seed: String::new(),
            session: String::new(),
        });
    let orgs = match &user {
        Some(u) => u.organisations.as_ref().clone(),
        None => vec![],
    };
    let banner = match &user {
        Some(u) if u.roles.any(crate::auth::roles::CommunicationEditors::ROLES) => {
            let publishes = u.roles.any(crate::auth::roles::Communicators::ROLES);
            level_banner(state, u.org_id(), publishes, &dismissed(req)).await?
        }
        _ => vec![],
    };
    let on_duty = match &user {
        Some(u) if u.roles.any(crate::auth::roles::CommunicationEditors::ROLES) => {
            Some(crate::duty::held(&state.read, u.org_id()).await?)
        }
        _ => None,
    };
    let checkin_reminder = match &user {
        Some(u) if u.roles.has(crate::auth::Role::Staff) => {
            crate::checkins::reminders::pending_in_app(state, &u.org, u.user_id()).await?
        }
        _ => false,
    };
    let test_due = match &user {
        Some(u) => {
            let today = crate::checkins::absence::local_day(state.clock.now(), &u.org.time_zone);
            crate::checklists::testers::due_for(&state.read, u.org_id(), u.user_id(), today).await?
        }
        None => false,
    };
    Ok(PageCtx {
        lang,
        csrf: form_token(state.keys.secret(), &seed),
        path: req.path().to_string(),
        user,
        orgs,
        banner,
        checkin_reminder,
        test_due,
        on_duty,
    })
}

/// The cookie that keeps the level changes someone dismissed from the banner (their ids); it
/// lasts a day, as long as a change is shown.
pub const DISMISSED_COOKIE: &str = "beredskap_dismissed";

/// The level changes dismissed in this browser.
pub fn dismissed(req: &HttpRequest) -> Vec<i32> {
    req.cookie(DISMISSED_COOKIE)
        .map(|c| {
            c.value()
                .split('.')
                .filter_map(|id| id.parse().ok())
                .collect()
        })
        .unwrap_or_default()
}

async fn level_banner(
    state: &AppState,
    org_id: i32,
    publishes: bool,
    dismissed: &[i32],
) -> Result<Vec<LevelAlert>, AppError> {
    use crate::entities::level_change;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
    let since = state.clock.now() - chrono::Duration::hours(24);
    let changes = level_change::Entity::find()
        .filter(level_change::Column::OrganisationId.eq(org_id))
        .filter(level_change::Column::OccurredAt.gte(since))
        .order_by_desc(level_change::Column::OccurredAt)
        .limit(20)
        .all(&state.read)
        .await?;
    if changes.is_empty() {
        return Ok(vec![]);
    }
    let scenarios = crate::scenarios::repo::list(&state.read, org_id).await?;
    let levels = crate::scenarios::repo::all_levels(&state.read, org_id).await?;
    let pos = |id: Option<i32>| {
        id.and_then(|id| levels.iter().find(|l| l.id == id))
            .map(|l| l.position)
    };
    // The latest change per scenario only.
    let mut seen = std::collections::HashSet::new();
    Ok(changes
        .into_iter()
        .filter(|c| seen.insert(c.scenario_id))
        .filter(|c| !dismissed.contains(&c.id))
        .filter_map(|c| {
            let title = scenarios
                .iter()
                .find(|s| s.id == c.scenario_id)?
                .title
                .clone();
            let rising = pos(c.to_level_id) > pos(c.from_level_id);
            let holding_level_id = c
                .to_level_id
                .and_then(|id| levels.iter().find(|l| l.id == id))
                .filter(|l| {
                    publishes
                        && rising
                        && !l.holding_question.trim().is_empty()
                        && !l.holding_answer.trim().is_empty()
                })
                .map(|l| l.id);
            Some(LevelAlert {
                change_id: c.id,
                scenario_id: c.scenario_id,
                scenario: title,
                from: c.from_name,
                to: c.to_name,
                rising,
                holding_level_id,
            })
        })
        .collect())
}

impl FromRequest for PageCtx {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { page_ctx(&req).await })
    }
}
