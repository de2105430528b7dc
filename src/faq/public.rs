//! The public FAQ of an organisation, for anyone: `/p/{org}/faq` (HTML), `.json`, `.atom`, the
//! live stream `/p/{org}/faq/events` (subscriptions: `subscribe_web`). No sign-in, no cookies.
use super::cache::{self, Rendered};
use super::public_views::{self, PublicFaq};
use super::{markdown, repo};
use crate::delivery::live::{LiveEvent, StreamSlot};
use crate::entities::organisation;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use actix_web::web::Bytes;
use actix_web::{get, http::header, route, web, HttpRequest, HttpResponse};
use atom_syndication::{
    ContentBuilder, EntryBuilder, FeedBuilder, LinkBuilder, PersonBuilder, Text,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use utoipa::ToSchema;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PublicQuery {
    pub q: String,
    pub category: String,
    pub lang: String,
    /// `1`: only the list of answers, for the live refresh.
    pub fragment: String,
}

pub async fn organisation(state: &AppState, slug: &str) -> AppResult<organisation::Model> {
    crate::orgs::repo::organisation_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

/// `?lang=`, else the organisation's language: the page does not vary by request headers, so
/// a CDN can keep one copy per address.
pub fn lang_of(query_lang: &str, org: &organisation::Model) -> Lang {
    Lang::parse(query_lang)
        .or_else(|| Lang::parse(&org.default_language))
        .unwrap_or(Lang::En)
}

pub async fn load(state: &AppState, org: organisation::Model) -> AppResult<PublicFaq> {
    let entries = repo::published(&state.db, org.id, true).await?;
    Ok(PublicFaq::new(org, entries, state.clock.now()))
}

/// A rendering for the public cache, valid until the next promised update falls due.
fn rendered(faq: &PublicFaq, content_type: &'static str, body: String) -> Rendered {
    let last_modified = faq.updated_at.unwrap_or(faq.org.updated_at);
    let until = cache::valid_until(
        faq.now,
        faq.entries
            .iter()
            .filter(|e| e.working_on_it)
            .map(|e| e.next_update_at),
    );
    Rendered::new(
        faq.org.id,
        content_type,
        body.into_bytes(),
        last_modified,
        until,
    )
}

#[route("/p/{org}/faq", method = "GET", method = "HEAD")]
pub async fn public_page(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<PublicQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let cached = cache::serve(&state, &req, || async {
        let org = organisation(&state, &slug).await?;
        let lang = lang_of(&query.lang, &org);
        let faq = load(&state, org).await?;
        let html = public_views::page(&faq, lang, "", "", None).into_string();
        Ok(rendered(&faq, "text/html; charset=utf-8", html))
    })
    .await?;
    if let Some(res) = cached {
        return Ok(res);
    }
    // Searches and the live fragment: rendered for each request.
    let org = organisation(&state, &slug).await?;
    let lang = lang_of(&query.lang, &org);
    let faq = load(&state, org).await?;
    if query.fragment != "1" && req.method() == actix_web::http::Method::GET {
        count_search(&state, &faq, &query.q);
    }
    let body = if query.fragment == "1" {
        public_views::answers(&faq, lang, &query.q, &query.category)
    } else {
        public_views::page(&faq, lang, &query.q, &query.category, None)
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, cache::CACHE_CONTROL))
        .body(body.into_string()))
}

/// A reader searched: counted under its normalised form, with whether anything was found.
/// Returns the answers it found.
pub fn count_search(state: &AppState, faq: &PublicFaq, q: &str) -> Vec<i32> {
    let found: Vec<i32> = faq
        .entries
        .iter()
        .filter(|e| repo::matches(e, q))
        .map(|e| e.id)
        .collect();
    let key = crate::questions::text::search_key(q);
    if !key.is_empty() {
        state.signals.search(faq.org.id, key, !found.is_empty());
    }
    found
}

/// One answer's own page (public answers only).
#[route("/p/{org}/faq/{id:\\d{1,9}}", method = "GET", method = "HEAD")]
pub async fn entry_page(
    state: web::Data<AppState>,
    path: web::Path<(String, i32)>,
    query: web::Query<PublicQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let render = || async {
        let org = organisation(&state, &slug).await?;
        let lang = lang_of(&query.lang, &org);
        let faq = load(&state, org).await?;
        let e = faq
            .entries
            .iter()
            .find(|e| e.id == id)
            .ok_or(AppError::NotFound)?;
        let html = public_views::entry_page(&faq, lang, e, None).into_string();
        Ok(rendered(&faq, "text/html; charset=utf-8", html))
    };
    if let Some(res) = cache::serve(&state, &req, render).await? {
        return Ok(res);
    }
    // Other query parameters (a campaign tag): the same page, rendered for this request.
    let r = render().await?;
    if req.method() == actix_web::http::Method::GET {
        state.signals.view(r.organisation_id, id);
    }
    Ok(r.respond(req.headers(), state.clock.now()))
}

