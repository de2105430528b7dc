//! The internal knowledge base: every published answer, internal ones and the notes for staff
//! included, for anyone signed in to the organisation. Live like the public page.
use super::markdown;
use super::public::PublicQuery;
use super::repo::{self, by_category, matches, update_overdue};
use crate::auth::roles::AnyMember;
use crate::auth::Authorized;
use crate::entities::faq_entry;
use crate::error::AppResult;
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{page, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};

fn answers(ctx: &PageCtx, entries: &[faq_entry::Model], now: DateTime<Utc>) -> Markup {
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
    query: web::Query<PublicQuery>,
) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let entries: Vec<faq_entry::Model> = repo::published(&state.db, user.org_id(), false)
        .await?
        .into_iter()
        .filter(|e| matches(e, &query.q))
        .collect();
    let list = answers(&ctx, &entries, now);
    if query.fragment == "1" {
        return Ok(html_status(StatusCode::OK, list));
    }
    let title = ctx.t("nav.knowledge");
    let fragment = format!(
        "/knowledge?fragment=1&q={}",
        url::form_urlencoded::byte_serialize(query.q.as_bytes()).collect::<String>()
    );
    Ok(html_status(
        StatusCode::OK,
        page(
            &ctx,
            &title,
            html! {
                h1 { (title) }
                p.lead { (ctx.t("faq.knowledge_intro")) }
                form.search role="search" method="get" action="/knowledge" {
                    label for="kb-q" { (ctx.t("faq.public.search")) }
                    input id="kb-q" type="search" name="q" value=(query.q);
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
