//! The public FAQ page and the subscription pages: plain HTML in the organisation's language,
//! readable without JavaScript; with it, answers refresh by themselves when one is published.
use super::markdown;
use super::repo::{by_category, matches, update_overdue};
use crate::delivery::content::local;
use crate::delivery::subscribers::SubscribeInput;
use crate::entities::{faq_entry, organisation};
use crate::error::FieldErrors;
use crate::i18n::{field_error_message, Lang, ALL};
use crate::ui::assets::ASSET_VERSION;
use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use maud::{html, Markup, PreEscaped, DOCTYPE};

pub struct PublicFaq {
    pub org: organisation::Model,
    pub entries: Vec<faq_entry::Model>,
    /// The latest checked-at time of any answer.
    pub updated_at: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

impl PublicFaq {
    pub fn new(
        org: organisation::Model,
        entries: Vec<faq_entry::Model>,
        now: DateTime<Utc>,
    ) -> Self {
        let updated_at = entries.iter().filter_map(|e| e.checked_at).max();
        PublicFaq {
            org,
            entries,
            updated_at,
            now,
        }
    }
}

pub(crate) fn shell(
    org: &organisation::Model,
    lang: Lang,
    title: &str,
    head_extra: Markup,
    body: Markup,
) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href={ "/static/app.css?v=" (ASSET_VERSION) };
                (crate::ui::assets::icon_link())
                (head_extra)
                script src={ "/static/app.js?v=" (ASSET_VERSION) } defer {}
            }
            body.public {
                header.top { span.brand { (org.name) } }
                main id="main" { (body) }
                footer { p { (lang.t("faq.public.footer")) } }
            }
        }
    }
}

/// The answers only: what the live refresh swaps in.
pub fn answers(faq: &PublicFaq, lang: Lang, q: &str, category: &str) -> Markup {
    let shown: Vec<faq_entry::Model> = faq
        .entries
        .iter()
        .filter(|e| matches(e, q) && (category.is_empty() || e.category == category))
        .cloned()
        .collect();
    html! {
        @if let Some(at) = faq.updated_at {
            p.updated { (lang.t("faq.public.page_updated")) " " time datetime=(at.to_rfc3339()) { (local(&faq.org, at)) } }
        }
        @if shown.is_empty() { p.empty { (lang.t("faq.public.nothing")) } }
        @for (cat, list) in by_category(&shown) {
            section.faq-category {
                @if !cat.is_empty() { h2 { (cat) } }
                @for e in list { (article(faq, lang, e, false)) }
            }
        }
    }
}

/// One public answer: on the FAQ page (`own_page` false, its question a link to its own page)
/// or on its own page.
pub fn article(faq: &PublicFaq, lang: Lang, e: &faq_entry::Model, own_page: bool) -> Markup {
    let slug = &faq.org.slug;
    html! {
        article.faq-entry id={ "q" (e.id) } {
            @if own_page {
                h1 { (e.question) }
            } @else {
                h3 { a href={ "/p/" (slug) "/faq/" (e.id) "?lang=" (lang.code()) } { (e.question) } }
            }
            @if e.working_on_it {
                @if update_overdue(e, faq.now) {
                    p.notice.warning { (lang.t("faq.public.working_on_it_overdue")) }
                } @else if let Some(at) = e.next_update_at {
                    p.notice { (lang.tf("faq.public.working_on_it", &[("at", &local(&faq.org, at))])) }
                }
            }
            div.answer { (PreEscaped(markdown::to_html(&e.answer_md))) }
            p.meta {
                @if let Some(at) = e.last_published_at { (lang.t("faq.public.updated")) " " (local(&faq.org, at)) }
                @if let Some(at) = e.checked_at { " · " (lang.t("faq.public.checked")) " " (local(&faq.org, at)) }
            }
            (feedback_form(slug, lang, e.id, own_page))
        }
    }
}

