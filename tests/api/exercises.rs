//! Exercises: their own level, log and notices, marked EXERCISE, reaching only the
//! participants and internal channels; then the review whose lessons become actions.
use crate::faq_support::{add_channel, desk, eventually, publish, subscribers};
use crate::helpers::{error_fields, spawn_app_full, TestApp};
use crate::smtp_sink::SmtpSink;
use crate::webhook_sink::WebhookSink;
use beredskap::clock::Clock;
use beredskap::entities::{audit_event, level_change, outbox_message, publication, staff_checkin};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

async fn public_face(app: &TestApp) -> (String, String, String) {
    (
        app.text("/p/drill/faq").await,
        app.text("/p/drill/faq.json").await,
        app.text("/p/drill/faq.atom").await,
    )
}

async fn scenario_with_ladder(app: &TestApp, lead: &str, title: &str) -> Value {
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            lead,
            json!({"title": title, "probability": 3, "consequence": 4, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.send_api(
        Method::PUT,
        &format!("/api/v1/scenarios/{}/levels", s["id"]),
        lead,
        json!({"levels": [{"name": "Förhöjd", "trigger_value": 15}, {"name": "Kritisk", "trigger_value": 30}], "version": s["version"]}),
    )
    .await
    .json()
    .await
    .unwrap()
}

#[tokio::test]
async fn an_exercise_has_its_own_level_log_and_notices_and_no_public_channel_notices() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let d = desk(&app, "drill").await;
    let lead = app
        .create_user(&d.org, "lead@drill.test", "crisis_lead")
        .await;
    let member = app
        .create_user(&d.org, "member@drill.test", "crisis_member")
        .await;
    app.create_user(&d.org, "away@drill.test", "crisis_member")
        .await;
    let lead_t = app.token("lead@drill.test").await;
    let hooks = WebhookSink::start().await;
    add_channel(&app, &d.admin, "webhook", &hooks.url("/public"), "public").await;
    add_channel(
        &app,
        &d.admin,
        "mattermost",
        &hooks.url("/internal"),
        "internal",
    )
    .await;
    subscribers(&app, &d.org, 2).await;
    publish(&app, &d.communicator, "Are you open?", "Yes, as usual.").await;
    let s = scenario_with_ladder(&app, &lead_t, "Phone outage").await;
    let other_s = scenario_with_ladder(&app, &lead_t, "Flu").await;
    eventually("the real publication is delivered", || async {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::Status.ne("sent"))
            .count(&app.db)
            .await
            .unwrap()
            == 0
    })
    .await;
    let mails_before = sink.received.lock().unwrap().len();
    let public_hits_before = hooks.hits_at("/public").len();
    let face_before = public_face(&app).await;

    // Bad input names its fields; a scenario of another organisation is not there.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/exercises",
            &lead_t,
            json!({"injects": [{"text": ""}, {"at_minutes": 99999, "text": "late"}], "participants": [999999]}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        [
            "scenario_id",
            "injects[0].at_minutes",
            "injects[0].text",
            "injects[1].at_minutes",
            "participants[0]"
        ]
    );
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/exercises",
            &d.staff,
            json!({"scenario_id": s["id"]})
        )
        .await
        .status(),
        403
    );

    let res = app
        .send_api(
            Method::POST,
            "/api/v1/exercises",
            &lead_t,
            json!({
                "scenario_id": s["id"],
                "participants": [member.id],
                "injects": [{"at_minutes": 0, "text": "The phone supplier reports an outage"},
                            {"at_minutes": 600, "text": "The press calls"}]
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let ex: Value = res.json().await.unwrap();
    let id = ex["id"].as_i64().unwrap();
    assert_eq!(ex["title"], "Exercise: Phone outage");
    let mut people: Vec<i64> = ex["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    people.sort();
    assert_eq!(
        people,
        [lead.id as i64, member.id as i64],
        "the starter takes part"
    );
    let again = app
        .send_api(
            Method::POST,
            "/api/v1/exercises",
            &lead_t,
            json!({"scenario_id": s["id"]}),
        )
        .await;
    assert_eq!(again.status(), 422, "one running exercise per scenario");

    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/level"),
            &lead_t,
            json!({"level_id": s["levels"][1]["id"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/level"),
            &lead_t,
            json!({"level_id": other_s["levels"][0]["id"]}),
        )
        .await;
    assert_eq!(res.status(), 422, "a level of another scenario");
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/log"),
            &lead_t,
            json!({"kind": "decision", "text": "Route calls to the backup number."}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = app
        .send_api(Method::POST, &format!("/api/v1/exercises/{id}/publish"), &d.communicator,
            json!({"question": "Can I call you today?", "answer": "Use the backup number 08-123 45."}))
        .await;
    assert_eq!(res.status(), 201);
    // A roll-call of the participants, marked; an answer is not a check-in.
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/rollcall"),
            &lead_t,
            json!({"message": "Can you work from home tomorrow?"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let rc: Value = res.json().await.unwrap();
    assert_eq!(rc["total"], 2);
    assert_eq!(rc["exercise_id"], id);
    assert!(rc["message"].as_str().unwrap().starts_with("EXERCISE — "));
    let answered = beredskap::rollcall::service::answer(
        &app.state,
        rc["id"].as_i64().unwrap() as i32,
        member.id,
        "remote",
        "link",
    )
    .await
    .unwrap();
    assert!(matches!(
        answered,
        beredskap::rollcall::service::Answered::Recorded { .. }
    ));
    let rc: Value = app
        .get_api(&format!("/api/v1/rollcalls/{}", rc["id"]), &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rc["answered"], 1);
    assert_eq!(
        staff_checkin::Entity::find().count(&app.db).await.unwrap(),
        0,
        "an exercise answer is no check-in"
    );
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/exercises/{id}/review"),
            &lead_t,
            json!({"worked": "x", "version": 1}),
        )
        .await;
    assert_eq!(res.status(), 409, "no review while it runs");

    // The real world did not move.
    let real: Value = app
        .get_api(&format!("/api/v1/scenarios/{}", s["id"]), &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert!(real["current_level_id"].is_null());
    assert_eq!(
        level_change::Entity::find().count(&app.db).await.unwrap(),
        0
    );
    let log: Vec<Value> = app
        .get_api("/api/v1/log", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        log.iter().all(
            |e| e["event"] != "level_change" && !e["text"].as_str().unwrap().contains("backup")
        ),
        "{log:?}"
    );

    let detail: Value = app
        .get_api(&format!("/api/v1/exercises/{id}"), &lead_t)
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"inject") && kinds.contains(&"decision"),
        "{kinds:?}"
    );
    assert_eq!(detail["injects_to_come"], 1);

    // Notices reach the participants and the internal channel, marked; nothing public.
    let notices: Vec<i32> = publication::Entity::find()
        .filter(publication::Column::Kind.eq("exercise"))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(notices.len(), 3, "started, level, published");
    eventually("the exercise notices are delivered", || async {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::PublicationId.is_in(notices.clone()))
            .filter(outbox_message::Column::Status.ne("sent"))
            .count(&app.db)
            .await
            .unwrap()
            == 0
    })
    .await;
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::PublicationId.is_in(notices.clone()))
        .all(&app.db)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.subscriber_id.is_none()));
    assert_eq!(
        rows.len(),
        3 * 3,
        "two participants and one internal channel, three times"
    );
    let mails: Vec<_> = sink.received.lock().unwrap()[mails_before..].to_vec();
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!(to, ["lead@drill.test", "member@drill.test"]);
    assert!(mails.iter().all(|m| m.data.contains("EXERCISE")));
    let internal = hooks.hits_at("/internal");
    assert!(internal
        .iter()
        .any(|h| h.body.contains("EXERCISE") && h.body.contains("backup number")));
    assert_eq!(hooks.hits_at("/public").len(), public_hits_before);
    assert_eq!(
        public_face(&app).await,
        face_before,
        "the public page, JSON and feed never changed"
    );

    // Ending opens the review; the log closes.
    assert_eq!(
        app.send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/end"),
            &lead_t,
            json!({})
        )
        .await
        .status(),
        200
    );
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/exercises/{id}/log"),
            &lead_t,
            json!({"kind": "event", "text": "late"}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let detail: Value = app
        .get_api(&format!("/api/v1/exercises/{id}"), &lead_t)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["injects_to_come"], 0,
        "an inject after the end never comes"
    );
    let version = detail["exercise"]["version"].clone();

    let other = desk(&app, "drill-other").await;
    let res = app
        .send_api(Method::PUT, &format!("/api/v1/exercises/{id}/review"), &lead_t, json!({
            "worked": "Fast decisions.", "did_not_work": "Nobody had the backup number.",
            "lessons": [
                {"text": "Print the backup number", "kind": "action", "area": "technology"},
                {"text": "Backup routing in the plan", "kind": "rewrite", "area": "technology", "owner_user_id": lead.id, "due_date": "soon"}
            ],
            "version": version
        }))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        [
            "lessons[0].owner_user_id",
            "lessons[1].kind",
            "lessons[1].due_date"
        ]
    );
    let res = app
        .send_api(Method::PUT, &format!("/api/v1/exercises/{id}/review"), &lead_t, json!({
            "worked": "Fast decisions.", "did_not_work": "Nobody had the backup number.",
            "lessons": [
                {"text": "Print the backup number", "kind": "action", "area": "technology", "owner_user_id": member.id, "due_date": "2026-12-15"},
                {"text": "Backup routing in the plan", "kind": "plan_change", "area": "technology", "owner_user_id": lead.id}
            ],
            "version": version
        }))
        .await;
    assert_eq!(res.status(), 200);
    let reviewed: Value = res.json().await.unwrap();
    assert_eq!(reviewed["exercise"]["status"], "reviewed");
    let lessons = reviewed["lessons"].as_array().unwrap();
    assert_eq!(lessons.len(), 2);
    let action: Value = app
        .get_api(
            &format!("/api/v1/actions/{}", lessons[0]["action_id"]),
            &lead_t,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(action["owner_user_id"], member.id);
    assert_eq!(action["scenario_id"], s["id"]);
    assert_eq!(action["due_date"], "2026-12-15");

    // The register shows when each scenario was last exercised.
    let register: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead_t)
        .await
        .json()
        .await
        .unwrap();
    let of = |sid: &Value| register.iter().find(|r| r["id"] == *sid).unwrap().clone();
    assert_eq!(of(&s["id"])["exercise_due"], false);
    assert!(of(&s["id"])["last_exercised_at"].is_string());
    assert_eq!(of(&other_s["id"])["exercise_due"], true);
    let history: Vec<Value> = app
        .get_api(
            &format!("/api/v1/exercises?scenario_id={}", s["id"]),
            &lead_t,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history.len(), 1);

    // Another organisation sees nothing of it.
    assert_eq!(
        app.get_api(&format!("/api/v1/exercises/{id}"), &other.communicator)
            .await
            .status(),
        404
    );
    let theirs: Vec<Value> = app
        .get_api("/api/v1/exercises", &other.communicator)
        .await
        .json()
        .await
        .unwrap();
    assert!(theirs.is_empty());
    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("exercise"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 6, "start, level, publish, roll-call, end, review");
}

