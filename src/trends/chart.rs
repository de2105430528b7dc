//! A small SVG line chart: days across, values up, optional horizontal threshold lines. Gaps
//! (days without a value) break the line rather than drawing through them.
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

fn nice_max(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if v <= m * mag {
            return m * mag;
        }
    }
    10.0 * mag
}

/// `title` labels the chart for assistive technology; the caller adds the text alternative.
pub fn line_chart(
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
    let top = y_max.unwrap_or_else(|| nice_max(highest * 1.1));
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
    html! {
        svg.chart viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(title) {
            title { (title) }
            @for frac in [0.0, 0.5, 1.0] {
                line.grid x1=(LEFT) x2=(W - 8.0) y1=(format!("{:.1}", y(top * frac))) y2=(format!("{:.1}", y(top * frac))) {}
                text.axis x=(LEFT - 6.0) y=(format!("{:.1}", y(top * frac) + 4.0)) text-anchor="end" { (format!("{:.0}{}", top * frac, unit)) }
            }
            @for (v, label) in thresholds {
                line.threshold x1=(LEFT) x2=(W - 8.0) y1=(format!("{:.1}", y(*v))) y2=(format!("{:.1}", y(*v))) {}
                text.threshold-label x=(W - 10.0) y=(format!("{:.1}", y(*v) - 3.0)) text-anchor="end" { (label) " " (format!("{v:.0}{unit}")) }
            }
            @for (d, class) in &paths {
                path class={ "line " (class) } d=(PreEscaped(d.trim())) {}
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
    fn axis_maxima_are_round_numbers_above_the_data() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(23.0), 25.0);
        assert_eq!(nice_max(120.0), 200.0);
    }

    #[test]
    fn a_missing_day_breaks_the_line() {
        let d = |n| NaiveDate::from_ymd_opt(2026, 1, n).unwrap();
        let s = Series {
            name: "x".into(),
            class: "a",
            points: vec![(d(1), Some(1.0)), (d(2), None), (d(3), Some(2.0))],
        };
        let svg = line_chart("t", &[s], &[], Some(4.0), "").into_string();
        assert_eq!(svg.matches('M').count(), 2, "two pen-down moves: {svg}");
    }
}
