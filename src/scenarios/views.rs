//! The register, the 5×5 risk matrix, a scenario's page, and the scenario and ladder forms.
use super::forms::{LadderInput, ManualLevelInput, ScenarioInput};
use super::vocab::{self, risk, risk_band};
use crate::entities::{level_change, plan_action, scenario, threshold_level};
use crate::error::FieldErrors;
use crate::orgs::members::Member;
use crate::plans::repo::progress;
use crate::ui::components::{
    conflict_notice, csrf_field, error_summary, person_options, select, textarea, vocab_options,
    Input,
};
use crate::ui::{page, PageCtx};
use chrono::NaiveDate;
use maud::{html, Markup};

pub fn risk_badge(ctx: &PageCtx, p: i32, c: i32) -> Markup {
    let r = risk(p, c);
    let band = risk_band(r);
    html! { span class={ "risk risk-" (band) } { (r) " · " (ctx.t(&format!("plan.band.{band}"))) } }
}

fn level_name(levels: &[threshold_level::Model], id: Option<i32>) -> Option<String> {
    id.and_then(|id| levels.iter().find(|l| l.id == id))
        .map(|l| l.name.clone())
}

pub fn progress_bar(ctx: &PageCtx, actions: &[plan_action::Model]) -> Markup {
    let (done, total) = progress(actions);
    let text = ctx.tf(
        "plan.progress",
        &[("done", &done.to_string()), ("total", &total.to_string())],
    );
    html! {
        span.progress {
            progress value=(done) max=(total.max(1)) aria-label=(text) {}
            " " (text)
        }
    }
}

/// What the register adds per scenario: when it was last exercised (flagged after a year)
/// and, at a level, how many tasks are past their maximum tolerable disruption.
pub struct RegisterFacts {
    pub last_exercised: std::collections::HashMap<i32, chrono::DateTime<chrono::Utc>>,
    pub past_tolerance: std::collections::HashMap<i32, usize>,
    pub now: chrono::DateTime<chrono::Utc>,
}

pub fn register_page(
    ctx: &PageCtx,
    scenarios: &[scenario::Model],
    levels: &[threshold_level::Model],
    actions: &[plan_action::Model],
    facts: &RegisterFacts,
    can_edit: bool,
) -> Markup {
    let title = ctx.t("plan.register");
    page(
        ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) }
                @if can_edit {
                    div.buttons {
                        a.button.primary href="/plan/scenarios/new" { (ctx.t("plan.new_scenario")) }
                        form method="post" action="/plan/standard" {
                            (csrf_field(ctx))
                            button type="submit" { (ctx.t("plan.add_standard")) }
                        }
                    }
                }
            }
            p.lead { (ctx.t("plan.register_intro")) }
            @if !scenarios.is_empty() {
                p.no-print { a href="/plan/print" { (ctx.t("print.print_link")) } " · " a href="/plan/actions.csv" download { (ctx.t("export.actions")) } }
            }
            @if scenarios.is_empty() {
                p { (ctx.t("plan.no_scenarios")) }
            } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("plan.scenario")) }
                        th scope="col" { (ctx.t("plan.probability_short")) }
                        th scope="col" { (ctx.t("plan.consequence_short")) }
                        th scope="col" { (ctx.t("plan.risk")) }
                        th scope="col" { (ctx.t("plan.level")) }
                        th scope="col" { (ctx.t("plan.status")) }
                        th scope="col" { (ctx.t("plan.actions")) }
                        th scope="col" { (ctx.t("exercises.last_exercised")) }
                    } }
                    tbody { @for s in scenarios {
                        @let own: Vec<plan_action::Model> = actions.iter().filter(|a| a.scenario_id == s.id).cloned().collect();
                        tr.closed[s.status == "closed"] {
                            td { a href={ "/plan/scenarios/" (s.id) } { (s.title) } br; small { (ctx.t(&format!("plan.kind.{}", s.kind))) } }
                            td { (s.probability) }
                            td { (s.consequence) }
                            td { (risk_badge(ctx, s.probability, s.consequence)) }
                            td { @match level_name(levels, s.current_level_id) {
                                Some(n) => { strong.level-on { (n) } @if s.level_set_manually { " " span.badge { (ctx.t("plan.by_hand")) } } }
                                None => { span.muted { (ctx.t("plan.normal")) } }
                            } }
                            td { (ctx.t(&format!("plan.status_value.{}", s.status))) }
                            td { (progress_bar(ctx, &own))
                                @if let Some(n) = facts.past_tolerance.get(&s.id).filter(|n| **n > 0) {
                                    br; a.badge.danger href={ "/plan/tasks?scenario=" (s.id) } { (ctx.tn("plan.past_tolerance", *n as i64, &[])) }
                                } }
                            td { (crate::exercises::views::last_exercised_cell(ctx, facts.last_exercised.get(&s.id).copied(), facts.now)) }
                        }
                    } }
                } }
                (matrix(ctx, scenarios))
            }
        },
    )
}

