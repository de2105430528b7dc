//! Which level of a threshold ladder is in force: one pure function, tested at every boundary.
//!
//! A level is entered when the value reaches its trigger. It is left only when the value falls
//! `margin` below the trigger, so a value wobbling around 20 % does not flap between levels.
//! Formally, with triggers t₀ < t₁ < … and the current level c, level i counts as reached when
//! `value ≥ tᵢ − margin` for i ≤ c (levels already held) and `value ≥ tᵢ` for i > c (levels
//! above). Those thresholds still increase with i, so the reached levels form a prefix and the
//! answer is the highest of them: monotone in the value, and idempotent.

/// The index of the level in force (into `triggers`, ascending), or `None` below the first.
pub fn decide_level(
    triggers: &[f64],
    current: Option<usize>,
    value: f64,
    margin: f64,
) -> Option<usize> {
    if !value.is_finite() {
        return current.filter(|c| *c < triggers.len());
    }
    let margin = if margin.is_finite() {
        margin.max(0.0)
    } else {
        0.0
    };
    let mut level = None;
    for (i, &trigger) in triggers.iter().enumerate() {
        let held = current.is_some_and(|c| i <= c);
        let threshold = if held { trigger - margin } else { trigger };
        if value >= threshold {
            level = Some(i);
        } else {
            break;
        }
    }
    level
}

/// A falling metric (the forecast service level): triggers descend and a level is reached when
/// the value is at or below its trigger; it is left when the value rises `margin` above it.
/// While people have not checked in, the value is a range: the level rises only as far as the
/// optimistic `high` figure says, and falls only as far as the pessimistic `low` figure allows,
/// so a morning with few check-ins neither fires a ladder nor calls it off.
pub fn decide_falling_level(
    triggers: &[f64],
    current: Option<usize>,
    low: f64,
    high: f64,
    margin: f64,
) -> Option<usize> {
    let negated: Vec<f64> = triggers.iter().map(|t| -t).collect();
    let up = decide_level(&negated, current, -high, margin);
    let down = decide_level(&negated, current, -low, margin);
    let held = current.filter(|c| *c < triggers.len());
    up.max(held.min(down))
}

