//! `/capacity`: the forecast page, its self-refreshing part, and the what-if as a GET form
//! (it changes nothing, so it needs no token and can be bookmarked).
use super::api::CapacityQuery;
use super::live;
use super::views::{self, WhatIfForm};
use crate::auth::roles::Overseers;
use crate::auth::{Authorized, Role};
use crate::error::{AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::PageCtx;
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    day: String,
    absence_pct: String,
    volume_change_pct: String,
    aht_change_pct: String,
    extra_agents: String,
    extra_queue_id: String,
}

impl PageQuery {
    fn form(&self) -> WhatIfForm {
        WhatIfForm {
            day: self.day.trim().to_string(),
            absence_pct: self.absence_pct.trim().to_string(),
            volume_change_pct: self.volume_change_pct.trim().to_string(),
            aht_change_pct: self.aht_change_pct.trim().to_string(),
            extra_agents: self.extra_agents.trim().to_string(),
            extra_queue_id: self.extra_queue_id.trim().to_string(),
        }
    }

    /// Reads the text fields as the API's query, naming each field that is not a number.
    fn read(&self) -> Result<CapacityQuery, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut num = |field: &str, v: &str| -> Option<f64> {
            let v = v.trim().replace(',', ".");
            if v.is_empty() {
                return None;
            }
            match v.parse::<f64>() {
                Ok(x) if x.is_finite() => Some(x),
                _ => {
                    e.add(field, "number", "Write a number.");
                    None
                }
            }
        };
        let absence_pct = num("absence_pct", &self.absence_pct);
        let volume_change_pct = num("volume_change_pct", &self.volume_change_pct);
        let aht_change_pct = num("aht_change_pct", &self.aht_change_pct);
        let extra = num("extra_agents", &self.extra_agents);
        let extra_agents = match extra {
            Some(x) if x < 0.0 || x.fract() != 0.0 => {
                e.add("extra_agents", "whole", "Write a whole number, 0 or more.");
                None
            }
            Some(x) => Some(x.min(f64::from(u32::MAX)) as u32),
            None => None,
        };
        let q = CapacityQuery {
            day: Some(self.day.clone()),
            absence_pct,
            volume_change_pct,
            aht_change_pct,
            extra_agents,
            extra_queue_id: self.extra_queue_id.trim().parse().ok(),
        };
        if e.is_empty() {
            Ok(q)
        } else {
            Err(e)
        }
    }
}

async fn compute(
    state: &AppState,
    user: &crate::auth::CurrentUser,
    q: &PageQuery,
) -> AppResult<(Option<live::CapacityOut>, FieldErrors)> {
    let today = crate::checkins::service::today(state, &user.org.time_zone);
    let read = q.read().and_then(|cq| cq.read(today));
    match read {
        Ok((day, what_if)) => Ok((
            Some(live::forecast(state, &user.org, day, &what_if).await?),
            FieldErrors::default(),
        )),
        Err(e) => Ok((None, e)),
    }
}

#[get("/capacity")]
pub async fn capacity_page(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<PageQuery>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let (out, errors) = compute(&state, &user, &q).await?;
    let queues = super::repo::list(&state.db, user.org_id()).await?;
    let live_url = match req.query_string() {
        "" => "/capacity/live".to_string(),
        qs => format!("/capacity/live?{qs}"),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let can_edit = user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Admin]);
    // Whatever was typed stays in the form, a bad field beside its message.
    let page = views::capacity_page(
        &ctx,
        out.as_ref(),
        today,
        &q.form(),
        &queues,
        &errors,
        &live_url,
        can_edit,
    );
    Ok(html_status(status, page))
}

/// The forecast part alone, for the page's script: refreshed as check-ins arrive, and at once
/// when the what-if form changes.
#[get("/capacity/live")]
pub async fn capacity_live(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let (out, errors) = compute(&state, &user, &q).await?;
    let body = match out {
        Some(c) => views::forecast_part(&ctx, &c),
        None => crate::ui::components::error_summary(&ctx, &errors),
    };
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body.into_string()))
}
