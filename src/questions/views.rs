//! The pieces staff see: the new-question box and the "asked again" button in the knowledge
//! base, the questions board, and the day's top questions in the daily check-in.
use super::board::{
    AnswerRef, AnswerRow, ChannelCount, QuestionsBoard, SearchRow, TopQuestion, TopicRow,
};
use super::text::CHANNELS;
use crate::error::FieldErrors;
use crate::ui::components::{csrf_field, error_summary, field_id};
use crate::ui::PageCtx;
use maud::{html, Markup};

pub fn channel_label(ctx: &PageCtx, c: &str) -> String {
    ctx.t(&format!("questions.channel.{c}"))
}

fn channel_select(ctx: &PageCtx, id: &str, chosen: &str) -> Markup {
    html! {
        select id=(id) name="channel" {
            @for c in CHANNELS { option value=(c) selected[*c == chosen] { (channel_label(ctx, c)) } }
        }
    }
}

/// The box for a question the FAQ does not answer: one field and one button (the channel is
/// remembered from the last one used).
pub fn ask_box(ctx: &PageCtx, channel: &str, text: &str, errors: &FieldErrors) -> Markup {
    let text_error = errors.for_field("text");
    html! {
        section.card.ask id="ask" {
            h2 { (ctx.t("questions.ask_title")) }
            (error_summary(ctx, errors))
            form.inline method="post" action="/questions/new" {
                (csrf_field(ctx))
                div.field.invalid[text_error.is_some()] {
                    label for=(field_id("text")) { (ctx.t("questions.ask_label")) }
                    @if let Some(e) = text_error { p.field-error id="error-text" { (crate::i18n::field_error_message(ctx.lang, e)) } }
                    input id=(field_id("text")) type="text" name="text" value=(text) required maxlength="300"
                        autocomplete="off" enterkeyhint="send" aria-invalid=[text_error.is_some().then_some("true")];
                }
                div.field {
                    label for=(field_id("channel")) { (ctx.t("questions.channel_label")) }
                    (channel_select(ctx, &field_id("channel"), channel))
                }
                button.primary type="submit" { (ctx.t("questions.ask_button")) }
            }
        }
    }
}

/// "Asked again" under an answer in the knowledge base.
pub fn tally_form(
    ctx: &PageCtx,
    entry_id: i32,
    channel: &str,
    counted_today: Option<u64>,
) -> Markup {
    let id = format!("asked-channel-{entry_id}");
    html! {
        form.tally method="post" action={ "/knowledge/" (entry_id) "/asked" } {
            (csrf_field(ctx))
            label.visually-hidden for=(id) { (ctx.t("questions.channel_label")) }
            (channel_select(ctx, &id, channel))
            button.secondary type="submit" { (ctx.t("questions.asked_again")) }
            @if let Some(n) = counted_today {
                span.meta role="status" { " " (ctx.tn("questions.asked_today", n as i64, &[])) }
            }
        }
    }
}

fn channels(ctx: &PageCtx, list: &[ChannelCount]) -> Markup {
    html! {
        @for (i, c) in list.iter().enumerate() {
            @if i > 0 { ", " }
            (channel_label(ctx, &c.channel)) " " (c.count)
        }
    }
}

fn answer_link(ctx: &PageCtx, a: &AnswerRef) -> Markup {
    html! {
        @if a.status == "published" {
            a href={ "/knowledge#q" (a.id) } { (a.question) }
        } @else {
            a href={ "/faq#q" (a.id) } { (a.question) } " "
            span.badge { (ctx.t(&format!("faq.status.{}", a.status))) }
        }
    }
}

fn answer_this(ctx: &PageCtx, question: &str, topic: Option<i32>, search: Option<&str>) -> Markup {
    let mut href = format!(
        "/faq/new?question={}",
        url::form_urlencoded::byte_serialize(question.as_bytes()).collect::<String>()
    );
    if let Some(t) = topic {
        href.push_str(&format!("&topic_id={t}"));
    }
    if let Some(s) = search {
        href.push_str("&search=");
        href.extend(url::form_urlencoded::byte_serialize(s.as_bytes()));
    }
    html! { a.button href=(href) { (ctx.t("questions.answer_this")) } }
}

fn rise(ctx: &PageCtx, r: f64) -> Markup {
    html! {
        @if r >= 0.5 { span.badge.rising title=(ctx.t("questions.rising_hint")) { "↑ " (ctx.decimal(r, 1)) } }
    }
}

