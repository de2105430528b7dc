use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use beredskap::clock::Clock;
use chrono::{TimeZone, Utc};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

/// Acme with `staff` staff in two teams: the organisation, the lead's token, the staff's.
async fn organisation(
    app: &TestApp,
    staff: usize,
) -> (
    beredskap::entities::organisation::Model,
    String,
    Vec<String>,
) {
    let a = crate::fixtures::acme_in_teams(app, staff, true).await;
    (a.org, a.lead, a.staff)
}

async fn check_in(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.send_api(Method::POST, "/api/v1/checkins", token, body)
        .await
}

#[tokio::test]
async fn people_not_checked_in_are_unknown_and_absence_is_over_the_headcount() {
    let app = spawn_app().await;
    let (_, lead, staff) = organisation(&app, 10).await;
    for (i, status) in ["office", "remote", "sick", "child_care"]
        .iter()
        .enumerate()
    {
        assert_eq!(
            check_in(&app, &staff[i], json!({"status": status, "wellbeing": 4}))
                .await
                .status(),
            200
        );
    }

    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(
        a["overall"],
        json!({"headcount": 10, "present": 2, "absent": 2, "unknown": 6, "absence_pct": 20.0})
    );
    let phones = a["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["team_name"] == "Phones")
        .unwrap();
    assert_eq!(
        (
            phones["present"].as_u64(),
            phones["absent"].as_u64(),
            phones["unknown"].as_u64()
        ),
        (Some(1), Some(1), Some(3))
    );
    assert_eq!(a["wellbeing_avg"], 4.0);
}

#[tokio::test]
async fn one_check_in_per_person_per_day_and_it_can_be_changed_that_day() {
    let app = spawn_app().await;
    let (_, lead, staff) = organisation(&app, 2).await;
    check_in(&app, &staff[0], json!({"status": "office", "wellbeing": 5})).await;

    let changed: Value = check_in(
        &app,
        &staff[0],
        json!({"status": "sick", "wellbeing": 2, "note": "fever"}),
    )
    .await
    .json()
    .await
    .unwrap();

    assert_eq!(changed["status"], "sick");
    let all: Vec<Value> = app
        .get_api("/api/v1/checkins", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["overall"]["absent"], 1);
}

#[tokio::test]
async fn bad_check_ins_name_the_field_and_only_leave_can_be_planned_ahead() {
    let app = spawn_app().await;
    let (_, _, staff) = organisation(&app, 1).await;
    let tomorrow = (Utc::now() + chrono::Duration::days(2))
        .date_naive()
        .to_string();

    let res = check_in(
        &app,
        &staff[0],
        json!({"status": "dancing", "wellbeing": 9}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["status", "wellbeing"]);

    let res = check_in(
        &app,
        &staff[0],
        json!({"status": "office", "day": tomorrow}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["errors"][0]["code"],
        "not_plannable"
    );
    assert_eq!(
        check_in(&app, &staff[0], json!({"status": "leave", "day": tomorrow}))
            .await
            .status(),
        200
    );
    assert_eq!(
        check_in(
            &app,
            &staff[0],
            json!({"status": "sick", "day": "2020-01-01"})
        )
        .await
        .status(),
        422
    );
    let mine: Vec<Value> = app
        .get_api("/api/v1/checkins/mine", &staff[0])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0]["status"], "leave");
}

#[tokio::test]
async fn individual_sickness_and_wellbeing_are_for_the_crisis_lead_only() {
    let app = spawn_app().await;
    let (org, _, staff) = organisation(&app, 2).await;
    let member = app.token("member@acme.example").await;
    check_in(
        &app,
        &staff[0],
        json!({"status": "sick", "wellbeing": 1, "note": "migraine"}),
    )
    .await;

    assert_eq!(app.get_api("/api/v1/checkins", &member).await.status(), 403);
    assert_eq!(
        app.get_api("/api/v1/checkins", &staff[1]).await.status(),
        403
    );
    assert_eq!(
        app.get_api("/api/v1/absence", &staff[1]).await.status(),
        403
    );
    let aggregate = app
        .get_api("/api/v1/absence", &member)
        .await
        .text()
        .await
        .unwrap();
    assert!(!aggregate.contains("migraine") && aggregate.contains("\"absent\":1"));
    let someone_elses = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/checkins/people/{}", org.id),
            &member,
            json!({"status": "office"}),
        )
        .await;
    assert_eq!(someone_elses.status(), 403);
}

