//! Trends over 30 or 90 days: absence with the threshold lines, wellbeing and volumes, drawn on
//! the server as SVG (readable without JavaScript), each with a text alternative.
pub mod chart;
pub mod web;

use crate::checkins::absence::is_absent;
use crate::checkins::repo;
use crate::error::AppResult;
use chrono::{Duration, NaiveDate};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct DayFigures {
    pub day: NaiveDate,
    /// Absent over today's headcount, in %; none on a day nobody checked in.
    pub absence_pct: Option<f64>,
    pub checked_in: i64,
    pub wellbeing_avg: Option<f64>,
    pub calls: Option<i32>,
    pub mails: Option<i32>,
    pub chats: Option<i32>,
    pub web_visits: Option<i32>,
    pub backlog: Option<i32>,
}

/// One entry per day from `to - days + 1` to `to`, empty days included.
pub async fn figures(
    db: &impl ConnectionTrait,
    org_id: i32,
    to: NaiveDate,
    days: i64,
) -> AppResult<Vec<DayFigures>> {
    let from = to - Duration::days(days - 1);
    // Past headcounts are not kept; today's is the denominator for every day shown.
    let headcount = repo::headcount(db, org_id).await?.len() as f64;
    let mut by_day: BTreeMap<NaiveDate, DayFigures> = (0..days)
        .map(|i| from + Duration::days(i))
        .map(|d| {
            (
                d,
                DayFigures {
                    day: d,
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut wb: BTreeMap<NaiveDate, (i64, i64)> = BTreeMap::new();
    let mut absent: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for c in repo::daily_counts(db, org_id, from, to).await? {
        if let Some(f) = by_day.get_mut(&c.day) {
            f.checked_in += c.people;
        }
        if is_absent(&c.status) {
            *absent.entry(c.day).or_default() += c.people;
        }
        let e = wb.entry(c.day).or_default();
        e.0 += c.wellbeing_sum.unwrap_or(0);
        e.1 += c.wellbeing_answers;
    }
    for f in by_day.values_mut() {
        if f.checked_in > 0 && headcount > 0.0 {
            f.absence_pct = Some(100.0 * *absent.get(&f.day).unwrap_or(&0) as f64 / headcount);
        }
        if let Some((sum, n)) = wb.get(&f.day).filter(|(_, n)| *n > 0) {
            f.wellbeing_avg = Some(*sum as f64 / *n as f64);
        }
    }
    for v in repo::volumes_between(db, org_id, from, to).await? {
        if let Some(f) = by_day.get_mut(&v.day) {
            f.calls = v.calls;
            f.mails = v.mails;
            f.chats = v.chats;
            f.web_visits = v.web_visits;
            f.backlog = v.backlog;
        }
    }
    Ok(by_day.into_values().collect())
}
