//! What each channel receives for one publication: the subscriber mail (text and HTML), the
//! crisis group's level-change mail, a Slack message, a Mattermost message, a Teams Adaptive
//! Card and the generic signed JSON event. Built from the stored revision, so a retry next
//! hour sends exactly what was published.
use crate::entities::{faq_revision, level_change, organisation, publication};
use crate::faq::markdown;
use crate::i18n::Lang;
use chrono::{DateTime, Utc};
use maud::{html, PreEscaped};
use serde_json::{json, Value};

/// One publication with what it is about, loaded once for every row of it.
#[derive(Clone)]
pub struct Update {
    pub org: organisation::Model,
    pub publication: publication::Model,
    pub subject: Subject,
    /// The FAQ answer as text and as HTML, rendered once for every mail of a batch.
    pub rendered: std::sync::OnceLock<(String, String)>,
}

#[derive(Clone)]
pub enum Subject {
    /// A roll-call's question, reminder, escalation or summary (by `publication.kind`).
    RollCall {
        rollcall: crate::entities::rollcall::Model,
    },
    Faq {
        revision: faq_revision::Model,
        /// The entry's checked-at time when published (the revision's own time).
        checked_at: DateTime<Utc>,
    },
    Level {
        change: level_change::Model,
        scenario_title: String,
        /// Who is on duty when the alert is sent.
        on_duty: Vec<crate::duty::OnDuty>,
    },
    /// A withdrawal: only pages and browsers are told.
    Withdrawn,
    /// An exercise's notice (headline in the publication's title), marked EXERCISE.
    Exercise { exercise_id: i32, body: String },
}

pub struct Mail {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn tz(org: &organisation::Model) -> chrono_tz::Tz {
    org.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

pub fn local(org: &organisation::Model, at: DateTime<Utc>) -> String {
    at.with_timezone(&tz(org))
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

pub fn faq_url(base: &str, org: &organisation::Model, entry_id: i32) -> String {
    format!("{base}/p/{}/faq#q{entry_id}", org.slug)
}

impl Update {
    pub fn new(
        org: organisation::Model,
        publication: publication::Model,
        subject: Subject,
    ) -> Self {
        Update {
            org,
            publication,
            subject,
            rendered: Default::default(),
        }
    }

    /// An answer's Markdown as (text, sanitised HTML), worked out once per update.
    fn answer(&self, md: &str) -> &(String, String) {
        self.rendered
            .get_or_init(|| (markdown::to_text(md), markdown::to_html(md)))
    }

    /// The event type in chat and webhook payloads.
    pub fn event_type(&self) -> &'static str {
        match self.publication.kind.as_str() {
            "faq_new" => "faq.published",
            "faq_changed" => "faq.updated",
            "faq_no_news" => "faq.no_news",
            "faq_withdrawn" => "faq.withdrawn",
            "exercise" => "exercise.notice",
            _ => "level.changed",
        }
    }

    fn headline(&self, lang: Lang) -> String {
        match &self.subject {
            Subject::Faq { revision, .. } => {
                let key = match self.publication.kind.as_str() {
                    "faq_new" => "delivery.mail.new",
                    "faq_no_news" => "delivery.mail.no_news",
                    _ => "delivery.mail.changed",
                };
                lang.tf(key, &[("question", &revision.question)])
            }
            Subject::Level {
                change,
                scenario_title,
                ..
            } => lang.tf(
                "delivery.mail.level",
                &[
                    ("scenario", scenario_title),
                    (
                        "from",
                        change
                            .from_name
                            .as_deref()
                            .unwrap_or(&lang.t("plan.normal")),
                    ),
                    (
                        "to",
                        change.to_name.as_deref().unwrap_or(&lang.t("plan.normal")),
                    ),
                ],
            ),
            Subject::Withdrawn | Subject::RollCall { .. } => self.publication.title.clone(),
            Subject::Exercise { .. } => {
                lang.tf("exercises.marked", &[("headline", &self.publication.title)])
            }
        }
    }

    /// Status lines under the answer: provisional with its promised time, and when checked.
    fn notes(&self, lang: Lang) -> Vec<String> {
        let mut out = vec![];
        if let Subject::Faq {
            revision,
            checked_at,
        } = &self.subject
        {
            if revision.working_on_it {
                if let Some(at) = revision.next_update_at {
                    out.push(lang.tf(
                        "delivery.mail.working_on_it",
                        &[("at", &local(&self.org, at))],
                    ));
                }
            }
            out.push(lang.tf(
                "delivery.mail.checked",
                &[("at", &local(&self.org, *checked_at))],
            ));
        }
        out
    }

    /// The mail to a confirmed subscriber, in their language.
    pub fn subscriber_mail(&self, lang: Lang, base: &str, unsubscribe_url: &str) -> Option<Mail> {
        let Subject::Faq { revision, .. } = &self.subject else {
            return None;
        };
        let subject = format!("[{}] {}", self.org.name, self.headline(lang));
        let url = faq_url(base, &self.org, revision.entry_id);
        let notes = self.notes(lang);
        let text = format!(
            "{}\n\n{}\n\n{}\n\n{}: {}\n\n--\n{}: {}\n",
            revision.question,
            self.answer(&revision.answer_md).0,
            notes.join("\n"),
            lang.t("delivery.mail.read_online"),
            url,
            lang.t("delivery.mail.unsubscribe"),
            unsubscribe_url
        );
        let html = html! {
            (maud::DOCTYPE)
            html lang=(lang.code()) {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    p { (self.org.name) }
                    h1 { (revision.question) }
                    div { (PreEscaped(&self.answer(&revision.answer_md).1)) }
                    @for n in &notes { p { em { (n) } } }
                    p { a href=(url) { (lang.t("delivery.mail.read_online")) } }
                    hr;
                    p { small { a href=(unsubscribe_url) { (lang.t("delivery.mail.unsubscribe")) } } }
                }
            }
        }
        .into_string();
        Some(Mail {
            subject,
            text,
            html,
        })
    }

