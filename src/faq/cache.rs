//! The public FAQ served from memory. In a crisis everyone opens the same page at once; the
//! page, its JSON and its feed change only when something is published, so each is rendered
//! once (and gzipped once) and served from here until the next publication, with `ETag`,
//! `Last-Modified`, `304 Not Modified` and a `Cache-Control` a CDN can use.
//!
//! A cached hit is answered by a middleware at the very front of the app, before logging and
//! metrics, so it costs a map lookup and a copy of prepared bytes. Misses go to the handlers,
//! which render and store. A publication empties an organisation's entries: on this instance
//! when the worker delivers its `site` and `live` targets, on every other instance when the
//! live announcement arrives over PostgreSQL `NOTIFY`.
use crate::state::AppState;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderMap, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// However quiet the organisation, a rendering is rebuilt after this (a renamed organisation
/// or a changed time zone shows within a minute).
pub const MAX_AGE_SECONDS: i64 = 60;
/// What shared caches may do with a public answer.
pub const CACHE_CONTROL: &str = "public, max-age=5, stale-while-revalidate=30";

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// The HTML page in a language (`en`, `sv`); empty for the organisation's own.
    Page(String),
    /// One answer's own page, in a language.
    Entry(i32, String),
    Json,
    Atom,
}

impl Kind {
    /// The answer a view of this rendering counts for: 0 for the FAQ page, none for documents
    /// read by programs.
    pub fn viewed_entry(&self) -> Option<i32> {
        match self {
            Kind::Page(_) => Some(0),
            Kind::Entry(id, _) => Some(*id),
            Kind::Json | Kind::Atom => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub slug: String,
    pub kind: Kind,
}

/// `""` or `lang=xx`: the only queries a cached page may carry.
fn page_lang(query: &str) -> Option<String> {
    if query.is_empty() {
        return Some(String::new());
    }
    let lang = query.strip_prefix("lang=")?;
    if !lang.bytes().all(|b| b.is_ascii_lowercase()) || lang.len() > 5 {
        return None;
    }
    Some(lang.to_string())
}

impl Key {
    /// The key of a request that can be answered from memory: the plain page or an answer's
    /// page (optionally `?lang=`), the JSON or the feed. Searches and fragments are rendered
    /// each time.
    pub fn of(path: &str, query: &str) -> Option<Key> {
        let rest = path.strip_prefix("/p/")?;
        let (slug, tail) = rest.split_once('/')?;
        if slug.is_empty() {
            return None;
        }
        let kind = match (tail, query) {
            ("faq", q) => Kind::Page(page_lang(q)?),
            ("faq.json", "") => Kind::Json,
            ("faq.atom", "") => Kind::Atom,
            (t, q) => {
                let id = t.strip_prefix("faq/")?;
                if id.is_empty() || id.len() > 9 || !id.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                Kind::Entry(id.parse().ok()?, page_lang(q)?)
            }
        };
        Some(Key {
            slug: slug.to_string(),
            kind,
        })
    }
}

/// One prepared answer.
pub struct Rendered {
    pub organisation_id: i32,
    content_type: HeaderValue,
    body: Bytes,
    gzip: Bytes,
    /// One strong tag per representation: the gzipped bytes are not the plain bytes.
    etag: HeaderValue,
    etag_gzip: HeaderValue,
    /// The exact moment of the last change (sub-second), not the header's whole second.
    last_modified: DateTime<Utc>,
    /// When it must be rendered again: a promised update falls due, or the maximum age.
    valid_until: DateTime<Utc>,
}

impl Rendered {
    pub fn new(
        organisation_id: i32,
        content_type: &'static str,
        body: Vec<u8>,
        last_modified: DateTime<Utc>,
        valid_until: DateTime<Utc>,
    ) -> Rendered {
        let digest = <sha2::Sha256 as sha2::Digest>::digest(&body);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gzip = gz
            .write_all(&body)
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        let tag = |suffix: &str| {
            HeaderValue::from_str(&format!("\"{}{suffix}\"", hex::encode(&digest[..12])))
                .unwrap_or(HeaderValue::from_static("\"0\""))
        };
        Rendered {
            organisation_id,
            content_type: HeaderValue::from_static(content_type),
            body: Bytes::from(body),
            gzip: Bytes::from(gzip),
            etag: tag(""),
            etag_gzip: tag("-gzip"),
            last_modified,
            valid_until,
        }
    }

    /// The whole second `Last-Modified` names.
    fn modified_second(&self) -> i64 {
        self.last_modified.timestamp()
    }

    /// `Last-Modified` can only be sent once the second it names is over: sent earlier, a
    /// second change within the same second would carry the same date, and a client asking
    /// `If-Modified-Since` with it would be told 304 for content it has not seen.
    fn date_is_settled(&self, now: DateTime<Utc>) -> bool {
        now.timestamp() > self.modified_second()
    }

    fn not_modified(&self, headers: &HeaderMap, etag: &HeaderValue, now: DateTime<Utc>) -> bool {
        if let Some(tags) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            // RFC 9110 §13.1.3: with If-None-Match present, If-Modified-Since is ignored.
            let ours = etag.as_bytes();
            return tags.split(',').map(str::trim).any(|t| {
                t == "*"
                    || t.as_bytes() == ours
                    || t.strip_prefix("W/").is_some_and(|w| w.as_bytes() == ours)
            });
        }
        if !self.date_is_settled(now) {
            return false;
        }
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .and_then(|since| since.duration_since(std::time::UNIX_EPOCH).ok())
            .is_some_and(|since| self.modified_second() <= since.as_secs() as i64)
    }

    /// The answer for a request at `now`: 304, the gzipped bytes, or the plain bytes.
    pub fn respond(&self, headers: &HeaderMap, now: DateTime<Utc>) -> HttpResponse {
        let gzip = !self.gzip.is_empty() && accepts_gzip(headers);
        let etag = if gzip { &self.etag_gzip } else { &self.etag };
        let not_modified = self.not_modified(headers, etag, now);
        let mut res = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        res.insert_header((header::ETAG, etag.clone()));
        if self.date_is_settled(now) {
            let date = httpdate::fmt_http_date(std::time::SystemTime::from(self.last_modified));
            if let Ok(v) = HeaderValue::from_str(&date) {
                res.insert_header((header::LAST_MODIFIED, v));
            }
        }
        if self.content_type.as_bytes() != b"text/html; charset=utf-8" {
            // The JSON and the feed are public data for any site's script (the embedded FAQ).
            res.insert_header((
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ));
        }
        res.insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        ))
        .insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
        if self
            .content_type
            .as_bytes()
            .starts_with(b"application/json")
        {
            res.insert_header((
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ));
        }
        if not_modified {
            return res.finish();
        }
        res.insert_header((header::CONTENT_TYPE, self.content_type.clone()));
        let body = if gzip {
            res.insert_header((header::CONTENT_ENCODING, HeaderValue::from_static("gzip")));
            self.gzip.clone()
        } else {
            self.body.clone()
        };
        // For HEAD, actix sends these headers with the body's length and leaves the body out.
        res.body(body)
    }
}

