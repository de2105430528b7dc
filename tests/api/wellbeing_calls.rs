//! Weekly wellbeing calls: a team lead's list of their people working from home, who is due,
//! a quick log whose note only the leads and the crisis lead see, counts for the crisis group.
use crate::fixtures::acme_in_teams;
use crate::helpers::{error_fields, spawn_app};
use beredskap::entities::audit_event;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

#[tokio::test]
async fn a_team_lead_calls_their_people_working_from_home_and_the_crisis_group_sees_counts_only() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 6, true).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let phones = app.team_id(acme.org.id, "Phones").await;
    let s0 = app.user_id("s0@acme.example").await;
    app.send_api(
        Method::PUT,
        &format!("/api/v1/teams/{phones}/leads"),
        &admin,
        json!({"user_ids": [s0]}),
    )
    .await;
    // Phones: s0 (the lead), s2 and s4; s2 and s4 work from home today.
    for i in [2, 4] {
        app.send_api(
            Method::POST,
            "/api/v1/checkins",
            &acme.staff[i],
            json!({"status": "remote"}),
        )
        .await;
    }
    let list: Value = app
        .get_api(
            &format!("/api/v1/teams/{phones}/wellbeing-calls"),
            &acme.staff[0],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["interval_days"], 7);
    assert_eq!(list["due"], 2, "{list}");
    let s2 = app.user_id("s2@acme.example").await;
    let res = app
        .send_api(Method::POST, "/api/v1/wellbeing-calls", &acme.staff[0], json!({"user_id": s2, "reached": true, "wellbeing": 2, "note": "Tired; the children are home"}))
        .await;
    assert_eq!(res.status(), 201);
    let list: Value = app
        .get_api(
            &format!("/api/v1/teams/{phones}/wellbeing-calls"),
            &acme.staff[0],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["due"], 1);
    let called = list["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["user_id"] == s2)
        .unwrap();
    assert_eq!(called["last_call"]["note"], "Tired; the children are home");
    assert_eq!(called["due"], false);

    // The crisis lead may read the list; another staff member and the other team's people not.
    assert_eq!(
        app.get_api(
            &format!("/api/v1/teams/{phones}/wellbeing-calls"),
            &acme.lead
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        app.get_api(
            &format!("/api/v1/teams/{phones}/wellbeing-calls"),
            &acme.staff[1]
        )
        .await
        .status(),
        403
    );
    let s3 = app.user_id("s3@acme.example").await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/wellbeing-calls",
            &acme.staff[0],
            json!({"user_id": s3, "reached": false}),
        )
        .await;
    assert_eq!(res.status(), 403, "s3 is in Chat, not s0's team");

    let member = app.token("member@acme.example").await;
    let summary: Value = app
        .get_api("/api/v1/wellbeing-calls/summary", &member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        summary,
        json!({"interval_days": 7, "calls": 1, "reached": 1, "wellbeing_avg": 2.0, "due": 1})
    );
    assert_eq!(
        app.get_api("/api/v1/wellbeing-calls/summary", &acme.staff[0])
            .await
            .status(),
        403
    );

    // The note stays out of the audit trail, which admins read.
    let trail = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("wellbeing_call"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(trail.len(), 1);
    assert!(!trail[0]
        .after
        .as_ref()
        .unwrap()
        .to_string()
        .contains("children"));

    // Bad input is named.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/wellbeing-calls",
            &acme.staff[0],
            json!({"user_id": s2, "reached": false, "wellbeing": 9, "note": "x".repeat(1001)}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        ["wellbeing", "note"]
    );

    // The lead's start page says how many calls are due; the page logs one without script.
    let browser = app.browser_login("s0@acme.example").await;
    let (_, home, _) = app.page(&browser, "/").await;
    assert!(home.contains("Wellbeing calls due: 1"), "{home}");
    let (status, page, _) = app.page(&browser, "/my-team").await;
    assert_eq!(status, 200);
    assert!(page.contains("Call due"));
    let s4 = app.user_id("s4@acme.example").await;
    let res = app
        .post_form(
            &browser,
            "/my-team",
            "/my-team/calls",
            &[
                ("user_id", &s4.to_string()),
                ("reached", "true"),
                ("wellbeing", "4"),
                ("note", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let list: Value = app
        .get_api(
            &format!("/api/v1/teams/{phones}/wellbeing-calls"),
            &acme.staff[0],
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["due"], 0);
}
