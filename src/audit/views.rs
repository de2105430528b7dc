use super::repo::AuditPage;
use super::web::AuditFilterForm;
use super::words;
use crate::entities::audit_event;
use crate::ui::{page, PageCtx};
use maud::{html, Markup};
use std::collections::HashMap;

fn pretty(value: &Option<serde_json::Value>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_string_pretty(v).ok())
        .unwrap_or_default()
}

fn page_link(form: &AuditFilterForm, page: u64) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("entity", &form.entity),
        ("action", &form.action),
        ("from", &form.from),
        ("to", &form.to),
    ] {
        if let Some(v) = v.as_deref().filter(|v| !v.is_empty()) {
            q.append_pair(k, v);
        }
    }
    q.append_pair("page", &page.to_string());
    format!("/admin/audit?{}", q.finish())
}

/// One event: when, the sentence, what changed field by field, and the stored records folded.
fn event(ctx: &PageCtx, e: &audit_event::Model, people: &HashMap<i32, String>) -> Markup {
    let changes = words::changes(ctx.lang, e, people);
    html! {
        p.when { time datetime=(e.occurred_at.to_rfc3339()) { (ctx.local_time(e.occurred_at)) } }
        p.said { (words::sentence(ctx.lang, e)) }
        @if !changes.is_empty() {
            dl.changes {
                @for c in &changes {
                    dt { (c.field) }
                    dd {
                        @if let Some(pieces) = &c.words {
                            (crate::faq::views::word_diff(pieces))
                        } @else {
                            @match (&c.before, &c.after) {
                                (Some(b), Some(a)) => { del { (b) } " → " ins { (a) } }
                                (None, Some(a)) => { (a) }
                                (Some(b), None) => { del { (b) } " → " (ctx.t("audit.cleared")) }
                                (None, None) => {}
                            }
                        }
                    }
                }
            }
        }
        @if e.before.is_some() || e.after.is_some() {
            details.raw {
                summary { (ctx.t("audit.raw")) " (" code { (e.entity) " #" (e.entity_id) " " (e.action) } ")" }
                div.raw-pair {
                    div { p { (ctx.t("audit.before")) } pre { (pretty(&e.before)) } }
                    div { p { (ctx.t("audit.after")) } pre { (pretty(&e.after)) } }
                }
            }
        }
    }
}

pub fn audit_page(
    ctx: &PageCtx,
    form: &AuditFilterForm,
    kinds: &[String],
    p: &AuditPage,
    people: &HashMap<i32, String>,
) -> Markup {
    let title = ctx.t("audit.title");
    let selected_entity = form.entity.clone().unwrap_or_default();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            form.filters method="get" action="/admin/audit" {
                div.field {
                    label for="f-entity" { (ctx.t("audit.entity")) }
                    select id="f-entity" name="entity" {
                        option value="" { (ctx.t("audit.all")) }
                        @for k in kinds { option value=(k) selected[*k == selected_entity] { (words::kind_name(ctx.lang, k)) } }
                    }
                }
                div.field {
                    label for="f-action" { (ctx.t("audit.action")) }
                    input id="f-action" name="action" value=(form.action.clone().unwrap_or_default());
                }
                div.field {
                    label for="f-from" { (ctx.t("audit.from")) }
                    input id="f-from" type="date" name="from" value=(form.from.clone().unwrap_or_default());
                }
                div.field {
                    label for="f-to" { (ctx.t("audit.to")) }
                    input id="f-to" type="date" name="to" value=(form.to.clone().unwrap_or_default());
                }
                button type="submit" { (ctx.t("audit.filter")) }
            }
            p { (ctx.tn("audit.count", p.total as i64, &[])) }
            ol.audit-trail {
                @for e in &p.events {
                    li { (event(ctx, e, people)) }
                }
            }
            @if p.pages > 1 {
                nav.pager aria-label=(ctx.t("audit.pages")) {
                    @if p.page > 1 { a href=(page_link(form, p.page - 1)) rel="prev" { "← " (ctx.t("audit.newer")) } }
                    span { (p.page) " / " (p.pages) }
                    @if p.page < p.pages { a href=(page_link(form, p.page + 1)) rel="next" { (ctx.t("audit.older")) " →" } }
                }
            }
        },
    )
}
