//! The set-ups tests share, so a test names what it starts from instead of building it:
//! an organisation with its crisis group and staff, a scenario with a ladder, the demo.
use crate::helpers::{client, TestApp};
use beredskap::entities::{membership, organisation};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

/// Acme (Stockholm): a crisis lead, a crisis-group member and `staff` staff
/// (`s0@acme.example`…), with their API tokens.
pub struct Acme {
    pub org: organisation::Model,
    pub lead: String,
    pub staff: Vec<String>,
}

pub async fn acme(app: &TestApp, staff: usize) -> Acme {
    acme_in_teams(app, staff, false).await
}

/// The same, the staff alternately in the teams Phones and Chat.
pub async fn acme_in_teams(app: &TestApp, staff: usize, teams: bool) -> Acme {
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    app.create_user(&org, "member@acme.example", "crisis_member")
        .await;
    let team_ids = if teams {
        vec![
            app.create_team(&org, "Phones").await.id,
            app.create_team(&org, "Chat").await.id,
        ]
    } else {
        vec![]
    };
    let mut tokens = vec![];
    for i in 0..staff {
        let u = app
            .create_user(&org, &format!("s{i}@acme.example"), "staff")
            .await;
        if let Some(team) = team_ids.get(i % 2).filter(|_| teams) {
            membership::Entity::update_many()
                .col_expr(
                    membership::Column::TeamId,
                    sea_orm::sea_query::Expr::value(*team),
                )
                .filter(membership::Column::UserId.eq(u.id))
                .exec(&app.db)
                .await
                .unwrap();
        }
        tokens.push(app.token(&format!("s{i}@acme.example")).await);
    }
    Acme {
        lead: app.token("lead@acme.example").await,
        org,
        staff: tokens,
    }
}

/// "Flu season": high absence measured on check-ins, levels Serious at 20 % and Critical at
/// 50 %, a hysteresis margin of 5. Returns the scenario with its ladder.
pub async fn absence_scenario(app: &TestApp, token: &str) -> Value {
    let s: Value = app
        .send_api(Method::POST, "/api/v1/scenarios", token, json!({"kind": "high_absence", "title": "Flu season", "probability": 4, "consequence": 4, "metric": "absence", "hysteresis_margin": 5.0}))
        .await
        .json()
        .await
        .unwrap();
    app.send_api(
        Method::PUT,
        &format!("/api/v1/scenarios/{}/levels", s["id"]),
        token,
        json!({"version": s["version"], "levels": [
            {"name": "Serious", "trigger_value": 20.0}, {"name": "Critical", "trigger_value": 50.0}]}),
    )
    .await
    .json()
    .await
    .unwrap()
}

pub const DEMO_PASSWORD: &str = "demo-password";

/// An app with the demo organisation loaded from `seeds/`, as `--demo` loads it.
pub async fn demo_app() -> TestApp {
    let app = crate::helpers::spawn_app().await;
    beredskap::seeds::load_demo_if_empty(&app.db)
        .await
        .unwrap()
        .expect("an empty database");
    app
}

/// A browser signed in on the login page as one of the demo logins.
pub async fn demo_login(app: &TestApp, email: &str) -> reqwest::Client {
    let browser = client();
    let res = app
        .post_form(
            &browser,
            "/login",
            "/login",
            &[("email", email), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303, "sign-in of {email}");
    browser
}

/// An API token for one of the demo logins.
pub async fn demo_token(app: &TestApp, email: &str) -> String {
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}
