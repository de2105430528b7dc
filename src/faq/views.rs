//! The communicators' pages: the list of answers, the editor, the history with its diff.
use super::diff::{self, Piece};
use super::forms::{FaqEntryInput, VISIBILITIES};
use super::markdown;
use super::repo::update_overdue;
use crate::entities::{faq_entry, faq_revision, publication};
use crate::error::FieldErrors;
use crate::ui::components::{
    conflict_notice, csrf_field, error_summary, select, textarea, vocab_options, Input,
};
use crate::ui::{page, PageCtx};
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped};

/// A datetime-local field's value in the organisation's time zone.
pub fn local_input(ctx: &PageCtx, at: Option<DateTime<Utc>>) -> String {
    at.map(|at| ctx.local_time(at).replacen(' ', "T", 1))
        .unwrap_or_default()
}

pub fn status_badge(ctx: &PageCtx, e: &faq_entry::Model, now: DateTime<Utc>) -> Markup {
    html! {
        span.badge class={ "status-" (e.status) } { (ctx.t(&format!("faq.status.{}", e.status))) }
        @if e.visibility == "internal" { " " span.badge.internal { (ctx.t("faq.visibility.internal")) } }
        @if e.working_on_it {
            " "
            @if update_overdue(e, now) {
                span.badge.overdue { (ctx.t("faq.update_overdue")) }
            } @else {
                span.badge.working { (ctx.t("faq.working_on_it")) }
            }
        }
    }
}

pub struct ListPage {
    pub entries: Vec<faq_entry::Model>,
    pub latest: Vec<publication::Model>,
    pub can_write: bool,
    pub is_admin: bool,
    pub now: DateTime<Utc>,
    /// A "no news" press that was refused: the entry, what was typed and why.
    pub failed: Option<(i32, String, FieldErrors)>,
}