    /// The mail to a member of the crisis group about a level change or an exercise.
    pub fn member_mail(&self, lang: Lang, base: &str) -> Option<Mail> {
        if let Subject::Exercise { body, .. } = &self.subject {
            return Some(self.exercise_mail(lang, base, body));
        }
        let Subject::Level {
            change, on_duty, ..
        } = &self.subject
        else {
            return None;
        };
        let subject = format!("[{}] {}", self.org.name, self.headline(lang));
        let url = format!("{base}/plan/scenarios/{}", change.scenario_id);
        let figure = change
            .value
            .map(|v| lang.tf("delivery.mail.figure", &[("value", &format!("{v:.1}"))]))
            .or_else(|| change.reason.clone())
            .unwrap_or_default();
        let duty = crate::duty::lines(lang, on_duty);
        let duty_head = lang.t("duty.on_duty");
        let duty_text = if duty.is_empty() {
            String::new()
        } else {
            format!("\n{duty_head}:\n{}\n", duty.join("\n"))
        };
        let text = format!(
            "{}\n\n{}\n{}\n{duty_text}\n{}: {}\n",
            self.headline(lang),
            figure,
            local(&self.org, change.occurred_at),
            lang.t("delivery.mail.open_scenario"),
            url
        );
        let html = html! {
            (maud::DOCTYPE)
            html lang=(lang.code()) {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    h1 { (self.headline(lang)) }
                    p { (figure) }
                    p { (local(&self.org, change.occurred_at)) }
                    @if !duty.is_empty() {
                        p { strong { (duty_head) } }
                        ul { @for d in &duty { li { (d) } } }
                    }
                    p { a href=(url) { (lang.t("delivery.mail.open_scenario")) } }
                }
            }
        }
        .into_string();
        Some(Mail {
            subject,
            text,
            html,
        })
    }

    fn exercise_mail(&self, lang: Lang, base: &str, body: &str) -> Mail {
        let headline = self.headline(lang);
        let subject = format!("[{}] {headline}", self.org.name);
        let url = self.link(base);
        let open = lang.t("exercises.open");
        let text = format!("{headline}\n\n{body}\n\n{open}: {url}\n");
        let html = html! {
            (maud::DOCTYPE)
            html lang=(lang.code()) {
                head { meta charset="utf-8"; title { (subject) } }
                body {
                    h1 { (headline) }
                    @for line in body.lines() { p { (line) } }
                    p { a href=(url) { (open) } }
                }
            }
        }
        .into_string();
        Mail {
            subject,
            text,
            html,
        }
    }

