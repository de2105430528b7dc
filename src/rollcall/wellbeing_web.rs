//! Wellbeing calls over the API and on the team lead's page.
use super::forms::CallInput;
use super::wellbeing::{self, CallList, CallsSummary};
use crate::auth::roles::{AnyMember, CrisisGroup};
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::ui::components::csrf_field;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::{get, post, web, HttpResponse};
use maud::{html, Markup};
use serde::Serialize;
use utoipa::ToSchema;

/// A team's call list: who works from home, when each was last called, who is due.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = CallList), (status = 403, body = Problem), (status = 404, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[get("/teams/{id}/wellbeing-calls")]
pub async fn team_wellbeing_calls(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<CallList>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(
        wellbeing::list(&state.db, &user, *id, today, state.clock.now()).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct CallOut {
    pub id: i32,
    pub user_id: i32,
    pub called_at: chrono::DateTime<chrono::Utc>,
    pub reached: bool,
    pub wellbeing: Option<i32>,
}

/// Log a call (a lead of the person's team, or the crisis lead).
#[utoipa::path(request_body = CallInput, responses((status = 201, body = CallOut), (status = 403, body = Problem), (status = 422, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[post("/wellbeing-calls")]
pub async fn log_wellbeing_call(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    body: crate::api_json::ApiJson<CallInput>,
) -> AppResult<HttpResponse> {
    let c = wellbeing::record(&state.db, &user, &body, state.clock.now()).await?;
    Ok(HttpResponse::Created().json(CallOut {
        id: c.id,
        user_id: c.user_id,
        called_at: c.called_at,
        reached: c.reached,
        wellbeing: c.wellbeing,
    }))
}

/// The crisis group's view: counts and the average, no names or notes.
#[utoipa::path(responses((status = 200, body = CallsSummary), (status = 403, body = Problem)), tag = "rollcalls", security(("bearer" = [])))]
#[get("/wellbeing-calls/summary")]
pub async fn wellbeing_summary(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
) -> AppResult<web::Json<CallsSummary>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(
        wellbeing::summary(&state.db, user.org_id(), today, state.clock.now()).await?,
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(team_wellbeing_calls)
        .service(log_wellbeing_call)
        .service(wellbeing_summary);
}

/// The call list on `/my-team`, with a quick log per person.
pub fn calls_card(ctx: &PageCtx, list: &CallList) -> Markup {
    let when = |c: &wellbeing::LastCall| match &ctx.user {
        Some(u) => crate::delivery::content::local(&u.org, c.called_at),
        None => c.called_at.to_rfc3339(),
    };
    html! {
        section.card.wide id={ "calls-" (list.team_id) } {
            h2 { (ctx.tf("wellbeing.title", &[("team", &list.team_name)])) }
            p { (ctx.tf("wellbeing.intro", &[("days", &list.interval_days.to_string())])) }
            p { strong { (ctx.tf("wellbeing.due_count", &[("n", &list.due.to_string())])) } }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr {
                    th scope="col" { (ctx.t("team_leads.person")) }
                    th scope="col" { (ctx.t("wellbeing.last_call")) }
                    th scope="col" { (ctx.t("wellbeing.log")) }
                } }
                tbody { @for p in &list.people {
                    tr.unknown[p.due] {
                        th scope="row" {
                            (p.display_name)
                            @if let Some(ph) = &p.phone { br; a href={ "tel:" (ph) } { (ph) } }
                            @if p.due { br; strong { (ctx.t("wellbeing.due")) } }
                            @else if !p.working_from_home { br; span.muted { (ctx.t("wellbeing.not_home")) } }
                        }
                        td {
                            @match &p.last_call {
                                None => { (ctx.t("wellbeing.never")) }
                                Some(c) => {
                                    (when(c)) br;
                                    @if c.reached {
                                        (ctx.t("wellbeing.reached"))
                                        @if let Some(w) = c.wellbeing { " · " (ctx.t(&format!("checkins.wellbeing.{w}"))) }
                                    } @else { (ctx.t("wellbeing.not_reached")) }
                                    @if !c.note.is_empty() { br; span.muted { (c.note) } }
                                }
                            }
                        }
                        td {
                            form method="post" action="/my-team/calls" {
                                (csrf_field(ctx))
                                input type="hidden" name="user_id" value=(p.user_id);
                                label { (ctx.t("wellbeing.reached_q")) " "
                                    select name="reached" { option value="true" { (ctx.t("wellbeing.yes")) } option value="false" { (ctx.t("wellbeing.no")) } } }
                                " "
                                label { (ctx.t("wellbeing.how")) " "
                                    select name="wellbeing" {
                                        option value="" { "—" }
                                        @for w in 1..=5 { option value=(w) { (w) " " (ctx.t(&format!("checkins.wellbeing.{w}"))) } }
                                    } }
                                " "
                                label { (ctx.t("wellbeing.note")) " " input name="note" maxlength="1000"; }
                                " "
                                button.primary type="submit" { (ctx.t("wellbeing.save")) }
                            }
                        }
                    }
                } }
            } }
        }
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CallForm {
    pub user_id: String,
    pub reached: String,
    pub wellbeing: String,
    pub note: String,
}

#[post("/my-team/calls")]
pub async fn log_call_form(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    form: HtmlForm<CallForm>,
) -> AppResult<HttpResponse> {
    let f = form.into_inner();
    let input = CallInput {
        user_id: f.user_id.trim().parse().map_err(|_| AppError::NotFound)?,
        reached: f.reached == "true",
        wellbeing: f.wellbeing.trim().parse().ok(),
        note: f.note,
    };
    // The form offers a valid choice for everything but a wellbeing for someone not reached:
    // that answer is dropped rather than refused.
    let input = CallInput {
        wellbeing: input.wellbeing.filter(|_| input.reached),
        ..input
    };
    wellbeing::record(&state.db, &user, &input, state.clock.now()).await?;
    Ok(see_other("/my-team"))
}
