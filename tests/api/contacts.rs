//! Contact details for roll-calls: a mobile number in E.164 and how to be reached.
use crate::fixtures::acme;
use crate::helpers::{error_fields, spawn_app};
use reqwest::{Method, StatusCode};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

#[tokio::test]
async fn a_swedish_mobile_number_is_stored_in_e164_and_a_bad_one_is_named_and_changes_nothing() {
    let app = spawn_app().await;
    let acme = acme(&app, 1).await;
    let me = &acme.staff[0];
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam", "phone": "070-123 45 67", "reach_by": "both"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["phone"], "+46701234567");
    assert_eq!(v["reach_by"], "both");

    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam", "phone": "call me"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(&res.json().await.unwrap()), ["phone"]);
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam", "phone": "08-123 456 78"}),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(
        v["errors"][0]["code"], "phone_mobile",
        "a landline cannot take a text"
    );

    // Left out, the number stays; empty, it goes, and SMS can then no longer be chosen.
    let v: Value = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam Staff"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["phone"], "+46701234567");
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam", "phone": ""}),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "reach_by both needs a number"
    );
    assert_eq!(error_fields(&res.json().await.unwrap()), ["reach_by"]);
    let v: Value = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            me,
            json!({"display_name": "Sam", "phone": "", "reach_by": "mail"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["phone"], Value::Null);
}

#[tokio::test]
async fn an_admin_sets_a_number_for_someone_and_it_is_audited() {
    let app = spawn_app().await;
    let acme = acme(&app, 1).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let staff = beredskap::entities::user::Entity::find()
        .filter(beredskap::entities::user::Column::Email.eq("s0@acme.example"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{staff}"),
            &admin,
            json!({"phone": "+47 412 34 567", "reach_by": "sms"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["phone"], "+4741234567");
    assert_eq!(v["reach_by"], "sms");
    let trail: Value = app
        .get_api("/api/v1/audit?entity=user", &admin)
        .await
        .json()
        .await
        .unwrap();
    let event = &trail["events"][0];
    assert_eq!(event["action"], "update_contact");
    assert_eq!(event["after"]["phone"], "+4741234567");

    let res = app
        .send_api(
            Method::PATCH,
            &format!("/api/v1/users/{staff}"),
            &acme.staff[0],
            json!({"phone": "0701234567"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_an_sms_gateway_the_account_page_does_not_offer_text_messages() {
    let app = spawn_app().await;
    acme(&app, 1).await;
    let browser = app.browser_login("s0@acme.example").await;
    let (status, html, _) = app.page(&browser, "/account").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("name=\"phone\""),
        "the number is still useful to the team lead"
    );
    assert!(!html.contains("name=\"reach_by\""));

    let app = crate::helpers::spawn_app_configured(beredskap::clock::Clock::system(), None, |s| {
        s.sms_url = Some("http://user:pass@127.0.0.1:9/a1/sms".into());
    })
    .await;
    acme(&app, 1).await;
    let browser = app.browser_login("s0@acme.example").await;
    let (_, html, _) = app.page(&browser, "/account").await;
    assert!(html.contains("name=\"reach_by\""));
}
