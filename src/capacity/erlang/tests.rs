use super::*;
use proptest::prelude::*;

/// The reference: 100 calls per 30 minutes, 3 minutes each, 80 % within 20 s.
fn reference() -> Queue {
    Queue {
        load: offered_load(100.0, 1800.0, 180.0),
        aht_seconds: 180.0,
        target_seconds: 20.0,
        target_service_level: 0.8,
        max_occupancy: 0.85,
        patience_seconds: None,
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[test]
fn the_reference_queue_needs_14_agents_and_20_on_the_schedule() {
    let q = reference();
    assert_eq!(q.load, 10.0);
    assert_eq!(
        q.staffing(0.3),
        Staffing {
            agents_required: 14,
            agents_to_schedule: 20
        }
    );
    let o = q.outcome(14);
    assert_eq!(round3(o.service_level), 0.888);
    assert_eq!(round3(o.occupancy), 0.714);
    assert_eq!(round3(o.waiting_probability), 0.174);
    assert!(!o.overloaded);
}

#[test]
fn the_reference_queue_with_11_agents_answers_39_percent_in_time() {
    let o = reference().outcome(11);
    assert_eq!(round3(o.service_level), 0.390);
    assert_eq!(round3(o.occupancy), 0.909);
    assert_eq!(round3(o.waiting_probability), 0.682);
    // ASA = C·AHT/(N−A) = 0.6821 × 180 / 1.
    assert_eq!(o.asa_seconds.map(|s| s.round()), Some(123.0));
}

#[test]
fn thirteen_agents_miss_the_target_and_fourteen_meet_it() {
    let q = reference();
    assert!(q.outcome(13).service_level < 0.8);
    assert!(q.outcome(14).service_level >= 0.8);
}

#[test]
fn the_occupancy_cap_raises_the_requirement() {
    // A long target is met by 11 agents on service alone, but 10/11 = 91 % busy is over 85 %.
    let q = Queue {
        target_seconds: 3600.0,
        ..reference()
    };
    assert_eq!(q.agents_required(), 12, "⌈10 / 0.85⌉");
}

#[test]
fn schedule_rounding_forgives_floating_point_noise() {
    assert_eq!(to_schedule(14.0, 0.3), 20);
    assert_eq!(ceil_count(8.5 / 0.85), 10);
    assert_eq!(to_schedule(0.0, 0.3), 0);
}

#[test]
fn two_thousand_agents_on_fifteen_hundred_erlangs_is_a_plain_number() {
    let b = erlang_b(2000, 1500.0);
    assert!(b.is_finite() && (0.0..=1.0).contains(&b));
    let c = erlang_c(2000, 1500.0).unwrap();
    assert!(c.is_finite() && (0.0..=1.0).contains(&c));
    let q = Queue {
        load: 1500.0,
        ..reference()
    };
    let n = q.agents_required();
    assert!((1500..=2000).contains(&n), "{n}");
    let o = q.outcome(n);
    assert!(o.service_level >= 0.8 && o.service_level.is_finite());
    let with_patience = Queue {
        patience_seconds: Some(60.0),
        ..q
    };
    for agents in [0, 1, 1000, 1499, 1500, 1501, 2000] {
        let o = with_patience.outcome(agents);
        for v in [o.service_level, o.waiting_probability, o.occupancy] {
            assert!(v.is_finite() && (0.0..=1.0).contains(&v), "{agents}: {o:?}");
        }
        let ab = o.abandonment.unwrap();
        assert!(
            ab.is_finite() && (0.0..=1.0).contains(&ab),
            "{agents}: {o:?}"
        );
    }
}

#[test]
fn too_few_agents_is_said_not_computed_as_a_negative_wait() {
    for n in [0, 5, 10] {
        let o = reference().outcome(n);
        assert!(o.overloaded, "{n}");
        assert_eq!(o.service_level, 0.0);
        assert_eq!(o.waiting_probability, 1.0);
        assert_eq!(o.asa_seconds, None);
        assert_eq!(o.occupancy, 1.0);
    }
    assert_eq!(erlang_c(10, 10.0), None);
}

#[test]
fn no_contacts_need_no_agents() {
    let q = Queue {
        load: 0.0,
        ..reference()
    };
    assert_eq!(q.agents_required(), 0);
    let o = q.outcome(0);
    assert_eq!(o.service_level, 1.0);
    assert!(!o.overloaded);
}

#[test]
fn erlang_a_with_endless_patience_is_erlang_c() {
    let c = reference();
    let a = Queue {
        patience_seconds: Some(1e8),
        ..c
    };
    for n in [11, 12, 14, 20] {
        let (oc, oa) = (c.outcome(n), a.outcome(n));
        assert!(
            (oc.service_level - oa.service_level).abs() < 1e-4,
            "{n}: {oc:?} {oa:?}"
        );
        assert!((oc.waiting_probability - oa.waiting_probability).abs() < 1e-4);
        assert!((oc.asa_seconds.unwrap() - oa.asa_seconds.unwrap()).abs() < 0.05);
        assert!(oa.abandonment.unwrap() < 1e-3);
    }
}

#[test]
fn callers_who_hang_up_are_the_abandonment_rate_times_the_queue() {
    // Little's law on the queue: abandonment share = θ·E[queue] / λ.
    for (n, a, theta) in [
        (8, 10.0, 3.0),
        (11, 10.0, 0.5),
        (14, 10.0, 2.0),
        (3, 10.0, 0.1),
    ] {
        let r = erlang_a(n, a, theta, 20.0 / 180.0);
        assert!(
            (r.abandonment - theta * r.mean_queue / a).abs() < 1e-9,
            "{n} {a} {theta}: {r:?}"
        );
    }
}

/// Erlang A solved the slow way: the stationary distribution by direct products, and each
/// waiting caller's chance to be answered in time by integrating the tagged-caller equations
/// (RK4): u_j' = (n + jθ)(u_{j−1} − u_j) − θu_j, u_{−1} = 1.
fn erlang_a_slowly(n: u32, a: f64, theta: f64, target: f64) -> (f64, f64) {
    let nf = f64::from(n);
    let kmax = 400;
    let mut pi = vec![1.0f64];
    for j in 1..=(n as usize + kmax) {
        let death = if j <= n as usize {
            j as f64
        } else {
            nf + (j - n as usize) as f64 * theta
        };
        let last = *pi.last().unwrap();
        pi.push(last * a / death);
    }
    let z: f64 = pi.iter().sum();
    let steps = 20_000;
    let h = target / steps as f64;
    let mut u = vec![0.0f64; kmax];
    let deriv = |u: &[f64]| -> Vec<f64> {
        (0..u.len())
            .map(|j| {
                let ahead = if j == 0 { 1.0 } else { u[j - 1] };
                (nf + j as f64 * theta) * (ahead - u[j]) - theta * u[j]
            })
            .collect()
    };
    for _ in 0..steps {
        let k1 = deriv(&u);
        let t: Vec<f64> = u.iter().zip(&k1).map(|(x, d)| x + h / 2.0 * d).collect();
        let k2 = deriv(&t);
        let t: Vec<f64> = u.iter().zip(&k2).map(|(x, d)| x + h / 2.0 * d).collect();
        let k3 = deriv(&t);
        let t: Vec<f64> = u.iter().zip(&k3).map(|(x, d)| x + h * d).collect();
        let k4 = deriv(&t);
        for j in 0..u.len() {
            u[j] += h / 6.0 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
        }
    }
    let mut sl: f64 = pi[..n as usize].iter().sum();
    let mut ab = 0.0;
    for k in 0..kmax {
        let p = pi[n as usize + k];
        sl += p * u[k];
        ab += p * (k as f64 + 1.0) * theta / (nf + (k as f64 + 1.0) * theta);
    }
    (sl / z, ab / z)
}

#[test]
fn erlang_a_agrees_with_the_slow_way() {
    for (n, a, theta, target) in [
        (11, 10.0, 180.0 / 120.0, 20.0 / 180.0),
        (8, 10.0, 3.0, 0.5),
        (14, 10.0, 0.5, 1.0 / 9.0),
        (2, 3.0, 1.0, 0.25),
        (0, 2.0, 1.0, 0.25),
    ] {
        let fast = erlang_a(n, a, theta, target);
        let (sl, ab) = erlang_a_slowly(n, a, theta, target);
        assert!(
            (fast.service_level - sl).abs() < 1e-7,
            "{n} {a}: {} vs {sl}",
            fast.service_level
        );
        assert!(
            (fast.abandonment - ab).abs() < 1e-9,
            "{n} {a}: {} vs {ab}",
            fast.abandonment
        );
    }
}

#[test]
fn an_overloaded_queue_with_patience_loses_the_excess_to_hang_ups() {
    // 10 Erlangs on 8 agents: at least a fifth of the callers cannot be served.
    let q = Queue {
        patience_seconds: Some(60.0),
        ..reference()
    };
    let o = q.outcome(8);
    assert!(o.overloaded);
    let ab = o.abandonment.unwrap();
    assert!((0.2 - 1e-9..0.35).contains(&ab), "{o:?}");
    // Impatient callers leave quickly, so those who stay are answered soon: about half in time.
    assert!(o.service_level > 0.45 && o.service_level < 0.6, "{o:?}");
    assert!(o.asa_seconds.unwrap() > 0.0);
}

fn queue_strategy() -> impl Strategy<Value = Queue> {
    (
        0.1f64..300.0,
        10.0f64..900.0,
        0.0f64..120.0,
        0.5f64..0.99,
        0.6f64..1.0,
        prop::option::of(5.0f64..600.0),
    )
        .prop_map(|(load, aht, target, sl, occ, patience)| Queue {
            load,
            aht_seconds: aht,
            target_seconds: target,
            target_service_level: sl,
            max_occupancy: occ,
            patience_seconds: patience,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn service_level_rises_with_agents(q in queue_strategy(), n in 0u32..400) {
        let (less, more) = (q.outcome(n), q.outcome(n + 1));
        prop_assert!(more.service_level >= less.service_level - 1e-12, "{:?} {:?}", less, more);
        prop_assert!(more.waiting_probability <= less.waiting_probability + 1e-12);
        if let (Some(x), Some(y)) = (less.abandonment, more.abandonment) {
            prop_assert!(y <= x + 1e-12);
        }
    }

    #[test]
    fn service_level_falls_with_load(q in queue_strategy(), extra in 0.0f64..50.0, n in 1u32..400) {
        let heavier = Queue { load: q.load + extra, ..q };
        prop_assert!(heavier.outcome(n).service_level <= q.outcome(n).service_level + 1e-12);
    }

    #[test]
    fn agents_required_never_fall_when_load_rises(q in queue_strategy(), extra in 0.0f64..50.0) {
        let heavier = Queue { load: q.load + extra, ..q };
        prop_assert!(heavier.agents_required() >= q.agents_required());
    }

    #[test]
    fn the_required_agents_meet_the_target_and_one_fewer_does_not(q in queue_strategy()) {
        let c = Queue { patience_seconds: None, ..q };
        let n = c.agents_required();
        let o = c.outcome(n);
        prop_assert!(o.service_level >= c.target_service_level - 1e-9);
        prop_assert!(o.occupancy <= c.max_occupancy + 1e-9);
        if n > 1 {
            let fewer = c.outcome(n - 1);
            prop_assert!(fewer.service_level < c.target_service_level - 1e-9 || fewer.occupancy > c.max_occupancy - 1e-9 || (f64::from(n - 1) * c.max_occupancy) < c.load);
        }
    }

    #[test]
    fn every_figure_is_a_finite_share(q in queue_strategy(), n in 0u32..2500) {
        let o = q.outcome(n);
        for v in [o.service_level, o.waiting_probability, o.occupancy] {
            prop_assert!(v.is_finite() && (0.0..=1.0).contains(&v), "{:?}", o);
        }
        if let Some(asa) = o.asa_seconds { prop_assert!(asa.is_finite() && asa >= 0.0); }
        if let Some(ab) = o.abandonment { prop_assert!(ab.is_finite() && (0.0..=1.0).contains(&ab)); }
    }
}