pub fn list_page(ctx: &PageCtx, d: &ListPage) -> Markup {
    let title = ctx.t("faq.title");
    let slug = ctx
        .user
        .as_ref()
        .map(|u| u.org.slug.clone())
        .unwrap_or_default();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("faq.intro")) }
            p.actions {
                @if d.can_write { a.button href="/faq/new" { (ctx.t("faq.new")) } " " }
                a href={ "/p/" (slug) "/faq" } { (ctx.t("faq.public_page")) } " · "
                a href="/knowledge" { (ctx.t("nav.knowledge")) } " · "
                a href="/faq/publications" { (ctx.t("faq.publications")) }
                @if d.is_admin { " · " a href="/admin/channels" { (ctx.t("channels.title")) } }
            }
            @if d.entries.is_empty() { p.empty { (ctx.t("faq.none")) } }
            @for e in &d.entries {
                article.card.faq-entry id={ "q" (e.id) } {
                    h2 { (e.question) }
                    p.meta {
                        (status_badge(ctx, e, d.now))
                        @if !e.category.is_empty() { " · " (e.category) }
                        @if let Some(at) = e.checked_at { " · " (ctx.t("faq.checked")) " " (ctx.local_time(at)) }
                        @if let (true, Some(at)) = (e.working_on_it, e.next_update_at) { " · " (ctx.t("faq.next_update")) " " (ctx.local_time(at)) }
                    }
                    @if let Some(p) = d.latest.iter().find(|p| p.entry_id == Some(e.id)) {
                        p { a href={ "/faq/publications/" (p.id) } { (ctx.t("faq.delivery_of_latest")) } }
                    }
                    @if d.can_write {
                        div.row-actions {
                            a.button.secondary href={ "/faq/" (e.id) "/edit" } { (ctx.t("forms.edit")) }
                            a.button.secondary href={ "/faq/" (e.id) "/history" } { (ctx.t("faq.history")) }
                            @if e.status == "published" {
                                @let failed = d.failed.as_ref().filter(|(id, _, _)| *id == e.id);
                                @if let Some((_, _, errors)) = failed { (error_summary(ctx, errors)) }
                                form.inline method="post" action={ "/faq/" (e.id) "/no-news" } {
                                    (csrf_field(ctx))
                                    input type="hidden" name="version" value=(e.version);
                                    label for={ "nn-" (e.id) } { (ctx.t("faq.no_news_next")) }
                                    input id={ "nn-" (e.id) } type="datetime-local" name="next_update_at" value=(failed.map(|f| f.1.as_str()).unwrap_or(""))
                                        aria-invalid=[failed.map(|_| "true")];
                                    button type="submit" { (ctx.t("faq.no_news")) }
                                }
                                a.button.danger href={ "/faq/" (e.id) "/withdraw" } { (ctx.t("faq.withdraw")) }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub struct EditPage<'a> {
    pub entry: Option<&'a faq_entry::Model>,
    pub form: FaqEntryInput,
    pub errors: FieldErrors,
    pub conflict: bool,
}

pub fn edit_page(ctx: &PageCtx, d: &EditPage) -> Markup {
    let title = match d.entry {
        Some(_) => ctx.t("faq.edit"),
        None => ctx.t("faq.new"),
    };
    let action = match d.entry {
        Some(e) => format!("/faq/{}", e.id),
        None => "/faq".to_string(),
    };
    let can_draft = d.entry.is_none_or(|e| e.status == "draft");
    let f = &d.form;
    let position = f.position.unwrap_or(0).to_string();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            (conflict_notice(ctx, d.conflict))
            (error_summary(ctx, &d.errors))
            form.stack method="post" action=(action) novalidate {
                (csrf_field(ctx))
                @if let Some(v) = f.version { input type="hidden" name="version" value=(v); }
                @if let Some(t) = f.topic_id { input type="hidden" name="topic_id" value=(t); }
                @if !f.search.is_empty() { input type="hidden" name="search" value=(f.search); }
                (Input::new("question", ctx.t("faq.question"), &f.question).required().render(ctx, &d.errors))
                (textarea(ctx, &d.errors, "answer", &ctx.t("faq.answer"), &f.answer, 10))
                p.hint { (ctx.t("faq.markdown_hint")) }
                div.grid {
                    (Input::new("category", ctx.t("faq.category"), &f.category).render(ctx, &d.errors))
                    (Input::new("position", ctx.t("faq.position"), &position).kind("number").render(ctx, &d.errors))
                    (select(ctx, &d.errors, "visibility", &ctx.t("faq.visibility.label"), &vocab_options(ctx, "faq.visibility", VISIBILITIES), &[f.visibility.clone()], false))
                }
                (textarea(ctx, &d.errors, "internal_note", &ctx.t("faq.internal_note"), &f.internal_note, 3))
                fieldset.field {
                    legend { (ctx.t("faq.working_on_it")) }
                    label.check {
                        input type="checkbox" name="working_on_it" value="true" checked[f.working_on_it];
                        " " (ctx.t("faq.working_on_it_explain"))
                    }
                    (Input::new("next_update_at", ctx.t("faq.next_update"), &f.next_update_at).kind("datetime-local").render(ctx, &d.errors))
                }
                div.buttons {
                    button.primary type="submit" name="action" value="publish" { (ctx.t("faq.publish")) }
                    @if can_draft { " " button.secondary type="submit" name="action" value="draft" { (ctx.t("faq.save_draft")) } }
                }
                p.hint { (ctx.t("faq.publish_explain")) }
            }
        },
    )
}

fn diff_markup(old: &str, new: &str) -> Markup {
    word_diff(&diff::words(old, new))
}

/// Words added and removed, marked in place (the answer's history and the audit trail).
pub fn word_diff(pieces: &[Piece]) -> Markup {
    html! {
        p.diff {
            @for piece in pieces {
                @match piece {
                    Piece::Same(t) => { (t) }
                    Piece::Added(t) => { ins { (t) } }
                    Piece::Removed(t) => { del { (t) } }
                }
            }
        }
    }
}

pub fn history_page(
    ctx: &PageCtx,
    entry: &faq_entry::Model,
    revisions: &[faq_revision::Model],
    publications: &[publication::Model],
) -> Markup {
    let title = ctx.tf("faq.history_of", &[("question", &entry.question)]);
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/faq" { (ctx.t("faq.back")) } }
            @if revisions.is_empty() { p.empty { (ctx.t("faq.no_revisions")) } }
            @for (i, r) in revisions.iter().enumerate() {
                @let older = revisions.get(i + 1);
                section.card.revision id={ "r" (r.number) } {
                    h2 { (ctx.tf("faq.revision", &[("n", &r.number.to_string())])) " · " (ctx.t(&format!("faq.kind.{}", r.kind))) }
                    p.meta { (ctx.local_time(r.created_at)) }
                    @if let Some(p) = publications.iter().find(|p| p.revision_id == Some(r.id)) {
                        p { a href={ "/faq/publications/" (p.id) } { (ctx.t("faq.delivery")) } }
                    }
                    @match older {
                        Some(o) => {
                            @if o.question != r.question { h3 { (ctx.t("faq.question")) } (diff_markup(&o.question, &r.question)) }
                            @if o.answer_md != r.answer_md {
                                h3 { (ctx.t("faq.answer")) } (diff_markup(&o.answer_md, &r.answer_md))
                            } @else {
                                p.meta { (ctx.t("faq.answer_unchanged")) }
                            }
                        }
                        None => { div.answer { (PreEscaped(markdown::to_html(&r.answer_md))) } }
                    }
                    @if r.working_on_it {
                        p.notice { (ctx.t("faq.working_on_it")) @if let Some(at) = r.next_update_at { " — " (ctx.t("faq.next_update")) " " (ctx.local_time(at)) } }
                    }
                }
            }
        },
    )
}