#[tokio::test]
async fn a_crisis_lead_records_a_check_in_on_someones_behalf_and_it_is_audited() {
    let app = spawn_app().await;
    let (org, lead, _) = organisation(&app, 1).await;
    let sam = app.create_user(&org, "sam@acme.example", "staff").await;
    let rival = app.create_org("rival").await;
    let stranger = app.create_user(&rival, "x@rival.example", "staff").await;

    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/checkins/people/{}", sam.id),
            &lead,
            json!({"status": "sick", "note": "Called in"}),
        )
        .await;

    assert_eq!(res.status(), 200);
    let c: Value = res.json().await.unwrap();
    assert!(c["recorded_by_user_id"].is_number());
    assert_eq!(
        app.send_api(
            Method::PUT,
            &format!("/api/v1/checkins/people/{}", stranger.id),
            &lead,
            json!({"status": "sick"})
        )
        .await
        .status(),
        404
    );
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let events = beredskap::entities::audit_event::Entity::find()
        .filter(beredskap::entities::audit_event::Column::Action.eq("record_on_behalf"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
}

#[tokio::test]
async fn absence_crossing_a_trigger_changes_the_scenario_level_and_the_crisis_group_is_told() {
    let app = spawn_app().await;
    let (_, lead, staff) = organisation(&app, 10).await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead)
        .await
        .json()
        .await
        .unwrap();
    let absence = list
        .iter()
        .find(|s| s["standard_key"] == "high_absence")
        .unwrap()
        .clone();

    // 8 present and 1 sick: 10 % of the headcount reaches "Elevated".
    for t in &staff[..8] {
        check_in(&app, t, json!({"status": "office"})).await;
    }
    assert!(app.level_of(&lead, &absence["id"]).await.is_null());
    check_in(&app, &staff[8], json!({"status": "sick"})).await;
    assert_eq!(
        app.level_of(&lead, &absence["id"]).await,
        absence["levels"][0]["id"]
    );
    // One more sick: 20 % reaches "Serious".
    check_in(&app, &staff[9], json!({"status": "child_care"})).await;
    assert_eq!(
        app.level_of(&lead, &absence["id"]).await,
        absence["levels"][1]["id"]
    );

    let told = app.notified.0.lock().unwrap().clone();
    let steps: Vec<(Option<String>, Option<String>)> = told
        .iter()
        .map(|c| (c.from.clone(), c.to.clone()))
        .collect();
    assert_eq!(
        steps,
        [
            (None, Some("Elevated".into())),
            (Some("Elevated".into()), Some("Serious".into()))
        ]
    );
    assert!(told.iter().all(|c| c.rising));
    let history: Vec<Value> = app
        .get_api(
            &format!("/api/v1/scenarios/{}/level-history", absence["id"]),
            &lead,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        history[0]["value"], 20.0,
        "the figure that caused it is kept"
    );
}

#[tokio::test]
async fn early_in_the_day_a_low_figure_does_not_lower_the_level() {
    let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap());
    let app = spawn_app_with(clock.clone()).await;
    let (_, lead, staff) = organisation(&app, 10).await;
    let s: Value = app.send_api(Method::POST, "/api/v1/scenarios", &lead, json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence", "hysteresis_margin": 0})).await.json().await.unwrap();
    let s: Value = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            &lead,
            json!({"version": s["version"], "levels": [{"name": "Serious", "trigger_value": 20}]}),
        )
        .await
        .json()
        .await
        .unwrap();
    // Yesterday: three of ten sick, everyone else present.
    for (i, t) in staff.iter().enumerate() {
        check_in(
            &app,
            t,
            json!({"status": if i < 3 { "sick" } else { "office" }}),
        )
        .await;
    }
    assert_eq!(app.level_of(&lead, &s["id"]).await, s["levels"][0]["id"]);

    // This morning two have checked in, both present: 0 % absent, but 80 % unknown.
    clock.set(Utc.with_ymd_and_hms(2026, 11, 24, 6, 30, 0).unwrap());
    check_in(&app, &staff[5], json!({"status": "office"})).await;
    check_in(&app, &staff[6], json!({"status": "office"})).await;
    assert_eq!(
        app.level_of(&lead, &s["id"]).await,
        s["levels"][0]["id"],
        "not lowered on a partial picture"
    );

    // Once most have checked in and few are away, it is lowered.
    for t in staff[..5].iter().chain([&staff[7]]) {
        check_in(&app, t, json!({"status": "office"})).await;
    }
    assert!(app.level_of(&lead, &s["id"]).await.is_null());
}

