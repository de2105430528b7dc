//! Team leads over the API (`/api/v1/teams/{id}/leads`, `/api/v1/teams/{id}/checkins`) and the
//! lead's own page, `/my-team`.
use super::team_leads::{self, LeadsInput, LeadsOut, TeamDay};
use crate::auth::roles::{Admins, AnyMember};
use crate::auth::Authorized;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use crate::ui::{page, PageCtx};
use actix_web::{get, post, put, web, HttpResponse};
use maud::{html, Markup};

#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = LeadsOut), (status = 404, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[get("/teams/{id}/leads")]
pub async fn get_leads(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<LeadsOut>> {
    crate::orgs::repo::team(&state.db, user.org_id(), *id).await?;
    Ok(web::Json(LeadsOut {
        team_id: *id,
        user_ids: team_leads::leads_of(&state.db, user.org_id(), *id).await?,
    }))
}

/// Name the team's leads (replaces the list; admins).
#[utoipa::path(params(("id" = i32, Path)), request_body = LeadsInput, responses((status = 200, body = LeadsOut), (status = 404, body = Problem), (status = 422, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[put("/teams/{id}/leads")]
pub async fn set_leads(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: crate::api_json::ApiJson<LeadsInput>,
) -> AppResult<web::Json<LeadsOut>> {
    Ok(web::Json(
        team_leads::set_leads(&state.db, &user, *id, &body).await?,
    ))
}

/// Today's check-ins of one team: for its leads and the crisis lead.
#[utoipa::path(params(("id" = i32, Path)), responses((status = 200, body = TeamDay), (status = 403, body = Problem), (status = 404, body = Problem)), tag = "teams", security(("bearer" = [])))]
#[get("/teams/{id}/checkins")]
pub async fn team_checkins(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<web::Json<TeamDay>> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    Ok(web::Json(
        team_leads::team_day(&state.db, &user, *id, today).await?,
    ))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_leads)
        .service(set_leads)
        .service(team_checkins);
}

fn team_card(ctx: &PageCtx, d: &TeamDay) -> Markup {
    html! {
        section.card {
            h2 { (d.team_name) }
            p { (ctx.tf("team_leads.not_in", &[("n", &d.not_checked_in.to_string()), ("all", &d.people.len().to_string())])) }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr { th scope="col" { (ctx.t("team_leads.person")) } th scope="col" { (ctx.t("team_leads.status")) } th scope="col" { (ctx.t("team_leads.phone")) } } }
                tbody { @for p in &d.people {
                    tr.unknown[p.status.is_none()] {
                        th scope="row" { (p.display_name) }
                        td { @match &p.status { Some(s) => { (ctx.t(&format!("checkins.status.{s}"))) }, None => { strong { (ctx.t("team_leads.not_checked_in")) } } } }
                        td { @if let Some(ph) = &p.phone { a href={ "tel:" (ph) } { (ph) } } @else { "—" } }
                    }
                } }
            } }
        }
    }
}

/// The lead's own teams today: who has checked in, who has not, and a number to call.
#[get("/my-team")]
pub async fn my_team(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<Markup> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let mut days = vec![];
    let mut calls = vec![];
    for t in team_leads::teams_led_by(&state.db, user.org_id(), user.user_id()).await? {
        days.push(team_leads::team_day(&state.db, &user, t.id, today).await?);
        calls.push(
            crate::rollcall::wellbeing::list(&state.db, &user, t.id, today, state.clock.now())
                .await?,
        );
    }
    let title = ctx.t("team_leads.title");
    Ok(page(
        &ctx,
        &title,
        html! {
            h1 { (title) }
            @if days.is_empty() { p { (ctx.t("team_leads.none")) } }
            @if !days.is_empty() {
                p { a.button href="/rollcalls" { (ctx.t("wellbeing.to_rollcalls")) } }
            }
            div.cards { @for d in &days { (team_card(&ctx, d)) } }
            @for c in &calls { (crate::rollcall::wellbeing_web::calls_card(&ctx, c)) }
        },
    ))
}

/// The team page's list of leads to tick.
pub async fn leads_form(
    ctx: &PageCtx,
    state: &AppState,
    org_id: i32,
    team_id: i32,
) -> AppResult<Markup> {
    let leads = team_leads::leads_of(&state.db, org_id, team_id).await?;
    let people = crate::orgs::members::list(&state.db, org_id).await?;
    Ok(html! {
        form.card method="post" action={ "/admin/teams/" (team_id) "/leads" } {
            (crate::ui::components::csrf_field(ctx))
            fieldset.field {
                legend { (ctx.t("team_leads.leads")) }
                p.hint { (ctx.t("team_leads.leads_hint")) }
                @for m in people.iter().filter(|m| m.membership.active) {
                    label.check {
                        input type="checkbox" name="user_ids" value=(m.user.id) checked[leads.contains(&m.user.id)];
                        " " (m.user.display_name)
                        @if let Some(t) = &m.team { span.muted { " (" (t.name) ")" } }
                    }
                }
            }
            button.primary type="submit" { (ctx.t("forms.save")) }
        }
    })
}

#[post("/admin/teams/{id}/leads")]
pub async fn save_leads(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: crate::ui::HtmlForm<LeadsInput>,
) -> AppResult<HttpResponse> {
    team_leads::set_leads(&state.db, &user, *id, &form.into_inner()).await?;
    Ok(crate::ui::see_other(&format!("/admin/teams/{id}")))
}
