//! The plan out and back in: the demo exported, imported into a new organisation and exported
//! again gives the same document; a bad document is refused naming every invalid part and
//! nothing of it is written; the printable plan.
use crate::fixtures::{demo_app, demo_login, demo_token};
use crate::helpers::error_fields;
use beredskap::entities::{scenario, user};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

/// No database id anywhere: things are named by names, people by e-mail.
fn ids_in(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if k == "id" || k.ends_with("_id") {
                    out.push(format!("{path}.{k}"));
                }
                ids_in(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                ids_in(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Where two documents first differ, for a readable failure.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter()
                .find_map(|k| first_difference(&x[k], &y[k], &format!("{path}.{k}")))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path}: {a} ≠ {b}")),
    }
}

async fn scenarios_of(app: &crate::helpers::TestApp, org_id: i32) -> u64 {
    scenario::Entity::find()
        .filter(scenario::Column::OrganisationId.eq(org_id))
        .count(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_demo_plan_exported_imported_elsewhere_and_exported_again_is_the_same_document() {
    let app = demo_app().await;
    let admin = demo_token(&app, "admin@demo.example").await;
    let staff = demo_token(&app, "staff01@demo.example").await;
    let res = app.get_api("/api/v1/plan/export", &admin).await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("demo-plan.json"));
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["format"], "beredskap-plan");
    assert_eq!(doc["version"], 1);
    assert!(doc["scenarios"].as_array().unwrap().len() >= 4, "{doc}");
    assert!(!doc["tasks"].as_array().unwrap().is_empty());
    assert!(!doc["queues"].as_array().unwrap().is_empty());
    let mut ids = vec![];
    ids_in(&doc, "", &mut ids);
    assert!(ids.is_empty(), "ids in the document: {ids:?}");
    assert_eq!(
        app.get_api("/api/v1/plan/export", &staff).await.status(),
        403
    );

    // The same people join a new organisation; its admin loads the plan.
    let copy = app.create_org("copy").await;
    app.create_user(&copy, "admin@copy.test", "admin").await;
    let copy_admin = app.token("admin@copy.test").await;
    for u in user::Entity::find()
        .filter(user::Column::Email.ends_with("@demo.example"))
        .all(&app.db)
        .await
        .unwrap()
    {
        app.add_membership(&copy, &u, "crisis_member").await;
    }
    assert_eq!(
        app.send_api(Method::POST, "/api/v1/plan/import", &staff, doc.clone())
            .await
            .status(),
        403,
        "admins only"
    );
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/plan/import",
            &copy_admin,
            doc.clone(),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let again: Value = app
        .get_api("/api/v1/plan/export", &copy_admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        first_difference(&again, &doc, ""),
        None,
        "the round trip changes nothing"
    );

    // Every part the demo leaves empty survives the trip too: people, rules, figures.
    let mut rich = doc.clone();
    rich["chief_communicator"] = json!("communicator@demo.example");
    rich["meeting_rules"] = json!(["Start on time", "One speaks at a time"]);
    rich["communication"][0]["owner"] = json!("communicator@demo.example");
    rich["communication"][0]["deputy"] = json!("lead@demo.example");
    rich["communication"][0]["channels"] = json!("intranet, daily briefing");
    rich["scenarios"][0]["owner"] = json!("lead@demo.example");
    rich["scenarios"][0]["levels"][2]["report_every_hours"] = json!(12);
    rich["scenarios"][0]["actions"][1]["owner"] = json!("lead@demo.example");
    rich["scenarios"][0]["actions"][1]["due_date"] = json!("2026-12-01");
    rich["tasks"][0]["rto_hours"] = json!(2);
    rich["tasks"][0]["mtpd_hours"] = json!(8);
    rich["tasks"][0]["min_service_level"] = json!(60.0);
    rich["tasks"][0]["depends_suppliers"] = json!("Telia");
    let copy2 = app.create_org("copy2").await;
    app.create_user(&copy2, "admin@copy2.test", "admin").await;
    let copy2_admin = app.token("admin@copy2.test").await;
    for u in user::Entity::find()
        .filter(user::Column::Email.ends_with("@demo.example"))
        .all(&app.db)
        .await
        .unwrap()
    {
        app.add_membership(&copy2, &u, "crisis_member").await;
    }
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/plan/import",
            &copy2_admin,
            rich.clone(),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let back: Value = app
        .get_api("/api/v1/plan/export", &copy2_admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first_difference(&back, &rich, ""), None);

    // A second import would add what is there already: refused, by path, and nothing written.
    let before = scenarios_of(&app, copy.id).await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/plan/import",
            &copy_admin,
            doc.clone(),
        )
        .await;
    assert_eq!(res.status(), 422);
    let fields = error_fields(&res.json().await.unwrap());
    assert!(
        fields.contains(&"scenarios[0].title".to_string()),
        "{fields:?}"
    );
    assert!(fields.contains(&"queues[0].name".to_string()), "{fields:?}");
    assert_eq!(scenarios_of(&app, copy.id).await, before);
}

