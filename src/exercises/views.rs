//! The exercise pages: the history and the start form; one exercise, marked EXERCISE on every
//! screen, with its level, log, notices and injects; its after-action review. Printable.
use super::forms::{ExercisePublishInput, ReviewInput};
use super::{Moment, LESSON_KINDS};
use crate::entities::{exercise, exercise_lesson, scenario, threshold_level};
use crate::error::FieldErrors;
use crate::log::forms::LogInput;
use crate::orgs::members::Member;
use crate::scenarios::vocab::AREAS;
use crate::ui::components::{
    checkboxes, csrf_field, error_summary, person_options, select, textarea, vocab_options, Input,
};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

fn name_of(people: &[Member], id: i32) -> String {
    people
        .iter()
        .find(|m| m.user.id == id)
        .map(|m| m.user.display_name.clone())
        .unwrap_or_default()
}

fn status_badge(ctx: &PageCtx, status: &str) -> Markup {
    html! { span class={ "badge exercise-" (status) } { (ctx.t(&format!("exercises.status.{status}"))) } }
}

pub struct ListPage<'a> {
    pub exercises: &'a [exercise::Model],
    pub scenarios: &'a [scenario::Model],
    pub people: &'a [Member],
    pub may_start: bool,
    pub errors: &'a FieldErrors,
    pub form: &'a super::web::StartRows,
}

pub fn list_page(ctx: &PageCtx, p: &ListPage) -> Markup {
    let title = ctx.t("exercises.title");
    let scenario_title = |id: i32| {
        p.scenarios
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.title.clone())
            .unwrap_or_default()
    };
    let scenario_opts: Vec<(String, String)> = p
        .scenarios
        .iter()
        .filter(|s| s.status != "closed")
        .map(|s| (s.id.to_string(), s.title.clone()))
        .collect();
    let people_opts: Vec<(String, String)> = p
        .people
        .iter()
        .filter(|m| m.membership.active)
        .map(|m| (m.user.id.to_string(), m.user.display_name.clone()))
        .collect();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("exercises.intro")) }
            @if p.may_start {
                (error_summary(ctx, p.errors))
                form.card.stack.no-print method="post" action="/exercises" novalidate {
                    (csrf_field(ctx))
                    h2 { (ctx.t("exercises.start")) }
                    (select(ctx, p.errors, "scenario_id", &ctx.t("exercises.scenario"), &scenario_opts, std::slice::from_ref(&p.form.scenario_id), false))
                    (Input::new("title", ctx.t("exercises.title_label"), &p.form.title).hint(ctx.t("exercises.title_hint")).render(ctx, p.errors))
                    (checkboxes(ctx, p.errors, "participants", &ctx.t("exercises.participants"), &people_opts, &p.form.participants))
                    p.hint { (ctx.t("exercises.participants_hint")) }
                    (textarea(ctx, p.errors, "injects", &ctx.t("exercises.injects"), &p.form.injects, 5))
                    p.hint { (ctx.t("exercises.injects_hint")) }
                    button.primary type="submit" { (ctx.t("exercises.start_button")) }
                }
            }
            h2 { (ctx.t("exercises.history")) }
            @if p.exercises.is_empty() { p.empty { (ctx.t("exercises.none")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("exercises.started")) }
                        th scope="col" { (ctx.t("exercises.scenario")) }
                        th scope="col" { (ctx.t("exercises.title_label")) }
                        th scope="col" { (ctx.t("exercises.participants")) }
                        th scope="col" { (ctx.t("exercises.status_label")) }
                    } }
                    tbody { @for e in p.exercises {
                        tr {
                            td { (ctx.local_time(e.started_at)) }
                            td { (scenario_title(e.scenario_id)) }
                            td { a href={ "/exercises/" (e.id) } { (e.title) } }
                            td { (super::participant_ids(e).len()) }
                            td { (status_badge(ctx, &e.status)) }
                        }
                    } }
                } }
            }
        },
    )
}

/// What a form sent that was refused, shown again.
#[derive(Default)]
pub struct Kept {
    pub log: LogInput,
    pub publish: ExercisePublishInput,
    pub rollcall: crate::rollcall::forms::StartInput,
    pub review: Option<ReviewInput>,
}

