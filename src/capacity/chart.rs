//! The forecast chart of one queue: agents required per interval as steps against the agents
//! available (the low figure as a line, the high figure dashed), the shortfall shaded.
use super::forecast::QueueForecast;
use maud::{html, Markup, PreEscaped};

const W: f64 = 400.0;
const H: f64 = 190.0;
const LEFT: f64 = 30.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 10.0;

/// `title` names the chart for assistive technology; the caller puts the table beside it.
pub fn queue_chart(title: &str, f: &QueueForecast) -> Markup {
    let n = f.intervals.len();
    if n == 0 {
        return html! {};
    }
    let ticks = crate::trends::chart::ticks(
        f.intervals
            .iter()
            .map(|i| f64::from(i.agents_required).max(f64::from(i.high.agents)))
            .fold(1.0, f64::max)
            * 1.1,
    );
    let top = *ticks.last().unwrap_or(&1.0);
    let step = (W - LEFT - 8.0) / n as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: f64| TOP + (H - TOP - BOTTOM) * (1.0 - (v / top).clamp(0.0, 1.0));
    let steps = |value: &dyn Fn(usize) -> f64| {
        let mut d = String::new();
        for i in 0..n {
            let v = y(value(i));
            d.push_str(&format!(
                "{}{:.1},{:.1} L{:.1},{:.1} ",
                if i == 0 { "M" } else { "L" },
                x(i),
                v,
                x(i + 1),
                v
            ));
        }
        d
    };
    let required = steps(&|i| f64::from(f.intervals[i].agents_required));
    let low = steps(&|i| f64::from(f.intervals[i].low.agents));
    let high = steps(&|i| f64::from(f.intervals[i].high.agents));
    let label_every = (n / 4).max(1);
    html! {
        svg.chart.capacity-chart viewBox={ "0 0 " (W) " " (H) } role="img" aria-label=(title) {
            title { (title) }
            @for t in &ticks {
                line.grid x1=(LEFT) x2=(W - 8.0) y1=(format!("{:.1}", y(*t))) y2=(format!("{:.1}", y(*t))) {}
                text.axis x=(LEFT - 5.0) y=(format!("{:.1}", y(*t) + 4.0)) text-anchor="end" { (format!("{t:.0}")) }
            }
            @for (i, iv) in f.intervals.iter().enumerate() {
                @if iv.gap > 0 {
                    rect.gap x=(format!("{:.1}", x(i))) width=(format!("{:.1}", step)) y=(format!("{:.1}", y(f64::from(iv.agents_required))))
                        height=(format!("{:.1}", y(f64::from(iv.low.agents)) - y(f64::from(iv.agents_required)))) {}
                }
                @if i % label_every == 0 {
                    text.axis x=(format!("{:.1}", x(i))) y=(H - 6.0) { (iv.start) }
                }
            }
            path.line.required d=(PreEscaped(required.trim())) {}
            path.line.available-high d=(PreEscaped(high.trim())) {}
            path.line.available d=(PreEscaped(low.trim())) {}
        }
    }
}