/// Whether `Accept-Encoding` (RFC 9110 §12.5.3) accepts gzip: named (or `x-gzip`, or `*`
/// when gzip is not named) with a quality above zero. `gzip;q=0` refuses it.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut named = None;
    let mut any = None;
    for item in value.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("").to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => named = Some(q),
            "*" => any = Some(q),
            _ => {}
        }
    }
    named.or(any).is_some_and(|q| q > 0.0)
}

#[derive(Default)]
pub struct PublicCache {
    entries: RwLock<HashMap<Key, Arc<Rendered>>>,
    /// Bumped by every invalidation: a rendering that began before one is not stored after it
    /// (it may have read the database before the publication committed).
    generation: AtomicU64,
    pub hits: AtomicU64,
}

impl PublicCache {
    pub fn get(&self, key: &Key, now: DateTime<Utc>) -> Option<Arc<Rendered>> {
        let entries = self.entries.read().ok()?;
        entries.get(key).filter(|r| r.valid_until > now).cloned()
    }

    /// Call before reading the database for a rendering; pass the value to `put`.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn put(&self, key: Key, rendered: Arc<Rendered>, generation: u64) {
        if let Ok(mut entries) = self.entries.write() {
            if self.generation.load(Ordering::Acquire) == generation {
                entries.insert(key, rendered);
            }
        }
    }

    /// Something was published for the organisation: its renderings are stale.
    pub fn invalidate(&self, organisation_id: i32) {
        if let Ok(mut entries) = self.entries.write() {
            self.generation.fetch_add(1, Ordering::AcqRel);
            entries.retain(|_, r| r.organisation_id != organisation_id);
        }
    }
}