pub struct ExercisePage<'a> {
    pub exercise: &'a exercise::Model,
    pub scenario: &'a scenario::Model,
    pub levels: &'a [threshold_level::Model],
    pub timeline: &'a [Moment],
    pub injects_to_come: usize,
    pub lessons: &'a [exercise_lesson::Model],
    /// Its roll-calls with how many answered of how many.
    pub rollcalls: &'a [(crate::entities::rollcall::Model, u64, u64)],
    pub people: &'a [Member],
    /// A crisis-group member: sets the level, ends, reviews.
    pub leads: bool,
    pub errors: &'a FieldErrors,
    pub kept: &'a Kept,
}

pub fn exercise_page(ctx: &PageCtx, p: &ExercisePage) -> Markup {
    let e = p.exercise;
    let running = e.status == "running";
    let level = e
        .level_id
        .and_then(|id| p.levels.iter().find(|l| l.id == id))
        .map(|l| l.name.clone())
        .unwrap_or_else(|| ctx.t("plan.normal"));
    let level_opts: Vec<(String, String)> = std::iter::once((String::new(), ctx.t("plan.normal")))
        .chain(p.levels.iter().map(|l| (l.id.to_string(), l.name.clone())))
        .collect();
    let participants: Vec<String> = super::participant_ids(e)
        .into_iter()
        .map(|id| name_of(p.people, id))
        .collect();
    page(
        ctx,
        &e.title,
        html! {
            p.no-print { a href="/exercises" { "← " (ctx.t("exercises.title")) } }
            div.exercise-banner role="note" { strong { (ctx.t("exercises.banner")) } " " (ctx.t("exercises.banner_text")) }
            h1 { (e.title) " " (status_badge(ctx, &e.status)) }
            dl.facts {
                dt { (ctx.t("exercises.scenario")) } dd { a href={ "/plan/scenarios/" (p.scenario.id) } { (p.scenario.title) } }
                dt { (ctx.t("exercises.started")) } dd { (ctx.local_time(e.started_at)) }
                @if let Some(end) = e.ended_at { dt { (ctx.t("exercises.ended")) } dd { (ctx.local_time(end)) } }
                dt { (ctx.t("exercises.level")) } dd { strong.level-on[e.level_id.is_some()] { (level) } }
                dt { (ctx.t("exercises.participants")) } dd { (participants.join(", ")) }
            }
            (error_summary(ctx, p.errors))
            @if running {
                div.grid.no-print {
                    @if p.leads {
                        form.card.stack method="post" action={ "/exercises/" (e.id) "/level" } novalidate {
                            (csrf_field(ctx))
                            (select(ctx, p.errors, "level_id", &ctx.t("exercises.set_level"), &level_opts, &[e.level_id.map(|l| l.to_string()).unwrap_or_default()], false))
                            button.secondary type="submit" { (ctx.t("exercises.set_level_button")) }
                        }
                    }
                    form.card.stack method="post" action={ "/exercises/" (e.id) "/log" } novalidate {
                        (csrf_field(ctx))
                        (textarea(ctx, p.errors, "text", &ctx.t("log.text"), &p.kept.log.text, 2))
                        (select(ctx, p.errors, "kind", &ctx.t("log.kind_label"), &vocab_options(ctx, "log.kind", crate::log::KINDS), &[if p.kept.log.kind.is_empty() { "decision".to_string() } else { p.kept.log.kind.clone() }], false))
                        button.primary type="submit" { (ctx.t("log.add")) }
                    }
                    @if p.leads {
                        form.card.stack method="post" action={ "/exercises/" (e.id) "/rollcall" } novalidate {
                            (csrf_field(ctx))
                            h2 { (ctx.t("exercises.rollcall")) }
                            p.hint { (ctx.t("exercises.rollcall_hint")) }
                            (Input::new("message", ctx.t("rollcall.message"), &p.kept.rollcall.message).render(ctx, p.errors))
                            button.secondary type="submit" { (ctx.t("exercises.rollcall_button")) }
                        }
                    }
                    form.card.stack method="post" action={ "/exercises/" (e.id) "/publish" } novalidate {
                        (csrf_field(ctx))
                        h2 { (ctx.t("exercises.publish")) }
                        p.hint { (ctx.t("exercises.publish_hint")) }
                        (Input::new("question", ctx.t("faq.question"), &p.kept.publish.question).render(ctx, p.errors))
                        (textarea(ctx, p.errors, "answer", &ctx.t("faq.answer"), &p.kept.publish.answer, 4))
                        button.secondary type="submit" { (ctx.t("exercises.publish_button")) }
                    }
                }
            }
            @if !p.rollcalls.is_empty() {
                h2 { (ctx.t("exercises.rollcalls")) }
                ul { @for (rc, answered, total) in p.rollcalls {
                    li { a href={ "/rollcalls/" (rc.id) } { (rc.message) } " · " (answered) "/" (total) }
                } }
            }
            h2 { (ctx.t("exercises.log")) }
            @if p.injects_to_come > 0 { p.muted { (ctx.tn("exercises.injects_to_come", p.injects_to_come as i64, &[])) } }
            @if p.timeline.is_empty() { p.empty { (ctx.t("log.empty")) } } @else {
                ol.log reversed {
                    @for m in p.timeline {
                        li class={ "log-" (m.kind) } {
                            time datetime=(m.at.to_rfc3339()) { (ctx.local_time(m.at)) } " "
                            span.badge { (ctx.t(&format!("exercises.kind.{}", m.kind))) } " "
                            @if !m.event.is_empty() { (ctx.t(&format!("exercises.event.{}", m.event))) " " }
                            (m.text)
                            @if let Some(a) = m.author_user_id { " " small.meta { (name_of(p.people, a)) } }
                        }
                    }
                }
            }
            @if running && p.leads {
                form.no-print method="post" action={ "/exercises/" (e.id) "/end" } {
                    (csrf_field(ctx))
                    button.danger type="submit" { (ctx.t("exercises.end")) }
                }
            }
            @if !running { (review_section(ctx, p)) }
        },
    )
}

