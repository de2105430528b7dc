//! An iCalendar feed (RFC 5545) of the crisis group's daily check-in. Calendar apps cannot sign
//! in, so the address carries a token: an HMAC of the organisation under the server secret.
use super::forms::parse_hhmm;
use super::repo;
use crate::entities::organisation;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use actix_web::{get, web, HttpResponse};
use hmac::{Hmac, Mac};
use sha2::Sha256;

fn token(state: &AppState, org_id: i32) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(state.keys.secret()).expect("any key length");
    mac.update(format!("ical:{org_id}").as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

pub fn feed_url(state: &AppState, org: &organisation::Model) -> String {
    format!(
        "{}/calendar/{}/{}.ics",
        state.settings.public_url(),
        org.slug,
        token(state, org.id)
    )
}

/// Text values escaped per RFC 5545 §3.3.11. A line break of any kind (CRLF, LF or a bare CR,
/// which would otherwise end the content line and start a property of the sender's choosing)
/// becomes the escaped `\n`; other control characters are not allowed in TEXT and are dropped.
fn escape(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect::<String>()
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Lines longer than 75 octets are folded (RFC 5545 §3.1), without splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for ch in line.chars() {
        let w = ch.len_utf8();
        if len + w > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(ch);
        len += w;
    }
    out
}

pub fn daily_meeting(
    org: &organisation::Model,
    time: chrono::NaiveTime,
    minutes: i32,
    place: &str,
    since: chrono::NaiveDate,
    title: &str,
) -> String {
    use chrono::Datelike;
    // The organisation's zone is checked when saved; UTC only if the stored name is unknown.
    let tz: chrono_tz::Tz = org.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let start = since.and_time(time);
    let end = start + chrono::Duration::minutes(minutes as i64);
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//Beredskap//Daily check-in//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        format!(
            "X-WR-CALNAME:{}",
            escape(&format!("{title} · {}", org.name))
        ),
        format!("X-WR-TIMEZONE:{}", tz.name()),
    ];
    let event = [
        "BEGIN:VEVENT".to_string(),
        format!("UID:daily-checkin-{}@beredskap", org.id),
        format!("DTSTAMP:{}", chrono::Utc::now().format("%Y%m%dT%H%M%SZ")),
        format!(
            "DTSTART;TZID={}:{}",
            tz.name(),
            start.format("%Y%m%dT%H%M%S")
        ),
        format!("DTEND;TZID={}:{}", tz.name(), end.format("%Y%m%dT%H%M%S")),
        "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR".into(),
        format!("SUMMARY:{}", escape(title)),
        format!("LOCATION:{}", escape(place)),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let zone = super::vtimezone::lines(tz, since.year());
    lines
        .iter()
        .chain(zone.iter())
        .chain(event.iter())
        .map(|l| fold(l))
        .collect::<Vec<_>>()
        .join("\r\n")
        + "\r\n"
}

#[get("/calendar/{slug}/{token}.ics")]
pub async fn feed(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (slug, given) = path.into_inner();
    let org = crate::orgs::repo::organisation_by_slug(&state.db, &slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let expected = token(&state, org.id);
    if !bool::from(subtle::ConstantTimeEq::ct_eq(
        given.as_bytes(),
        expected.as_bytes(),
    )) {
        return Err(AppError::NotFound);
    }
    let s = repo::settings(&state.db, org.id).await?;
    let Some(time) = s.meeting_time.as_deref().and_then(parse_hhmm) else {
        return Err(AppError::NotFound);
    };
    let lang = crate::i18n::Lang::parse(&org.default_language).unwrap_or(crate::i18n::Lang::En);
    let since = super::absence::local_day(s.created_at, &org.time_zone);
    let body = daily_meeting(
        &org,
        time,
        s.meeting_minutes,
        &s.meeting_place,
        since,
        &lang.t("checkins.meeting_title"),
    );
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("Cache-Control", "private, max-age=300"))
        .body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_folded_at_75_octets_without_breaking_characters() {
        let line = format!("SUMMARY:{}", "å".repeat(60));
        let folded = fold(&line);
        for part in folded.split("\r\n") {
            assert!(part.len() <= 75, "{} octets", part.len());
        }
        assert_eq!(folded.replace("\r\n ", ""), line);
    }

    #[test]
    fn line_breaks_of_every_kind_cannot_start_a_property() {
        let e = escape("Room 3\rX-INJECTED:1\r\nY:2\nZ\u{0}");
        assert!(
            !e.contains('\r') && !e.contains('\n') && !e.contains('\u{0}'),
            "{e}"
        );
        assert_eq!(e, "Room 3\\nX-INJECTED:1\\nY:2\\nZ");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Room 3, floor 2; east\\wing"),
            "Room 3\\, floor 2\\; east\\\\wing"
        );
    }
}
