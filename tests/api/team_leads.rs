//! Team leads: named by admins, they see their own team's check-ins and no other team's.
use crate::fixtures::acme_in_teams;
use crate::helpers::{error_fields, spawn_app};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn a_team_lead_sees_their_own_teams_check_ins_and_no_other_teams() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 6, true).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let (phones, chat) = (
        app.team_id(acme.org.id, "Phones").await,
        app.team_id(acme.org.id, "Chat").await,
    );
    // s0, s2, s4 are in Phones; s0 leads it.
    let s0 = app.user_id("s0@acme.example").await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/teams/{phones}/leads"),
            &admin,
            json!({"user_ids": [s0]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let leads: Value = app
        .get_api(&format!("/api/v1/teams/{phones}/leads"), &acme.staff[1])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(leads["user_ids"], json!([s0]));

    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &acme.staff[2],
        json!({"status": "sick", "wellbeing": 2}),
    )
    .await;
    let res = app
        .get_api(&format!("/api/v1/teams/{phones}/checkins"), &acme.staff[0])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let day: Value = res.json().await.unwrap();
    assert_eq!(day["people"].as_array().unwrap().len(), 3);
    assert_eq!(day["not_checked_in"], 2);
    assert!(day["people"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["status"] == "sick"));

    assert_eq!(
        app.get_api(&format!("/api/v1/teams/{chat}/checkins"), &acme.staff[0])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/teams/{phones}/checkins"), &acme.staff[2])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get_api(&format!("/api/v1/teams/{phones}/checkins"), &acme.lead)
            .await
            .status(),
        StatusCode::OK
    );

    let browser = app.browser_login("s0@acme.example").await;
    let (status, html, _) = app.page(&browser, "/my-team").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Phones") && !html.contains(">Chat<"),
        "{html}"
    );
    let (_, html, _) = app.page(&browser, "/").await;
    assert!(html.contains("/my-team"));

    let trail: Value = app
        .get_api("/api/v1/audit?entity=team_leads", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trail["events"][0]["after"], json!([s0]));
}

#[tokio::test]
async fn only_admins_name_leads_and_only_from_their_own_organisation() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 2, true).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let phones = app.team_id(acme.org.id, "Phones").await;
    let other = app.create_org("other").await;
    let stranger = app.create_user(&other, "x@other.example", "staff").await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/teams/{phones}/leads"),
            &admin,
            json!({"user_ids": [stranger.id]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&res.json().await.unwrap()), ["user_ids[0]"]);
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/teams/{phones}/leads"),
            &acme.lead,
            json!({"user_ids": []}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