/// "Did this answer your question?": two buttons and an optional reason, a plain form.
pub fn feedback_form(slug: &str, lang: Lang, id: i32, open: bool) -> Markup {
    let reason_id = format!("reason-{id}");
    let reason = html! {
        label for=(reason_id) { (lang.t("faq.public.feedback_reason")) }
        textarea id=(reason_id) name="reason" maxlength="500" rows="2" {}
    };
    html! {
        form.feedback method="post" action={ "/p/" (slug) "/faq/" (id) "/feedback" } {
            input type="hidden" name="lang" value=(lang.code());
            fieldset {
                legend { (lang.t("faq.public.feedback_question")) }
                @if open { (reason) } @else { details { summary { (lang.t("faq.public.feedback_add_reason")) } (reason) } }
                div.actions {
                    button type="submit" name="helpful" value="yes" { (lang.t("faq.public.feedback_yes")) }
                    button.secondary type="submit" name="helpful" value="no" { (lang.t("faq.public.feedback_no")) }
                }
            }
        }
    }
}

/// An answer's own page: what links in mails and posts can point to, with its verdict form
/// and "tell me when this answer changes".
pub fn entry_page(
    faq: &PublicFaq,
    lang: Lang,
    e: &faq_entry::Model,
    failed: Option<(&SubscribeInput, &FieldErrors)>,
) -> Markup {
    let slug = &faq.org.slug;
    let no_errors = FieldErrors::default();
    let (sub_email, errors) = match failed {
        Some((input, errors)) => (input.email.as_str(), errors),
        None => ("", &no_errors),
    };
    shell(
        &faq.org,
        lang,
        &e.question,
        html! {},
        html! {
            (article(faq, lang, e, true))
            section.card.subscribe id="follow" {
                h2 { (lang.t("faq.public.follow")) }
                p { (lang.t("faq.public.follow_intro")) }
                @if !errors.is_empty() {
                    div.error-summary role="alert" tabindex="-1" {
                        ul { @for err in &errors.0 { li { a href={ "#sub-" (err.field) } { (field_error_message(lang, err)) } } } }
                    }
                }
                form method="post" action={ "/p/" (slug) "/subscribe" } {
                    input type="hidden" name="entry" value=(e.id);
                    input type="hidden" name="language" value=(lang.code());
                    div.field.invalid[errors.for_field("email").is_some()] {
                        label for="sub-email" { (lang.t("faq.public.email")) }
                        @if let Some(err) = errors.for_field("email") { p.field-error { (field_error_message(lang, err)) } }
                        input id="sub-email" type="email" name="email" value=(sub_email) required autocomplete="email";
                    }
                    button.primary type="submit" { (lang.t("faq.public.follow_button")) }
                }
            }
            p { a href={ "/p/" (slug) "/faq?lang=" (lang.code()) } { (lang.t("faq.public.all_answers")) } }
        },
    )
}

