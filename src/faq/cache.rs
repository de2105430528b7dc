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
    Json,
    Atom,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub slug: String,
    pub kind: Kind,
}

impl Key {
    /// The key of a request that can be answered from memory: the plain page (optionally
    /// `?lang=`), the JSON or the feed. Searches and fragments are rendered each time.
    pub fn of(path: &str, query: &str) -> Option<Key> {
        let rest = path.strip_prefix("/p/")?;
        let (slug, tail) = rest.split_once('/')?;
        if slug.is_empty() {
            return None;
        }
        let kind = match (tail, query) {
            ("faq", "") => Kind::Page(String::new()),
            ("faq", q) => {
                let lang = q.strip_prefix("lang=")?;
                if !lang.bytes().all(|b| b.is_ascii_lowercase()) || lang.len() > 5 {
                    return None;
                }
                Kind::Page(lang.to_string())
            }
            ("faq.json", "") => Kind::Json,
            ("faq.atom", "") => Kind::Atom,
            _ => return None,
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
    etag: HeaderValue,
    last_modified: HeaderValue,
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
        let etag = format!("\"{}\"", hex::encode(&digest[..12]));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gzip = gz
            .write_all(&body)
            .and_then(|_| gz.finish())
            .unwrap_or_default();
        let modified = httpdate::fmt_http_date(std::time::SystemTime::from(last_modified));
        Rendered {
            organisation_id,
            content_type: HeaderValue::from_static(content_type),
            body: Bytes::from(body),
            gzip: Bytes::from(gzip),
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"0\"")),
            last_modified: HeaderValue::from_str(&modified).unwrap_or(HeaderValue::from_static("")),
            valid_until,
        }
    }

    fn not_modified(&self, headers: &HeaderMap) -> bool {
        if let Some(tags) = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
        {
            let ours = self.etag.as_bytes();
            return tags.split(',').map(str::trim).any(|t| {
                t == "*"
                    || t.as_bytes() == ours
                    || t.strip_prefix("W/").is_some_and(|w| w.as_bytes() == ours)
            });
        }
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok())
            .zip(
                self.last_modified
                    .to_str()
                    .ok()
                    .and_then(|v| httpdate::parse_http_date(v).ok()),
            )
            .is_some_and(|(since, modified)| modified <= since)
    }

    /// The answer for a request: 304, the gzipped bytes, or the plain bytes.
    pub fn respond(&self, headers: &HeaderMap) -> HttpResponse {
        let not_modified = self.not_modified(headers);
        let mut res = if not_modified {
            HttpResponse::NotModified()
        } else {
            HttpResponse::Ok()
        };
        res.insert_header((header::ETAG, self.etag.clone()))
            .insert_header((header::LAST_MODIFIED, self.last_modified.clone()))
            .insert_header((
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
        let gzip = !self.gzip.is_empty()
            && headers
                .get(header::ACCEPT_ENCODING)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
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
                let mut res = r.respond(req.headers());
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
        return Ok(Some(r.respond(req.headers())));
    }
    let generation = state.public_cache.generation();
    let rendered = Arc::new(render().await?);
    state.public_cache.put(key, rendered.clone(), generation);
    Ok(Some(rendered.respond(req.headers())))
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

    #[test]
    fn etags_and_dates_answer_304() {
        let now = Utc::now();
        let r = Rendered::new(
            1,
            "text/html; charset=utf-8",
            b"<p>hi</p>".to_vec(),
            now,
            now + Duration::seconds(60),
        );
        let mut h = HeaderMap::new();
        assert!(!r.not_modified(&h));
        h.insert(header::IF_NONE_MATCH, r.etag.clone());
        assert!(r.not_modified(&h));
        let mut h = HeaderMap::new();
        h.insert(header::IF_MODIFIED_SINCE, r.last_modified.clone());
        assert!(r.not_modified(&h));
    }
}
