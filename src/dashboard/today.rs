//! The start page's cards about today: the absence so far, the latest publications with how far
//! each has got, and the communicator's desk (drafts, promises past due, the questions asked
//! most). Every card links on to the page that does the work.
use crate::checkins::absence::Absence;
use crate::delivery::board::Totals;
use crate::entities::{faq_entry, organisation, publication};
use crate::error::AppResult;
use crate::questions::board::TopQuestion;
use crate::ui::PageCtx;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

pub fn absence_card(ctx: &PageCtx, a: &Absence) -> Markup {
    let pct = a.absence_pct().unwrap_or(0.0);
    html! {
        section.card {
            h2 { (ctx.t("dashboard.today_absence")) }
            p.big-figure { strong { (ctx.percent(pct)) } " " (ctx.t("dashboard.away")) }
            p { (ctx.tf("dashboard.absence_counts", &[
                ("present", &a.present.to_string()),
                ("absent", &a.absent.to_string()),
                ("unknown", &a.unknown.to_string()),
            ])) }
            p { a href="/checkins" { (ctx.t("dashboard.to_absence")) } " · " a href="/trends" { (ctx.t("nav.trends")) } }
        }
    }
}

pub fn publications_card(ctx: &PageCtx, list: &[(publication::Model, Totals)]) -> Markup {
    html! {
        section.card.wide {
            h2 { (ctx.t("dashboard.communication")) }
            @if list.is_empty() {
                p { (ctx.t("dashboard.communication_intro")) }
            } @else {
                ul.publications {
                    @for (p, t) in list {
                        li {
                            a href={ "/faq/publications/" (p.id) } { (p.title) }
                            " " small { (ctx.t(&format!("delivery.kind.{}", p.kind))) " · " (ctx.local_time(p.created_at)) }
                            br;
                            progress max="100" value=(t.percent_done) aria-label=(ctx.t("delivery.progress")) { (t.percent_done) "%" }
                            " " (ctx.tf("dashboard.delivered", &[("sent", &t.sent.to_string()), ("total", &t.total.to_string())]))
                            @if t.failed > 0 { " · " strong.overdue { (ctx.tf("delivery.n_failed", &[("n", &t.failed.to_string())])) } }
                        }
                    }
                }
            }
            p { a href="/faq/publications" { (ctx.t("dashboard.all_publications")) } }
        }
    }
}

/// What waits on the communicator's desk.
pub struct Desk {
    pub drafts: Vec<faq_entry::Model>,
    pub top: Vec<TopQuestion>,
}

pub async fn desk(
    db: &impl ConnectionTrait,
    org: &organisation::Model,
    now: DateTime<Utc>,
) -> AppResult<Desk> {
    let drafts = faq_entry::Entity::find()
        .filter(faq_entry::Column::OrganisationId.eq(org.id))
        .filter(faq_entry::Column::Status.eq("draft"))
        .order_by_desc(faq_entry::Column::UpdatedAt)
        .all(db)
        .await?;
    let top = crate::questions::board::todays_top(db, org, now).await?;
    Ok(Desk { drafts, top })
}

pub fn desk_card(ctx: &PageCtx, d: &Desk, overdue: &[faq_entry::Model]) -> Markup {
    html! {
        section.card {
            h2 { (ctx.t("dashboard.desk")) }
            @if !overdue.is_empty() {
                h3 { (ctx.t("dashboard.promises_due")) }
                ul.attention {
                    @for e in overdue { li { a href={ "/faq/" (e.id) "/edit" } { (e.question) } } }
                }
            }
            h3 { (ctx.t("dashboard.drafts")) }
            @if d.drafts.is_empty() {
                p { (ctx.t("dashboard.no_drafts")) }
            } @else {
                ul { @for e in &d.drafts { li { a href={ "/faq/" (e.id) "/edit" } { (e.question) } } } }
            }
            h3 { (ctx.t("dashboard.top_questions")) }
            @if d.top.is_empty() {
                p { (ctx.t("dashboard.no_questions")) }
            } @else {
                ol {
                    @for q in &d.top {
                        li { a href="/questions" { (q.question) } " " small { "(" (q.count) ")" } }
                    }
                }
            }
            p { a.button.primary href="/faq/new" { (ctx.t("dashboard.new_answer")) } " " a href="/questions" { (ctx.t("nav.questions")) } }
        }
    }
}

/// For everyone below their check-in: the levels in force today and the latest answers.
pub async fn staff_news(
    state: &crate::state::AppState,
    org_id: i32,
    ctx: &PageCtx,
) -> AppResult<Markup> {
    let levels = crate::scenarios::repo::all_levels(&state.read, org_id).await?;
    let at_a_level: Vec<(crate::entities::scenario::Model, String)> =
        crate::scenarios::repo::list(&state.read, org_id)
            .await?
            .into_iter()
            .filter(|s| s.status != "closed")
            .filter_map(|s| {
                let level = levels.iter().find(|l| Some(l.id) == s.current_level_id)?;
                let name = level.name.clone();
                Some((s, name))
            })
            .collect();
    let mut answers = crate::faq::repo::published(&state.read, org_id, false).await?;
    answers.sort_by_key(|e| std::cmp::Reverse(e.last_published_at));
    answers.truncate(3);
    Ok(html! {
        section.card.news {
            h2 { (ctx.t("dashboard.levels_now")) }
            @if at_a_level.is_empty() {
                p { (ctx.t("dashboard.no_levels")) }
            } @else {
                ul { @for (s, level) in &at_a_level { li { a href={ "/plan/scenarios/" (s.id) } { (s.title) } ": " strong { (level) } } } }
            }
            h2 { (ctx.t("dashboard.latest_answers")) }
            ul {
                @for e in &answers {
                    li {
                        a href={ "/knowledge#q" (e.id) } { (e.question) }
                        @if let Some(at) = e.last_published_at { " " small { (ctx.local_time(at)) } }
                    }
                }
            }
            p { a href="/knowledge" { (ctx.t("dashboard.all_answers")) } }
        }
    })
}
