//! What a roll-call says, by mail and by text message: the question with a personal one-tap
//! link, the reminder, each team lead's list of their people who have not answered, and the
//! crisis group's summary. Written when the outbox row is sent, so a list sent at the
//! deadline leaves out whoever answered while it waited.
use super::status::{self, Sight};
use crate::delivery::content::{local, Mail, Update};
use crate::delivery::senders::{self, Outcome};
use crate::delivery::sms_text;
use crate::entities::{outbox_message, rollcall, user};
use crate::i18n::Lang;
use crate::state::AppState;
use maud::html;

/// The most parts a roll-call text may take.
pub const SMS_SEGMENTS: usize = 3;

/// A text of `head` + `tail` within `SMS_SEGMENTS` parts: `head` (the free text) is shortened,
/// never the link in `tail`.
pub fn sms_fit(head: &str, tail: &str) -> String {
    let whole = format!("{head} {tail}");
    if sms_text::size(&whole).segments <= SMS_SEGMENTS {
        return whole;
    }
    let mut keep: Vec<char> = head.chars().collect();
    while !keep.is_empty() {
        keep.truncate(keep.len().saturating_sub(4));
        let cut: String = keep.iter().collect();
        let text = format!("{}... {tail}", cut.trim_end());
        if sms_text::size(&text).segments <= SMS_SEGMENTS {
            return text;
        }
    }
    sms_text::fit(tail, SMS_SEGMENTS)
}

pub fn answer_url(state: &AppState, rc: &rollcall::Model, user_id: i32) -> String {
    format!(
        "{}/r/{}",
        state.settings.public_url(),
        super::token::make(state.keys.secret(), rc.id, user_id)
    )
}

/// The text a person is asked by (shown before sending: its length in parts).
pub fn question_sms(
    state: &AppState,
    lang: Lang,
    org: &str,
    message: &str,
    url: &str,
    reminder: bool,
) -> String {
    let head = lang.tf(
        if reminder {
            "rollcall.sms_reminder"
        } else {
            "rollcall.sms"
        },
        &[("org", org), ("message", message)],
    );
    let mut tail = lang.tf("rollcall.sms_answer", &[("url", url)]);
    if state.settings.sms_replies {
        tail = format!("{tail} {}", lang.t("rollcall.sms_digits"));
    }
    sms_fit(&head, &tail)
}

fn language(u: &user::Model, update: &Update) -> Lang {
    u.language
        .as_deref()
        .and_then(Lang::parse)
        .or_else(|| Lang::parse(&update.org.default_language))
        .unwrap_or(Lang::En)
}

fn page(
    lang: Lang,
    subject: &str,
    paragraphs: &[String],
    list: &[String],
    link: (&str, &str),
) -> String {
    html! {
        (maud::DOCTYPE)
        html lang=(lang.code()) {
            head { meta charset="utf-8"; title { (subject) } }
            body {
                @for p in paragraphs { p { (p) } }
                @if !list.is_empty() { ul { @for item in list { li { (item) } } } }
                p { a href=(link.1) style="display:inline-block;padding:12px 20px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:6px" { (link.0) } }
            }
        }
    }
    .into_string()
}

