//! The FAQ on the organisation's own website. Two ways in:
//!
//! - `/p/{org}/widget.js`: a script (written here, no third-party code) that renders the answers
//!   into `<div data-beredskap-faq>` on any site, from the public JSON and live stream (both
//!   answer cross-origin requests), styled to inherit the host page's fonts.
//! - `/p/{org}/embed`: the same answers as a page for an `<iframe>`, for sites that allow no
//!   scripts; only the origins an admin lists may frame it (`frame-ancestors`).
use super::public::{count_search, lang_of, load, organisation, PublicQuery};
use super::public_views;
use crate::entities::organisation as org_entity;
use crate::error::AppResult;
use crate::i18n::{Lang, ALL};
use crate::state::AppState;
use crate::ui::assets::ASSET_VERSION;
use actix_web::http::header;
use actix_web::{get, route, web, HttpRequest, HttpResponse};
use maud::{html, DOCTYPE};
use serde_json::{json, Map, Value};

const WIDGET_JS: &str = include_str!("../../static/widget.js");

/// Public answers anyone may read from any site: no credentials, so any origin.
pub const ANY_ORIGIN: (header::HeaderName, &str) = (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*");

const WIDGET_KEYS: &[&str] = &[
    "search",
    "category",
    "all",
    "updated",
    "nothing",
    "overdue",
    "checked",
    "link",
    "feedback_question",
    "yes",
    "no",
    "reason",
    "send",
    "sending",
    "thanks",
    "not_sent",
    "live",
    "unavailable",
    "open_page",
];

fn strings(lang: Lang) -> Value {
    let mut m = Map::new();
    for key in WIDGET_KEYS {
        m.insert(
            (*key).into(),
            Value::String(lang.t(&format!("widget.{key}"))),
        );
    }
    // The time is put in by the script, in the reader's own format.
    m.insert(
        "working".into(),
        Value::String(lang.tf("widget.working", &[("at", "%{at}")])),
    );
    Value::Object(m)
}

/// The script for one organisation: the code above with where to find its answers.
pub fn widget_script(base: &str, org: &org_entity::Model) -> String {
    let lang = Lang::parse(&org.default_language).unwrap_or(Lang::En);
    let mut all = Map::new();
    for l in ALL {
        all.insert(l.code().into(), strings(l));
    }
    let config = json!({
        "base": base,
        "org": org.slug,
        "lang": lang.code(),
        "strings": all,
    });
    WIDGET_JS.replace("__BEREDSKAP_CONFIG__", &config.to_string())
}

#[route("/p/{org}/widget.js", method = "GET", method = "HEAD")]
pub async fn widget(
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .insert_header(ANY_ORIGIN)
        .insert_header(("cross-origin-resource-policy", "cross-origin"))
        .body(widget_script(&state.settings.public_url(), &org)))
}

/// A search from the embedded script: counted like one on the page, answered with what it
/// finds.
#[get("/p/{org}/faq/search.json")]
pub async fn search(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<PublicQuery>,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let faq = load(&state, org).await?;
    let ids = count_search(&state, &faq, &query.q);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(ANY_ORIGIN)
        .json(json!({
            "query": crate::questions::text::search_key(&query.q),
            "found": ids.len(),
            "ids": ids,
        })))
}

/// The origins an admin allows to frame the FAQ, as `frame-ancestors` reads them.
pub fn frame_ancestors(org: &org_entity::Model) -> String {
    let origins: Vec<&str> = org.embed_origins.split_whitespace().collect();
    if origins.is_empty() {
        "'none'".into()
    } else {
        origins.join(" ")
    }
}

/// The answers as a page for an `<iframe>`: no site header, the search and the live refresh of
/// the public page, framed only where allowed.
#[route("/p/{org}/embed", method = "GET", method = "HEAD")]
pub async fn embed(
    state: web::Data<AppState>,
    slug: web::Path<String>,
    query: web::Query<PublicQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let org = organisation(&state, &slug).await?;
    let lang = lang_of(&query.lang, &org);
    let ancestors = frame_ancestors(&org);
    let faq = load(&state, org).await?;
    if !query.q.trim().is_empty() && req.method() == actix_web::http::Method::GET {
        count_search(&state, &faq, &query.q);
    }
    if query.fragment == "1" {
        let body = public_views::answers(&faq, lang, &query.q, &query.category);
        return Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(body.into_string()));
    }
    let slug = &faq.org.slug;
    let live = format!(
        "/p/{slug}/embed?fragment=1&lang={}&q={}",
        lang.code(),
        url::form_urlencoded::byte_serialize(query.q.as_bytes()).collect::<String>()
    );
    let title = lang.tf("faq.public.title", &[("org", &faq.org.name)]);
    let body = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href={ "/static/app.css?v=" (ASSET_VERSION) };
                (crate::ui::assets::icon_link())
                script src={ "/static/app.js?v=" (ASSET_VERSION) } defer {}
            }
            body.public.embedded {
                main id="main" {
                    form.search role="search" method="get" action={ "/p/" (slug) "/embed" } {
                        input type="hidden" name="lang" value=(lang.code());
                        label for="faq-q" { (lang.t("faq.public.search")) }
                        input id="faq-q" type="search" name="q" value=(query.q);
                        button type="submit" { (lang.t("faq.public.search_button")) }
                    }
                    p.sr-live role="status" aria-live="polite" data-live-announce=(lang.t("faq.public.live_updated")) {}
                    div.faq-answers data-events={ "/p/" (slug) "/faq/events" } data-fragment=(live) {
                        (public_views::answers(&faq, lang, &query.q, ""))
                    }
                    p.meta { a href={ "/p/" (slug) "/faq?lang=" (lang.code()) } target="_blank" rel="noopener" { (lang.t("faq.public.all_answers")) } }
                }
            }
        }
    };
    let csp = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; frame-ancestors {ancestors}; base-uri 'none'; \
         object-src 'none'"
    );
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header((header::CONTENT_SECURITY_POLICY, csp))
        .body(body.into_string()))
}
