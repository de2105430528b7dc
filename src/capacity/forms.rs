//! What a queue is made of, as clients and forms send it, and the checks that name each field.
use super::numbers::{optional, within};
use crate::error::FieldErrors;
use crate::scenarios::vocab::check_one_of;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::profile::{profile_from_csv, profile_to_csv};

pub const KINDS: &[&str] = &["voice", "chat", "email"];
pub const INTERVALS: &[i32] = &[15, 30, 60];
pub const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Opening hours per weekday, `HH:MM-HH:MM` (closing after opening, `24:00` for midnight);
/// empty when closed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, PartialEq)]
#[serde(default)]
pub struct OpeningHours {
    pub mon: String,
    pub tue: String,
    pub wed: String,
    pub thu: String,
    pub fri: String,
    pub sat: String,
    pub sun: String,
}

/// A normal day's contacts per weekday.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, PartialEq)]
#[serde(default)]
pub struct WeekdayVolumes {
    pub mon: u32,
    pub tue: u32,
    pub wed: u32,
    pub thu: u32,
    pub fri: u32,
    pub sat: u32,
    pub sun: u32,
}

impl OpeningHours {
    pub fn days(&self) -> [&String; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }
    fn days_mut(&mut self) -> [&mut String; 7] {
        [
            &mut self.mon,
            &mut self.tue,
            &mut self.wed,
            &mut self.thu,
            &mut self.fri,
            &mut self.sat,
            &mut self.sun,
        ]
    }
    /// The stored form: seven entries, Monday first, comma-separated.
    pub fn stored(&self) -> String {
        self.days().map(|d| d.as_str()).join(",")
    }
    pub fn from_stored(s: &str) -> Self {
        let mut h = Self::default();
        for (slot, v) in h.days_mut().into_iter().zip(s.split(',')) {
            *slot = v.to_string();
        }
        h
    }
}

impl WeekdayVolumes {
    pub fn days(&self) -> [u32; 7] {
        [
            self.mon, self.tue, self.wed, self.thu, self.fri, self.sat, self.sun,
        ]
    }
    pub fn stored(&self) -> String {
        self.days().map(|d| d.to_string()).join(",")
    }
    pub fn from_stored(s: &str) -> Self {
        let v: Vec<u32> = s
            .split(',')
            .map(|x| x.trim().parse().unwrap_or(0))
            .collect();
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        Self {
            mon: at(0),
            tue: at(1),
            wed: at(2),
            thu: at(3),
            fri: at(4),
            sat: at(5),
            sun: at(6),
        }
    }
}

/// Minutes from midnight of `HH:MM` (`24:00` is the end of the day).
pub fn minutes_of(t: &str) -> Option<u32> {
    if t == "24:00" {
        return Some(1440);
    }
    let time = NaiveTime::parse_from_str(t, "%H:%M").ok()?;
    use chrono::Timelike;
    Some(time.hour() * 60 + time.minute())
}

/// `08:00-17:00` → (480, 1020); `None` when empty (closed) or unreadable.
pub fn span_of(s: &str) -> Option<(u32, u32)> {
    let (a, b) = s.trim().split_once('-')?;
    let (a, b) = (minutes_of(a.trim())?, minutes_of(b.trim())?);
    (a < b).then_some((a, b))
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct QueueInput {
    #[schema(required = true, min_length = 1, max_length = 80)]
    pub name: String,
    /// `voice`, `chat` or `email` (e-mail and cases).
    #[schema(required = true)]
    pub kind: String,
    /// 15, 30 or 60; 30 when left out.
    pub interval_minutes: Option<i32>,
    pub opening_hours: OpeningHours,
    pub weekday_volumes: WeekdayVolumes,
    /// The shape of a normal day: one weight per interval from midnight (96, 48 or 24 numbers),
    /// scaled to the day's volume over the open intervals. Empty: spread evenly.
    pub profile: Vec<f64>,
    /// The same profile as CSV, `time,contacts` per line (a header, `;` or tab as separator and
    /// a decimal comma are fine): what a spreadsheet or a telephony report exports. Used when
    /// `profile` is empty.
    pub profile_csv: Option<String>,
    /// 0–0.999: the share to answer within `target_seconds` (0.8 for 80/20).
    #[schema(required = true, minimum = 0, maximum = 0.999)]
    pub target_service_level: Option<f64>,
    /// Voice and chat: seconds. E-mail: the hours of the target in seconds (8 h = 28800).
    #[schema(required = true, minimum = 0, maximum = 604800)]
    pub target_seconds: Option<f64>,
    /// Average handle time per contact (per chat for chat), in seconds.
    #[schema(required = true, minimum = 1, maximum = 86400)]
    pub aht_seconds: Option<f64>,
    /// Chats an agent handles at once, 1–10; 1 for voice and e-mail.
    #[schema(minimum = 1, maximum = 10)]
    pub concurrency: Option<f64>,
    /// Callers' average patience in seconds (Erlang A); none: callers are not expected to hang up.
    #[schema(minimum = 1, maximum = 7200)]
    pub patience_seconds: Option<f64>,
    /// 0.01–1; 0.85 when left out.
    #[schema(minimum = 0.01, maximum = 1)]
    pub max_occupancy: Option<f64>,
    /// 0–0.95; 0.3 when left out.
    #[schema(minimum = 0, maximum = 0.95)]
    pub shrinkage: Option<f64>,
    /// Required when changing a queue: the version it was read at.
    pub version: Option<i32>,
}

/// A queue input whose numbers are checked and defaults filled.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSettings {
    pub name: String,
    pub kind: String,
    pub interval_minutes: i32,
    pub opening_hours: OpeningHours,
    pub weekday_volumes: WeekdayVolumes,
    pub profile: Vec<f64>,
    pub target_service_level: f64,
    pub target_seconds: i32,
    pub aht_seconds: i32,
    pub concurrency: i32,
    pub patience_seconds: Option<i32>,
    pub max_occupancy: f64,
    pub shrinkage: f64,
}

