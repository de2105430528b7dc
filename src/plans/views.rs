//! Actions on a scenario's page, the action form, and "my actions".
use super::forms::ActionInput;
use super::repo::{is_open, is_overdue};
use crate::entities::{plan_action, scenario, threshold_level};
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::scenarios::views::{progress_bar, Detail};
use crate::scenarios::vocab;
use crate::ui::components::{
    conflict_notice, csrf_field, error_summary, person_options, select, textarea, vocab_options,
    Input,
};
use crate::ui::{page, PageCtx};
use chrono::NaiveDate;
use maud::{html, Markup};

fn person(people: &[Member], id: Option<i32>) -> String {
    id.and_then(|id| people.iter().find(|m| m.user.id == id))
        .map(|m| m.user.display_name.clone())
        .unwrap_or_else(|| "—".into())
}

fn action_row(
    ctx: &PageCtx,
    a: &plan_action::Model,
    people: &[Member],
    today: NaiveDate,
) -> Markup {
    let overdue = is_overdue(a, today);
    html! {
        tr.overdue[overdue].finished[!is_open(a)] {
            td { span class={ "area area-" (a.area) } { (ctx.t(&format!("plan.area.{}", a.area))) } }
            td { a href={ "/plan/actions/" (a.id) } { (a.title) } }
            td { (person(people, a.owner_user_id)) }
            td { @if let Some(d) = a.due_date { (d.to_string()) } @if overdue { " " span.badge.danger { (ctx.t("plan.overdue")) } } }
            td { (ctx.t(&format!("plan.action_status.{}", a.status))) @if let Some(r) = &a.outcome_rating { br; small { (ctx.t(&format!("plan.rating.{r}"))) } } }
        }
    }
}

fn actions_table(
    ctx: &PageCtx,
    actions: &[&plan_action::Model],
    people: &[Member],
    today: NaiveDate,
) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.actions {
            thead { tr {
                th scope="col" { (ctx.t("plan.area_label")) }
                th scope="col" { (ctx.t("plan.action")) }
                th scope="col" { (ctx.t("plan.owner")) }
                th scope="col" { (ctx.t("plan.due")) }
                th scope="col" { (ctx.t("plan.status")) }
            } }
            tbody { @for a in actions { (action_row(ctx, a, people, today)) } }
        } }
    }
}

