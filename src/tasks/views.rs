//! The ranked inventory (with the ranking explained) and the task form.
use super::forms::{TaskInput, FALLBACKS, KINDS, LIMITS, POSTPONE_COSTS, REMOTE};
use super::ranking::{criticality, Ranked};
use crate::entities::scenario;
use crate::error::FieldErrors;
use crate::ui::components::{
    checkboxes, conflict_notice, csrf_field, error_summary, select, textarea, vocab_options, Input,
};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub struct Inventory<'a> {
    pub ranked: &'a [Ranked],
    /// Per ranked task: when it passes its maximum tolerable disruption, if it is disrupted.
    pub tolerance: &'a [Option<super::impact::Tolerance>],
    pub scenarios: &'a [scenario::Model],
    pub chosen: Option<&'a scenario::Model>,
    pub can_edit: bool,
}

/// RTO and MTPD in a cell, with when the task passes its tolerance under the scenario.
fn impact_cell(
    ctx: &PageCtx,
    t: &crate::entities::work_task::Model,
    tol: Option<super::impact::Tolerance>,
) -> Markup {
    let hours = |h: Option<i32>| h.map(|h| format!("{h} h")).unwrap_or_else(|| "—".into());
    html! {
        (ctx.t("tasks.rto_short")) " " (hours(t.rto_hours)) " · " (ctx.t("tasks.mtpd_short")) " " (hours(t.mtpd_hours))
        @if !t.min_service.is_empty() { br; small { (ctx.t("tasks.min_service")) ": " (t.min_service) } }
        @if let Some(tol) = tol {
            br;
            @if tol.passed { span.badge.danger { (ctx.tf("tasks.mtpd_passed", &[("at", &ctx.local_time(tol.passes_at))])) } }
            @else { small { (ctx.tf("tasks.mtpd_passes", &[("at", &ctx.local_time(tol.passes_at))])) } }
        }
    }
}

pub fn inventory_page(ctx: &PageCtx, inv: &Inventory) -> Markup {
    let (ranked, scenarios, chosen, can_edit) =
        (inv.ranked, inv.scenarios, inv.chosen, inv.can_edit);
    let title = ctx.t("tasks.title");
    let kind = chosen.map(|s| s.kind.as_str()).unwrap_or("custom");
    let mut options = vec![(String::new(), ctx.t("tasks.no_scenario"))];
    options.extend(
        scenarios
            .iter()
            .map(|s| (s.id.to_string(), s.title.clone())),
    );
    page(
        ctx,
        &title,
        html! {
            div.page-head {
                h1 { (title) }
                @if can_edit { a.button.primary href="/plan/tasks/new" { (ctx.t("tasks.new")) } }
            }
            p.lead { (ctx.t("tasks.intro")) }
            form.filters method="get" action="/plan/tasks" {
                div.field {
                    label for="rank-scenario" { (ctx.t("tasks.rank_for")) }
                    select id="rank-scenario" name="scenario" {
                        @for (v, t) in &options { option value=(v) selected[chosen.is_some_and(|s| s.id.to_string() == *v)] { (t) } }
                    }
                }
                button type="submit" { (ctx.t("tasks.rank")) }
            }
            section.explain {
                h2 { (ctx.t("tasks.how_ranked")) }
                p { (ctx.t("tasks.criticality_rule")) }
                p { (ctx.t(&format!("tasks.rule.{}", if matches!(kind, "high_absence" | "workload_up") { "short" } else { kind }))) }
                p { (ctx.t("tasks.rule_tolerance")) }
            }
            @if ranked.is_empty() { p { (ctx.t("tasks.none")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { "#" }
                        th scope="col" { (ctx.t("tasks.name")) }
                        th scope="col" { (ctx.t("tasks.criticality")) }
                        th scope="col" { (ctx.t("tasks.remote")) }
                        th scope="col" { (ctx.t("tasks.postpone")) }
                        th scope="col" { (ctx.t("tasks.fallback")) }
                        th scope="col" { (ctx.t("tasks.impact")) }
                        th scope="col" { (ctx.t("tasks.advice")) }
                    } }
                    tbody { @for (i, r) in ranked.iter().enumerate() {
                        @let t = &r.task;
                        tr {
                            td { (i + 1) }
                            td {
                                @if can_edit { a href={ "/plan/tasks/" (t.id) } { (t.name) } } @else { (t.name) }
                                br; small { (ctx.t(&format!("tasks.kind.{}", t.kind))) @if !t.sla.is_empty() { " · SLA: " (t.sla) } @if t.sla_at_risk { " " span.badge.danger { (ctx.t("tasks.sla_at_risk")) } } }
                            }
                            td { (criticality(t)) small { " (" (t.customer_criticality) "/" (t.business_criticality) ")" } }
                            td { (ctx.t(&format!("tasks.remote_value.{}", t.remote_capable)))
                                @for l in t.remote_limits.split(',').filter(|l| !l.is_empty()) { " " span.badge { (ctx.t(&format!("tasks.limit.{l}"))) } } }
                            td { (ctx.t(&format!("tasks.postpone_value.{}", t.postpone_cost))) }
                            td { (ctx.t(&format!("tasks.fallback_value.{}", t.fallback))) @if t.cross_trainable { br; small { (ctx.t("tasks.cross_trainable")) } } }
                            td { (impact_cell(ctx, t, inv.tolerance.get(i).copied().flatten())) }
                            td {
                                strong class={ "advice advice-" (r.advice) } { (ctx.t(&format!("tasks.advice_value.{}", r.advice))) }
                                @if !r.reasons.is_empty() { br; small { (r.reasons.iter().map(|k| ctx.t(&format!("tasks.reason.{k}"))).collect::<Vec<_>>().join(" · ")) } }
                            }
                        }
                    } }
                } }
            }
        },
    )
}

