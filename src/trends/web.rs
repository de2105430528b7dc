//! The trends page and its API.
use super::chart::{line_chart, Series};
use super::{figures, DayFigures};
use crate::auth::roles::Overseers;
use crate::auth::Authorized;
use crate::error::AppResult;
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{page, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;

#[derive(Deserialize, utoipa::IntoParams)]
pub struct Period {
    /// 30 or 90 (default 30).
    pub days: Option<i64>,
}

fn period(p: &Period) -> i64 {
    if p.days == Some(90) {
        90
    } else {
        30
    }
}

/// Absence, wellbeing and volumes per day, oldest first.
#[utoipa::path(params(Period), responses((status = 200, body = Vec<DayFigures>)), tag = "checkins", security(("bearer" = [])))]
#[get("/trends")]
pub async fn trends_api(
    user: Authorized<Overseers>,
    state: web::Data<AppState>,
    q: web::Query<Period>,
) -> AppResult<web::Json<Vec<DayFigures>>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(
        figures(&state.db, user.org_id(), today, period(&q)).await?,
    ))
}

fn summary(ctx: &PageCtx, values: &[Option<f64>], unit: &str) -> String {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    if known.is_empty() {
        return ctx.t("trends.no_data");
    }
    let min = known.iter().copied().fold(f64::INFINITY, f64::min);
    let max = known.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let last = known.last().copied().unwrap_or_default();
    ctx.tf(
        "trends.summary",
        &[
            ("min", &format!("{}{unit}", ctx.decimal(min, 1))),
            ("max", &format!("{}{unit}", ctx.decimal(max, 1))),
            ("last", &format!("{}{unit}", ctx.decimal(last, 1))),
            ("days", &known.len().to_string()),
        ],
    )
}

fn data_table(ctx: &PageCtx, f: &[DayFigures]) -> Markup {
    let o = |v: Option<f64>| v.map(|x| ctx.decimal(x, 1)).unwrap_or_else(|| "—".into());
    let n = |v: Option<i32>| v.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
    html! {
        details.data {
            summary { (ctx.t("trends.as_table")) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr {
                    th scope="col" { (ctx.t("checkins.day")) } th scope="col" { (ctx.t("checkins.absence")) " %" } th scope="col" { (ctx.t("checkins.wellbeing_label")) }
                    th scope="col" { (ctx.t("daily.calls")) } th scope="col" { (ctx.t("daily.mails")) } th scope="col" { (ctx.t("daily.chats")) } th scope="col" { (ctx.t("daily.web_visits")) } th scope="col" { (ctx.t("daily.backlog")) }
                } }
                tbody { @for d in f.iter().rev() {
                    tr { td { (d.day.to_string()) } td { (o(d.absence_pct)) } td { (o(d.wellbeing_avg)) } td { (n(d.calls)) } td { (n(d.mails)) } td { (n(d.chats)) } td { (n(d.web_visits)) } td { (n(d.backlog)) } }
                } }
            } }
        }
    }
}

#[get("/trends")]
pub async fn trends_page(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    q: web::Query<Period>,
) -> AppResult<HttpResponse> {
    let days = period(&q);
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let f = figures(&state.db, user.org_id(), today, days).await?;
    // Threshold lines: the levels of the absence scenarios.
    let scenarios = crate::scenarios::repo::list(&state.db, user.org_id()).await?;
    let levels = crate::scenarios::repo::all_levels(&state.db, user.org_id()).await?;
    let thresholds: Vec<(f64, String)> = scenarios
        .iter()
        .filter(|s| s.metric == "absence" && s.status != "closed")
        .flat_map(|s| levels.iter().filter(move |l| l.scenario_id == s.id))
        .map(|l| (l.trigger_value, l.name.clone()))
        .collect();
    let pts =
        |g: fn(&DayFigures) -> Option<f64>| f.iter().map(|d| (d.day, g(d))).collect::<Vec<_>>();
    let absence = [Series {
        name: ctx.t("checkins.absence"),
        class: "absence",
        points: pts(|d| d.absence_pct),
    }];
    let wellbeing = [Series {
        name: ctx.t("checkins.wellbeing_label"),
        class: "wellbeing",
        points: pts(|d| d.wellbeing_avg),
    }];
    let volumes = [
        Series {
            name: ctx.t("daily.calls"),
            class: "calls",
            points: pts(|d| d.calls.map(f64::from)),
        },
        Series {
            name: ctx.t("daily.mails"),
            class: "mails",
            points: pts(|d| d.mails.map(f64::from)),
        },
        Series {
            name: ctx.t("daily.chats"),
            class: "chats",
            points: pts(|d| d.chats.map(f64::from)),
        },
        Series {
            name: ctx.t("daily.web_visits"),
            class: "web",
            points: pts(|d| d.web_visits.map(f64::from)),
        },
        Series {
            name: ctx.t("daily.backlog"),
            class: "backlog",
            points: pts(|d| d.backlog.map(f64::from)),
        },
    ];
    let title = ctx.t("trends.title");
    let body = page(
        &ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) }
                nav.buttons aria-label=(ctx.t("trends.period")) {
                    a.button.primary[days == 30] href="/trends?days=30" aria-current=[(days == 30).then_some("page")] { (ctx.tf("trends.days", &[("n", "30")])) }
                    a.button.primary[days == 90] href="/trends?days=90" aria-current=[(days == 90).then_some("page")] { (ctx.tf("trends.days", &[("n", "90")])) }
                }
            }
            section.card {
                h2 { (ctx.t("trends.absence")) }
                (line_chart(ctx.lang, &ctx.t("trends.absence"), &absence, &thresholds, None, " %"))
                p.summary { (summary(&ctx, &f.iter().map(|d| d.absence_pct).collect::<Vec<_>>(), " %")) }
            }
            section.card {
                h2 { (ctx.t("trends.wellbeing")) }
                (line_chart(ctx.lang, &ctx.t("trends.wellbeing"), &wellbeing, &[], Some(5.0), ""))
                p.summary { (summary(&ctx, &f.iter().map(|d| d.wellbeing_avg).collect::<Vec<_>>(), "")) }
            }
            section.card {
                h2 { (ctx.t("trends.volumes")) }
                (line_chart(ctx.lang, &ctx.t("trends.volumes"), &volumes, &[], None, ""))
                ul.legend { @for s in &volumes { li { span class={ "swatch " (s.class) } {} " " (s.name) } } }
            }
            (data_table(&ctx, &f))
        },
    );
    Ok(html_status(StatusCode::OK, body))
}
