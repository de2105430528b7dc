use super::repo::AuditPage;
use super::web::AuditFilterForm;
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

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

pub fn audit_page(
    ctx: &PageCtx,
    form: &AuditFilterForm,
    kinds: &[String],
    p: &AuditPage,
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
                        @for k in kinds { option value=(k) selected[*k == selected_entity] { (k) } }
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
            p { (ctx.tf("audit.count", &[("count", &p.total.to_string())])) }
            div.table-wrap {
                table.audit {
                    thead { tr {
                        th scope="col" { (ctx.t("audit.when")) }
                        th scope="col" { (ctx.t("audit.who")) }
                        th scope="col" { (ctx.t("audit.what")) }
                        th scope="col" { (ctx.t("audit.before")) }
                        th scope="col" { (ctx.t("audit.after")) }
                    } }
                    tbody {
                        @for e in &p.events {
                            tr {
                                td { time datetime=(e.occurred_at.to_rfc3339()) { (ctx.local_time(e.occurred_at)) } }
                                td { (e.actor_name) }
                                td { code { (e.entity) " #" (e.entity_id) } " " (e.action) }
                                td { pre { (pretty(&e.before)) } }
                                td { pre { (pretty(&e.after)) } }
                            }
                        }
                    }
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