#[derive(Serialize, ToSchema)]
pub struct PublicEntry {
    pub id: i32,
    pub question: String,
    pub answer_markdown: String,
    /// The answer rendered and sanitised.
    pub answer_html: String,
    pub category: String,
    pub position: i32,
    /// The answer is provisional; `next_update_at` is when more is promised.
    pub working_on_it: bool,
    pub next_update_at: Option<DateTime<Utc>>,
    /// The promised update time has passed without one.
    pub update_overdue: bool,
    pub last_published_at: Option<DateTime<Utc>>,
    /// When the answer was last published or confirmed unchanged.
    pub checked_at: Option<DateTime<Utc>>,
    pub revision: i32,
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct PublicFaqOut {
    pub organisation: String,
    pub name: String,
    /// The latest checked-at time of any answer: when the page last changed or was confirmed.
    pub updated_at: Option<DateTime<Utc>>,
    pub entries: Vec<PublicEntry>,
}

pub fn to_json(faq: &PublicFaq, base: &str) -> PublicFaqOut {
    PublicFaqOut {
        organisation: faq.org.slug.clone(),
        name: faq.org.name.clone(),
        updated_at: faq.updated_at,
        entries: faq
            .entries
            .iter()
            .map(|e| PublicEntry {
                id: e.id,
                question: e.question.clone(),
                answer_markdown: e.answer_md.clone(),
                answer_html: markdown::to_html(&e.answer_md),
                category: e.category.clone(),
                position: e.position,
                working_on_it: e.working_on_it,
                next_update_at: e.next_update_at.filter(|_| e.working_on_it),
                update_overdue: repo::update_overdue(e, faq.now),
                last_published_at: e.last_published_at,
                checked_at: e.checked_at,
                revision: e.revision_count,
                url: crate::delivery::content::faq_url(base, &faq.org, e.id),
            })
            .collect(),
    }
}

/// The cached answer of a public document made from the organisation's published answers.
async fn serve_document(
    state: &AppState,
    req: &HttpRequest,
    slug: &str,
    content_type: &'static str,
    make: impl FnOnce(&PublicFaq) -> AppResult<String>,
) -> AppResult<HttpResponse> {
    let cached = cache::serve(state, req, || async {
        let faq = load(state, organisation(state, slug).await?).await?;
        Ok(rendered(&faq, content_type, make(&faq)?))
    })
    .await?;
    cached.ok_or(AppError::NotFound)
}

#[route("/p/{org}/faq.json", method = "GET", method = "HEAD")]
pub async fn json(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let base = state.settings.public_url();
    serve_document(&state, &req, &slug, "application/json", |faq| {
        serde_json::to_string(&to_json(faq, &base)).map_err(|e| AppError::Unexpected(e.into()))
    })
    .await
}

/// A tag URI (RFC 4151) minted from the entry's creation day: stable for the life of the entry,
/// whatever its later revisions.
fn entry_id(host: &str, slug: &str, created: DateTime<Utc>, id: i32) -> String {
    format!("tag:{host},{}:faq/{slug}/{id}", created.format("%Y-%m-%d"))
}

pub fn to_atom(faq: &PublicFaq, base: &str, host: &str) -> String {
    let page = format!("{base}/p/{}/faq", faq.org.slug);
    let lang = Lang::parse(&faq.org.default_language).unwrap_or(Lang::En);
    let updated = faq.updated_at.unwrap_or(faq.org.created_at);
    let mut entries: Vec<_> = faq.entries.iter().collect();
    entries.sort_by_key(|e| std::cmp::Reverse(e.checked_at));
    let feed = FeedBuilder::default()
        .title(Text::plain(lang.tf("faq.public.title", &[("org", &faq.org.name)])))
        .id(format!("tag:{host},{}:faq/{}", faq.org.created_at.format("%Y-%m-%d"), faq.org.slug))
        .updated(updated.fixed_offset())
        .author(PersonBuilder::default().name(faq.org.name.clone()).uri(Some(page.clone())).build())
        .link(LinkBuilder::default().href(format!("{page}.atom")).rel("self").mime_type(Some("application/atom+xml".into())).build())
        .link(LinkBuilder::default().href(page.clone()).rel("alternate").mime_type(Some("text/html".into())).build())
        .lang(Some(lang.code().to_string()))
        .entries(
            entries
                .into_iter()
                .map(|e| {
                    let mut html = markdown::to_html(&e.answer_md);
                    if let (true, Some(at)) = (e.working_on_it, e.next_update_at) {
                        html.push_str(&format!(
                            "<p><em>{}</em></p>",
                            maud::html! { (lang.tf("faq.public.working_on_it", &[("at", &crate::delivery::content::local(&faq.org, at))])) }.into_string()
                        ));
                    }
                    EntryBuilder::default()
                        .title(Text::plain(e.question.clone()))
                        .id(entry_id(&host, &faq.org.slug, e.created_at, e.id))
                        .updated(e.checked_at.unwrap_or(e.updated_at).fixed_offset())
                        .published(e.first_published_at.map(|d| d.fixed_offset()))
                        .link(LinkBuilder::default().href(format!("{page}#q{}", e.id)).rel("alternate").build())
                        .categories(if e.category.is_empty() {
                            vec![]
                        } else {
                            vec![atom_syndication::CategoryBuilder::default().term(e.category.clone()).build()]
                        })
                        .content(Some(ContentBuilder::default().value(Some(html)).content_type(Some("html".into())).build()))
                        .build()
                })
                .collect::<Vec<_>>(),
        )
        .build();
    feed.to_string()
}

#[route("/p/{org}/faq.atom", method = "GET", method = "HEAD")]
pub async fn atom(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (base, host) = (state.settings.public_url(), state.settings.public_host());
    serve_document(
        &state,
        &req,
        &slug,
        "application/atom+xml; charset=utf-8",
        |faq| Ok(to_atom(faq, &base, &host)),
    )
    .await
}

/// One event as the stream sends it. Answer events carry the publication's id as the event
/// id, so a browser that reconnects says where it was (`Last-Event-ID`) and is sent what it
/// missed.
fn sse_chunk(ev: &LiveEvent) -> Bytes {
    let data = serde_json::to_string(ev).unwrap_or_default();
    match ev.publication_id {
        Some(id) => Bytes::from(format!("id: {id}\nevent: {}\ndata: {data}\n\n", ev.kind)),
        None => Bytes::from(format!("event: {}\ndata: {data}\n\n", ev.kind)),
    }
}

/// What a stream starts with after the greeting: the events missed since `Last-Event-ID`.
pub struct CatchUp(pub Option<Vec<LiveEvent>>);

impl CatchUp {
    pub async fn since(
        state: &AppState,
        req: &HttpRequest,
        organisation_id: i32,
        public_only: bool,
    ) -> AppResult<CatchUp> {
        let last = req
            .headers()
            .get("last-event-id")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i32>().ok());
        Ok(match last {
            None => CatchUp(Some(vec![])),
            Some(after) => CatchUp(
                crate::delivery::live::missed(&state.db, organisation_id, after, public_only)
                    .await?,
            ),
        })
    }

