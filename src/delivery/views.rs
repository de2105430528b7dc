//! The delivery board, the list of publications, and the channels page.
use super::board::{Board, Totals};
use super::channels::{masked, ChannelInput, AUDIENCES, KINDS};
use crate::entities::{delivery_channel, publication};
use crate::error::FieldErrors;
use crate::ui::components::{csrf_field, error_summary, select, vocab_options, Input};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

fn target_label(ctx: &PageCtx, target: &str, channel: &str) -> String {
    if target == "channel" {
        channel.to_string()
    } else {
        ctx.t(&format!("delivery.target.{target}"))
    }
}

/// The part that refreshes while deliveries are under way.
pub fn board_live(ctx: &PageCtx, b: &Board) -> Markup {
    html! {
        p.progress-line {
            progress max="100" value=(b.percent_done) aria-label=(ctx.t("delivery.progress")) { (b.percent_done) "%" }
            " " strong { (b.percent_done) "%" } " · "
            (ctx.tf("delivery.summary", &[("sent", &b.sent.to_string()), ("total", &b.total.to_string()), ("pending", &b.pending.to_string()), ("failed", &b.failed.to_string())]))
        }
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
        table.board {
            thead { tr {
                th scope="col" { (ctx.t("delivery.channel")) }
                th scope="col" { (ctx.t("delivery.sent")) }
                th scope="col" { (ctx.t("delivery.pending")) }
                th scope="col" { (ctx.t("delivery.failed")) }
                th scope="col" { (ctx.t("delivery.dropped")) }
            } }
            tbody {
                @for c in &b.channels {
                    tr.failed[c.failed > 0] {
                        th scope="row" { (target_label(ctx, &c.target, &c.channel)) }
                        td { (c.sent) } td { (c.pending) } td { (c.failed) } td { (c.dropped) }
                    }
                }
            }
        }
        }
        @if !b.errors.is_empty() {
            h2 { (ctx.t("delivery.trouble")) }
            ul.errors {
                @for e in &b.errors {
                    li {
                        strong { (target_label(ctx, &e.target, &e.recipient)) }
                        @if e.target == "email" { " " (e.recipient) }
                        " — " (ctx.t(&format!("delivery.status.{}", e.status)))
                        " (" (ctx.tn("delivery.attempts", e.attempts as i64, &[])) ")"
                        @if let Some(at) = e.next_attempt_at { " · " (ctx.t("delivery.next_attempt")) " " (ctx.local_time(at)) }
                        @if !e.error.is_empty() {
                            br; (super::explain::in_words(ctx.lang, &e.error, e.target == "email"))
                            details.technical { summary { (ctx.t("delivery.why.technical")) } code { (e.error) } }
                        }
                        @if !e.history.is_empty() {
                            details {
                                summary { (ctx.t("delivery.history")) }
                                ol.attempts {
                                    @for a in &e.history {
                                        li {
                                            time datetime=(a.at.to_rfc3339()) { (ctx.local_time(a.at)) }
                                            " — " (ctx.t(&format!("delivery.attempt.{}", a.outcome)))
                                            @if let Some(err) = &a.error { ": " (super::explain::in_words(ctx.lang, err, e.target == "email")) " " small { code { (err) } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub fn board_page(ctx: &PageCtx, b: &Board, can_resend: bool) -> Markup {
    let title = ctx.tf("delivery.board_title", &[("title", &b.title)]);
    let live_url = format!("/faq/publications/{}?fragment=1", b.publication_id);
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.meta { (ctx.t(&format!("delivery.kind.{}", b.kind))) " · " (ctx.local_time(b.created_at)) " · " a href="/faq" { (ctx.t("faq.back")) } }
            div.visually-hidden aria-live="polite" data-live-announce=(ctx.t("delivery.updated")) {}
            div #board data-events={ "/faq/publications/" (b.publication_id) "/events" } data-event="delivery" data-fragment=(live_url) data-refresh-on-open { (board_live(ctx, b)) }
            @if can_resend && b.failed > 0 {
                form method="post" action={ "/faq/publications/" (b.publication_id) "/resend" } {
                    (csrf_field(ctx))
                    button.primary type="submit" { (ctx.t("delivery.resend_failed")) }
                }
            }
        },
    )
}

pub fn publications_page(ctx: &PageCtx, list: &[(publication::Model, Totals)]) -> Markup {
    let title = ctx.t("faq.publications");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p { a href="/faq" { (ctx.t("faq.back")) } }
            @if list.is_empty() { p.empty { (ctx.t("delivery.no_publications")) } }
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
            table {
                thead { tr { th scope="col" { (ctx.t("delivery.when")) } th scope="col" { (ctx.t("delivery.what")) } th scope="col" { (ctx.t("delivery.progress")) } } }
                tbody {
                    @for (p, b) in list {
                        tr {
                            td { (ctx.local_time(p.created_at)) }
                            td { a href={ "/faq/publications/" (p.id) } { (p.title) } " " small { (ctx.t(&format!("delivery.kind.{}", p.kind))) } }
                            td { progress max="100" value=(b.percent_done) { (b.percent_done) "%" } " " (b.sent) "/" (b.total) @if b.failed > 0 { " · " strong.overdue { (ctx.tf("delivery.n_failed", &[("n", &b.failed.to_string())])) } } }
                        }
                    }
                }
            }
            }
        },
    )
}

pub struct ChannelsPage<'a> {
    pub channels: &'a [delivery_channel::Model],
    pub form: ChannelInput,
    pub errors: FieldErrors,
    /// Just created: the name and the secret, shown this once.
    pub new_secret: Option<(String, String)>,
    pub subscribers: (u64, u64),
}

pub fn channels_page(ctx: &PageCtx, d: &ChannelsPage) -> Markup {
    let title = ctx.t("channels.title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("channels.intro")) }
            p { (ctx.tf("channels.subscribers", &[("confirmed", &d.subscribers.0.to_string()), ("pending", &d.subscribers.1.to_string())])) }
            @if let Some((name, secret)) = &d.new_secret {
                div.notice.success role="status" {
                    p { (ctx.tf("channels.secret_once", &[("name", name)])) }
                    p { code.secret { (secret) } }
                }
            }
            @if d.channels.is_empty() { p.empty { (ctx.t("channels.none")) } }
            @if !d.channels.is_empty() {
                table {
                    thead { tr { th { (ctx.t("channels.name")) } th { (ctx.t("channels.kind")) } th { (ctx.t("channels.audience")) } th { (ctx.t("channels.state")) } th {} } }
                    tbody {
                        @for c in d.channels {
                            tr {
                                td { (c.name) br; small { (c.url) } @if !c.secret.is_empty() { br; small { code { (masked(&c.secret)) } } } }
                                td { (ctx.t(&format!("channels.kinds.{}", c.kind))) }
                                td { (ctx.t(&format!("channels.audiences.{}", c.audience))) }
                                td {
                                    @if c.enabled { (ctx.t("channels.enabled")) } @else {
                                        strong.overdue { (ctx.t("channels.disabled")) } @if let Some(r) = &c.disabled_reason { br; small { (r) } }
                                        form.inline method="post" action={ "/admin/channels/" (c.id) "/enable" } { (csrf_field(ctx)) button.secondary type="submit" { (ctx.t("channels.enable")) } }
                                    }
                                }
                                td {
                                    a.button.danger href={ "/admin/channels/" (c.id) "/delete" } { (ctx.t("forms.delete")) }
                                }
                            }
                        }
                    }
                }
            }
            section.card {
                h2 { (ctx.t("channels.add")) }
                (error_summary(ctx, &d.errors))
                form.stack method="post" action="/admin/channels" novalidate {
                    (csrf_field(ctx))
                    (Input::new("name", ctx.t("channels.name"), &d.form.name).required().render(ctx, &d.errors))
                    (select(ctx, &d.errors, "kind", &ctx.t("channels.kind"), &vocab_options(ctx, "channels.kinds", KINDS), &[d.form.kind.clone()], false))
                    (Input::new("url", ctx.t("channels.url"), &d.form.url).kind("url").required().hint(ctx.t("channels.url_hint")).render(ctx, &d.errors))
                    (select(ctx, &d.errors, "audience", &ctx.t("channels.audience"), &vocab_options(ctx, "channels.audiences", AUDIENCES), &[d.form.audience.clone()], false))
                    button.primary type="submit" { (ctx.t("channels.add")) }
                }
            }
        },
    )
}
