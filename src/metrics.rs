//! Prometheus metrics: request counts and latency per route pattern (never per raw path, so
//! ids in URLs cannot blow up the number of series).
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry, TextEncoder,
};
use std::time::Instant;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
}

impl Metrics {
    pub fn new() -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("beredskap".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new(
                "http_requests_total",
                "HTTP requests by route pattern, method and status",
            ),
            &["method", "route", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "HTTP request latency by route pattern",
            )
            .buckets(vec![
                0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            ]),
            &["method", "route"],
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
        })
    }

    pub fn render(&self) -> String {
        let mut buf = vec![];
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
}

pub async fn middleware(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let metrics = req
        .app_data::<web::Data<crate::state::AppState>>()
        .map(|s| s.metrics.clone());
    let started = Instant::now();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    if let Some(m) = metrics {
        let route = res
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16().to_string();
        m.requests
            .with_label_values(&[&method, &route, &status])
            .inc();
        m.latency
            .with_label_values(&[&method, &route])
            .observe(started.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// Who may read `/metrics`: with `METRICS_TOKEN`, whoever sends it as a bearer token; without
/// it, only a client on this machine (loopback), such as a Prometheus agent beside the app.
fn may_read(state: &crate::state::AppState, req: &actix_web::HttpRequest) -> bool {
    match state
        .settings
        .metrics_token
        .as_deref()
        .filter(|t| !t.is_empty())
    {
        Some(expected) => req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .is_some_and(|given| {
                bool::from(subtle::ConstantTimeEq::ct_eq(
                    given.trim().as_bytes(),
                    expected.as_bytes(),
                ))
            }),
        // The connection's own address, never a forwarded one; and a request that came
        // through a proxy on this machine (it says whom it forwards for) is not local.
        None => {
            let forwarded = req.headers().contains_key("x-forwarded-for")
                || req.headers().contains_key("forwarded");
            !forwarded && req.peer_addr().is_some_and(|a| a.ip().is_loopback())
        }
    }
}

pub async fn metrics_endpoint(
    state: web::Data<crate::state::AppState>,
    req: actix_web::HttpRequest,
) -> Result<HttpResponse, crate::error::AppError> {
    if !may_read(&state, &req) {
        return Err(if state.settings.metrics_token.is_some() {
            crate::error::AppError::Unauthorized
        } else {
            crate::error::AppError::Forbidden
        });
    }
    // Cached public answers leave before the metrics middleware; they are counted here.
    let hits = state
        .public_cache
        .hits
        .load(std::sync::atomic::Ordering::Relaxed);
    let body = format!(
        "{}# HELP beredskap_public_cache_hits_total Public FAQ answers served from memory.\n\
         # TYPE beredskap_public_cache_hits_total counter\n\
         beredskap_public_cache_hits_total {hits}\n",
        state.metrics.render()
    );
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