/// The plan on a scenario's page: preparatory actions, then each level's, the levels in force
/// highlighted.
pub fn actions_section(ctx: &PageCtx, d: &Detail) -> Markup {
    let s = &d.scenario;
    let current_pos = d
        .levels
        .iter()
        .position(|l| Some(l.id) == s.current_level_id);
    let prep: Vec<&plan_action::Model> =
        d.actions.iter().filter(|a| a.level_id.is_none()).collect();
    html! {
        section.card id="actions" {
            div.page-head {
                h2 { (ctx.t("plan.action_plan")) }
                (progress_bar(ctx, &d.actions))
            }
            h3 { (ctx.t("plan.preparatory")) }
            @if prep.is_empty() { p.muted { (ctx.t("plan.no_actions")) } } @else { (actions_table(ctx, &prep, &d.people, d.today)) }
            @if d.can_edit { p { a href={ "/plan/scenarios/" (s.id) "/actions/new" } { (ctx.t("plan.add_action")) } } }
            @for (i, l) in d.levels.iter().enumerate() {
                @let own: Vec<&plan_action::Model> = d.actions.iter().filter(|a| a.level_id == Some(l.id)).collect();
                @let in_force = current_pos.is_some_and(|c| i <= c);
                div.level-block.in-force[in_force] {
                    h3 {
                        (l.name)
                        @if current_pos == Some(i) { " " span.badge.level-on { (ctx.t("plan.current_level")) } }
                        @else if in_force { " " span.badge { (ctx.t("plan.in_force")) } }
                    }
                    @if own.is_empty() { p.muted { (ctx.t("plan.no_actions")) } } @else { (actions_table(ctx, &own, &d.people, d.today)) }
                    @if d.can_edit { p { a href={ "/plan/scenarios/" (s.id) "/actions/new?level_id=" (l.id) } { (ctx.t("plan.add_action")) } } }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn action_page(
    ctx: &PageCtx,
    s: &scenario::Model,
    levels: &[threshold_level::Model],
    people: &[Member],
    id: Option<i32>,
    form: &ActionInput,
    errors: &FieldErrors,
    conflict: bool,
    can_edit: bool,
) -> Markup {
    let title = match id {
        Some(_) => form.title.clone(),
        None => ctx.t("plan.add_action"),
    };
    let mut level_opts = vec![(String::new(), ctx.t("plan.preparatory"))];
    level_opts.extend(levels.iter().map(|l| (l.id.to_string(), l.name.clone())));
    let opt = |v: Option<i32>| vec![v.map(|n| n.to_string()).unwrap_or_default()];
    let mut ratings = vec![(String::new(), ctx.t("plan.not_reviewed"))];
    ratings.extend(vocab_options(ctx, "plan.rating", vocab::RATINGS));
    let review = html! {
        fieldset.review {
            legend { (ctx.t("plan.outcome_review")) }
            (select(ctx, errors, "status", &ctx.t("plan.status"), &vocab_options(ctx, "plan.action_status", vocab::ACTION_STATUSES), &[form.status.clone()], false))
            (textarea(ctx, errors, "outcome", &ctx.t("plan.outcome"), form.outcome.as_deref().unwrap_or(""), 3))
            (select(ctx, errors, "outcome_rating", &ctx.t("plan.did_it_work"), &ratings, &[form.outcome_rating.clone().unwrap_or_default()], false))
        }
    };
    page(
        ctx,
        &title,
        html! {
            p { a href={ "/plan/scenarios/" (s.id) "#actions" } { "← " (s.title) } }
            h1 { (title) }
            (conflict_notice(ctx, conflict))
            (error_summary(ctx, errors))
            @if can_edit {
                form.card method="post" action=(match id { Some(id) => format!("/plan/actions/{id}"), None => format!("/plan/scenarios/{}/actions/new", s.id) }) novalidate {
                    (csrf_field(ctx))
                    @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                    (Input::new("title", ctx.t("plan.action"), &form.title).required().render(ctx, errors))
                    (textarea(ctx, errors, "description", &ctx.t("plan.description"), &form.description, 3))
                    div.row {
                        (select(ctx, errors, "area", &ctx.t("plan.area_label"), &vocab_options(ctx, "plan.area", vocab::AREAS), &[form.area.clone()], false))
                        (select(ctx, errors, "level_id", &ctx.t("plan.level"), &level_opts, &opt(form.level_id), false))
                    }
                    div.row {
                        (select(ctx, errors, "owner_user_id", &ctx.t("plan.owner"), &person_options(ctx, people), &opt(form.owner_user_id), false))
                        (Input::new("due_date", ctx.t("plan.due"), form.due_date.as_deref().unwrap_or("")).kind("date").render(ctx, errors))
                    }
                    @if form.past_due_ok || errors.for_field("due_date").is_some_and(|e| e.code == "past_due") {
                        div.field {
                            label.check { input type="checkbox" name="past_due_ok" value="true" checked[form.past_due_ok]; (ctx.t("plan.keep_past_due")) }
                        }
                    }
                    (review)
                    button.primary type="submit" { (ctx.t("forms.save")) }
                }
            } @else {
                @if !form.description.is_empty() { p.lead { (form.description) } }
                dl.facts {
                    dt { (ctx.t("plan.area_label")) } dd { (ctx.t(&format!("plan.area.{}", form.area))) }
                    dt { (ctx.t("plan.owner")) } dd { (person(people, form.owner_user_id)) }
                    dt { (ctx.t("plan.due")) } dd { (form.due_date.clone().unwrap_or_else(|| "—".into())) }
                }
                @if let Some(id) = id {
                    @if ctx.user.as_ref().is_some_and(|u| Some(u.user_id()) == form.owner_user_id) {
                        form.card method="post" action={ "/plan/actions/" (id) "/progress" } novalidate {
                            (csrf_field(ctx))
                            @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                            (review)
                            button.primary type="submit" { (ctx.t("plan.report_progress")) }
                        }
                    } @else {
                        p { (ctx.t(&format!("plan.action_status.{}", form.status))) }
                    }
                }
            }
        },
    )
}

pub fn my_actions_page(
    ctx: &PageCtx,
    mine: &[plan_action::Model],
    scenarios: &[scenario::Model],
    today: NaiveDate,
) -> Markup {
    let title = ctx.t("plan.my_actions");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if mine.is_empty() { p { (ctx.t("plan.no_my_actions")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("plan.action")) }
                        th scope="col" { (ctx.t("plan.scenario")) }
                        th scope="col" { (ctx.t("plan.due")) }
                        th scope="col" { (ctx.t("plan.status")) }
                    } }
                    tbody { @for a in mine {
                        @let overdue = is_overdue(a, today);
                        tr.overdue[overdue] {
                            td { a href={ "/plan/actions/" (a.id) } { (a.title) } br; small { (ctx.t(&format!("plan.area.{}", a.area))) } }
                            td { (scenarios.iter().find(|s| s.id == a.scenario_id).map(|s| s.title.as_str()).unwrap_or("")) }
                            td { @if let Some(d) = a.due_date { (d.to_string()) } @if overdue { " " span.badge.danger { (ctx.t("plan.overdue")) } } }
                            td { (ctx.t(&format!("plan.action_status.{}", a.status))) }
                        }
                    } }
                } }
            }
        },
    )
}
