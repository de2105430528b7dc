//! The internal knowledge base: every published answer, internal ones and the notes for staff
//! included, for anyone signed in to the organisation. Live like the public page.
use super::markdown;
use super::repo::{self, by_category, matches, update_overdue};
use crate::auth::roles::AnyMember;
use crate::auth::{Authorized, CurrentUser};
use crate::entities::faq_entry;
use crate::error::{AppResult, FieldErrors};
use crate::questions::views::{ask_box, tally_form};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{page, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};

/// `?q=` searches; `fragment=1` is the live refresh; `filed` and `tallied` say what the last
/// form did.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct KnowledgeQuery {
    pub q: String,
    pub fragment: String,
    /// The question just filed.
    pub filed: Option<i32>,
    /// The answer just tallied, and its count today.
    pub tallied: Option<i32>,
    pub today: Option<u64>,
}

/// What the answers show beside each: the channel preselected, the tally just made.
pub struct Tallying {
    pub channel: String,
    pub tallied: Option<(i32, u64)>,
}

fn answers(
    ctx: &PageCtx,
    entries: &[faq_entry::Model],
    now: DateTime<Utc>,
    tallying: &Tallying,
) -> Markup {
    html! {
        @if entries.is_empty() { p.empty { (ctx.t("faq.public.nothing")) } }
        @for (cat, list) in by_category(entries) {
            section.faq-category {
                @if !cat.is_empty() { h2 { (cat) } }
                @for e in list {
                    article.faq-entry id={ "q" (e.id) } {
                        h3 { (e.question) @if e.visibility == "internal" { " " span.badge.internal { (ctx.t("faq.visibility.internal")) } } }
                        @if e.working_on_it {
                            @if update_overdue(e, now) {
                                p.notice.warning { (ctx.t("faq.public.working_on_it_overdue")) }
                            } @else if let Some(at) = e.next_update_at {
                                p.notice { (ctx.tf("faq.public.working_on_it", &[("at", &ctx.local_time(at))])) }
                            }
                        }
                        div.answer { (PreEscaped(markdown::to_html(&e.answer_md))) }
                        @if !e.internal_note.is_empty() {
                            aside.internal-note {
                                strong { (ctx.t("faq.internal_note")) ": " }
                                (PreEscaped(markdown::to_html(&e.internal_note)))
                            }
                        }
                        p.meta {
                            @if let Some(at) = e.checked_at { (ctx.t("faq.public.checked")) " " (ctx.local_time(at)) }
                        }
                        (tally_form(ctx, e.id, &tallying.channel, tallying.tallied.filter(|t| t.0 == e.id).map(|t| t.1)))
                    }
                }
            }
        }
    }
}

#[get("/knowledge")]
pub async fn page_handler(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    query: web::Query<KnowledgeQuery>,
) -> AppResult<HttpResponse> {
    let notice = match query.filed {
        Some(id) => crate::questions::web::filed_notice(&ctx, &state.db, &user, id).await?,
        None => None,
    };
    let tallied = query.tallied.zip(query.today);
    render(
        &ctx,
        &state,
        &user,
        &query.q,
        query.fragment == "1",
        notice,
        tallied,
        None,
    )
    .await
}

/// The knowledge base; `failed` is a new question that could not be filed (kept as typed).
#[allow(clippy::too_many_arguments)]
pub async fn render(
    ctx: &PageCtx,
    state: &AppState,
    user: &CurrentUser,
    q: &str,
    fragment_only: bool,
    notice: Option<Markup>,
    tallied: Option<(i32, u64)>,
    failed: Option<(&str, &str, &FieldErrors)>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let entries: Vec<faq_entry::Model> = repo::published(&state.db, user.org_id(), false)
        .await?
        .into_iter()
        .filter(|e| matches(e, q))
        .collect();
    let channel = match failed {
        Some((_, c, _)) if !c.is_empty() => c.to_string(),
        _ => crate::questions::service::last_channel(&state.db, user).await?,
    };
    let tallying = Tallying { channel, tallied };
    let list = answers(ctx, &entries, now, &tallying);
    if fragment_only {
        return Ok(html_status(StatusCode::OK, list));
    }
    let title = ctx.t("nav.knowledge");
    let fragment = format!(
        "/knowledge?fragment=1&q={}",
        url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
    );
    let no_errors = FieldErrors::default();
    let (text, errors) = match failed {
        Some((t, _, e)) => (t, e),
        None => ("", &no_errors),
    };
    let status = if failed.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html_status(
        status,
        page(
            ctx,
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t("faq.knowledge_intro")) }
                @if let Some(n) = notice { (n) }
                (ask_box(ctx, &tallying.channel, text, errors))
                form.search role="search" method="get" action="/knowledge" {
                    label for="kb-q" { (ctx.t("faq.public.search")) }
                    input id="kb-q" type="search" name="q" value=(q);
                    button type="submit" { (ctx.t("faq.public.search_button")) }
                }
                p.sr-live role="status" aria-live="polite" data-live-announce=(ctx.t("faq.public.live_updated")) {}
                div.faq-answers data-events="/knowledge/events" data-fragment=(fragment) { (list) }
            },
        ),
    ))
}

/// Every answer change in the organisation, internal ones included.
#[get("/knowledge/events")]
pub async fn events(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    use super::public::{event_stream, stream_slot, CatchUp};
    let org_id = user.org_id();
    let slot = stream_slot(&state, &req)?;
    let rx = state.delivery.live.subscribe();
    let catch_up = CatchUp::since(&state, &req, org_id, false).await?;
    Ok(event_stream(rx, catch_up, slot, move |ev| {
        ev.organisation_id == org_id && ev.kind == "faq"
    }))
}
