use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn every_audience_has_a_plan_and_communicating_now_sets_the_next_due_time() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let kim = app
        .create_user(&org, "kim@acme.example", "communicator")
        .await;
    let deputy = app.create_user(&org, "dee@acme.example", "staff").await;
    let token = app.token("kim@acme.example").await;

    let all: Value = app
        .get_api("/api/v1/communication", &token)
        .await
        .json()
        .await
        .unwrap();
    let audiences: Vec<&str> = all["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["audience"].as_str().unwrap())
        .collect();
    assert_eq!(
        audiences,
        [
            "staff",
            "customers",
            "management",
            "other_departments",
            "partners"
        ]
    );
    let staff = &all["plans"][0];

    let res = app
        .send_api(Method::PUT, "/api/v1/communication/staff", &token,
            json!({"owner_user_id": kim.id, "deputy_user_id": deputy.id, "channels": " intranet,  daily briefing ,", "cadence": "daily", "version": staff["version"]}))
        .await;
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["channels"], json!(["intranet", "daily briefing"]));

    let done: Value = app
        .send_api(
            Method::POST,
            "/api/v1/communication/staff/communicated",
            &token,
            json!({"note": "Morning briefing"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let last = chrono::DateTime::parse_from_rfc3339(done["last_communicated_at"].as_str().unwrap())
        .unwrap();
    let next = chrono::DateTime::parse_from_rfc3339(done["next_due_at"].as_str().unwrap()).unwrap();
    assert_eq!((next - last).num_hours(), 24);
    assert_eq!(done["overdue"], false);
}

#[tokio::test]
async fn a_missed_cadence_shows_as_overdue_on_the_crisis_dashboard() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let token = app.token("lead@acme.example").await;
    app.get_api("/api/v1/communication", &token).await;
    // Yesterday's briefing was the last one.
    use sea_orm::{ConnectionTrait, Statement};
    let yesterday = chrono::Utc::now() - chrono::Duration::hours(30);
    let sql = "UPDATE communication_plans SET last_communicated_at = $1, next_due_at = $2 WHERE audience = 'staff'";
    app.db
        .execute(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            sql,
            [
                yesterday.into(),
                (yesterday + chrono::Duration::days(1)).into(),
            ],
        ))
        .await
        .unwrap();

    let dash: Value = app
        .get_api("/api/v1/dashboard/crisis", &token)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(dash["overdue_communication"], json!(["staff"]));
}

#[tokio::test]
async fn the_deputy_must_differ_from_the_owner_and_staff_cannot_edit() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let kim = app
        .create_user(&org, "kim@acme.example", "communicator")
        .await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let token = app.token("kim@acme.example").await;
    let staff = app.token("sam@acme.example").await;

    let res = app.send_api(Method::PUT, "/api/v1/communication/customers", &token, json!({"owner_user_id": kim.id, "deputy_user_id": kim.id, "cadence": "hourly", "version": 1})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["cadence", "deputy_user_id"]);
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/communication/staff/communicated",
            &staff,
            json!({})
        )
        .await
        .status(),
        403
    );
    assert_eq!(
        app.send_api(
            Method::PUT,
            "/api/v1/communication/nobody",
            &token,
            json!({"cadence": "daily", "version": 1})
        )
        .await
        .status(),
        404
    );
}

#[tokio::test]
async fn meeting_rules_are_an_editable_list_and_the_chief_communicator_is_named() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    let kim = app
        .create_user(&org, "kim@acme.example", "communicator")
        .await;
    let token = app.token("kim@acme.example").await;

    let a: Value = app
        .send_api(
            Method::POST,
            "/api/v1/meeting-rules",
            &token,
            json!({"text": "Cameras on at check-ins"}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.send_api(
        Method::POST,
        "/api/v1/meeting-rules",
        &token,
        json!({"text": "One speaker at a time"}),
    )
    .await;
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/meeting-rules",
            &token,
            json!({"text": "  "})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.send_api(
            Method::DELETE,
            &format!("/api/v1/meeting-rules/{}", a["id"]),
            &token,
            json!({})
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        app.send_api(
            Method::PUT,
            "/api/v1/communication-chief",
            &token,
            json!({"user_id": kim.id})
        )
        .await
        .status(),
        204
    );

    let all: Value = app
        .get_api("/api/v1/communication", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["meeting_rules"].as_array().unwrap().len(), 1);
    assert_eq!(all["meeting_rules"][0]["text"], "One speaker at a time");
    assert_eq!(all["chief_communicator_user_id"], kim.id);
}