fn whole(x: f64) -> i32 {
    x.round() as i32
}

impl QueueInput {
    pub fn check(&self) -> Result<QueueSettings, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = self.name.trim().to_string();
        if !(1..=80).contains(&name.chars().count()) {
            e.add_with(
                "name",
                "length",
                "Use between 1 and 80 characters.",
                &[("min", "1"), ("max", "80")],
            );
        }
        check_one_of(&mut e, "kind", &self.kind, KINDS);
        let interval = self.interval_minutes.unwrap_or(30);
        if !INTERVALS.contains(&interval) {
            e.add("interval_minutes", "one_of", "Choose one of: 15, 30, 60.");
        }
        for (day, hours) in WEEKDAYS.iter().zip(self.opening_hours.days()) {
            let h = hours.trim();
            if h.is_empty() {
                continue;
            }
            match span_of(h) {
                Some((a, b)) if a % interval as u32 == 0 && b % interval as u32 == 0 => {}
                Some(_) => e.add_with(
                    &format!("opening_hours.{day}"),
                    "interval",
                    format!("Open and close on the queue's {interval}-minute intervals."),
                    &[("minutes", &interval.to_string())],
                ),
                None => e.add(
                    &format!("opening_hours.{day}"),
                    "hours",
                    "Write the hours as HH:MM-HH:MM, closing after opening, or leave empty when closed.",
                ),
            }
        }
        for (day, v) in WEEKDAYS.iter().zip(self.weekday_volumes.days()) {
            if v > 1_000_000 {
                within(
                    &mut e,
                    &format!("weekday_volumes.{day}"),
                    f64::from(v),
                    0.0,
                    1_000_000.0,
                );
            }
        }
        let mut profile = self.profile.clone();
        if let Some(csv) = self.profile_csv.as_deref().filter(|c| !c.trim().is_empty()) {
            if profile.is_empty() && INTERVALS.contains(&interval) {
                match profile_from_csv(csv, interval) {
                    Ok(p) => profile = p,
                    Err(msg) => e.add("profile_csv", "csv", msg),
                }
            }
        }
        let slots = (1440 / interval.max(1)) as usize;
        if !profile.is_empty() && profile.len() != slots {
            e.add_with(
                "profile",
                "length",
                format!("Give one weight per {interval}-minute interval from midnight: {slots} numbers."),
                &[("count", &slots.to_string())],
            );
        }
        if let Some(i) = profile.iter().position(|w| !w.is_finite() || *w < 0.0) {
            within(&mut e, &format!("profile[{i}]"), profile[i], 0.0, 1e9);
        }
        let sl = super::numbers::required(
            &mut e,
            "target_service_level",
            self.target_service_level,
            0.0,
            0.999,
        );
        let max_target = if self.kind == "email" {
            604_800.0
        } else {
            86_400.0
        };
        let target = super::numbers::required(
            &mut e,
            "target_seconds",
            self.target_seconds,
            0.0,
            max_target,
        );
        let aht = super::numbers::required(&mut e, "aht_seconds", self.aht_seconds, 1.0, 86_400.0);
        let concurrency =
            optional(&mut e, "concurrency", self.concurrency, 1.0, 10.0).unwrap_or(1.0);
        let patience = optional(
            &mut e,
            "patience_seconds",
            self.patience_seconds,
            1.0,
            7200.0,
        );
        let occ = optional(&mut e, "max_occupancy", self.max_occupancy, 0.01, 1.0).unwrap_or(0.85);
        let shrink = optional(&mut e, "shrinkage", self.shrinkage, 0.0, 0.95).unwrap_or(0.3);
        if self.kind != "chat" && concurrency > 1.0 {
            e.add(
                "concurrency",
                "chat_only",
                "Only chat agents handle several contacts at once.",
            );
        }
        let (Some(sl), Some(target), Some(aht)) = (sl, target, aht) else {
            return Err(e);
        };
        if !e.is_empty() {
            return Err(e);
        }
        let mut hours = self.opening_hours.clone();
        for d in hours.days_mut() {
            *d = d.trim().replace(' ', "");
        }
        Ok(QueueSettings {
            name,
            kind: self.kind.clone(),
            interval_minutes: interval,
            opening_hours: hours,
            weekday_volumes: self.weekday_volumes.clone(),
            profile,
            target_service_level: sl,
            target_seconds: whole(target),
            aht_seconds: whole(aht),
            concurrency: whole(concurrency),
            patience_seconds: patience.map(whole),
            max_occupancy: occ,
            shrinkage: shrink,
        })
    }
}

/// One team's share of its present time on a queue.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct TeamShareInput {
    pub team_id: i32,
    /// 0–100.
    #[schema(minimum = 0, maximum = 100)]
    pub share_pct: f64,
}

/// Who staffs a queue: the teams and their shares, and the people trained for it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StaffingInput {
    pub teams: Vec<TeamShareInput>,
    /// Users trained for the queue (who can be moved onto it).
    pub trained: Vec<i32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_on_the_grid() {
        assert_eq!(span_of("08:00-17:00"), Some((480, 1020)));
        assert_eq!(span_of("00:00-24:00"), Some((0, 1440)));
        assert_eq!(span_of("17:00-08:00"), None);
        assert_eq!(span_of(""), None);
    }
}