    fn link(&self, base: &str) -> String {
        match &self.subject {
            Subject::Faq { revision, .. } => faq_url(base, &self.org, revision.entry_id),
            Subject::Level { change, .. } => {
                format!("{base}/plan/scenarios/{}", change.scenario_id)
            }
            Subject::Withdrawn => format!("{base}/p/{}/faq", self.org.slug),
            Subject::RollCall { rollcall } => format!("{base}/rollcalls/{}", rollcall.id),
            Subject::Exercise { exercise_id, .. } => format!("{base}/exercises/{exercise_id}"),
        }
    }

    fn body_text(&self) -> String {
        match &self.subject {
            Subject::Faq { revision, .. } => self.answer(&revision.answer_md).0.clone(),
            Subject::Level { change, .. } => change
                .value
                .map(|v| format!("{} {v:.1}", change.metric))
                .or_else(|| change.reason.clone())
                .unwrap_or_default(),
            Subject::Withdrawn => String::new(),
            Subject::RollCall { rollcall } => rollcall.message.clone(),
            Subject::Exercise { body, .. } => body.clone(),
        }
    }

    fn title(&self) -> String {
        match &self.subject {
            Subject::Faq { revision, .. } => revision.question.clone(),
            _ => self.headline(Lang::parse(&self.org.default_language).unwrap_or(Lang::En)),
        }
    }

    /// The JSON body for a channel of `kind` (`slack`, `mattermost`, `teams`, `webhook`).
    pub fn chat_payload(&self, kind: &str, base: &str, now: DateTime<Utc>) -> Value {
        let lang = Lang::parse(&self.org.default_language).unwrap_or(Lang::En);
        let title = self.title();
        let lead = self.headline(lang);
        let body = self.body_text();
        let notes = self.notes(lang).join(" · ");
        let link = self.link(base);
        let read = lang.t("delivery.mail.read_online");
        match kind {
            "slack" => json!({
                // The notification text is mrkdwn too: &, < and > must be escaped here as in
                // the blocks, or "<!channel>" in an answer would ping everyone.
                "text": clip(&slack_escape(&format!("{lead}\n{body}")), 3000),
                "blocks": [
                    {"type": "header", "text": {"type": "plain_text", "text": clip(&title, 150)}},
                    {"type": "section", "text": {"type": "mrkdwn", "text": clip(&slack_escape(&body), 3000)}},
                    {"type": "context", "elements": [
                        {"type": "mrkdwn", "text": format!("{} · <{}|{}>", slack_escape(&notes), slack_escape(&link), slack_escape(&read))}
                    ]}
                ]
            }),
            "mattermost" => json!({
                "text": mattermost_text(&lead, &self.markdown_body(), &notes, &read, &link),
            }),
            "teams" => json!({
                "type": "message",
                "attachments": [{
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "contentUrl": null,
                    "content": {
                        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                        "type": "AdaptiveCard",
                        "version": "1.4",
                        "body": [
                            {"type": "TextBlock", "text": lead, "weight": "Bolder", "size": "Medium", "wrap": true},
                            {"type": "TextBlock", "text": body, "wrap": true},
                            {"type": "TextBlock", "text": notes, "isSubtle": true, "wrap": true, "spacing": "Small"}
                        ],
                        "actions": [{"type": "Action.OpenUrl", "title": read, "url": link}]
                    }
                }]
            }),
            _ => self.event(base, now),
        }
    }

    fn markdown_body(&self) -> String {
        match &self.subject {
            Subject::Faq { revision, .. } => revision.answer_md.clone(),
            _ => self.body_text(),
        }
    }