fn review_section(ctx: &PageCtx, p: &ExercisePage) -> Markup {
    let e = p.exercise;
    let blank = ReviewInput {
        worked: e.worked.clone(),
        did_not_work: e.did_not_work.clone(),
        lessons: vec![Default::default(); 3],
        version: Some(e.version),
    };
    let form = p.kept.review.as_ref().unwrap_or(&blank);
    let people = person_options(ctx, p.people);
    let kinds = vocab_options(ctx, "exercises.lesson_kind", LESSON_KINDS);
    let areas = vocab_options(ctx, "plan.area", AREAS);
    let err = |i: usize, f: &str| {
        p.errors
            .for_field(&format!("lessons[{i}].{f}"))
            .map(|e| crate::i18n::field_error_message(ctx.lang, e))
    };
    html! {
        section.review {
            h2 { (ctx.t("exercises.review")) }
            @if e.reviewed_at.is_some() {
                h3 { (ctx.t("exercises.worked")) } p { (e.worked) }
                h3 { (ctx.t("exercises.did_not_work")) } p { (e.did_not_work) }
            }
            @if !p.lessons.is_empty() {
                h3 { (ctx.t("exercises.lessons")) }
                ul { @for l in p.lessons {
                    li { (ctx.t(&format!("exercises.lesson_kind.{}", l.kind))) ": "
                        @match l.action_id { Some(a) => a href={ "/plan/actions/" (a) } { (l.text) }, None => (l.text) }
                        @if let Some(o) = l.owner_user_id { " · " (name_of(p.people, o)) } }
                } }
            }
            @if p.leads {
                form.card.stack.no-print method="post" action={ "/exercises/" (e.id) "/review" } novalidate {
                    (csrf_field(ctx))
                    input type="hidden" name="version" value=(form.version.unwrap_or(e.version));
                    (textarea(ctx, p.errors, "worked", &ctx.t("exercises.worked"), &form.worked, 3))
                    (textarea(ctx, p.errors, "did_not_work", &ctx.t("exercises.did_not_work"), &form.did_not_work, 3))
                    h3 { (ctx.t(if p.lessons.is_empty() { "exercises.lessons" } else { "exercises.more_lessons" })) }
                    p.hint { (ctx.t("exercises.lessons_hint")) }
                    div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table.lessons-edit {
                        thead { tr {
                            th scope="col" { (ctx.t("exercises.lesson")) }
                            th scope="col" { (ctx.t("exercises.lesson_kind_label")) }
                            th scope="col" { (ctx.t("plan.area_label")) }
                            th scope="col" { (ctx.t("plan.owner")) }
                            th scope="col" { (ctx.t("plan.due")) }
                        } }
                        tbody { @for (i, l) in form.lessons.iter().enumerate() {
                            tr {
                                td { @if let Some(m) = err(i, "text") { p.field-error { (m) } }
                                     input name="lesson_text" value=(l.text) aria-label=(ctx.t("exercises.lesson")); }
                                td { @if let Some(m) = err(i, "kind") { p.field-error { (m) } }
                                     select name="lesson_kind" aria-label=(ctx.t("exercises.lesson_kind_label")) {
                                         @for (v, t) in &kinds { option value=(v) selected[*v == l.kind] { (t) } } } }
                                td { @if let Some(m) = err(i, "area") { p.field-error { (m) } }
                                     select name="lesson_area" aria-label=(ctx.t("plan.area_label")) {
                                         @for (v, t) in &areas { option value=(v) selected[*v == l.area] { (t) } } } }
                                td { @if let Some(m) = err(i, "owner_user_id") { p.field-error { (m) } }
                                     select name="lesson_owner" aria-label=(ctx.t("plan.owner")) {
                                         @for (v, t) in &people { option value=(v) selected[Some(v.as_str()) == l.owner_user_id.map(|o| o.to_string()).as_deref()] { (t) } } } }
                                td { @if let Some(m) = err(i, "due_date") { p.field-error { (m) } }
                                     input type="date" name="lesson_due" value=(l.due_date.clone().unwrap_or_default()) aria-label=(ctx.t("plan.due")); }
                            }
                        } }
                    } }
                    button.primary type="submit" { (ctx.t("exercises.save_review")) }
                }
            }
        }
    }
}

