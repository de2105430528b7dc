//! Answers are written in Markdown. Every place that shows one renders it here: pulldown-cmark
//! turns it into HTML and ammonia keeps only safe tags and attributes, so an answer can never
//! carry script into the public page, a mail or a chat card.
use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown → sanitised HTML. Links get `rel="noopener noreferrer nofollow"`.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .clean(&raw)
        .to_string()
}

/// Markdown → plain text for the text part of a mail and for chat previews: paragraphs kept,
/// list items marked, links as "text (url)".
pub fn to_text(markdown: &str) -> String {
    let mut out = String::new();
    let mut link: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.take() {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                out.push('\n');
                if !out.ends_with("\n\n") && !matches!(event, Event::End(TagEnd::Item)) {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_event_handlers_are_removed() {
        let html = to_html(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [a](javascript:alert(1))",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn ordinary_markdown_survives() {
        let html = to_html("**Open** 8–16\n\n- phone\n- [chat](https://example.org)");
        assert!(html.contains("<strong>Open</strong>"));
        assert!(html.contains("<li>phone</li>"));
        assert!(html.contains(r#"href="https://example.org""#));
        assert!(html.contains("noopener"));
    }

    #[test]
    fn plain_text_keeps_paragraphs_items_and_links() {
        let text = to_text("We are **open**.\n\n- phone\n- [chat](https://example.org)");
        assert_eq!(
            text,
            "We are open.\n\n- phone\n- chat (https://example.org)"
        );
    }
}