#[tokio::test]
async fn an_exercise_is_started_and_reviewed_from_its_pages() {
    let app = spawn_app_full(Clock::system(), None).await;
    let d = desk(&app, "drillpage").await;
    let lead = app
        .create_user(&d.org, "lead@drillpage.test", "crisis_lead")
        .await;
    let lead_t = app.token("lead@drillpage.test").await;
    let s = scenario_with_ladder(&app, &lead_t, "Storm").await;
    let browser = app.browser_login("lead@drillpage.test").await;
    let sid = s["id"].to_string();
    let res = app
        .post_form(
            &browser,
            "/exercises",
            "/exercises",
            &[
                ("scenario_id", sid.as_str()),
                (
                    "injects",
                    "+0 Power cut at the office\nsoon The press calls",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Power cut at the office"),
        "the injects are kept"
    );
    let res = app
        .post_form(
            &browser,
            "/exercises",
            "/exercises",
            &[
                ("scenario_id", sid.as_str()),
                ("title", "Winter drill"),
                ("injects", "+0 Power cut at the office"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let at = res.headers()["location"].to_str().unwrap().to_string();
    let (status, html, _) = app.page(&browser, &at).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("EXERCISE")
            && html.contains("Power cut at the office")
            && html.contains("Winter drill")
    );
    let res = app
        .post_form(
            &browser,
            &at,
            &format!("{at}/log"),
            &[("text", ""), ("kind", "decision")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_form(
            &browser,
            &at,
            &format!("{at}/log"),
            &[("text", "Send everyone home"), ("kind", "decision")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_form(&browser, &at, &format!("{at}/end"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (_, html, _) = app.page(&browser, &at).await;
    assert!(html.contains("After-action review"));
    let owner = lead.id.to_string();
    let res = app
        .post_form(
            &browser,
            &at,
            &format!("{at}/review"),
            &[
                ("worked", "Quick call tree"),
                ("did_not_work", "Keys to the office"),
                ("version", "2"),
                ("lesson_text", "Spare keys with the deputy"),
                ("lesson_kind", "action"),
                ("lesson_area", "staffing"),
                ("lesson_owner", owner.as_str()),
                ("lesson_due", ""),
                ("lesson_text", ""),
                ("lesson_kind", "action"),
                ("lesson_area", "staffing"),
                ("lesson_owner", ""),
                ("lesson_due", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html, _) = app.page(&browser, &at).await;
    assert!(html.contains("Spare keys with the deputy") && html.contains("Reviewed"));
    let (_, html, _) = app.page(&browser, &format!("/plan/scenarios/{sid}")).await;
    assert!(html.contains("Winter drill") && html.contains("Keys to the office"));
    let (_, html, _) = app.page(&browser, "/plan").await;
    assert!(html.contains("Last exercised"));
}
