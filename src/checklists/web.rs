//! Pages: the checklist on a phone, and readiness for the crisis group.
use super::logic::{self, Standing};
use super::service::{self, AssignInput, STANDARD_FAMILY};
use super::testers::TestInput;
use crate::audit::Actor;
use crate::auth::roles::{AnyMember, CrisisGroup, Overseers};
use crate::auth::{Authorized, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::{field_error_message, Lang};
use crate::state::AppState;
use crate::ui::components::{csrf_field, error_summary, html_status};
use crate::ui::{page, see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use maud::html;

async fn checklist_page(
    state: &AppState,
    user: &Authorized<AnyMember>,
    ctx: &PageCtx,
    typed: Option<Vec<(i32, String)>>,
    errors: &FieldErrors,
    status: StatusCode,
    test: Option<(&TestInput, &FieldErrors)>,
) -> AppResult<HttpResponse> {
    let title = ctx.t("readiness.checklist");
    let Some((t, items)) = service::current(&state.db, user.org_id(), STANDARD_FAMILY).await?
    else {
        return Ok(html_status(
            StatusCode::OK,
            page(
                ctx,
                &title,
                html! { h1 { (title) } p { (ctx.t("readiness.no_checklist")) } },
            ),
        ));
    };
    let latest =
        service::latest_response(&state.db, user.org_id(), user.user_id(), STANDARD_FAMILY).await?;
    let on_current = latest.as_ref().filter(|(r, _)| r.template_id == t.id);
    let saved = on_current.map(|(_, a)| a.clone()).unwrap_or_default();
    let submitted = on_current.is_some_and(|(r, _)| r.submitted_at.is_some());
    let answers = typed.unwrap_or_else(|| saved.clone());
    let value = |id: i32| {
        answers
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let standing = logic::standing(&items, &saved, submitted);
    let due = service::due_for(
        &service::assignments(&state.db, user.org_id(), STANDARD_FAMILY).await?,
        user.membership.team_id,
    );
    let is_overseer = user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Admin]);
    let today = crate::checkins::service::today(state, &user.org.time_zone);
    let tester = super::testers::list(&state.db, user.org_id(), today)
        .await?
        .into_iter()
        .find(|t| t.user_id == user.user_id() && t.active);
    let no_errors = FieldErrors::default();
    let body = page(
        ctx,
        &t.title,
        html! {
            section.checkin {
                h1 { (t.title) }
                @if !t.description.is_empty() { p.lead { (t.description) } }
                @if let Some(d) = due { p { (ctx.tf("readiness.due", &[("day", &d.to_string())])) } }
                @match &standing {
                    Standing::Ready => p.notice role="status" { (ctx.t("readiness.you_are_ready")) },
                    Standing::Blocked(ids) => p.notice.warning role="status" { (ctx.tn("readiness.you_are_blocked", ids.len() as i64, &[])) },
                    Standing::Unfinished { left } => p.notice role="status" { (ctx.tn("readiness.left", *left as i64, &[])) },
                }
                @if is_overseer { p { a href="/readiness" { (ctx.t("readiness.title")) } } }
            @if let Some(me) = &tester {
                section.card id="test" {
                    h2 { (ctx.t("readiness.you_test")) }
                    p { (ctx.tf("readiness.next_test", &[("day", &me.next_due.to_string()), ("n", &me.interval_days.to_string())]))
                        @if me.due { " " span.badge.danger { (ctx.t("readiness.test_due")) } } }
                    @let (sent, test_errors) = test.map(|(i, e)| (Some(i), e)).unwrap_or((None, &no_errors));
                    (error_summary(ctx, test_errors))
                    form method="post" action="/home-working/tests" novalidate {
                        (csrf_field(ctx))
                        div.field.invalid[test_errors.for_field("result").is_some()] {
                            label for="field-result" { (ctx.t("readiness.result")) }
                            @if let Some(e) = test_errors.for_field("result") { p.field-error { (field_error_message(ctx.lang, e)) } }
                            select id="field-result" name="result" { @for r in super::testers::RESULTS { option value=(r) selected[sent.is_some_and(|i| i.result == *r)] { (ctx.t(&format!("readiness.result_value.{r}"))) } } }
                        }
                        div.field.invalid[test_errors.for_field("problems").is_some()] {
                            label for="field-problems" { (ctx.t("readiness.problems")) }
                            @if let Some(e) = test_errors.for_field("problems") { p.field-error { (field_error_message(ctx.lang, e)) } }
                            textarea id="field-problems" name="problems" rows="2" { (sent.map(|i| i.problems.as_str()).unwrap_or_default()) }
                        }
                        button type="submit" { (ctx.t("readiness.log_test")) }
                    }
                }
            }
                (error_summary(ctx, errors))
                form.card.checklist method="post" action="/home-working" novalidate {
                    (csrf_field(ctx))
                    @for (n, item) in items.iter().enumerate() {
                        @let name = format!("item_{}", item.id);
                        @let field = format!("items[{}]", item.id);
                        @let v = value(item.id);
                        @let blocking = logic::blocks(item, &v);
                        fieldset.question.blocking[blocking] id={ "field-" (field) } {
                            legend { (n + 1) ". " (item.question) }
                            @if !item.help.is_empty() { p.hint { (item.help) } }
                            @if let Some(e) = errors.for_field(&field) { p.field-error { (field_error_message(ctx.lang, e)) } }
                            @match item.kind.as_str() {
                                "yes_no" => {
                                    label.check { input type="radio" name=(name) value="yes" checked[v == "yes"]; " " (ctx.t("readiness.yes")) }
                                    label.check { input type="radio" name=(name) value="no" checked[v == "no"]; " " (ctx.t("readiness.no")) }
                                }
                                "choice" => {
                                    @for o in item.options.lines().map(str::trim).filter(|o| !o.is_empty()) {
                                        label.check { input type="radio" name=(name) value=(o) checked[v == o]; " " (o) }
                                    }
                                }
                                "number" => { input type="number" inputmode="decimal" min="0" step="any" name=(name) value=(v) aria-label=(item.question); }
                                _ => { input name=(name) value=(v) aria-label=(item.question); }
                            }
                            @if blocking { p.blocker { (ctx.t("readiness.this_blocks")) } }
                        }
                    }
                    div.buttons {
                        button.primary type="submit" name="action" value="save" { (ctx.t("readiness.save")) }
                        button.primary type="submit" name="action" value="submit" { (ctx.t("readiness.hand_in")) }
                    }
                }
            }
        },
    );
    Ok(html_status(status, body))
}

#[get("/home-working")]
pub async fn checklist(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    checklist_page(
        &state,
        &user,
        &ctx,
        None,
        &FieldErrors::default(),
        StatusCode::OK,
        None,
    )
    .await
}

/// A tester logs a test from their checklist page; a refused one is shown again as typed.
#[post("/home-working/tests")]
pub async fn log_test(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<TestInput>,
) -> AppResult<HttpResponse> {
    match super::testers::log_test(&state, &user, user.user_id(), &form.0).await {
        Ok(_) => Ok(see_other("/home-working#test")),
        Err(AppError::Validation(e)) => {
            checklist_page(
                &state,
                &user,
                &ctx,
                None,
                &FieldErrors::default(),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((&form.0, &e)),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

/// Saves what is answered (stop and come back later); hands in with the other button.
#[post("/home-working")]
pub async fn save(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let fields = form.into_inner();
    let submit = fields.iter().any(|(k, v)| k == "action" && v == "submit");
    let answers: Vec<(i32, String)> = fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("item_")
                .and_then(|id| id.parse().ok())
                .map(|id| (id, v.clone()))
        })
        .collect();
    match service::answer(&state.db, &user, STANDARD_FAMILY, &answers, submit).await {
        Ok(_) => Ok(see_other("/home-working")),
        Err(AppError::Validation(e)) => {
            // What was typed stays; what was valid was not saved either, so nothing half-lands.
            checklist_page(
                &state,
                &user,
                &ctx,
                Some(answers),
                &e,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[get("/readiness")]
pub async fn readiness(
    user: Authorized<Overseers>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let today = crate::checkins::service::today(&state, &user.org.time_zone);
    let has = service::current(&state.db, user.org_id(), STANDARD_FAMILY)
        .await?
        .is_some();
    let r = service::readiness(
        &state.db,
        user.org_id(),
        STANDARD_FAMILY,
        today,
        user.roles.has(Role::CrisisLead),
    )
    .await?;
    let teams = crate::orgs::repo::list_teams(&state.db, user.org_id()).await?;
    let can_edit = user.roles.any(&[Role::CrisisLead, Role::CrisisMember]);
    let testers = super::testers::list(&state.db, user.org_id(), today).await?;
    let members = crate::orgs::members::list(&state.db, user.org_id()).await?;
    let pct = |v: Option<f64>| v.map(|p| format!("{p:.0} %")).unwrap_or_else(|| "—".into());
    let title = ctx.t("readiness.title");
    let body = page(
        &ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("readiness.intro")) }
            @if !has {
                p { (ctx.t("readiness.no_checklist")) }
                @if can_edit {
                    form method="post" action="/readiness/standard" { (csrf_field(&ctx)) button.primary type="submit" { (ctx.t("readiness.add_standard")) } }
                }
            } @else {
                div.figures {
                    div.figure.big { span.value { (pct(r.overall.readiness_pct)) } span.label { (ctx.t("readiness.could_today")) } }
                    div.figure { span.value { (r.overall.ready) } span.label { (ctx.t("readiness.ready")) } }
                    div.figure { span.value { (r.overall.blocked) } span.label { (ctx.t("readiness.blocked")) } }
                    div.figure.unknown { span.value { (r.overall.unfinished) } span.label { (ctx.t("readiness.unfinished")) } }
                    div.figure { span.value { (r.overall.overdue) } span.label { (ctx.t("readiness.overdue")) } }
                }
                section.card {
                    h2 { (ctx.t("readiness.what_stops")) }
                    @if r.blockers.is_empty() { p.muted { (ctx.t("readiness.no_blockers")) } }
                    ul.blockers { @for b in &r.blockers {
                        li { strong { (ctx.tn("readiness.people_n", b.people as i64, &[])) } " — " (b.question)
                            @if !b.names.is_empty() { br; small { (b.names.join(", ")) } } }
                    } }
                }
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr { th scope="col" { (ctx.t("members.team")) } th scope="col" { (ctx.t("readiness.ready")) } th scope="col" { (ctx.t("readiness.blocked")) } th scope="col" { (ctx.t("readiness.unfinished")) } th scope="col" { (ctx.t("readiness.overdue")) } th scope="col" { (ctx.t("readiness.could_today")) } } }
                    tbody { @for t in &r.teams {
                        tr { th scope="row" { (t.team_name.clone().unwrap_or_else(|| ctx.t("members.no_team"))) } td { (t.count.ready) } td { (t.count.blocked) } td { (t.count.unfinished) } td { (t.count.overdue) } td { (pct(t.count.readiness_pct)) } }
                    } }
                } }
                @if can_edit { p { a.button href="/readiness/checklist" { (ctx.t("readiness.edit")) } } }
            section.card id="testers" {
                h2 { (ctx.t("readiness.testers")) }
                @if testers.is_empty() { p.muted { (ctx.t("readiness.no_testers")) } } @else {
                    div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                        thead { tr { th scope="col" { (ctx.t("members.name")) } th scope="col" { (ctx.t("readiness.every")) } th scope="col" { (ctx.t("readiness.last_test")) } th scope="col" { (ctx.t("readiness.next_due")) } } }
                        tbody { @for t in &testers {
                            tr.overdue[t.due] {
                                td { (t.name) }
                                td { (ctx.tn("readiness.every_n", t.interval_days as i64, &[])) }
                                td { @match (&t.last_tested_on, &t.last_result) {
                                    (Some(d), Some(r)) => { (d.to_string()) " · " (ctx.t(&format!("readiness.result_value.{r}"))) @if let Some(p) = t.last_problems.as_ref().filter(|p| !p.is_empty()) { br; small { (p) } } }
                                    _ => { span.muted { (ctx.t("readiness.never")) } }
                                } }
                                td { (t.next_due.to_string()) @if t.due { " " span.badge.danger { (ctx.t("readiness.test_due")) } } }
                            }
                        } }
                    } }
                }
                @if can_edit {
                    form.filters method="post" action="/readiness/testers" {
                        (csrf_field(&ctx))
                        div.field {
                            label for="te-user" { (ctx.t("readiness.tester")) }
                            select id="te-user" name="user_id" { @for m in members.iter().filter(|m| m.membership.active) { option value=(m.user.id) { (m.user.display_name) } } }
                        }
                        div.field { label for="te-days" { (ctx.t("readiness.every_days")) } input id="te-days" type="number" min="1" max="90" name="interval_days" value="14"; }
                        button.primary type="submit" { (ctx.t("readiness.add_tester")) }
                    }
                }
            }
            @if can_edit {
                section.card {
                    h2 { (ctx.t("readiness.assign")) }
                        form.filters method="post" action="/readiness/assign" {
                            (csrf_field(&ctx))
                            div.field {
                                label for="as-team" { (ctx.t("members.team")) }
                                select id="as-team" name="team_id" {
                                    option value="" { (ctx.t("checkins.everyone")) }
                                    @for t in &teams { option value=(t.id) { (t.name) } }
                                }
                            }
                            div.field { label for="as-due" { (ctx.t("readiness.due_label")) } input id="as-due" type="date" name="due_date" required; }
                            button.primary type="submit" { (ctx.t("readiness.assign_button")) }
                        }
                    }
                }
            }
        },
    );
    Ok(html_status(StatusCode::OK, body))
}

#[post("/readiness/standard")]
pub async fn add_standard(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let lang = Lang::parse(&user.org.default_language).unwrap_or(Lang::En);
    service::add_standard(&state.db, user.org_id(), lang, &Actor::from(&user.0)).await?;
    Ok(see_other("/readiness"))
}

#[post("/readiness/assign")]
pub async fn assign(
    user: Authorized<CrisisGroup>,
    state: web::Data<AppState>,
    form: HtmlForm<AssignInput>,
) -> AppResult<HttpResponse> {
    service::assign(&state.db, &user, STANDARD_FAMILY, &form.0).await?;
    Ok(see_other("/readiness"))
}