/// The register's cell: when the scenario was last exercised, flagged after a year.
pub fn last_exercised_cell(
    ctx: &PageCtx,
    last: Option<chrono::DateTime<chrono::Utc>>,
    now: chrono::DateTime<chrono::Utc>,
) -> Markup {
    let stale = super::not_exercised_lately(last, now);
    html! {
        @match last {
            Some(at) => span.flag-stale[stale] { (ctx.local_time(at).get(..10).unwrap_or_default()) @if stale { " · " (ctx.t("exercises.due")) } },
            None => span.flag-stale { (ctx.t("exercises.never")) },
        }
    }
}

/// A scenario's exercises: date, participants, findings; the evidence an auditor asks for.
pub fn scenario_history(ctx: &PageCtx, exercises: &[exercise::Model], people: &[Member]) -> Markup {
    html! {
        section.card id="exercises" {
            h2 { (ctx.t("exercises.scenario_history")) }
            @if exercises.is_empty() { p.flag-stale { (ctx.t("exercises.never")) } } @else {
                div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                    thead { tr {
                        th scope="col" { (ctx.t("exercises.started")) }
                        th scope="col" { (ctx.t("exercises.title_label")) }
                        th scope="col" { (ctx.t("exercises.participants")) }
                        th scope="col" { (ctx.t("exercises.findings")) }
                    } }
                    tbody { @for e in exercises {
                        tr {
                            td { (ctx.local_time(e.started_at)) }
                            td { a href={ "/exercises/" (e.id) } { (e.title) } " " (status_badge(ctx, &e.status)) }
                            td { (super::participant_ids(e).into_iter().map(|id| name_of(people, id)).collect::<Vec<_>>().join(", ")) }
                            td { @if !e.did_not_work.is_empty() { (e.did_not_work) } }
                        }
                    } }
                } }
            }
            p.no-print { a href="/exercises" { (ctx.t("exercises.start")) } }
        }
    }
}
