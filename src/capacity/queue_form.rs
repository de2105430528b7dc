//! The queue form as a browser sends it: every number as text (a decimal comma is fine), the
//! service target and shares in per cent, the e-mail target in hours and the intraday profile
//! pasted as CSV. Read into the API's `QueueInput`, each error named by the form's own field.
use super::forms::{
    profile_from_csv, profile_to_csv, OpeningHours, QueueInput, WeekdayVolumes, WEEKDAYS,
};
use crate::entities::queue;
use crate::error::FieldErrors;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct QueueForm {
    pub name: String,
    pub kind: String,
    pub interval_minutes: String,
    pub hours_mon: String,
    pub hours_tue: String,
    pub hours_wed: String,
    pub hours_thu: String,
    pub hours_fri: String,
    pub hours_sat: String,
    pub hours_sun: String,
    pub volume_mon: String,
    pub volume_tue: String,
    pub volume_wed: String,
    pub volume_thu: String,
    pub volume_fri: String,
    pub volume_sat: String,
    pub volume_sun: String,
    pub profile_csv: String,
    pub target_pct: String,
    /// Voice and chat.
    pub target_seconds: String,
    /// E-mail and cases.
    pub target_hours: String,
    pub aht_seconds: String,
    pub concurrency: String,
    pub patience_seconds: String,
    pub max_occupancy_pct: String,
    pub shrinkage_pct: String,
    pub version: Option<i32>,
}

/// A number as typed (decimal comma, spaces), or an error on `field`.
fn num(e: &mut FieldErrors, field: &str, v: &str, required: bool) -> Option<f64> {
    let v = v.trim().replace(',', ".").replace(' ', "");
    if v.is_empty() {
        if required {
            e.add(field, "required", "This field is required.");
        }
        return None;
    }
    match v.parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            e.add(field, "number", "Write a number.");
            None
        }
    }
}

