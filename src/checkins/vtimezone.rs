//! The `VTIMEZONE` component RFC 5545 (§3.6.5) requires for every `TZID` a calendar uses,
//! generated from the IANA tz database that chrono-tz compiles in, never from hand-typed rules.
//!
//! The zone's offset changes are found by scanning the years around the event; where the
//! changes of recent years follow a yearly rule (the last Sunday of March at 02:00, the second
//! Sunday of March…) the component carries that `RRULE`, so calendar apps keep the meeting at
//! the right local hour for years to come; otherwise each change is listed.
use chrono::{DateTime, Datelike, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetName, Tz};

/// The offset (seconds east of UTC) and abbreviation in force at a UTC second.
fn offset_at(tz: Tz, at: i64) -> (i32, String) {
    let utc = DateTime::<Utc>::from_timestamp(at, 0)
        .unwrap_or_default()
        .naive_utc();
    let off = tz.offset_from_utc_datetime(&utc);
    (
        off.fix().local_minus_utc(),
        off.abbreviation().unwrap_or("").to_string(),
    )
}

struct Change {
    from: i32,
    to: i32,
    name: String,
    /// Local wall-clock time the change happens at, in the offset before it.
    local: NaiveDateTime,
}

fn changes(tz: Tz, from: i64, to: i64) -> Vec<Change> {
    const STEP: i64 = 6 * 3600; // zones never change twice within six hours
    let mut out = vec![];
    let mut t = from;
    let mut before = offset_at(tz, t).0;
    while t < to {
        let next = t + STEP;
        let after = offset_at(tz, next).0;
        if after != before {
            // The first second of the new offset, by halving.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = (lo + hi) / 2;
                if offset_at(tz, mid).0 == before {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            let (to_off, name) = offset_at(tz, hi);
            let local = DateTime::<Utc>::from_timestamp(hi + before as i64, 0)
                .unwrap_or_default()
                .naive_utc();
            out.push(Change {
                from: before,
                to: to_off,
                name,
                local,
            });
        }
        before = after;
        t = next;
    }
    out
}

fn utc_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let s = secs.abs();
    if s % 60 == 0 {
        format!("{sign}{:02}{:02}", s / 3600, (s % 3600) / 60)
    } else {
        format!("{sign}{:02}{:02}{:02}", s / 3600, (s % 3600) / 60, s % 60)
    }
}

const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The ways `BYDAY` can name a date: `-1SU` when it is the last Sunday of its month, and
/// `2SU` for the second (up to the fourth).
fn by_day(d: NaiveDateTime) -> Vec<String> {
    let wd = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    let mut names = vec![];
    if (d.date() + chrono::Duration::days(7)).month() != d.month() {
        names.push(format!("-1{wd}"));
    }
    let nth = (d.day() - 1) / 7 + 1;
    if nth <= 4 {
        names.push(format!("{nth}{wd}"));
    }
    names
}

/// One yearly rule that every change of a kind follows, if there is one.
fn yearly_rule(group: &[&Change]) -> Option<String> {
    let first = group.first()?;
    let same_clock = group.iter().all(|c| {
        c.local.month() == first.local.month()
            && c.local.time() == first.local.time()
            && c.local.weekday() == first.local.weekday()
    });
    if !same_clock || group.len() < 2 {
        return None;
    }
    for candidate in by_day(first.local) {
        if group.iter().all(|c| by_day(c.local).contains(&candidate)) {
            return Some(format!(
                "FREQ=YEARLY;BYMONTH={};BYDAY={candidate}",
                first.local.month()
            ));
        }
    }
    None
}

/// The lines of a `VTIMEZONE` for `tz` valid for events from `since_year` on.
pub fn lines(tz: Tz, since_year: i32) -> Vec<String> {
    let start = Utc
        .with_ymd_and_hms(since_year - 1, 1, 1, 0, 0, 0)
        .single()
        .map_or(0, |d| d.timestamp());
    // Three years to learn the rule from; listed changes reach ten years ahead.
    let rule_end = start + 3 * 366 * 86_400;
    let list_end = start + 12 * 366 * 86_400;
    let mut out = vec!["BEGIN:VTIMEZONE".to_string(), format!("TZID:{}", tz.name())];
    let found = changes(tz, start, rule_end);
    if found.is_empty() {
        let (off, name) = offset_at(tz, start);
        out.extend([
            "BEGIN:STANDARD".into(),
            "DTSTART:19700101T000000".into(),
            format!("TZOFFSETFROM:{}", utc_offset(off)),
            format!("TZOFFSETTO:{}", utc_offset(off)),
            format!("TZNAME:{name}"),
            "END:STANDARD".into(),
        ]);
    } else {
        let forward: Vec<&Change> = found.iter().filter(|c| c.to > c.from).collect();
        let back: Vec<&Change> = found.iter().filter(|c| c.to <= c.from).collect();
        let mut listed = None;
        for (kind, group) in [("DAYLIGHT", &forward), ("STANDARD", &back)] {
            match yearly_rule(group) {
                Some(rule) => {
                    let c = group[0];
                    out.extend(component(kind, c, Some(&rule)));
                }
                None => {
                    let all = listed.get_or_insert_with(|| changes(tz, start, list_end));
                    for c in all
                        .iter()
                        .filter(|c| (c.to > c.from) == (kind == "DAYLIGHT"))
                    {
                        out.extend(component(kind, c, None));
                    }
                }
            }
        }
    }
    out.push("END:VTIMEZONE".into());
    out
}

fn component(kind: &str, c: &Change, rule: Option<&str>) -> Vec<String> {
    let mut v = vec![
        format!("BEGIN:{kind}"),
        format!("DTSTART:{}", c.local.format("%Y%m%dT%H%M%S")),
    ];
    if let Some(r) = rule {
        v.push(format!("RRULE:{r}"));
    }
    v.extend([
        format!("TZOFFSETFROM:{}", utc_offset(c.from)),
        format!("TZOFFSETTO:{}", utc_offset(c.to)),
        format!("TZNAME:{}", c.name),
        format!("END:{kind}"),
    ]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stockholm_changes_on_the_last_sundays_of_march_and_october() {
        let v = lines(chrono_tz::Europe::Stockholm, 2026).join("\n");
        assert!(v.contains("TZID:Europe/Stockholm"), "{v}");
        assert!(v.contains("BEGIN:DAYLIGHT\nDTSTART:20250330T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nTZNAME:CEST"), "{v}");
        assert!(v.contains("BEGIN:STANDARD\nDTSTART:20251026T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\nTZOFFSETFROM:+0200\nTZOFFSETTO:+0100\nTZNAME:CET"), "{v}");
    }

    #[test]
    fn new_york_changes_on_the_second_sunday_of_march() {
        let v = lines(chrono_tz::America::New_York, 2026).join("\n");
        assert!(v.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"), "{v}");
        assert!(v.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"), "{v}");
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_offset() {
        let v = lines(chrono_tz::Asia::Kolkata, 2026).join("\n");
        assert!(
            v.contains(
                "BEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0530\nTZOFFSETTO:+0530"
            ),
            "{v}"
        );
        assert!(!v.contains("DAYLIGHT"));
    }
}