fn text(paragraphs: &[String], list: &[String], link: (&str, &str)) -> String {
    let mut out = paragraphs.join("\n\n");
    if !list.is_empty() {
        out.push_str("\n\n");
        out.push_str(
            &list
                .iter()
                .map(|l| format!("- {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    out.push_str(&format!("\n\n{}: {}\n", link.0, link.1));
    out
}

/// A mail and a text for one person.
struct Message {
    mail: Mail,
    sms: String,
}

/// Sends one roll-call row. `Cancelled` when there is nothing left to say (everyone in the
/// lead's teams has answered since).
pub async fn deliver(
    state: &AppState,
    update: &Update,
    rc: &rollcall::Model,
    row: &outbox_message::Model,
    person: &user::Model,
) -> Outcome {
    let lang = language(person, update);
    let message = match compose(state, update, rc, person, lang).await {
        Ok(Some(m)) => m,
        Ok(None) => {
            return Outcome::Cancelled {
                reason: "everyone on the list has answered".into(),
            }
        }
        Err(e) => {
            return Outcome::Retry {
                error: format!("could not write the message: {e}"),
                status: None,
                retry_after: None,
            }
        }
    };
    match row.target.as_str() {
        "sms" => {
            let Some(gateway) = state.sms.as_deref() else {
                return Outcome::Cancelled {
                    reason: "SMS is not set up (SMS_URL is not set)".into(),
                };
            };
            crate::delivery::sms::send(&gateway.client, gateway, &row.recipient, &message.sms).await
        }
        _ => {
            let message_id = format!("<{}@{}>", row.idempotency_key, state.settings.public_host());
            senders::mail(
                state.mailer.as_deref(),
                &crate::mail::Outgoing {
                    to: &person.email,
                    subject: &message.mail.subject,
                    text: &message.mail.text,
                    html: &message.mail.html,
                    message_id: Some(&message_id),
                    list_unsubscribe: None,
                    language: Some(lang.code()),
                },
            )
            .await
        }
    }
}

async fn compose(
    state: &AppState,
    update: &Update,
    rc: &rollcall::Model,
    person: &user::Model,
    lang: Lang,
) -> crate::error::AppResult<Option<Message>> {
    let org = &update.org.name;
    let board = format!("{}/rollcalls/{}", state.settings.public_url(), rc.id);
    let open = lang.t("rollcall.open_board");
    Ok(Some(match update.publication.kind.as_str() {
        "rollcall_escalation" => {
            let teams: Vec<i32> =
                crate::orgs::team_leads::teams_led_by(&state.db, rc.organisation_id, person.id)
                    .await?
                    .into_iter()
                    .map(|t| t.id)
                    .filter(|t| rc.team_id.is_none_or(|only| only == *t))
                    .collect();
            let summary = status::summarise(&state.db, rc, &Sight::Teams(teams), None).await?;
            if summary.not_answered.is_empty() {
                return Ok(None);
            }
            let n = summary.not_answered.len().to_string();
            let list: Vec<String> = summary
                .not_answered
                .iter()
                .map(|p| match &p.phone {
                    Some(ph) => format!("{} ({ph})", p.display_name),
                    None => p.display_name.clone(),
                })
                .collect();
            let subject = lang.tf("rollcall.escalation_subject", &[("org", org), ("n", &n)]);
            let paragraphs = vec![lang.tf("rollcall.escalation_body", &[("message", &rc.message)])];
            let names: Vec<&str> = summary
                .not_answered
                .iter()
                .map(|p| p.display_name.as_str())
                .collect();
            Message {
                sms: sms_fit(
                    &lang.tf(
                        "rollcall.escalation_sms",
                        &[("org", org), ("n", &n), ("names", &names.join(", "))],
                    ),
                    &board,
                ),
                mail: Mail {
                    html: page(lang, &subject, &paragraphs, &list, (&open, &board)),
                    text: text(&paragraphs, &list, (&open, &board)),
                    subject,
                },
            }
        }
        "rollcall_summary" => {
            let s = status::summarise(&state.db, rc, &Sight::Teams(vec![]), None).await?;
            let (answered, total) = (s.answered.to_string(), s.total.to_string());
            let pct = format!("{:.0}", s.answered_pct);
            let missing = s.not_answered_count.to_string();
            let subject = lang.tf(
                "rollcall.summary_subject",
                &[("org", org), ("answered", &answered), ("total", &total)],
            );
            let mut list: Vec<String> = s
                .by_status
                .iter()
                .map(|(k, v)| format!("{}: {v}", lang.t(&format!("checkins.status.{k}"))))
                .collect();
            list.push(format!("{}: {missing}", lang.t("rollcall.not_answered")));
            let mut paragraphs = vec![lang.tf(
                "rollcall.summary_body",
                &[
                    ("message", &rc.message),
                    ("answered", &answered),
                    ("total", &total),
                    ("pct", &pct),
                ],
            )];
            for t in s.teams.iter().filter(|t| t.answered < t.total) {
                let name = if t.team_name.is_empty() {
                    lang.t("rollcall.no_team")
                } else {
                    t.team_name.clone()
                };
                paragraphs.push(format!("{name}: {}/{}", t.answered, t.total));
            }
            Message {
                sms: sms_fit(
                    &lang.tf(
                        "rollcall.summary_sms",
                        &[
                            ("org", org),
                            ("answered", &answered),
                            ("total", &total),
                            ("pct", &pct),
                            ("missing", &missing),
                        ],
                    ),
                    &board,
                ),
                mail: Mail {
                    html: page(lang, &subject, &paragraphs, &list, (&open, &board)),
                    text: text(&paragraphs, &list, (&open, &board)),
                    subject,
                },
            }
        }
        kind => {
            let reminder = kind == "rollcall_reminder";
            let url = answer_url(state, rc, person.id);
            let subject = lang.tf(
                if reminder {
                    "rollcall.reminder_subject"
                } else {
                    "rollcall.mail_subject"
                },
                &[("org", org)],
            );
            let paragraphs = vec![
                rc.message.clone(),
                lang.tf(
                    "rollcall.answer_by",
                    &[("time", &local(&update.org, rc.deadline_at))],
                ),
                lang.t("rollcall.no_sign_in"),
            ];
            let link = lang.t("rollcall.answer_link");
            Message {
                sms: question_sms(state, lang, org, &rc.message, &url, reminder),
                mail: Mail {
                    html: page(lang, &subject, &paragraphs, &[], (&link, &url)),
                    text: text(&paragraphs, &[], (&link, &url)),
                    subject,
                },
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_shortened_but_its_link_never_is() {
        let link = "Svara: https://beredskap.example.se/r/12-3456-AbCdEfGhIjKlMnOp";
        let short = sms_fit(
            "Kontoret på Storgatan är stängt i dag. Var arbetar du?",
            link,
        );
        assert!(short.ends_with(link));
        assert_eq!(sms_text::size(&short).segments, 1);
        let long = sms_fit(&"Kontoret är stängt. ".repeat(40), link);
        assert!(long.ends_with(link), "{long}");
        assert!(long.contains("..."));
        assert!(sms_text::size(&long).segments <= SMS_SEGMENTS);
    }
}