/// When a rendering made at `now` must be made again: the earliest promised update still to
/// come (so "overdue" shows on time), or the maximum age.
pub fn valid_until(
    now: DateTime<Utc>,
    promised: impl Iterator<Item = Option<DateTime<Utc>>>,
) -> DateTime<Utc> {
    promised
        .flatten()
        .filter(|at| *at > now)
        .chain(std::iter::once(now + Duration::seconds(MAX_AGE_SECONDS)))
        .min()
        .unwrap_or(now)
}

/// The front door for cached public answers. Everything else passes through untouched.
pub async fn middleware<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B>>, actix_web::Error> {
    let method = req.method();
    if (method == Method::GET || method == Method::HEAD) && req.path().starts_with("/p/") {
        if let (Some(key), Some(state)) = (
            Key::of(req.path(), req.query_string()),
            req.app_data::<web::Data<AppState>>(),
        ) {
            if let Some(r) = state.public_cache.get(&key, state.clock.now()) {
                state.public_cache.hits.fetch_add(1, Ordering::Relaxed);
                count_view(state, &key, &r, method);
                let mut res = r.respond(req.headers(), state.clock.now());
                crate::security_headers::add_security_headers(
                    res.headers_mut(),
                    state.settings.secure_cookies(),
                );
                return Ok(req.into_response(res).map_into_right_body());
            }
        }
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

/// For handlers: the cached rendering for this request, or a new one made by `render` and
/// stored. Returns `None` for requests the cache does not hold (searches, fragments).
pub async fn serve<F, Fut>(
    state: &AppState,
    req: &HttpRequest,
    render: F,
) -> crate::error::AppResult<Option<HttpResponse>>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = crate::error::AppResult<Rendered>>,
{
    let Some(key) = Key::of(req.path(), req.query_string()) else {
        return Ok(None);
    };
    if let Some(r) = state.public_cache.get(&key, state.clock.now()) {
        count_view(state, &key, &r, req.method());
        return Ok(Some(r.respond(req.headers(), state.clock.now())));
    }
    let generation = state.public_cache.generation();
    let rendered = Arc::new(render().await?);
    count_view(state, &key, &rendered, req.method());
    state.public_cache.put(key, rendered.clone(), generation);
    Ok(Some(rendered.respond(req.headers(), state.clock.now())))
}

/// A reader opened the page or an answer (a `304` counts: it was shown again).
fn count_view(state: &AppState, key: &Key, r: &Rendered, method: &Method) {
    if method != Method::GET {
        return;
    }
    if let Some(entry) = key.kind.viewed_entry() {
        state.signals.view(r.organisation_id, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_public_answers_have_keys() {
        assert_eq!(
            Key::of("/p/demo/faq", ""),
            Some(Key {
                slug: "demo".into(),
                kind: Kind::Page(String::new())
            })
        );
        assert_eq!(
            Key::of("/p/demo/faq", "lang=sv"),
            Some(Key {
                slug: "demo".into(),
                kind: Kind::Page("sv".into())
            })
        );
        assert_eq!(
            Key::of("/p/demo/faq.json", "").map(|k| k.kind),
            Some(Kind::Json)
        );
        assert_eq!(
            Key::of("/p/demo/faq.atom", "").map(|k| k.kind),
            Some(Kind::Atom)
        );
        assert_eq!(Key::of("/p/demo/faq", "q=open"), None);
        assert_eq!(Key::of("/p/demo/faq", "fragment=1&lang=sv"), None);
        assert_eq!(Key::of("/p/demo/faq.json", "x=1"), None);
        assert_eq!(Key::of("/p/demo/faq/events", ""), None);
        assert_eq!(Key::of("/p//faq", ""), None);
        assert_eq!(
            Key::of("/p/demo/faq/12", "lang=sv").map(|k| k.kind),
            Some(Kind::Entry(12, "sv".into()))
        );
        assert_eq!(Key::of("/p/demo/faq/12/feedback", ""), None);
        assert_eq!(Key::of("/p/demo/faq/1x", ""), None);
        assert_eq!(Key::of("/p/demo/faq/9999999999", ""), None);
    }

    #[test]
    fn a_rendering_started_before_an_invalidation_is_not_stored() {
        let cache = PublicCache::default();
        let key = Key::of("/p/demo/faq", "").unwrap();
        let now = Utc::now();
        let r = Arc::new(Rendered::new(
            1,
            "text/html; charset=utf-8",
            b"old".to_vec(),
            now,
            now + Duration::seconds(60),
        ));
        let before = cache.generation();
        cache.invalidate(1);
        cache.put(key.clone(), r.clone(), before);
        assert!(cache.get(&key, now).is_none());
        cache.put(key.clone(), r, cache.generation());
        assert!(cache.get(&key, now).is_some());
        assert!(
            cache.get(&key, now + Duration::seconds(61)).is_none(),
            "expired"
        );
    }

    #[test]
    fn promised_updates_cut_the_lifetime() {
        let now = Utc::now();
        let soon = now + Duration::seconds(20);
        assert_eq!(
            valid_until(
                now,
                [None, Some(soon), Some(now - Duration::seconds(5))].into_iter()
            ),
            soon
        );
        assert_eq!(
            valid_until(now, std::iter::empty()),
            now + Duration::seconds(MAX_AGE_SECONDS)
        );
    }

    fn rendered_at(modified: DateTime<Utc>) -> Rendered {
        Rendered::new(
            1,
            "text/html; charset=utf-8",
            b"<p>hi</p>".to_vec(),
            modified,
            modified + Duration::seconds(60),
        )
    }

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(name, HeaderValue::from_str(value).unwrap());
        h
    }

    #[test]
    fn etags_and_dates_answer_304() {
        let modified = Utc::now() - Duration::seconds(10);
        let r = rendered_at(modified);
        let now = Utc::now();
        assert_eq!(r.respond(&HeaderMap::new(), now).status(), 200);
        let etag = r.etag.to_str().unwrap().to_string();
        assert_eq!(
            r.respond(&with(header::IF_NONE_MATCH, &etag), now).status(),
            304
        );
        let date = httpdate::fmt_http_date(modified.into());
        assert_eq!(
            r.respond(&with(header::IF_MODIFIED_SINCE, &date), now)
                .status(),
            304
        );
    }

    #[test]
    fn gzip_refused_with_q_zero_is_not_sent() {
        for (value, gzip) in [
            ("gzip", true),
            ("gzip, deflate, br", true),
            ("gzip;q=0", false),
            ("gzip; q=0.0, identity", false),
            ("deflate", false),
            ("*", true),
            ("*;q=0", false),
            ("gzip;q=0, *", false),
            ("x-gzip;q=0.5", true),
        ] {
            assert_eq!(
                accepts_gzip(&with(header::ACCEPT_ENCODING, value)),
                gzip,
                "{value}"
            );
        }
    }

    #[test]
    fn the_gzipped_and_plain_bodies_have_their_own_etags() {
        let r = rendered_at(Utc::now() - Duration::seconds(10));
        let now = Utc::now();
        let plain = r.respond(&HeaderMap::new(), now);
        let gz = r.respond(&with(header::ACCEPT_ENCODING, "gzip"), now);
        assert_ne!(
            plain.headers().get(header::ETAG),
            gz.headers().get(header::ETAG)
        );
        let plain_tag = plain
            .headers()
            .get(header::ETAG)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let mut h = with(header::ACCEPT_ENCODING, "gzip");
        h.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(&plain_tag).unwrap(),
        );
        assert_eq!(
            r.respond(&h, now).status(),
            200,
            "the plain tag does not validate gzip"
        );
    }

    #[test]
    fn a_date_is_not_trusted_within_the_second_it_names() {
        // Two publications in one second: 12:00:00.300 and 12:00:00.800.
        let second = DateTime::parse_from_rfc3339("2026-11-24T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let first = rendered_at(second + Duration::milliseconds(300));
        let during = first.respond(&HeaderMap::new(), second + Duration::milliseconds(500));
        assert!(
            !during.headers().contains_key(header::LAST_MODIFIED),
            "no date is handed out while the second it names can still change"
        );
        let later = rendered_at(second + Duration::milliseconds(800));
        let ims = with(header::IF_MODIFIED_SINCE, "Tue, 24 Nov 2026 12:00:00 GMT");
        assert_eq!(
            later
                .respond(&ims, second + Duration::milliseconds(900))
                .status(),
            200
        );
        let settled = later.respond(&HeaderMap::new(), second + Duration::seconds(2));
        assert_eq!(
            settled.headers().get(header::LAST_MODIFIED).unwrap(),
            "Tue, 24 Nov 2026 12:00:00 GMT"
        );
        assert_eq!(
            later.respond(&ims, second + Duration::seconds(2)).status(),
            304
        );
    }
}