/// The 5×5 matrix as a table: probability across, consequence down (highest first); each cell
/// says its risk in words as well as colour, and lists its scenarios as links.
pub fn matrix(ctx: &PageCtx, scenarios: &[scenario::Model]) -> Markup {
    let open: Vec<&scenario::Model> = scenarios.iter().filter(|s| s.status != "closed").collect();
    html! {
        section.matrix-wrap {
            h2 id="matrix" { (ctx.t("plan.matrix")) }
            table.matrix aria-labelledby="matrix" {
                caption { (ctx.t("plan.matrix_caption")) }
                thead { tr {
                    td {}
                    @for p in 1..=5 { th scope="col" { (ctx.t("plan.probability_short")) " " (p) } }
                } }
                tbody { @for c in (1..=5).rev() {
                    tr {
                        th scope="row" { (ctx.t("plan.consequence_short")) " " (c) }
                        @for p in 1..=5 {
                            @let here: Vec<&&scenario::Model> = open.iter().filter(|s| s.probability == p && s.consequence == c).collect();
                            @let band = risk_band(risk(p, c));
                            td class={ "cell risk-" (band) } {
                                span.cell-risk { (risk(p, c)) " " span.visually-hidden { (ctx.t(&format!("plan.band.{band}"))) } }
                                @if !here.is_empty() {
                                    span.count { span.count-label { (ctx.t("plan.cell_label")) " " } (here.len()) }
                                    ul { @for s in &here { li { a href={ "/plan/scenarios/" (s.id) } { (s.title) } } } }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

pub fn scenario_form(
    ctx: &PageCtx,
    id: Option<i32>,
    form: &ScenarioInput,
    people: &[Member],
    queues: &[crate::entities::queue::Model],
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let mut queue_options = vec![(String::new(), ctx.t("capacity.worst_queue"))];
    queue_options.extend(queues.iter().map(|q| (q.id.to_string(), q.name.clone())));
    let title = match id {
        Some(_) => ctx.t("plan.edit_scenario"),
        None => ctx.t("plan.new_scenario"),
    };
    let action = match id {
        Some(id) => format!("/plan/scenarios/{id}/edit"),
        None => "/plan/scenarios/new".into(),
    };
    let one_to_five: Vec<(String, String)> = (1..=5)
        .map(|n| (n.to_string(), ctx.t(&format!("plan.scale.{n}"))))
        .collect();
    let opt = |v: Option<i32>| vec![v.map(|n| n.to_string()).unwrap_or_default()];
    let margin = form
        .hysteresis_margin
        .map(|m| m.to_string())
        .unwrap_or_default();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            (conflict_notice(ctx, conflict))
            (error_summary(ctx, errors))
            form.card method="post" action=(action) novalidate {
                (csrf_field(ctx))
                @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                (Input::new("title", ctx.t("plan.title"), &form.title).required().render(ctx, errors))
                (select(ctx, errors, "kind", &ctx.t("plan.kind_label"), &vocab_options(ctx, "plan.kind", vocab::KINDS), &[form.kind.clone()], false))
                (textarea(ctx, errors, "description", &ctx.t("plan.description"), &form.description, 3))
                div.row {
                    (select(ctx, errors, "probability", &ctx.t("plan.probability"), &one_to_five, &opt(form.probability), false))
                    (select(ctx, errors, "consequence", &ctx.t("plan.consequence"), &one_to_five, &opt(form.consequence), false))
                }
                (select(ctx, errors, "owner_user_id", &ctx.t("plan.owner"), &person_options(ctx, people), &opt(form.owner_user_id), false))
                (select(ctx, errors, "status", &ctx.t("plan.status"), &vocab_options(ctx, "plan.status_value", vocab::STATUSES), &[form.status.clone()], false))
                (select(ctx, errors, "metric", &ctx.t("plan.metric_label"), &vocab_options(ctx, "plan.metric", vocab::METRICS), &[form.metric.clone()], false))
                @if !queues.is_empty() {
                    (select(ctx, errors, "queue_id", &ctx.t("capacity.ladder_queue"), &queue_options, &opt(form.queue_id), false))
                }
                (Input::new("hysteresis_margin", ctx.t("plan.margin"), &margin).kind("text").hint(ctx.t("plan.margin_hint")).render(ctx, errors))
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
        },
    )
}

pub struct Detail {
    pub scenario: scenario::Model,
    pub levels: Vec<threshold_level::Model>,
    pub actions: Vec<plan_action::Model>,
    pub history: Vec<level_change::Model>,
    pub people: Vec<Member>,
    pub today: NaiveDate,
    pub can_edit: bool,
    pub is_lead: bool,
    /// The scenario's exercises, for those who may open them (`None`: not shown).
    pub exercises: Option<Vec<crate::entities::exercise::Model>>,
}

fn person(people: &[Member], id: Option<i32>) -> String {
    id.and_then(|id| people.iter().find(|m| m.user.id == id))
        .map(|m| m.user.display_name.clone())
        .unwrap_or_else(|| "—".into())
}

pub fn detail_page(
    ctx: &PageCtx,
    d: &Detail,
    manual: &ManualLevelInput,
    errors: &FieldErrors,
) -> Markup {
    let s = &d.scenario;
    let falling = vocab::is_falling(&s.metric);
    let unit = vocab::metric_unit(&s.metric);
    let current_pos = d
        .levels
        .iter()
        .position(|l| Some(l.id) == s.current_level_id);
    page(
        ctx,
        &s.title,
        html! {
            p { a href="/plan" { "← " (ctx.t("plan.register")) } }
            div.page-head {
                h1 { (s.title) }
                @if d.can_edit { a.button href={ "/plan/scenarios/" (s.id) "/edit" } { (ctx.t("plan.edit_scenario")) } }
            }
            @if !s.description.is_empty() { p.lead { (s.description) } }
            dl.facts {
                dt { (ctx.t("plan.kind_label")) } dd { (ctx.t(&format!("plan.kind.{}", s.kind))) }
                dt { (ctx.t("plan.risk")) } dd { (s.probability) " × " (s.consequence) " = " (risk_badge(ctx, s.probability, s.consequence)) }
                dt { (ctx.t("plan.owner")) } dd { (person(&d.people, s.owner_user_id)) }
                dt { (ctx.t("plan.status")) } dd { (ctx.t(&format!("plan.status_value.{}", s.status))) }
                dt { (ctx.t("plan.metric_label")) } dd { (ctx.t(&format!("plan.metric.{}", s.metric))) }
            }
            section.card {
                h2 { (ctx.t("plan.ladder")) }
                p.current-level {
                    (ctx.t("plan.current_level")) ": "
                    @match current_pos { Some(i) => strong.level-on { (d.levels[i].name) }, None => strong { (ctx.t("plan.normal")) } }
                    @if s.level_set_manually {
                        " " span.badge { (ctx.t("plan.by_hand")) }
                        @if s.computed_level_id != s.current_level_id {
                            " " (ctx.tf("plan.figures_say", &[("level", &level_name(&d.levels, s.computed_level_id).unwrap_or_else(|| ctx.t("plan.normal")))]))
                        }
                    }
                }
                @if d.levels.is_empty() { p { (ctx.t("plan.no_levels")) } } @else {
                    ol.ladder { @for (i, l) in d.levels.iter().enumerate() {
                        li.on[current_pos.is_some_and(|c| i <= c)].current[current_pos == Some(i)] {
                            strong { (l.name) } " — " (ctx.t(if falling { "plan.at_or_below" } else { "plan.from" })) " " (l.trigger_value) (unit)
                            @if !l.description.is_empty() { br; span.muted { (l.description) } }
                        }
                    } }
                    @if s.metric != "manual" { p.hint { (ctx.tf(if falling { "plan.margin_explained_falling" } else { "plan.margin_explained" }, &[("margin", &s.hysteresis_margin.to_string())])) } }
                }
                @if d.can_edit { p { a href={ "/plan/scenarios/" (s.id) "/ladder" } { (ctx.t("plan.edit_ladder")) } } }
                @if d.is_lead && !d.levels.is_empty() { (manual_form(ctx, d, manual, errors)) }
            }
            (crate::plans::views::actions_section(ctx, d))
            @if let Some(list) = &d.exercises { (crate::exercises::views::scenario_history(ctx, list, &d.people)) }
            section.card {
                h2 { (ctx.t("plan.history")) }
                @if d.history.is_empty() { p { (ctx.t("plan.no_history")) } } @else {
                    ul.history { @for h in &d.history {
                        li {
                            time datetime=(h.occurred_at.to_rfc3339()) { (ctx.local_time(h.occurred_at)) } " · "
                            (h.from_name.clone().unwrap_or_else(|| ctx.t("plan.normal"))) " → " strong { (h.to_name.clone().unwrap_or_else(|| ctx.t("plan.normal"))) }
                            " · " (ctx.t(&format!("plan.cause.{}", h.cause)))
                            @if let Some(v) = h.value { " (" (ctx.decimal(v, 1)) (unit) ")" }
                            @if let Some(r) = &h.reason { " — " em { (r) } }
                            @if let Some(by) = h.changed_by_user_id { " — " (person(&d.people, Some(by))) }
                        }
                    } }
                }
            }
        },
    )
}

fn manual_form(
    ctx: &PageCtx,
    d: &Detail,
    manual: &ManualLevelInput,
    errors: &FieldErrors,
) -> Markup {
    let s = &d.scenario;
    let mut options = vec![(String::new(), ctx.t("plan.normal"))];
    options.extend(d.levels.iter().map(|l| (l.id.to_string(), l.name.clone())));
    let chosen = vec![manual
        .level_id
        .or(s.current_level_id)
        .map(|i| i.to_string())
        .unwrap_or_default()];
    html! {
        details.manual open[!errors.is_empty()] {
            summary { (ctx.t("plan.set_by_hand")) }
            (error_summary(ctx, errors))
            form method="post" action={ "/plan/scenarios/" (s.id) "/level" } {
                (csrf_field(ctx))
                (select(ctx, errors, "level_id", &ctx.t("plan.level"), &options, &chosen, false))
                (textarea(ctx, errors, "reason", &ctx.t("plan.reason"), &manual.reason, 2))
                button.primary type="submit" { (ctx.t("plan.set_level")) }
            }
            @if s.level_set_manually {
                form method="post" action={ "/plan/scenarios/" (s.id) "/level" } {
                    (csrf_field(ctx))
                    input type="hidden" name="release" value="true";
                    button type="submit" { (ctx.t("plan.release")) }
                }
            }
        }
    }
}

pub fn ladder_page(
    ctx: &PageCtx,
    s: &scenario::Model,
    ladder: &LadderInput,
    margin: &str,
    version: i32,
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let title = ctx.tf("plan.ladder_of", &[("title", &s.title)]);
    let unit = vocab::metric_unit(&s.metric);
    let blank = 3usize
        .saturating_sub(ladder.levels.len().saturating_sub(3))
        .max(2);
    let err = |i: usize, f: &str| {
        errors
            .for_field(&format!("levels[{i}].{f}"))
            .map(|e| crate::i18n::field_error_message(ctx.lang, e))
    };
    page(
        ctx,
        &title,
        html! {
            p { a href={ "/plan/scenarios/" (s.id) } { "← " (s.title) } }
            h1 { (title) }
            p.lead { (ctx.tf(if vocab::is_falling(&s.metric) { "plan.ladder_intro_falling" } else { "plan.ladder_intro" }, &[("metric", &ctx.t(&format!("plan.metric.{}", s.metric)))])) }
            (conflict_notice(ctx, conflict))
            (error_summary(ctx, errors))
            form.card method="post" action={ "/plan/scenarios/" (s.id) "/ladder" } novalidate {
                (csrf_field(ctx))
                input type="hidden" name="version" value=(version);
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.ladder-edit {
                    thead { tr {
                        th scope="col" { (ctx.t("plan.level_name")) }
                        th scope="col" { (ctx.t("plan.trigger")) (unit) }
                        th scope="col" { (ctx.t("plan.description")) }
                        th scope="col" { (ctx.t("plan.rollcall_message")) }
                        th scope="col" { (ctx.t("plan.report_every")) }
                    } }
                    tbody {
                        @for (i, l) in ladder.levels.iter().enumerate() {
                            tr {
                                td {
                                    input type="hidden" name="level_id" value=(l.id.map(|i| i.to_string()).unwrap_or_default());
                                    @if let Some(e) = err(i, "name") { p.field-error id={ "field-levels[" (i) "].name" } { (e) } }
                                    input name="name" value=(l.name) aria-label=(ctx.t("plan.level_name")) aria-invalid=[err(i, "name").map(|_| "true")];
                                }
                                td {
                                    @if let Some(e) = err(i, "trigger_value") { p.field-error id={ "field-levels[" (i) "].trigger_value" } { (e) } }
                                    input name="trigger_value" inputmode="decimal" value=(l.trigger_value.map(|t| t.to_string()).unwrap_or_default()) aria-label=(ctx.t("plan.trigger")) aria-invalid=[err(i, "trigger_value").map(|_| "true")];
                                }
                                td { input name="description" value=(l.description) aria-label=(ctx.t("plan.description")); }
                                td {
                                    @if let Some(e) = err(i, "rollcall_message") { p.field-error id={ "field-levels[" (i) "].rollcall_message" } { (e) } }
                                    input name="rollcall_message" value=(l.rollcall_message) aria-label=(ctx.t("plan.rollcall_message"));
                                }
                                td {
                                    @if let Some(e) = err(i, "report_every_hours") { p.field-error id={ "field-levels[" (i) "].report_every_hours" } { (e) } }
                                    input name="report_every_hours" inputmode="numeric" size="4" value=(l.report_every_hours.map(|h| h.to_string()).unwrap_or_default()) aria-label=(ctx.t("plan.report_every")) aria-invalid=[err(i, "report_every_hours").map(|_| "true")];
                                }
                            }
                            (holding_row(ctx, i, l.holding_question.as_deref().unwrap_or(""), l.holding_answer.as_deref().unwrap_or(""), &err))
                        }
                        @for _ in 0..blank {
                            tr {
                                td { input type="hidden" name="level_id" value=""; input name="name" value="" aria-label=(ctx.t("plan.level_name")); }
                                td { input name="trigger_value" inputmode="decimal" value="" aria-label=(ctx.t("plan.trigger")); }
                                td { input name="description" value="" aria-label=(ctx.t("plan.description")); }
                                td { input name="rollcall_message" value="" aria-label=(ctx.t("plan.rollcall_message")); }
                                td { input name="report_every_hours" inputmode="numeric" size="4" value="" aria-label=(ctx.t("plan.report_every")); }
                            }
                            (holding_row(ctx, usize::MAX, "", "", &err))
                        }
                    }
                } }
                p.hint { (ctx.t("plan.ladder_hint")) " " (ctx.t("plan.rollcall_hint")) " " (ctx.t("plan.report_every_hint")) }
                (Input::new("hysteresis_margin", ctx.t("plan.margin"), margin).hint(ctx.t("plan.margin_hint")).render(ctx, errors))
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
        },
    )
}

/// Under each level: the FAQ answer prepared for when it is reached, folded away.
fn holding_row(
    ctx: &PageCtx,
    i: usize,
    question: &str,
    answer: &str,
    err: &dyn Fn(usize, &str) -> Option<String>,
) -> Markup {
    let open = !question.is_empty()
        || err(i, "holding_question").is_some()
        || err(i, "holding_answer").is_some();
    html! {
        tr.holding {
            td colspan="5" {
                details open[open] {
                    summary { (ctx.t("plan.holding")) }
                    @if let Some(e) = err(i, "holding_question") { p.field-error id={ "field-levels[" (i) "].holding_question" } { (e) } }
                    label { (ctx.t("plan.holding_question")) input name="holding_question" value=(question); }
                    @if let Some(e) = err(i, "holding_answer") { p.field-error id={ "field-levels[" (i) "].holding_answer" } { (e) } }
                    label { (ctx.t("plan.holding_answer")) textarea name="holding_answer" rows="4" { (answer) } }
                    p.hint { (ctx.t("plan.holding_hint")) }
                }
            }
        }
    }
}