pub fn task_form(
    queues: &[crate::entities::queue::Model],
    ctx: &PageCtx,
    id: Option<i32>,
    form: &TaskInput,
    errors: &FieldErrors,
    conflict: bool,
) -> Markup {
    let title = match id {
        Some(_) => form.name.clone(),
        None => ctx.t("tasks.new"),
    };
    let one_to_five: Vec<(String, String)> = (1..=5)
        .map(|n| (n.to_string(), ctx.t(&format!("plan.scale.{n}"))))
        .collect();
    let opt = |v: Option<i32>| vec![v.map(|n| n.to_string()).unwrap_or_default()];
    let mut queue_options = vec![(String::new(), ctx.t("tasks.no_queue"))];
    queue_options.extend(queues.iter().map(|q| (q.id.to_string(), q.name.clone())));
    let overflow = form
        .overflow_per_hour
        .map(|n| n.to_string())
        .unwrap_or_default();
    let action = match id {
        Some(id) => format!("/plan/tasks/{id}"),
        None => "/plan/tasks/new".into(),
    };
    page(
        ctx,
        &title,
        html! {
            p { a href="/plan/tasks" { "← " (ctx.t("tasks.title")) } }
            h1 { (title) }
            (conflict_notice(ctx, conflict))
            (error_summary(ctx, errors))
            form.card method="post" action=(action) novalidate {
                (csrf_field(ctx))
                @if let Some(v) = form.version { input type="hidden" name="version" value=(v); }
                (Input::new("name", ctx.t("tasks.name"), &form.name).required().render(ctx, errors))
                (select(ctx, errors, "kind", &ctx.t("tasks.kind_label"), &vocab_options(ctx, "tasks.kind", KINDS), &[form.kind.clone()], false))
                (textarea(ctx, errors, "description", &ctx.t("plan.description"), &form.description, 2))
                div.row {
                    (select(ctx, errors, "customer_criticality", &ctx.t("tasks.customer_criticality"), &one_to_five, &opt(form.customer_criticality), false))
                    (select(ctx, errors, "business_criticality", &ctx.t("tasks.business_criticality"), &one_to_five, &opt(form.business_criticality), false))
                }
                (select(ctx, errors, "remote_capable", &ctx.t("tasks.remote"), &vocab_options(ctx, "tasks.remote_value", REMOTE), &[form.remote_capable.clone()], false))
                (checkboxes(ctx, errors, "remote_limits", &ctx.t("tasks.limits"), &vocab_options(ctx, "tasks.limit", LIMITS), &form.remote_limits))
                (Input::new("remote_limit_note", ctx.t("tasks.limit_note"), &form.remote_limit_note).render(ctx, errors))
                div.row {
                    (Input::new("sla", ctx.t("tasks.sla"), &form.sla).hint(ctx.t("tasks.sla_hint")).render(ctx, errors))
                    div.field { label.check { input type="checkbox" name="sla_at_risk" value="true" checked[form.sla_at_risk]; " " (ctx.t("tasks.sla_at_risk")) } }
                }
                (select(ctx, errors, "postpone_cost", &ctx.t("tasks.postpone"), &vocab_options(ctx, "tasks.postpone_value", POSTPONE_COSTS), &[form.postpone_cost.clone()], false))
                (Input::new("postpone_note", ctx.t("tasks.postpone_note"), &form.postpone_note).render(ctx, errors))
                (select(ctx, errors, "fallback", &ctx.t("tasks.fallback"), &vocab_options(ctx, "tasks.fallback_value", FALLBACKS), &[form.fallback.clone()], false))
                (Input::new("fallback_note", ctx.t("tasks.fallback_note"), &form.fallback_note).render(ctx, errors))
                div.field { label.check { input type="checkbox" name="cross_trainable" value="true" checked[form.cross_trainable]; " " (ctx.t("tasks.cross_trainable")) } }
                fieldset.field {
                    legend { (ctx.t("tasks.impact_legend")) }
                    p.hint { (ctx.t("tasks.impact_hint")) }
                    div.row {
                        (Input::new("rto_hours", ctx.t("tasks.rto"), &opt(form.rto_hours)[0]).render(ctx, errors))
                        (Input::new("mtpd_hours", ctx.t("tasks.mtpd"), &opt(form.mtpd_hours)[0]).render(ctx, errors))
                    }
                    (Input::new("min_service", ctx.t("tasks.min_service"), &form.min_service).hint(ctx.t("tasks.min_service_hint")).render(ctx, errors))
                    @if !queues.is_empty() {
                        (Input::new("min_service_level", ctx.t("tasks.min_service_level"), &form.min_service_level.map(|v| v.to_string()).unwrap_or_default()).render(ctx, errors))
                    }
                    (Input::new("depends_systems", ctx.t("tasks.depends_systems"), &form.depends_systems).render(ctx, errors))
                    (Input::new("depends_suppliers", ctx.t("tasks.depends_suppliers"), &form.depends_suppliers).render(ctx, errors))
                    (Input::new("depends_partners", ctx.t("tasks.depends_partners"), &form.depends_partners).render(ctx, errors))
                }
                @if !queues.is_empty() {
                    div.row {
                        (select(ctx, errors, "queue_id", &ctx.t("tasks.queue"), &queue_options, &opt(form.queue_id), false))
                        (Input::new("overflow_per_hour", ctx.t("tasks.overflow_per_hour"), &overflow).kind("text").hint(ctx.t("tasks.overflow_hint")).render(ctx, errors))
                    }
                }
                button.primary type="submit" { (ctx.t("forms.save")) }
            }
            @if let Some(id) = id {
                form method="post" action={ "/plan/tasks/" (id) "/delete" } {
                    (csrf_field(ctx))
                    button.danger type="submit" { (ctx.t("tasks.delete")) }
                }
            }
        },
    )
}
