use crate::helpers::{spawn_app, TestApp};
use beredskap::audit::Actor;
use beredskap::scenarios::levels::{evaluate, MetricValues};
use reqwest::Method;
use serde_json::{json, Value};

async fn lead(app: &TestApp) -> (beredskap::entities::organisation::Model, String) {
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    (org, app.token("lead@acme.example").await)
}

async fn current_level(app: &TestApp, token: &str, id: i64) -> Option<i64> {
    app.get_api(&format!("/api/v1/scenarios/{id}"), token)
        .await
        .json::<Value>()
        .await
        .unwrap()["current_level_id"]
        .as_i64()
}

use crate::fixtures::absence_scenario;

#[tokio::test]
async fn a_scenario_gets_its_risk_and_the_register_sorts_by_risk() {
    let app = spawn_app().await;
    let (_, token) = lead(&app).await;
    for (title, p, c) in [("Low", 1, 2), ("High", 5, 4), ("Middle", 3, 3)] {
        let res = app
            .send_api(
                Method::POST,
                "/api/v1/scenarios",
                &token,
                json!({"title": title, "probability": p, "consequence": c, "metric": "manual"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }

    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &token)
        .await
        .json()
        .await
        .unwrap();

    let order: Vec<(&str, i64, &str)> = list
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap(),
                s["risk"].as_i64().unwrap(),
                s["risk_band"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            ("High", 20, "critical"),
            ("Middle", 9, "moderate"),
            ("Low", 2, "low")
        ]
    );
    assert_eq!(list[0]["status"], "monitoring");
    assert_eq!(list[0]["kind"], "custom");
}

#[tokio::test]
async fn probability_and_consequence_outside_one_to_five_are_refused_by_name() {
    let app = spawn_app().await;
    let (_, token) = lead(&app).await;
    let res = app.send_api(Method::POST, "/api/v1/scenarios", &token, json!({"title": "x", "probability": 0, "consequence": 6, "metric": "absence", "kind": "nonsense"})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["kind", "probability", "consequence"]);
}

#[tokio::test]
async fn the_standard_scenarios_are_added_once_in_the_organisations_language() {
    let app = spawn_app().await;
    let (_, token) = lead(&app).await;

    let first: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios/standard",
            &token,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let second: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios/standard",
            &token,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(first["added"], 4);
    assert_eq!(second["added"], 0);
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.len(), 4);
    let absence = list
        .iter()
        .find(|s| s["standard_key"] == "high_absence")
        .unwrap();
    assert_eq!(absence["title"], "High sickness and absence among staff");
    let triggers: Vec<f64> = absence["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["trigger_value"].as_f64().unwrap())
        .collect();
    assert_eq!(triggers, [10.0, 20.0, 50.0]);
    let actions: Vec<Value> = app
        .get_api(
            &format!("/api/v1/scenarios/{}/actions", absence["id"]),
            &token,
        )
        .await
        .json()
        .await
        .unwrap();
    for area in ["communication", "staffing", "technology"] {
        assert!(actions.iter().any(|a| a["area"] == area), "{area}");
    }
}

#[tokio::test]
async fn a_ladder_whose_triggers_do_not_rise_is_refused_naming_the_rung() {
    let app = spawn_app().await;
    let (_, token) = lead(&app).await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/scenarios/{}/levels", s["id"]);

    let res = app.send_api(Method::PUT, &path, &token, json!({"version": s["version"], "levels": [{"name": "A", "trigger_value": 30}, {"name": "B", "trigger_value": 20}]})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "levels[1].trigger_value");
    assert_eq!(body["errors"][0]["code"], "not_ascending");

    let res = app
        .send_api(
            Method::PUT,
            &path,
            &token,
            json!({"version": s["version"], "levels": [{"name": "", "trigger_value": 120}]}),
        )
        .await;
    let body: Value = res.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["levels[0].name", "levels[0].trigger_value"],
        "absence is a share of 100"
    );
}