fn shown(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

impl QueueForm {
    pub fn hours(&self) -> [&String; 7] {
        [
            &self.hours_mon,
            &self.hours_tue,
            &self.hours_wed,
            &self.hours_thu,
            &self.hours_fri,
            &self.hours_sat,
            &self.hours_sun,
        ]
    }
    pub fn volumes(&self) -> [&String; 7] {
        [
            &self.volume_mon,
            &self.volume_tue,
            &self.volume_wed,
            &self.volume_thu,
            &self.volume_fri,
            &self.volume_sat,
            &self.volume_sun,
        ]
    }

    /// A new phone queue open 08–17 on weekdays with the usual targets.
    pub fn blank() -> Self {
        let weekday = "08:00-17:00".to_string();
        QueueForm {
            kind: "voice".into(),
            interval_minutes: "30".into(),
            hours_mon: weekday.clone(),
            hours_tue: weekday.clone(),
            hours_wed: weekday.clone(),
            hours_thu: weekday.clone(),
            hours_fri: weekday,
            target_pct: "80".into(),
            target_seconds: "20".into(),
            target_hours: "8".into(),
            aht_seconds: "180".into(),
            concurrency: "1".into(),
            max_occupancy_pct: "85".into(),
            shrinkage_pct: "30".into(),
            ..Default::default()
        }
    }

    pub fn from_model(q: &queue::Model) -> Self {
        let h = OpeningHours::from_stored(&q.opening_hours);
        let v = WeekdayVolumes::from_stored(&q.weekday_volumes).days();
        let weights: Vec<f64> = q
            .profile
            .split(',')
            .filter_map(|w| w.trim().parse().ok())
            .collect();
        let email = q.kind == "email";
        QueueForm {
            name: q.name.clone(),
            kind: q.kind.clone(),
            interval_minutes: q.interval_minutes.to_string(),
            hours_mon: h.mon,
            hours_tue: h.tue,
            hours_wed: h.wed,
            hours_thu: h.thu,
            hours_fri: h.fri,
            hours_sat: h.sat,
            hours_sun: h.sun,
            volume_mon: v[0].to_string(),
            volume_tue: v[1].to_string(),
            volume_wed: v[2].to_string(),
            volume_thu: v[3].to_string(),
            volume_fri: v[4].to_string(),
            volume_sat: v[5].to_string(),
            volume_sun: v[6].to_string(),
            profile_csv: if weights.is_empty() {
                String::new()
            } else {
                profile_to_csv(&weights, q.interval_minutes)
            },
            target_pct: shown(q.target_service_level * 100.0),
            target_seconds: if email {
                "20".into()
            } else {
                q.target_seconds.to_string()
            },
            target_hours: if email {
                shown(f64::from(q.target_seconds) / 3600.0)
            } else {
                "8".into()
            },
            aht_seconds: q.aht_seconds.to_string(),
            concurrency: q.concurrency.to_string(),
            patience_seconds: q
                .patience_seconds
                .map(|p| p.to_string())
                .unwrap_or_default(),
            max_occupancy_pct: shown(q.max_occupancy * 100.0),
            shrinkage_pct: shown(q.shrinkage * 100.0),
            version: Some(q.version),
        }
    }

    /// The API's input, or the errors named by this form's fields.
    pub fn to_input(&self) -> Result<QueueInput, FieldErrors> {
        let mut e = FieldErrors::default();
        let interval =
            num(&mut e, "interval_minutes", &self.interval_minutes, false).map(|x| x as i32);
        let email = self.kind == "email";
        let target_pct = num(&mut e, "target_pct", &self.target_pct, true);
        let target = if email {
            num(&mut e, "target_hours", &self.target_hours, true).map(|h| h * 3600.0)
        } else {
            num(&mut e, "target_seconds", &self.target_seconds, true)
        };
        let aht = num(&mut e, "aht_seconds", &self.aht_seconds, true);
        let concurrency = num(&mut e, "concurrency", &self.concurrency, false);
        let patience = num(&mut e, "patience_seconds", &self.patience_seconds, false);
        let occ = num(&mut e, "max_occupancy_pct", &self.max_occupancy_pct, false);
        let shrink = num(&mut e, "shrinkage_pct", &self.shrinkage_pct, false);
        let mut volumes = [0u32; 7];
        for (i, (day, v)) in WEEKDAYS.iter().zip(self.volumes()).enumerate() {
            if let Some(x) = num(&mut e, &format!("volume_{day}"), v, false) {
                if !(0.0..=1_000_000.0).contains(&x) || x.fract() != 0.0 {
                    e.add(
                        &format!("volume_{day}"),
                        "whole",
                        "Write a whole number from 0 to 1,000,000.",
                    );
                } else {
                    volumes[i] = x as u32;
                }
            }
        }
        let step = interval
            .filter(|i| super::forms::INTERVALS.contains(i))
            .unwrap_or(30);
        let profile = if self.profile_csv.trim().is_empty() {
            vec![]
        } else {
            match profile_from_csv(&self.profile_csv, step) {
                Ok(p) => p,
                Err(msg) => {
                    e.add("profile_csv", "csv", msg);
                    vec![]
                }
            }
        };
        for (field, v, max) in [
            ("target_pct", target_pct, 99.9),
            ("max_occupancy_pct", occ, 100.0),
            ("shrinkage_pct", shrink, 95.0),
        ] {
            if let Some(x) = v {
                let min = if field == "max_occupancy_pct" {
                    1.0
                } else {
                    0.0
                };
                super::numbers::within(&mut e, field, x, min, max);
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        let h = self.hours();
        let v = volumes;
        Ok(QueueInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            interval_minutes: interval,
            opening_hours: OpeningHours {
                mon: h[0].clone(),
                tue: h[1].clone(),
                wed: h[2].clone(),
                thu: h[3].clone(),
                fri: h[4].clone(),
                sat: h[5].clone(),
                sun: h[6].clone(),
            },
            weekday_volumes: WeekdayVolumes {
                mon: v[0],
                tue: v[1],
                wed: v[2],
                thu: v[3],
                fri: v[4],
                sat: v[5],
                sun: v[6],
            },
            profile,
            profile_csv: None,
            target_service_level: target_pct.map(|p| p / 100.0),
            target_seconds: target,
            aht_seconds: aht,
            concurrency,
            patience_seconds: patience,
            max_occupancy: occ.map(|p| p / 100.0),
            shrinkage: shrink.map(|p| p / 100.0),
            version: self.version,
        })
    }

    /// The API's field names as this form's, so each error sits beside its own field.
    pub fn rename_errors(&self, e: FieldErrors) -> FieldErrors {
        let email = self.kind == "email";
        FieldErrors(
            e.0.into_iter()
                .map(|mut err| {
                    err.field = match err.field.as_str() {
                        f if f.starts_with("opening_hours.") => format!("hours_{}", &f[14..]),
                        f if f.starts_with("weekday_volumes.") => format!("volume_{}", &f[16..]),
                        f if f.starts_with("profile") => "profile_csv".into(),
                        "target_service_level" => "target_pct".into(),
                        "target_seconds" if email => "target_hours".into(),
                        "max_occupancy" => "max_occupancy_pct".into(),
                        "shrinkage" => "shrinkage_pct".into(),
                        other => other.to_string(),
                    };
                    err
                })
                .collect(),
        )
    }
}
