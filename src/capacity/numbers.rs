//! Range checks for the numbers a queue and the calculator take, each naming its field.
use crate::error::FieldErrors;

fn shown(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

/// A required number within `[min, max]`; returns it when it is there and in range.
pub fn required(
    e: &mut FieldErrors,
    field: &str,
    v: Option<f64>,
    min: f64,
    max: f64,
) -> Option<f64> {
    match v {
        None => {
            e.add(field, "required", "This field is required.");
            None
        }
        Some(x) => within(e, field, x, min, max),
    }
}

/// An optional number within `[min, max]`.
pub fn optional(
    e: &mut FieldErrors,
    field: &str,
    v: Option<f64>,
    min: f64,
    max: f64,
) -> Option<f64> {
    v.and_then(|x| within(e, field, x, min, max))
}

pub fn within(e: &mut FieldErrors, field: &str, x: f64, min: f64, max: f64) -> Option<f64> {
    if x.is_finite() && (min..=max).contains(&x) {
        Some(x)
    } else {
        let (lo, hi) = (shown(min), shown(max));
        e.add_with(
            field,
            "range",
            format!("Use a value between {lo} and {hi}."),
            &[("min", &lo), ("max", &hi)],
        );
        None
    }
}