    /// The generic event (Standard Webhooks shape: `type`, `timestamp`, `data`).
    pub fn event(&self, base: &str, now: DateTime<Utc>) -> Value {
        let data = match &self.subject {
            Subject::Faq {
                revision,
                checked_at,
            } => json!({
                "organisation": self.org.slug,
                "entry_id": revision.entry_id,
                "revision": revision.number,
                "question": revision.question,
                "answer_markdown": revision.answer_md,
                "answer_html": self.answer(&revision.answer_md).1,
                "category": revision.category,
                "visibility": revision.visibility,
                "working_on_it": revision.working_on_it,
                "next_update_at": revision.next_update_at,
                "checked_at": checked_at,
                "url": faq_url(base, &self.org, revision.entry_id),
            }),
            Subject::Level {
                change,
                scenario_title,
                ..
            } => json!({
                "organisation": self.org.slug,
                "scenario_id": change.scenario_id,
                "scenario": scenario_title,
                "from": change.from_name,
                "to": change.to_name,
                "metric": change.metric,
                "value": change.value,
                "cause": change.cause,
                "reason": change.reason,
                "occurred_at": change.occurred_at,
            }),
            Subject::Withdrawn => json!({
                "organisation": self.org.slug,
                "entry_id": self.publication.entry_id,
            }),
            Subject::RollCall { rollcall } => json!({
                "organisation": self.org.slug,
                "rollcall_id": rollcall.id,
                "message": rollcall.message,
                "deadline_at": rollcall.deadline_at,
            }),
            Subject::Exercise { exercise_id, body } => json!({
                "organisation": self.org.slug,
                "exercise": true,
                "exercise_id": exercise_id,
                "headline": self.publication.title,
                "text": body,
            }),
        };
        json!({"type": self.event_type(), "timestamp": now.to_rfc3339(), "data": data})
    }
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// Slack's mrkdwn treats `<`, `>` and `&` as control characters.
/// Mattermost refuses posts over 16,383 characters.
pub const MATTERMOST_MAX: usize = 16_383;

/// The headline and notes are plain text: Markdown in them is shown as typed, and `@` cannot
/// mention anyone. The answer is the communicator's Markdown; when the whole post would be too
/// long for Mattermost, the answer is cut and the link says where to read the rest.
fn mattermost_text(lead: &str, body_md: &str, notes: &str, read: &str, link: &str) -> String {
    let head = format!("#### {}\n\n", markdown_escape(lead));
    let tail = format!(
        "\n\n_{}_\n\n[{}]({link})",
        markdown_escape(notes),
        markdown_escape(read)
    );
    let room = MATTERMOST_MAX.saturating_sub(head.chars().count() + tail.chars().count());
    let body = if body_md.chars().count() <= room {
        body_md.to_string()
    } else {
        let more = format!("\n\n… [{}]({link})", markdown_escape(read));
        let keep = room.saturating_sub(more.chars().count());
        body_md.chars().take(keep).collect::<String>() + &more
    };
    format!("{head}{body}{tail}")
}

/// Plain text inside Markdown: every character Markdown would act on is escaped, and `@`
/// gets a zero-width joiner so `@channel` and `@all` do not notify anyone.
fn markdown_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '+' | '-' | '.'
            | '!' | '|' | '<' | '>' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{2060}"),
            _ => out.push(c),
        }
    }
    out
}

fn slack_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slack_text_is_escaped_like_the_blocks() {
        assert_eq!(
            slack_escape("<!channel> A & B > C"),
            "&lt;!channel&gt; A &amp; B &gt; C"
        );
    }

    #[test]
    fn mattermost_headlines_stay_plain_text_and_long_answers_are_cut_with_a_link() {
        let t = mattermost_text(
            "Is [this](http://x) @all?",
            "**Yes.**",
            "Checked 12:00",
            "Read more",
            "https://b.example/p/x#1",
        );
        assert!(
            t.starts_with("#### Is \\[this\\]\\(http://x\\) @\u{2060}all?"),
            "{t}"
        );
        assert!(t.contains("**Yes.**"), "the answer keeps its Markdown");
        let long = "a".repeat(20_000);
        let t = mattermost_text("Q", &long, "n", "Read more", "https://b.example/p/x#1");
        assert_eq!(t.chars().count(), MATTERMOST_MAX);
        assert!(t.contains("… [Read more](https://b.example/p/x#1)"));
        assert!(t.ends_with("[Read more](https://b.example/p/x#1)"));
    }
}