#[tokio::test]
async fn a_bad_document_names_every_invalid_part_and_writes_nothing() {
    let app = demo_app().await;
    let admin = demo_token(&app, "admin@demo.example").await;
    let mut doc: Value = app
        .get_api("/api/v1/plan/export", &admin)
        .await
        .json()
        .await
        .unwrap();
    let fresh = app.create_org("fresh").await;
    app.create_user(&fresh, "admin@fresh.test", "admin").await;
    let token = app.token("admin@fresh.test").await;
    doc["version"] = json!(2);
    doc["scenarios"][1]["actions"][0]["owner"] = json!("nobody@nowhere.test");
    doc["scenarios"][1]["actions"][0]["level"] = json!("No such level");
    doc["scenarios"][2]["levels"][0]["trigger_value"] = json!(-5);
    doc["tasks"][0]["mtpd_hours"] = json!(0);
    doc["queues"][0]["team_shares"] = json!([{"team": "Ghosts", "share_pct": 50}]);
    doc["communication"][0]["audience"] = json!("aliens");
    doc["checklists"] = json!([{"family": "Bad Family", "title": "", "items": []}]);
    let res = app
        .send_api(Method::POST, "/api/v1/plan/import", &token, doc)
        .await;
    assert_eq!(res.status(), 422);
    let fields = error_fields(&res.json().await.unwrap());
    for expected in [
        "version",
        "queues[0].team_shares[0].team",
        "scenarios[1].actions[0].owner",
        "scenarios[1].actions[0].level",
        "scenarios[2].levels[0].trigger_value",
        "tasks[0].mtpd_hours",
        "communication[0].audience",
        "checklists[0].family",
        "checklists[0].title",
        "checklists[0].items",
    ] {
        assert!(
            fields.contains(&expected.to_string()),
            "{expected} missing from {fields:?}"
        );
    }
    assert_eq!(
        scenarios_of(&app, fresh.id).await,
        0,
        "nothing half-imported"
    );
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/plan/import",
            &token,
            json!({"format": "something-else"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        ["format", "version"]
    );
}

#[tokio::test]
async fn the_printable_plan_has_every_scenario_on_its_own_sheet() {
    let app = demo_app().await;
    let browser = demo_login(&app, "lead@demo.example").await;
    let (status, html, _) = app.page(&browser, "/plan/print").await;
    assert_eq!(status, 200);
    let sheets = html.matches("class=\"scenario-sheet\"").count();
    assert!(sheets >= 4, "{sheets} scenario sheets");
    assert!(html.contains("Kontinuitetsplan för") || html.contains("Continuity plan of"));
    let (_, register, _) = app.page(&browser, "/plan").await;
    assert!(register.contains("href=\"/plan/print\""));
}