/// Triggers must rise strictly from one level to the next; `Err(index)` names the first that
/// does not.
pub fn check_ascending(triggers: &[f64]) -> Result<(), usize> {
    match triggers.windows(2).position(|w| w[1] <= w[0]) {
        Some(i) => Err(i + 1),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const LADDER: [f64; 2] = [20.0, 50.0];

    #[test]
    fn below_the_first_trigger_there_is_no_level() {
        assert_eq!(decide_level(&LADDER, None, 19.9, 5.0), None);
        assert_eq!(decide_level(&LADDER, None, 0.0, 5.0), None);
        assert_eq!(decide_level(&[], None, 99.0, 5.0), None);
    }

    #[test]
    fn a_trigger_is_reached_at_exactly_its_value() {
        assert_eq!(decide_level(&LADDER, None, 20.0, 5.0), Some(0));
        assert_eq!(decide_level(&LADDER, Some(0), 50.0, 5.0), Some(1));
        assert_eq!(
            decide_level(&LADDER, None, 50.0, 5.0),
            Some(1),
            "can jump two levels at once"
        );
    }

    #[test]
    fn a_level_is_held_until_the_value_falls_the_margin_below_its_trigger() {
        assert_eq!(decide_level(&LADDER, Some(0), 17.0, 5.0), Some(0));
        assert_eq!(
            decide_level(&LADDER, Some(0), 15.0, 5.0),
            Some(0),
            "exactly trigger − margin still holds"
        );
        assert_eq!(decide_level(&LADDER, Some(0), 14.99, 5.0), None);
        assert_eq!(decide_level(&LADDER, Some(1), 46.0, 5.0), Some(1));
        assert_eq!(
            decide_level(&LADDER, Some(1), 44.0, 5.0),
            Some(0),
            "falls one level, keeps the lower one"
        );
        assert_eq!(
            decide_level(&LADDER, Some(1), 10.0, 5.0),
            None,
            "falls all the way"
        );
    }

    #[test]
    fn the_margin_does_not_make_rising_easier() {
        assert_eq!(decide_level(&LADDER, Some(0), 46.0, 5.0), Some(0));
        assert_eq!(decide_level(&LADDER, None, 16.0, 5.0), None);
    }

    #[test]
    fn a_value_that_is_not_a_number_changes_nothing() {
        assert_eq!(decide_level(&LADDER, Some(1), f64::NAN, 5.0), Some(1));
        assert_eq!(decide_level(&LADDER, None, f64::INFINITY, 5.0), None);
    }

    #[test]
    fn a_current_level_that_no_longer_exists_is_ignored() {
        assert_eq!(decide_level(&LADDER, Some(7), 30.0, 5.0), Some(0));
        assert_eq!(decide_level(&LADDER, Some(7), f64::NAN, 5.0), None);
    }

    #[test]
    fn ascending_triggers_are_checked() {
        assert_eq!(check_ascending(&[10.0, 20.0, 50.0]), Ok(()));
        assert_eq!(check_ascending(&[10.0, 10.0]), Err(1));
        assert_eq!(check_ascending(&[10.0, 30.0, 20.0]), Err(2));
    }

    const FALLING: [f64; 2] = [80.0, 60.0];

    #[test]
    fn a_falling_ladder_fires_when_the_forecast_drops_to_a_trigger() {
        assert_eq!(decide_falling_level(&FALLING, None, 85.0, 85.0, 5.0), None);
        assert_eq!(
            decide_falling_level(&FALLING, None, 80.0, 80.0, 5.0),
            Some(0)
        );
        assert_eq!(
            decide_falling_level(&FALLING, None, 40.0, 40.0, 5.0),
            Some(1)
        );
        assert_eq!(
            decide_falling_level(&FALLING, Some(0), 84.0, 84.0, 5.0),
            Some(0),
            "held within the margin"
        );
        assert_eq!(
            decide_falling_level(&FALLING, Some(0), 85.1, 85.1, 5.0),
            None
        );
        assert_eq!(
            decide_falling_level(&FALLING, Some(1), 70.0, 70.0, 5.0),
            Some(0)
        );
    }

    #[test]
    fn a_range_rises_on_its_optimistic_end_and_falls_on_its_pessimistic_end() {
        // 07:30, most unknown: with them absent the forecast is 10 %, with them present 90 %.
        assert_eq!(decide_falling_level(&FALLING, None, 10.0, 90.0, 5.0), None);
        // Even with every unknown present it is 70 %: certain enough to fire.
        assert_eq!(
            decide_falling_level(&FALLING, None, 10.0, 70.0, 5.0),
            Some(0)
        );
        // A level held is not called off while the pessimistic end is still low.
        assert_eq!(
            decide_falling_level(&FALLING, Some(1), 30.0, 95.0, 5.0),
            Some(1)
        );
        assert_eq!(
            decide_falling_level(&FALLING, Some(1), 70.0, 95.0, 5.0),
            Some(0)
        );
    }

    fn ladder() -> impl Strategy<Value = Vec<f64>> {
        prop::collection::vec(1.0f64..30.0, 0..6).prop_map(|steps| {
            let mut t = 0.0;
            steps
                .into_iter()
                .map(|s| {
                    t += s;
                    t
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn the_level_never_falls_when_the_value_rises(triggers in ladder(), current in prop::option::of(0usize..6),
                                                      a in 0.0f64..200.0, b in 0.0f64..200.0, margin in 0.0f64..10.0) {
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            prop_assert!(decide_level(&triggers, current, lo, margin) <= decide_level(&triggers, current, hi, margin));
        }

        #[test]
        fn deciding_twice_on_the_same_value_changes_nothing(triggers in ladder(), current in prop::option::of(0usize..6),
                                                            value in 0.0f64..200.0, margin in 0.0f64..10.0) {
            let once = decide_level(&triggers, current, value, margin);
            prop_assert_eq!(decide_level(&triggers, once, value, margin), once);
        }

        #[test]
        fn wobbling_inside_the_margin_never_flaps(triggers in ladder(), margin in 0.5f64..10.0,
                                                  level in 0usize..6, wobble in prop::collection::vec(0.0f64..1.0, 1..30)) {
            prop_assume!(level < triggers.len());
            let trigger = triggers[level];
            let next = triggers.get(level + 1).copied().unwrap_or(f64::MAX);
            let mut current = decide_level(&triggers, None, trigger, margin);
            prop_assert_eq!(current, Some(level));
            for w in wobble {
                // Anywhere from `margin` below the trigger up to just under the next one.
                let value = (trigger - margin) + w * (next.min(trigger + margin) - (trigger - margin)) * 0.999;
                current = decide_level(&triggers, current, value, margin);
                prop_assert_eq!(current, Some(level), "value {} moved the level", value);
            }
        }

        #[test]
        fn without_a_margin_the_level_is_simply_the_highest_trigger_reached(triggers in ladder(), current in prop::option::of(0usize..6),
                                                                            value in 0.0f64..200.0) {
            let raw = triggers.iter().rposition(|t| value >= *t);
            prop_assert_eq!(decide_level(&triggers, current, value, 0.0), raw);
        }

        #[test]
        fn reaching_a_trigger_always_reaches_its_level(triggers in ladder(), current in prop::option::of(0usize..6),
                                                       margin in 0.0f64..10.0, pick in 0usize..6) {
            prop_assume!(pick < triggers.len());
            prop_assert!(decide_level(&triggers, current, triggers[pick], margin) >= Some(pick));
        }
    }
}