#[tokio::test]
async fn absence_crossing_a_trigger_changes_the_level_and_hysteresis_holds_it() {
    let app = spawn_app().await;
    let (org, token) = lead(&app).await;
    let s = absence_scenario(&app, &token).await;
    let id = s["id"].as_i64().unwrap();
    let serious = s["levels"][0]["id"].as_i64().unwrap();
    let critical = s["levels"][1]["id"].as_i64().unwrap();
    let system = Actor::system("test");
    let at = |v: f64| MetricValues {
        absence_pct: Some(v),
        workload_change_pct: None,
        absence_partial: false,
        forecast: vec![],
    };

    let changes = evaluate(&app.db, &app.db, org.id, at(19.9), &system)
        .await
        .unwrap();
    assert!(changes.is_empty());
    let changes = evaluate(&app.db, &app.db, org.id, at(20.0), &system)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    assert!(changes[0].rising);
    assert_eq!(changes[0].to.as_deref(), Some("Serious"));
    assert_eq!(current_level(&app, &token, id).await, Some(serious));
    // Wobbling just under the trigger does not flap.
    for v in [18.0, 21.0, 15.5, 19.0] {
        assert!(
            evaluate(&app.db, &app.db, org.id, at(v), &system)
                .await
                .unwrap()
                .is_empty(),
            "{v}"
        );
    }
    assert_eq!(current_level(&app, &token, id).await, Some(serious));
    evaluate(&app.db, &app.db, org.id, at(55.0), &system)
        .await
        .unwrap();
    assert_eq!(current_level(&app, &token, id).await, Some(critical));
    let down = evaluate(&app.db, &app.db, org.id, at(12.0), &system)
        .await
        .unwrap();
    assert!(!down[0].rising);
    assert_eq!(current_level(&app, &token, id).await, None);

    let history: Vec<Value> = app
        .get_api(&format!("/api/v1/scenarios/{id}/level-history"), &token)
        .await
        .json()
        .await
        .unwrap();
    let seen: Vec<(Option<&str>, f64)> = history
        .iter()
        .map(|h| (h["to_name"].as_str(), h["value"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            (None, 12.0),
            (Some("Critical"), 55.0),
            (Some("Serious"), 20.0)
        ]
    );
    let s: Value = app
        .get_api(&format!("/api/v1/scenarios/{id}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["status"], "monitoring", "back below every level");
}

#[tokio::test]
async fn a_level_set_by_hand_holds_against_the_figures_until_released() {
    let app = spawn_app().await;
    let (org, token) = lead(&app).await;
    let s = absence_scenario(&app, &token).await;
    let id = s["id"].as_i64().unwrap();
    let critical = s["levels"][1]["id"].as_i64().unwrap();
    let path = format!("/api/v1/scenarios/{id}/level");

    let no_reason = app
        .send_api(
            Method::POST,
            &path,
            &token,
            json!({"level_id": critical, "reason": ""}),
        )
        .await;
    assert_eq!(no_reason.status(), 422);
    let res = app
        .send_api(
            Method::POST,
            &path,
            &token,
            json!({"level_id": critical, "reason": "Regional outbreak announced"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let changes = evaluate(
        &app.db,
        &app.db,
        org.id,
        MetricValues {
            absence_pct: Some(22.0),
            workload_change_pct: None,
            absence_partial: false,
            forecast: vec![],
        },
        &Actor::system("test"),
    )
    .await
    .unwrap();

    assert!(changes.is_empty(), "a level set by hand is not overridden");
    let now: Value = app
        .get_api(&format!("/api/v1/scenarios/{id}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["current_level_id"], critical);
    assert_eq!(
        now["computed_level_id"], s["levels"][0]["id"],
        "but the figures are remembered"
    );
    let released: Value = app
        .send_api(Method::POST, &path, &token, json!({"release": true}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(released["current_level_id"], s["levels"][0]["id"]);
    let history: Vec<Value> = app
        .get_api(&format!("/api/v1/scenarios/{id}/level-history"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history[1]["reason"], "Regional outbreak announced");
    assert_eq!(history[0]["cause"], "released");
}

#[tokio::test]
async fn only_the_crisis_lead_sets_a_level_by_hand() {
    let app = spawn_app().await;
    let (org, token) = lead(&app).await;
    app.create_user(&org, "member@acme.example", "crisis_member")
        .await;
    let member = app.token("member@acme.example").await;
    let s = absence_scenario(&app, &token).await;

    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", s["id"]),
            &member,
            json!({"level_id": s["levels"][0]["id"], "reason": "I think so"}),
        )
        .await;

    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn two_people_editing_the_same_scenario_the_second_is_told_not_overwritten() {
    let app = spawn_app().await;
    let (org, token) = lead(&app).await;
    app.create_user(&org, "member@acme.example", "crisis_member")
        .await;
    let member = app.token("member@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Storm", "probability": 2, "consequence": 3, "metric": "manual"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/scenarios/{}", s["id"]);
    let edit = |title: &str| json!({"title": title, "probability": 2, "consequence": 3, "metric": "manual", "status": "monitoring", "kind": "custom", "version": s["version"]});

    let first = app
        .send_api(Method::PATCH, &path, &token, edit("Storm (lead)"))
        .await;
    let second = app
        .send_api(Method::PATCH, &path, &member, edit("Storm (member)"))
        .await;

    assert_eq!(first.status(), 200);
    assert_eq!(second.status(), 409);
    let now: Value = app.get_api(&path, &token).await.json().await.unwrap();
    assert_eq!(now["title"], "Storm (lead)");
}

#[tokio::test]
async fn staff_read_the_register_but_cannot_change_it_and_other_tenants_see_nothing() {
    let app = spawn_app().await;
    let (org, token) = lead(&app).await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let staff = app.token("sam@acme.example").await;
    let rival = app.create_org("rival").await;
    app.create_user(&rival, "boss@rival.example", "crisis_lead")
        .await;
    let rival_token = app.token("boss@rival.example").await;
    let s = absence_scenario(&app, &token).await;
    let path = format!("/api/v1/scenarios/{}", s["id"]);

    assert_eq!(app.get_api(&path, &staff).await.status(), 200);
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/scenarios",
            &staff,
            json!({"title": "x"})
        )
        .await
        .status(),
        403
    );
    assert_eq!(app.get_api(&path, &rival_token).await.status(), 404);
    assert_eq!(
        app.get_api(&format!("{path}/level-history"), &rival_token)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.send_api(
            Method::PUT,
            &format!("{path}/levels"),
            &rival_token,
            json!({"levels": []})
        )
        .await
        .status(),
        404
    );
    assert_eq!(
        app.send_api(
            Method::POST,
            &format!("{path}/level"),
            &rival_token,
            json!({"release": true})
        )
        .await
        .status(),
        404
    );
}
