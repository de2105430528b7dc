//! Prometheus metrics: request counts and latency per route pattern (never per raw path, so
//! ids in URLs cannot blow up the number of series).
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts,
    Registry, TextEncoder,
};
use std::time::Instant;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    /// Outbox rows still on their way, per target; set from the database at each scrape.
    outbox_depth: IntGaugeVec,
    deliveries: IntCounterVec,
    send_latency: HistogramVec,
    checkins: IntCounter,
    forecasts: IntCounter,
    forecast_latency: Histogram,
}

/// Latency buckets from half a millisecond to ten seconds (a send's timeout).
fn buckets() -> Vec<f64> {
    vec![
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
    ]
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
            .buckets(buckets()),
            &["method", "route"],
        )?;
        let outbox_depth = IntGaugeVec::new(
            Opts::new(
                "outbox_depth",
                "Outbox rows waiting, being sent or waiting for a retry, per target",
            ),
            &["target"],
        )?;
        let deliveries = IntCounterVec::new(
            Opts::new(
                "deliveries_total",
                "Sends by target and outcome (sent, retry, failed, cancelled)",
            ),
            &["target", "outcome"],
        )?;
        let send_latency = HistogramVec::new(
            HistogramOpts::new(
                "delivery_send_duration_seconds",
                "Time from a send's start to the receiver's answer, per target",
            )
            .buckets(buckets()),
            &["target"],
        )?;
        let checkins = IntCounter::new("checkins_total", "Check-ins saved")?;
        let forecasts = IntCounter::new("forecasts_total", "Capacity forecasts worked out")?;
        let forecast_latency = Histogram::with_opts(
            HistogramOpts::new(
                "forecast_duration_seconds",
                "Time to work out a day's capacity forecast, reads included",
            )
            .buckets(buckets()),
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(outbox_depth.clone()))?;
        registry.register(Box::new(deliveries.clone()))?;
        registry.register(Box::new(send_latency.clone()))?;
        registry.register(Box::new(checkins.clone()))?;
        registry.register(Box::new(forecasts.clone()))?;
        registry.register(Box::new(forecast_latency.clone()))?;
        Ok(Metrics {
            registry,
            requests,
            latency,
            outbox_depth,
            deliveries,
            send_latency,
            checkins,
            forecasts,
            forecast_latency,
        })
    }

    /// One send's outcome and how long the receiver took to answer.
    pub fn delivered(&self, target: &str, outcome: &str, took: std::time::Duration) {
        self.deliveries.with_label_values(&[target, outcome]).inc();
        self.send_latency
            .with_label_values(&[target])
            .observe(took.as_secs_f64());
    }

    pub fn checkins_saved(&self, n: usize) {
        self.checkins.inc_by(n as u64);
    }

    pub fn forecast_made(&self, took: std::time::Duration) {
        self.forecasts.inc();
        self.forecast_latency.observe(took.as_secs_f64());
    }

    /// Sets the outbox depth from `(target, rows)`; targets not listed are at zero.
    pub fn set_outbox_depth(&self, depth: &[(String, i64)]) {
        for target in [
            "site",
            "knowledge_base",
            "live",
            "email",
            "sms",
            "channel",
            "subscribers",
        ] {
            self.outbox_depth.with_label_values(&[target]).set(0);
        }
        for (target, n) in depth {
            self.outbox_depth.with_label_values(&[target]).set(*n);
        }
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
    let depth: Vec<(String, i64)> = {
        use crate::entities::outbox_message;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        outbox_message::Entity::find()
            .select_only()
            .column(outbox_message::Column::Target)
            .column_as(outbox_message::Column::Id.count(), "n")
            .filter(
                outbox_message::Column::Status
                    .is_in(crate::delivery::enqueue::ON_THE_WAY.iter().copied()),
            )
            .group_by(outbox_message::Column::Target)
            .into_tuple()
            .all(&state.read)
            .await?
    };
    state.metrics.set_outbox_depth(&depth);
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