fn topics_table(ctx: &PageCtx, rows: &[TopicRow], can_write: bool, answered: bool) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("questions.question")) }
                    th scope="col" class="num" { (ctx.t("questions.today")) }
                    th scope="col" class="num" { (ctx.t("questions.period")) }
                    th scope="col" { (ctx.t("questions.channels")) }
                    th scope="col" { @if answered { (ctx.t("questions.answer")) } }
                } }
                tbody {
                    @for t in rows {
                        tr {
                            td {
                                (t.text) " " (rise(ctx, t.rising))
                                @if !t.also_asked_as.is_empty() {
                                    br; small.meta { (ctx.t("questions.also_asked_as")) " " @for (i, w) in t.also_asked_as.iter().enumerate() { @if i > 0 { " · " } "“" (w) "”" } }
                                }
                            }
                            td.num { (t.today) }
                            td.num { (t.period) }
                            td { (channels(ctx, &t.channels)) }
                            td {
                                @match &t.answer {
                                    Some(a) => (answer_link(ctx, a)),
                                    None => @if can_write { (answer_this(ctx, &t.text, Some(t.id), None)) },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn searches_table(ctx: &PageCtx, rows: &[SearchRow], can_write: bool, unanswered: bool) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("questions.search")) }
                    th scope="col" class="num" { (ctx.t("questions.today")) }
                    th scope="col" class="num" { (ctx.t("questions.period")) }
                    th scope="col" class="num" { (ctx.t("questions.found_nothing")) }
                    th scope="col" {}
                } }
                tbody {
                    @for s in rows {
                        tr {
                            td { "“" (s.query) "” " (rise(ctx, s.rising)) }
                            td.num { (s.today) }
                            td.num { (s.period) }
                            td.num { (s.found_nothing) }
                            td {
                                @match &s.answer {
                                    Some(a) => (answer_link(ctx, a)),
                                    None => @if unanswered && can_write { (answer_this(ctx, &s.query, None, Some(&s.query))) }
                                        @else if s.finds_now > 0 { (ctx.tn("questions.finds_now", s.finds_now as i64, &[])) },
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn answers_table(ctx: &PageCtx, rows: &[AnswerRow]) -> Markup {
    html! {
        div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) {
            table {
                thead { tr {
                    th scope="col" { (ctx.t("questions.answer")) }
                    th scope="col" class="num" { (ctx.t("questions.views")) }
                    th scope="col" class="num" { (ctx.t("questions.asked_by_staff")) }
                    th scope="col" class="num" { (ctx.t("questions.helpful")) }
                    th scope="col" class="num" { (ctx.t("questions.not_helpful")) }
                    th scope="col" { (ctx.t("questions.reasons")) }
                } }
                tbody {
                    @for a in rows {
                        tr.warning[a.unhelpful_share().is_some_and(|s| s >= 0.5)] {
                            td {
                                a href={ "/faq#q" (a.id) } { (a.question) }
                                @if a.visibility == "internal" { " " span.badge.internal { (ctx.t("faq.visibility.internal")) } }
                            }
                            td.num { (a.views_today) " / " (a.views_period) }
                            td.num { (a.asked_today) " / " (a.asked_period) @if !a.asked_channels.is_empty() { br; small.meta { (channels(ctx, &a.asked_channels)) } } }
                            td.num { (a.helpful) }
                            td.num { (a.not_helpful) }
                            td { @if !a.reasons.is_empty() { ul.compact { @for r in &a.reasons { li { "“" (r.reason) "” " small.meta { (ctx.local_time(r.at)) } } } } } }
                        }
                    }
                }
            }
        }
    }
}

pub fn board_page(ctx: &PageCtx, b: &QuestionsBoard, can_write: bool) -> Markup {
    let days = b.days.to_string();
    html! {
        h1 { (ctx.t("questions.title")) }
        p.lead { (ctx.t("questions.intro")) }
        form.inline method="get" action="/questions" {
            label for="board-days" { (ctx.t("questions.period_label")) }
            select id="board-days" name="days" {
                @for d in [1u32, 7, 14, 30, 90] { option value=(d) selected[d == b.days] { (ctx.tn("questions.days", d as i64, &[])) } }
            }
            button.secondary type="submit" { (ctx.t("questions.show")) }
        }
        p.meta { (ctx.tf("questions.page_views", &[("today", &b.page_views_today.to_string()), ("period", &b.page_views_period.to_string()), ("days", &days)])) }
        section #unanswered {
            h2 { (ctx.t("questions.unanswered")) }
            @if b.unanswered.is_empty() { p.empty { (ctx.t("questions.none_unanswered")) } }
            @else { (topics_table(ctx, &b.unanswered, can_write, false)) }
        }
        section #searches {
            h2 { (ctx.t("questions.searches_without_answer")) }
            @if b.searches_without_answer.is_empty() { p.empty { (ctx.t("questions.none_searches")) } }
            @else { (searches_table(ctx, &b.searches_without_answer, can_write, true)) }
        }
        section #answers {
            h2 { (ctx.t("questions.answers")) }
            p.meta { (ctx.t("questions.answers_hint")) }
            @if b.answers.is_empty() { p.empty { (ctx.t("questions.none_answers")) } }
            @else { (answers_table(ctx, &b.answers)) }
        }
        @if !b.answered.is_empty() {
            section #answered {
                h2 { (ctx.t("questions.answered")) }
                (topics_table(ctx, &b.answered, can_write, true))
            }
        }
        @if !b.top_searches.is_empty() {
            section #top-searches {
                h2 { (ctx.t("questions.top_searches")) }
                (searches_table(ctx, &b.top_searches, can_write, false))
            }
        }
    }
}

/// The day's top questions, for the daily check-in and the situation report.
pub fn top_five(ctx: &PageCtx, items: &[TopQuestion]) -> Markup {
    html! {
        section.card #top-questions {
            h2 { (ctx.t("questions.top_five")) }
            @if items.is_empty() { p.empty { (ctx.t("questions.top_five_none")) } }
            @else {
                ol {
                    @for q in items {
                        li {
                            (q.question) " — " (ctx.tn("questions.times", q.count as i64, &[]))
                            @if q.faq_entry_id.is_none() { " " span.badge.warning { (ctx.t("questions.no_answer_yet")) } }
                        }
                    }
                }
            }
        }
    }
}