    fn chunks(self) -> Vec<Bytes> {
        match self.0 {
            Some(events) => events.iter().map(sse_chunk).collect(),
            None => vec![Bytes::from_static(b"event: resync\ndata: {}\n\n")],
        }
    }
}

/// A server-sent event stream of what `keep` lets through, with a comment every 20 seconds
/// so proxies keep the connection open. A browser that fell behind is told to `resync`.
/// `slot` is the client address's share of streams, given back when the stream ends.
pub fn event_stream(
    rx: broadcast::Receiver<LiveEvent>,
    catch_up: CatchUp,
    slot: StreamSlot,
    keep: impl Fn(&LiveEvent) -> bool + 'static,
) -> HttpResponse {
    use futures_util::stream;
    let hello = stream::iter(
        std::iter::once(Bytes::from_static(b"retry: 3000\n: connected\n\n"))
            .chain(catch_up.chunks())
            .map(Ok::<_, actix_web::Error>),
    );
    let events = stream::unfold((rx, keep, slot), |(mut rx, keep, slot)| async move {
        loop {
            let next = tokio::time::timeout(std::time::Duration::from_secs(20), rx.recv()).await;
            let chunk = match next {
                Err(_) => Bytes::from_static(b": keep-alive\n\n"),
                Ok(Ok(ev)) if keep(&ev) => sse_chunk(&ev),
                Ok(Ok(_)) => continue,
                Ok(Err(broadcast::error::RecvError::Lagged(_))) => {
                    Bytes::from_static(b"event: resync\ndata: {}\n\n")
                }
                Ok(Err(broadcast::error::RecvError::Closed)) => return None,
            };
            return Some((Ok::<_, actix_web::Error>(chunk), (rx, keep, slot)));
        }
    });
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(futures_util::StreamExt::chain(hello, Box::pin(events)))
}

/// A slot for one more event stream from this client, or 429 when it holds its fill.
pub fn stream_slot(state: &AppState, req: &HttpRequest) -> AppResult<StreamSlot> {
    let ip = crate::auth::service::client_ip(req, state.settings.trust_proxy);
    state
        .delivery
        .live
        .open_stream(&ip)
        .ok_or(AppError::TooManyRequests {
            retry_after_secs: 30,
        })
}

#[get("/p/{org}/faq/events")]
pub async fn faq_events(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let org_id = org.id;
    let slot = stream_slot(&state, &req)?;
    // Subscribe before reading what was missed, so nothing falls between the two.
    let rx = state.delivery.live.subscribe();
    let catch_up = CatchUp::since(&state, &req, org_id, true).await?;
    let mut res = event_stream(rx, catch_up, slot, move |ev| {
        ev.organisation_id == org_id && ev.public && ev.kind == "faq"
    });
    // The embedded FAQ on the organisation's own site listens too.
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    Ok(res)
}
