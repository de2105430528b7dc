//! A small SVG line chart: days across, values up, optional horizontal threshold lines. Gaps
//! (days without a value) break the line rather than drawing through them; a value with no
//! neighbour is drawn as a point with its figure, so the first day already shows something.
//! The value axis steps by 1, 2 or 5 times a power of ten.
use crate::i18n::Lang;
use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped};

pub struct Series<'a> {
    pub name: String,
    /// A CSS class giving the colour.
    pub class: &'a str,
    pub points: Vec<(NaiveDate, Option<f64>)>,
}

const W: f64 = 720.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;

/// Ticks from 0 to at least `max` in round steps (1, 2 or 5 times a power of ten), about five.
pub fn ticks(max: f64) -> Vec<f64> {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * mag);
    let n = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

fn tick_label(lang: Lang, v: f64, step: f64, unit: &str) -> String {
    let places = if step < 1.0 { 1 } else { 0 };
    format!("{}{unit}", lang.decimal(v, places))
}

/// `title` labels the chart for assistive technology; the caller adds the text alternative.
pub fn line_chart(
    lang: Lang,
    title: &str,
    series: &[Series],
    thresholds: &[(f64, String)],
    y_max: Option<f64>,
    unit: &str,
) -> Markup {
    let days = series.first().map(|s| s.points.len()).unwrap_or(0).max(2);
    let highest = series
        .iter()
        .flat_map(|s| s.points.iter().filter_map(|p| p.1))
        .chain(thresholds.iter().map(|t| t.0))
        .fold(0.0, f64::max);
    let ticks = ticks(y_max.unwrap_or(highest * 1.1));
    let top = *ticks.last().unwrap_or(&1.0);
    let step = ticks.get(1).copied().unwrap_or(top);
    let x = |i: usize| LEFT + (W - LEFT - 8.0) * i as f64 / (days - 1) as f64;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v / top).clamp(0.0, 1.0));
    let first = series
        .first()
        .and_then(|s| s.points.first())
        .map(|p| p.0.to_string())
        .unwrap_or_default();
    let last = series
        .first()
        .and_then(|s| s.points.last())
        .map(|p| p.0.to_string())
        .unwrap_or_default();
    let paths: Vec<(String, &str)> = series
        .iter()
        .map(|s| {
            let mut d = String::new();
            let mut pen_down = false;
            for (i, (_, v)) in s.points.iter().enumerate() {
                match v {
                    Some(v) => {
                        d.push_str(&format!(
                            "{}{:.1},{:.1} ",
                            if pen_down { "L" } else { "M" },
                            x(i),
                            y(*v)
                        ));
                        pen_down = true;
                    }
                    None => pen_down = false,
                }
            }
            (d, s.class)
        })
        .collect();
    // Values without a neighbour on either side: a point, and its figure.
    let lone: Vec<(f64, f64, f64, &str)> = series
        .iter()
        .flat_map(|s| {
            let p = &s.points;
            (0..p.len()).filter_map(move |i| {
                let v = p[i].1?;
                let before = i > 0 && p[i - 1].1.is_some();
                let after = i + 1 < p.len() && p[i + 1].1.is_some();
                (!before && !after).then(|| (x(i), y(v), v, s.class))
            })
        })
        .collect();
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(title) {
            title { (title) }
            @for t in &ticks {
                line.grid x1=(LEFT) x2=(W - 8.0) y1=(format!("{:.1}", y(*t))) y2=(format!("{:.1}", y(*t))) {}
                text.axis x=(LEFT - 6.0) y=(format!("{:.1}", y(*t) + 4.0)) text-anchor="end" { (tick_label(lang, *t, step, unit)) }
            }
            @for (v, label) in thresholds {
                line.threshold x1=(LEFT) x2=(W - 8.0) y1=(format!("{:.1}", y(*v))) y2=(format!("{:.1}", y(*v))) {}
                text.threshold-label x=(W - 10.0) y=(format!("{:.1}", y(*v) - 3.0)) text-anchor="end" { (label) " " (format!("{v:.0}{unit}")) }
            }
            @for (d, class) in &paths {
                path class={ "line " (class) } d=(PreEscaped(d.trim())) {}
            }
            @for (px, py, v, class) in &lone {
                circle class={ "point " (class) } cx=(format!("{px:.1}")) cy=(format!("{py:.1}")) r="4" {}
                text.point-label x=(format!("{px:.1}")) y=(format!("{:.1}", py - 8.0)) text-anchor="middle" { (tick_label(lang, *v, 0.1, unit)) }
            }
            text.axis x=(LEFT) y=(H - 6.0) { (first) }
            text.axis x=(W - 8.0) y=(H - 6.0) text-anchor="end" { (last) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_value_axis_steps_by_round_numbers_to_above_the_data() {
        assert_eq!(ticks(5.0), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(ticks(55.0), vec![0.0, 20.0, 40.0, 60.0]);
        assert_eq!(
            ticks(4400.0),
            vec![0.0, 1000.0, 2000.0, 3000.0, 4000.0, 5000.0]
        );
        assert_eq!(ticks(100.0), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(
            ticks(0.0),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
    }

    #[test]
    fn one_day_of_figures_is_a_point_with_its_value() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 1, n).unwrap();
        let s = Series {
            name: "x".into(),
            class: "a",
            points: vec![(d(1), None), (d(2), Some(12.5))],
        };
        let svg = line_chart(Lang::En, "t", &[s], &[], None, " %").into_string();
        assert!(svg.contains("<circle"), "{svg}");
        assert!(svg.contains(">12.5 %</text>"), "{svg}");
    }

    #[test]
    fn a_missing_day_breaks_the_line() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 1, n).unwrap();
        let s = Series {
            name: "x".into(),
            class: "a",
            points: vec![(d(1), Some(1.0)), (d(2), None), (d(3), Some(2.0))],
        };
        let svg = line_chart(Lang::En, "t", &[s], &[], Some(4.0), "").into_string();
        assert_eq!(svg.matches('M').count(), 2, "two pen-down moves: {svg}");
    }
}
