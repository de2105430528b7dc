use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn setup(app: &TestApp, staff: usize) -> (String, Vec<String>, Value) {
    let acme = crate::fixtures::acme(app, staff).await;
    let (tokens, lead) = (acme.staff, acme.lead);
    let checklist: Value = app
        .send_api(
            Method::POST,
            "/api/v1/checklists/standard",
            &lead,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    (lead, tokens, checklist)
}

/// Answers that pass every standard item.
fn good_answers(checklist: &Value) -> Vec<Value> {
    checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let value = match i["kind"].as_str().unwrap() {
                "yes_no" => "yes".to_string(),
                "choice" => i["options"][0].as_str().unwrap().to_string(),
                "number" => "100".to_string(),
                _ => "IT desk 010-123".to_string(),
            };
            json!({"item_id": i["id"], "value": value})
        })
        .collect()
}

fn item_id(checklist: &Value, question_starts: &str) -> Value {
    checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["question"].as_str().unwrap().starts_with(question_starts))
        .unwrap()["id"]
        .clone()
}

#[tokio::test]
async fn the_standard_checklist_is_added_once_and_covers_what_home_working_needs() {
    let app = spawn_app().await;
    let (lead, _, checklist) = setup(&app, 0).await;
    let again: Value = app
        .send_api(
            Method::POST,
            "/api/v1/checklists/standard",
            &lead,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["version"], 1, "adding twice adds nothing");
    let questions: Vec<&str> = checklist["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["question"].as_str().unwrap())
        .collect();
    for topic in [
        "internet",
        "speed",
        "VPN",
        "laptop",
        "Screens",
        "mobile phone",
        "headset",
        "sign in to every system",
        "personal data",
        "IT help",
    ] {
        assert!(questions.iter().any(|q| q.contains(topic)), "{topic}");
    }
}

#[tokio::test]
async fn staff_stop_and_come_back_and_can_only_hand_in_a_complete_checklist() {
    let app = spawn_app().await;
    let (_, staff, checklist) = setup(&app, 1).await;
    let answers = good_answers(&checklist);

    let s: Value = app
        .send_api(
            Method::PUT,
            "/api/v1/me/checklists/home-working",
            &staff[0],
            json!({"answers": answers[..3]}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["standing"], "unfinished");
    let mine: Value = app
        .get_api("/api/v1/me/checklists/home-working", &staff[0])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine["answers"].as_array().unwrap().len(),
        3,
        "answers are kept"
    );
    let early = app
        .send_api(
            Method::PUT,
            "/api/v1/me/checklists/home-working",
            &staff[0],
            json!({"submit": true}),
        )
        .await;
    assert_eq!(early.status(), 422);
    assert!(
        early.json::<Value>().await.unwrap()["errors"]
            .as_array()
            .unwrap()
            .len()
            >= 5
    );

    let done: Value = app
        .send_api(
            Method::PUT,
            "/api/v1/me/checklists/home-working",
            &staff[0],
            json!({"answers": answers, "submit": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(done["standing"], "ready");
    let bad = app
        .send_api(
            Method::PUT,
            "/api/v1/me/checklists/home-working",
            &staff[0],
            json!({"answers": [{"item_id": answers[2]["item_id"], "value": "perhaps"}]}),
        )
        .await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn readiness_counts_who_could_work_from_home_and_groups_blockers_by_item() {
    let app = spawn_app().await;
    let (lead, staff, checklist) = setup(&app, 5).await;
    let vpn = item_id(&checklist, "Can you connect to the VPN");
    let headset = item_id(&checklist, "Do you have a headset");
    for (i, t) in staff.iter().enumerate() {
        let mut answers = good_answers(&checklist);
        for a in answers.iter_mut() {
            if (i < 3 && a["item_id"] == vpn) || (i == 0 && a["item_id"] == headset) {
                a["value"] = json!("no");
            }
        }
        if i < 4 {
            app.send_api(
                Method::PUT,
                "/api/v1/me/checklists/home-working",
                t,
                json!({"answers": answers, "submit": true}),
            )
            .await;
        }
    }

    let r: Value = app
        .get_api("/api/v1/readiness", &lead)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(r["overall"]["expected"], 5);
    assert_eq!(r["overall"]["ready"], 1);
    assert_eq!(r["overall"]["blocked"], 3);
    assert_eq!(r["overall"]["unfinished"], 1);
    assert_eq!(r["overall"]["readiness_pct"], 20.0);
    assert_eq!(
        r["blockers"][0]["question"],
        "Can you connect to the VPN from home?"
    );
    assert_eq!(r["blockers"][0]["people"], 3);
    assert_eq!(
        r["blockers"][0]["names"].as_array().unwrap().len(),
        3,
        "the crisis lead sees who"
    );
    let member = app.token("member@acme.example").await;
    let m: Value = app
        .get_api("/api/v1/readiness", &member)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(m["blockers"][0]["people"], 3);
    assert!(
        m["blockers"][0]["names"].as_array().unwrap().is_empty(),
        "members see counts only"
    );
    assert_eq!(
        app.get_api("/api/v1/readiness", &staff[4]).await.status(),
        403
    );
}

#[tokio::test]
async fn changing_the_template_after_people_answered_keeps_their_answers_and_version() {
    let app = spawn_app().await;
    let (lead, staff, v1) = setup(&app, 2).await;
    app.send_api(
        Method::PUT,
        "/api/v1/me/checklists/home-working",
        &staff[0],
        json!({"answers": good_answers(&v1), "submit": true}),
    )
    .await;

    // A new version: one question added, the rest unchanged.
    let mut items: Vec<Value> = v1["items"].as_array().unwrap().iter().map(|i| json!({
        "kind": i["kind"], "question": i["question"], "help": i["help"], "options": i["options"].as_array().unwrap().iter().map(|o| o.as_str().unwrap()).collect::<Vec<_>>().join("\n"), "blocks_on": i["blocks_on"]})).collect();
    items.push(json!({"kind": "yes_no", "question": "Do you have a second-factor key?", "blocks_on": "no"}));
    let v2: Value = app
        .send_api(
            Method::PUT,
            "/api/v1/checklists/home-working",
            &lead,
            json!({"title": v1["title"], "items": items}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v2["version"], 2);

    let mine: Value = app
        .get_api("/api/v1/me/checklists/home-working", &staff[0])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        mine["answered_version"], 1,
        "the answers keep the version they answered"
    );
    assert_eq!(mine["checklist"]["version"], 2);
    let r: Value = app
        .get_api("/api/v1/readiness", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        r["overall"]["ready"], 1,
        "still ready on the version answered"
    );

    // Answering the new question carries the unchanged answers over.
    let key = item_id(&v2, "Do you have a second-factor key");
    let s: Value = app
        .send_api(
            Method::PUT,
            "/api/v1/me/checklists/home-working",
            &staff[0],
            json!({"answers": [{"item_id": key, "value": "yes"}], "submit": true}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["standing"], "ready");
    let bad = app.send_api(Method::PUT, "/api/v1/checklists/home-working", &lead, json!({"title": "", "items": [{"kind": "choice", "question": "Pick", "options": "only one"}]})).await;
    assert_eq!(bad.status(), 422);
    let fields: Vec<String> = bad.json::<Value>().await.unwrap()["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fields, ["title", "items[0].options"]);
}

#[tokio::test]
async fn a_checklist_not_handed_in_by_its_due_date_is_overdue() {
    let app = spawn_app().await;
    let (lead, staff, checklist) = setup(&app, 2).await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/checklists/home-working/assignments",
            &lead,
            json!({"due_date": "2020-01-31"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    app.send_api(
        Method::PUT,
        "/api/v1/me/checklists/home-working",
        &staff[0],
        json!({"answers": good_answers(&checklist), "submit": true}),
    )
    .await;

    let r: Value = app
        .get_api("/api/v1/readiness", &lead)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(r["overall"]["overdue"], 1);
    let mine: Value = app
        .get_api("/api/v1/me/checklists/home-working", &staff[1])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["due_date"], "2020-01-31");
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/checklists/home-working/assignments",
            &lead,
            json!({"due_date": "soon"})
        )
        .await
        .status(),
        422
    );
    let rival = app.create_org("rival").await;
    app.create_user(&rival, "x@rival.example", "crisis_lead")
        .await;
    let rival_token = app.token("x@rival.example").await;
    assert_eq!(
        app.get_api("/api/v1/checklists/home-working", &rival_token)
            .await
            .status(),
        404,
        "checklists are per organisation"
    );
}

#[tokio::test]
async fn on_the_page_staff_save_part_and_the_lead_sees_what_stops_people() {
    let app = spawn_app().await;
    let (_, _, checklist) = setup(&app, 1).await;
    let browser = app.browser_login("s0@acme.example").await;
    let vpn = item_id(&checklist, "Can you connect to the VPN");

    let res = app
        .post_form(
            &browser,
            "/home-working",
            "/home-working",
            &[(&format!("item_{vpn}"), "no"), ("action", "save")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page, _) = app.page(&browser, "/home-working").await;
    assert!(page.contains("1 of your answers stops you from working from home"));
    assert!(page.contains("This stops home working for now."));

    let res = app
        .post_form(
            &browser,
            "/home-working",
            "/home-working",
            &[(&format!("item_{vpn}"), "no"), ("action", "submit")],
        )
        .await;
    assert_eq!(res.status(), 422, "cannot hand in with questions left");
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("This field is required."));

    let lead = app.browser_login("lead@acme.example").await;
    let (status, readiness, _) = app.page(&lead, "/readiness").await;
    assert_eq!(status, 200);
    assert!(
        readiness.contains("Can you connect to the VPN from home?")
            && readiness.contains("User s0@acme.example")
    );
}

#[tokio::test]
async fn designated_testers_log_tests_and_their_next_test_falls_due() {
    let app = spawn_app().await;
    let (lead, staff, _) = setup(&app, 2).await;
    let me: Value = app
        .get_api("/api/v1/me", &staff[0])
        .await
        .json()
        .await
        .unwrap();
    let tester_id = me["user"]["id"].as_i64().unwrap();

    assert_eq!(
        app.send_api(
            Method::PUT,
            &format!("/api/v1/testers/{tester_id}"),
            &lead,
            json!({"interval_days": 200})
        )
        .await
        .status(),
        422
    );
    assert_eq!(
        app.send_api(
            Method::PUT,
            &format!("/api/v1/testers/{tester_id}"),
            &lead,
            json!({"interval_days": 14})
        )
        .await
        .status(),
        204
    );
    let list: Vec<Value> = app
        .get_api("/api/v1/testers", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["due"], true, "never tested: due now");

    let missing = app
        .send_api(
            Method::POST,
            &format!("/api/v1/testers/{tester_id}/tests"),
            &staff[0],
            json!({"result": "problems"}),
        )
        .await;
    assert_eq!(missing.status(), 422, "problems need describing");
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/testers/{tester_id}/tests"),
            &staff[0],
            json!({"result": "problems", "problems": "VPN drops every 20 minutes"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let other = app
        .send_api(
            Method::POST,
            &format!("/api/v1/testers/{tester_id}/tests"),
            &staff[1],
            json!({"result": "ok"}),
        )
        .await;
    assert_eq!(other.status(), 403, "someone else cannot log my test");

    let list: Vec<Value> = app
        .get_api("/api/v1/testers", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["due"], false);
    assert_eq!(list[0]["last_problems"], "VPN drops every 20 minutes");
    let last =
        chrono::NaiveDate::parse_from_str(list[0]["last_tested_on"].as_str().unwrap(), "%Y-%m-%d")
            .unwrap();
    let next = chrono::NaiveDate::parse_from_str(list[0]["next_due"].as_str().unwrap(), "%Y-%m-%d")
        .unwrap();
    assert_eq!((next - last).num_days(), 14);
    let browser = app.browser_login("lead@acme.example").await;
    let (_, page, _) = app.page(&browser, "/readiness").await;
    assert!(page.contains("VPN drops every 20 minutes") && page.contains("every 14 days"));
}

#[test]
fn a_tester_who_never_tested_is_due_today_and_otherwise_one_interval_after_the_last_test() {
    use beredskap::checklists::testers::next_due;
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    assert_eq!(next_due(None, 14, d(11, 23)), d(11, 23));
    assert_eq!(next_due(Some(d(11, 1)), 14, d(11, 23)), d(11, 15));
}

#[tokio::test]
async fn a_tester_whose_test_is_due_is_reminded_until_they_log_it() {
    let app = spawn_app().await;
    let (lead, staff, _) = setup(&app, 1).await;
    let me: Value = app
        .get_api("/api/v1/me", &staff[0])
        .await
        .json()
        .await
        .unwrap();
    let id = me["user"]["id"].as_i64().unwrap();
    app.send_api(
        Method::PUT,
        &format!("/api/v1/testers/{id}"),
        &lead,
        json!({"interval_days": 7}),
    )
    .await;
    let browser = app.browser_login("s0@acme.example").await;

    let (_, before, _) = app.page(&browser, "/plan").await;
    app.post_form(
        &browser,
        "/home-working",
        "/home-working/tests",
        &[("result", "ok"), ("problems", "")],
    )
    .await;
    let (_, after, _) = app.page(&browser, "/plan").await;

    assert!(before.contains("Your home-working test is due."));
    assert!(!after.contains("Your home-working test is due."));
}

#[tokio::test]
async fn the_crisis_group_edits_the_checklist_in_the_browser_and_each_save_is_a_new_version() {
    let app = spawn_app().await;
    let (lead, _, _) = setup(&app, 0).await;
    let browser = app.browser_login("lead@acme.example").await;
    let (status, editor, _) = app.page(&browser, "/readiness/checklist").await;
    assert_eq!(status, 200);
    assert!(editor.contains("Now at version 1."));

    let bad = app
        .post_form(
            &browser,
            "/readiness/checklist",
            "/readiness/checklist",
            &[
                ("title", "Home"),
                ("kind", "choice"),
                ("question", "Where?"),
                ("help", ""),
                ("options", "Home"),
                ("blocks_on", ""),
            ],
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert!(
        bad.text().await.unwrap().contains("value=\"Where?\""),
        "the rows as typed"
    );

    let ok = app
        .post_form(
            &browser,
            "/readiness/checklist",
            "/readiness/checklist",
            &[
                ("title", "Home working, short"),
                ("kind", "yes_no"),
                ("question", "Can you use the VPN?"),
                ("help", ""),
                ("options", ""),
                ("blocks_on", "no"),
                ("kind", "number"),
                ("question", "Speed (Mbit/s)"),
                ("help", ""),
                ("options", ""),
                ("blocks_on", "10"),
                ("kind", "yes_no"),
                ("question", ""),
                ("help", ""),
                ("options", ""),
                ("blocks_on", ""),
            ],
        )
        .await;
    assert_eq!(ok.status(), 303);
    let now: Value = app
        .get_api("/api/v1/checklists/home-working", &lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(now["version"], 2);
    assert_eq!(
        now["items"].as_array().unwrap().len(),
        2,
        "the empty row is dropped"
    );
}