#[tokio::test]
async fn a_check_in_just_after_midnight_belongs_to_the_new_local_day_across_summer_time() {
    // 00:30 in Stockholm on the day summer time starts is 23:30 UTC the day before.
    let clock = Clock::fixed(Utc.with_ymd_and_hms(2026, 3, 28, 23, 30, 0).unwrap());
    let app = spawn_app_with(clock.clone()).await;
    let (_, lead, staff) = organisation(&app, 2).await;

    let c: Value = check_in(&app, &staff[0], json!({"status": "office"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["day"], "2026-03-29");

    // 23:59 CEST the same local day is 21:59 UTC; 00:00 CEST is the next day.
    clock.set(Utc.with_ymd_and_hms(2026, 3, 29, 21, 59, 0).unwrap());
    let c: Value = check_in(&app, &staff[1], json!({"status": "sick"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["day"], "2026-03-29");
    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["day"], "2026-03-29");
    assert_eq!(a["overall"]["unknown"], 0);

    clock.set(Utc.with_ymd_and_hms(2026, 3, 29, 22, 0, 0).unwrap());
    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["day"], "2026-03-30");
    assert_eq!(
        a["overall"]["unknown"], 2,
        "a new day starts with everyone unknown"
    );

    // And back from summer time: 25 October has 25 hours; 01:30 UTC is the second 02:30.
    clock.set(Utc.with_ymd_and_hms(2026, 10, 25, 1, 30, 0).unwrap());
    let c: Value = check_in(&app, &staff[0], json!({"status": "remote"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["day"], "2026-10-25");
    clock.set(Utc.with_ymd_and_hms(2026, 10, 25, 22, 59, 0).unwrap());
    let c: Value = check_in(&app, &staff[0], json!({"status": "office"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(c["day"], "2026-10-25", "23:59 CET is still the same day");
}

#[tokio::test]
async fn todays_volumes_against_normal_drive_the_workload_scenario() {
    let app = spawn_app().await;
    let (_, lead, _) = organisation(&app, 1).await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let settings: Value = app
        .get_api("/api/v1/checkin-settings", &lead)
        .await
        .json()
        .await
        .unwrap();
    let res = app.send_api(Method::PUT, "/api/v1/checkin-settings", &lead, json!({"normal_calls": 400, "normal_mails": 100, "reminder_time": "9.30", "version": settings["version"]})).await;
    assert_eq!(res.status(), 422, "times are HH:MM");
    let res = app.send_api(Method::PUT, "/api/v1/checkin-settings", &lead, json!({"normal_calls": 400, "normal_mails": 100, "reminder_time": "09:30", "version": settings["version"]})).await;
    assert_eq!(res.status(), 200);
    let today = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json::<Value>()
        .await
        .unwrap()["day"]
        .as_str()
        .unwrap()
        .to_string();

    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/volumes/{today}"),
            &lead,
            json!({"calls": 700, "mails": 100, "backlog": 40}),
        )
        .await;

    assert_eq!(res.status(), 200);
    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["workload_change_pct"], 60.0);
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead)
        .await
        .json()
        .await
        .unwrap();
    let up = list
        .iter()
        .find(|s| s["standard_key"] == "workload_up")
        .unwrap();
    assert_eq!(
        up["current_level_id"], up["levels"][1]["id"],
        "+60 % is a surge"
    );
    assert_eq!(
        app.send_api(
            Method::PUT,
            &format!("/api/v1/volumes/{today}"),
            &lead,
            json!({"calls": -1})
        )
        .await
        .status(),
        422
    );
}

#[tokio::test]
async fn many_people_checking_in_at_the_same_moment_are_all_stored() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let lead = app.token("lead@acme.example").await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let mut tokens = vec![];
    for i in 0..60 {
        let u = app
            .create_user(&org, &format!("c{i}@acme.example"), "staff")
            .await;
        tokens.push(
            app.keys
                .issue(
                    u.id,
                    org.id,
                    "acme",
                    vec!["staff".into()],
                    0,
                    chrono::Duration::hours(1),
                )
                .unwrap()
                .0,
        );
    }

    let results = futures_util::future::join_all(tokens.iter().enumerate().map(|(i, t)| {
        let status = if i % 4 == 0 { "sick" } else { "office" };
        check_in(&app, t, json!({"status": status, "wellbeing": 3}))
    }))
    .await;

    let failed: Vec<u16> = results
        .iter()
        .map(|r| r.status().as_u16())
        .filter(|s| *s != 200)
        .collect();
    assert!(failed.is_empty(), "failed: {failed:?}");
    let a: Value = app
        .get_api("/api/v1/absence", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(a["overall"]["unknown"], 0);
    assert_eq!(a["overall"]["absent"], 15);
}

#[tokio::test]
async fn check_ins_committed_together_keep_each_persons_history_in_order() {
    use beredskap::entities::{audit_event, staff_checkin};
    let app = spawn_app().await;
    let (org, _lead, staff) = organisation(&app, 30).await;
    // One person taps five answers at once while 29 others check in: each is answered, and
    // the trail shows each of the five replacing the one before it.
    let statuses = ["office", "remote", "sick", "child_care", "office"];
    let repeated = statuses.iter().map(|s| {
        check_in(
            &app,
            &staff[0],
            json!({"status": s, "note": format!("said {s}")}),
        )
    });
    let others = staff[1..]
        .iter()
        .map(|t| check_in(&app, t, json!({"status": "remote"})));
    let (mine, theirs) = tokio::join!(
        futures_util::future::join_all(repeated),
        futures_util::future::join_all(others)
    );
    for r in mine.iter().chain(&theirs) {
        assert_eq!(r.status(), 200);
    }
    let trail = audit_event::Entity::find()
        .filter(audit_event::Column::OrganisationId.eq(org.id))
        .filter(audit_event::Column::Entity.eq("checkin"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(trail.len(), 34, "one audit entry per answered check-in");
    let mut by_person = std::collections::HashMap::<String, Vec<&audit_event::Model>>::new();
    for e in &trail {
        by_person.entry(e.entity_id.clone()).or_default().push(e);
    }
    let (_, mine) = by_person
        .iter()
        .find(|(_, v)| v.len() == 5)
        .expect("five entries for the person who tapped five times");
    let mut mine: Vec<_> = mine.to_vec();
    mine.sort_by_key(|e| e.id);
    assert!(
        mine[0].before.is_none(),
        "the first answer of the day replaced nothing"
    );
    for pair in mine.windows(2) {
        assert_eq!(
            pair[1].before.as_ref().unwrap()["note"],
            pair[0].after.as_ref().unwrap()["note"],
            "each answer replaced the one committed before it"
        );
    }
    let stored = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::OrganisationId.eq(org.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 30, "one row per person and day");
    let last_note = &mine[4].after.as_ref().unwrap()["note"];
    assert!(stored.iter().any(|c| c.note == last_note.as_str().unwrap()));
}

#[tokio::test]
async fn a_check_in_that_cannot_be_saved_fails_alone_in_its_group() {
    use beredskap::audit::Actor;
    use beredskap::checkins::writer::{write, Submitted};
    let app = spawn_app().await;
    let (org, _lead, _staff) = organisation(&app, 20).await;
    let day = beredskap::checkins::service::today(&app.state, &org.time_zone);
    let members: Vec<i32> = beredskap::entities::membership::Entity::find()
        .filter(beredskap::entities::membership::Column::OrganisationId.eq(org.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let submit = |user_id: i32| Submitted {
        org_id: org.id,
        user_id,
        day,
        status: "office".into(),
        wellbeing: Some(4),
        note: String::new(),
        recorded_by: None,
        source: "app",
        actor: Actor::system("test"),
        action: "check_in",
    };
    // A person who does not exist breaks the foreign key: their group's transaction fails,
    // and the others in it are written again one by one.
    let mut all: Vec<i32> = members.clone();
    all.insert(all.len() / 2, 999_999);
    let results =
        futures_util::future::join_all(all.iter().map(|u| write(&app.state, submit(*u)))).await;
    for (u, r) in all.iter().zip(&results) {
        assert_eq!(r.is_ok(), *u != 999_999, "user {u}: {r:?}");
    }
    let stored = beredskap::entities::staff_checkin::Entity::find()
        .filter(beredskap::entities::staff_checkin::Column::OrganisationId.eq(org.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), members.len());
}

#[tokio::test]
async fn the_counted_absence_that_drives_the_ladders_matches_the_absence_board() {
    let app = spawn_app().await;
    let (org, lead, staff) = organisation(&app, 8).await;
    // A non-staff member who checks in and an inactive staff member are outside the headcount.
    let lead_user = beredskap::entities::user::Entity::find()
        .filter(beredskap::entities::user::Column::Email.eq("lead@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    check_in(&app, &lead, json!({"status": "sick"})).await;
    for (i, status) in ["office", "sick", "remote", "leave", "child_care"]
        .iter()
        .enumerate()
    {
        check_in(&app, &staff[i], json!({"status": status})).await;
    }
    beredskap::entities::membership::Entity::update_many()
        .col_expr(
            beredskap::entities::membership::Column::Active,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(beredskap::entities::membership::Column::UserId.ne(lead_user.id))
        .filter(beredskap::entities::membership::Column::OrganisationId.eq(org.id))
        .filter(beredskap::entities::membership::Column::TeamId.is_not_null())
        .filter(
            beredskap::entities::membership::Column::UserId.is_in(
                beredskap::entities::user::Entity::find()
                    .filter(beredskap::entities::user::Column::Email.eq("s7@acme.example"))
                    .all(&app.db)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|u| u.id),
            ),
        )
        .exec(&app.db)
        .await
        .unwrap();
    let day = beredskap::checkins::absence::local_day(chrono::Utc::now(), &org.time_zone);
    let board = beredskap::checkins::repo::absence(&app.db, org.id, day)
        .await
        .unwrap()
        .overall;
    let counted = beredskap::checkins::repo::overall_absence(&app.db, org.id, day)
        .await
        .unwrap();
    assert_eq!(counted, board);
    assert_eq!(counted.headcount, 7);
}