pub fn page(
    faq: &PublicFaq,
    lang: Lang,
    q: &str,
    category: &str,
    failed: Option<(&SubscribeInput, &FieldErrors)>,
) -> Markup {
    let slug = &faq.org.slug;
    let title = lang.tf("faq.public.title", &[("org", &faq.org.name)]);
    let categories: Vec<String> = by_category(&faq.entries)
        .into_iter()
        .map(|(c, _)| c)
        .filter(|c| !c.is_empty())
        .collect();
    let no_errors = FieldErrors::default();
    let (sub_email, errors) = match failed {
        Some((input, errors)) => (input.email.as_str(), errors),
        None => ("", &no_errors),
    };
    let live = format!(
        "/p/{slug}/faq?fragment=1&lang={}&q={}&category={}",
        lang.code(),
        urlencode(q),
        urlencode(category)
    );
    shell(
        &faq.org,
        lang,
        &title,
        html! {
            link rel="alternate" type="application/atom+xml" href={ "/p/" (slug) "/faq.atom" } title=(title);
            link rel="alternate" type="application/json" href={ "/p/" (slug) "/faq.json" };
        },
        html! {
            h1 { (title) }
            p.lead { (lang.t("faq.public.intro")) }
            form.search role="search" method="get" action={ "/p/" (slug) "/faq" } {
                input type="hidden" name="lang" value=(lang.code());
                label for="faq-q" { (lang.t("faq.public.search")) }
                input id="faq-q" type="search" name="q" value=(q);
                @if !categories.is_empty() {
                    label for="faq-cat" { (lang.t("faq.category")) }
                    select id="faq-cat" name="category" {
                        option value="" { (lang.t("faq.public.all_categories")) }
                        @for c in &categories { option value=(c) selected[c == category] { (c) } }
                    }
                }
                button type="submit" { (lang.t("faq.public.search_button")) }
            }
            p.sr-live role="status" aria-live="polite" data-live-announce=(lang.t("faq.public.live_updated")) {}
            div.faq-answers data-events={ "/p/" (slug) "/faq/events" } data-fragment=(live) {
                (answers(faq, lang, q, category))
            }
            section.card.subscribe id="subscribe" {
                h2 { (lang.t("faq.public.subscribe")) }
                p { (lang.t("faq.public.subscribe_intro")) }
                @if !errors.is_empty() {
                    div.error-summary role="alert" tabindex="-1" {
                        ul { @for e in &errors.0 { li { a href={ "#sub-" (e.field) } { (field_error_message(lang, e)) } } } }
                    }
                }
                form method="post" action={ "/p/" (slug) "/subscribe" } {
                    div.field.invalid[errors.for_field("email").is_some()] {
                        label for="sub-email" { (lang.t("faq.public.email")) }
                        @if let Some(e) = errors.for_field("email") { p.field-error { (field_error_message(lang, e)) } }
                        input id="sub-email" type="email" name="email" value=(sub_email) required autocomplete="email";
                    }
                    div.field {
                        label for="sub-language" { (lang.t("nav.language")) }
                        select id="sub-language" name="language" {
                            @for l in ALL { option value=(l.code()) selected[l == lang] { (l.native_name()) } }
                        }
                    }
                    button.primary type="submit" { (lang.t("faq.public.subscribe_button")) }
                }
                p.meta {
                    a href={ "/p/" (slug) "/faq.atom" } { (lang.t("faq.public.feed")) } " · "
                    a href={ "/p/" (slug) "/faq.json" } { "JSON" } " · "
                    @for l in ALL { @if l != lang { a href={ "/p/" (slug) "/faq?lang=" (l.code()) } lang=(l.code()) { (l.native_name()) } " " } }
                }
            }
        },
    )
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub fn message(org: &organisation::Model, lang: Lang, title: &str, text: &str) -> HttpResponse {
    let back = format!("/p/{}/faq?lang={}", org.slug, lang.code());
    message_with_link(org, lang, title, text, &back)
}

/// A short message with the way back to `back`.
pub fn message_with_link(
    org: &organisation::Model,
    lang: Lang,
    title: &str,
    text: &str,
    back: &str,
) -> HttpResponse {
    let body = shell(
        org,
        lang,
        title,
        html! {},
        html! {
            h1 { (title) }
            p role="status" { (text) }
            p { a href=(back) { (lang.t("faq.public.back")) } }
        },
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}

/// The page behind a mailed link: one button that does what the link says.
pub fn token_form(
    org: &organisation::Model,
    lang: Lang,
    what: &str,
    token: &str,
    email: &str,
) -> HttpResponse {
    let title = lang.t(&format!("faq.public.{what}"));
    let body = shell(
        org,
        lang,
        &title,
        html! {},
        html! {
            h1 { (title) }
            p { (lang.tf(&format!("faq.public.{what}_explain"), &[("email", email)])) }
            form method="post" action={ "/p/" (org.slug) "/" (what) "?token=" (token) } {
                button type="submit" { (lang.t(&format!("faq.public.{what}_button"))) }
            }
        },
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body.into_string())
}
