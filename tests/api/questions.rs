//! The questions people ask: staff tallies and new questions, readers' searches, views and
//! verdicts, the board that ranks them, and "Answer this" closing the loop.
use crate::faq_support::{desk, publish};
use crate::helpers::{client, error_fields, spawn_app, TestApp};
use beredskap::entities::{audit_event, faq_view_count};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{json, Value};

async fn file(app: &TestApp, token: &str, text: &str, channel: &str) -> Value {
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/questions",
            token,
            json!({"text": text, "channel": channel}),
        )
        .await;
    assert_eq!(res.status(), 201, "filing {text}");
    res.json().await.unwrap()
}

async fn board(app: &TestApp, token: &str) -> Value {
    let res = app.get_api("/api/v1/questions?days=7", token).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn flush(app: &TestApp) {
    beredskap::questions::signals::flush(&app.state)
        .await
        .unwrap();
}

#[tokio::test]
async fn staff_tally_an_answer_once_a_day_and_bad_input_names_the_field() {
    let app = spawn_app().await;
    let d = desk(&app, "tally").await;
    let (entry, _) = publish(
        &app,
        &d.communicator,
        "Are you open on Monday?",
        "Yes, 8–17.",
    )
    .await;
    let path = format!("/api/v1/faq/{}/asked", entry["id"]);
    let first: Value = app
        .send_api(Method::POST, &path, &d.staff, json!({"channel": "phone"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["counted"], true);
    assert_eq!(first["today"], 1);
    let again: Value = app
        .send_api(Method::POST, &path, &d.staff, json!({"channel": "chat"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        again["counted"], false,
        "one tap per person per answer per day"
    );
    let other: Value = app
        .send_api(
            Method::POST,
            &path,
            &d.communicator,
            json!({"channel": "chat"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["today"], 2);

    let bad = app
        .send_api(Method::POST, &path, &d.staff, json!({"channel": "fax"}))
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(error_fields(&bad.json().await.unwrap()), vec!["channel"]);

    let draft: Value = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &d.communicator,
            json!({"question": "Draft?", "answer": "Not yet.", "action": "draft"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/faq/{}/asked", draft["entry"]["id"]),
            &d.staff,
            json!({"channel": "phone"}),
        )
        .await;
    assert_eq!(res.status(), 409);

    // Another organisation's answer is not there at all.
    let other_org = desk(&app, "tally-other").await;
    let res = app
        .send_api(
            Method::POST,
            &path,
            &other_org.staff,
            json!({"channel": "phone"}),
        )
        .await;
    assert_eq!(res.status(), 404);

    let audited = audit_event::Entity::find()
        .filter(audit_event::Column::Entity.eq("faq_ask"))
        .count(&app.db)
        .await
        .unwrap();
    assert_eq!(audited, 2, "each counted tally is in the audit trail");

    let b = board(&app, &d.communicator).await;
    let row = b["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == entry["id"])
        .unwrap()
        .clone();
    assert_eq!(row["asked_today"], 2);
    assert_eq!(row["asked_channels"][0]["channel"], "chat");
}

#[tokio::test]
async fn questions_that_say_the_same_thing_are_grouped_ranked_and_answered_from_the_board() {
    let app = spawn_app().await;
    let d = desk(&app, "asked").await;
    let a = file(&app, &d.staff, "When will the service be back?", "phone").await;
    let b = file(&app, &d.staff, "when will the service be back up", "chat").await;
    let c = file(&app, &d.communicator, "Service back when??", "phone").await;
    let other = file(&app, &d.staff, "Can I pay my invoice later?", "mail").await;
    assert_eq!(a["topic_id"], b["topic_id"]);
    assert_eq!(a["topic_id"], c["topic_id"]);
    assert_ne!(a["topic_id"], other["topic_id"]);
    assert_eq!(c["asked"], 3);
    assert!(c["answered_by"].is_null());

    let bad = app
        .send_api(
            Method::POST,
            "/api/v1/questions",
            &d.staff,
            json!({"text": "?", "channel": "pigeon"}),
        )
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        error_fields(&bad.json().await.unwrap()),
        vec!["text", "channel"]
    );

    // Staff may file and tally, but the board is for the desk.
    assert_eq!(
        app.get_api("/api/v1/questions", &d.staff).await.status(),
        403
    );
    let res = app
        .get_api("/api/v1/questions?days=0", &d.communicator)
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), vec!["days"]);

    let board_now = board(&app, &d.communicator).await;
    let top = &board_now["unanswered"][0];
    assert_eq!(
        top["id"], a["topic_id"],
        "the most asked first: {board_now}"
    );
    assert_eq!(top["today"], 3);
    assert_eq!(top["channels"][0], json!({"channel": "phone", "count": 2}));
    assert_eq!(top["text"], "When will the service be back?");

    // "Answer this": the answer written for the topic takes it off the unanswered list.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &d.communicator,
            json!({
                "question": "When will the service be back?",
                "answer": "We expect it back by 15:00.",
                "topic_id": a["topic_id"],
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let written: Value = res.json().await.unwrap();
    let after = board(&app, &d.communicator).await;
    let unanswered: Vec<&Value> = after["unanswered"].as_array().unwrap().iter().collect();
    assert_eq!(unanswered.len(), 1, "{after}");
    assert_eq!(unanswered[0]["id"], other["topic_id"]);
    assert_eq!(after["answered"][0]["answer"]["id"], written["entry"]["id"]);

    // The next person to file it is told the answer exists.
    let again = file(&app, &d.staff, "When is the service back?", "visit").await;
    assert_eq!(again["answered_by"]["faq_entry_id"], written["entry"]["id"]);

    // Someone else's topic cannot be claimed.
    let stranger = desk(&app, "asked-other").await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &stranger.communicator,
            json!({
                "question": "Mine?", "answer": "No.", "topic_id": other["topic_id"],
            }),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), vec!["topic_id"]);
}

#[tokio::test]
async fn readers_searches_views_and_verdicts_reach_the_board_without_a_cookie() {
    let app = spawn_app().await;
    let d = desk(&app, "readers").await;
    let (entry, _) = publish(
        &app,
        &d.communicator,
        "Are you open on Monday?",
        "Yes, 8–17.",
    )
    .await;
    let id = entry["id"].as_i64().unwrap();
    let reader = client();
    for q in ["Parking permit?", "parking   PERMIT", "monday"] {
        let res = reader
            .get(app.url(&format!("/p/readers/faq?q={}", urlencode(q))))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        assert!(res.headers().get("set-cookie").is_none());
    }
    for _ in 0..3 {
        let res = reader
            .get(app.url(&format!("/p/readers/faq/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("Did this answer your question?"));
    }
    reader.get(app.url("/p/readers/faq")).send().await.unwrap();
    assert_eq!(
        reader
            .get(app.url("/p/readers/faq/999999"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    let res = reader
        .post(app.url(&format!("/p/readers/faq/{id}/feedback")))
        .form(&[
            ("helpful", "no"),
            ("reason", "Which Monday? Easter Monday?"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("set-cookie").is_none());
    let res = reader
        .post(app.url(&format!("/p/readers/faq/{id}/feedback")))
        .header("Accept", "application/json")
        .form(&[("helpful", "yes")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let res = reader
        .post(app.url(&format!("/p/readers/faq/{id}/feedback")))
        .header("Accept", "application/json")
        .form(&[("helpful", "perhaps")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), vec!["helpful"]);

    flush(&app).await;
    let b = board(&app, &d.communicator).await;
    assert_eq!(b["page_views_today"], 1, "{b}");
    let row = b["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["views_today"], 3);
    assert_eq!(row["helpful"], 1);
    assert_eq!(row["not_helpful"], 1);
    assert_eq!(row["reasons"][0]["reason"], "Which Monday? Easter Monday?");
    let nothing = b["searches_without_answer"].as_array().unwrap();
    assert_eq!(nothing.len(), 1, "{b}");
    assert_eq!(nothing[0]["query"], "parking permit");
    assert_eq!(nothing[0]["found_nothing"], 2);

    // Counts add up across flushes (and instances): one more view, one row per day.
    reader
        .get(app.url(&format!("/p/readers/faq/{id}")))
        .send()
        .await
        .unwrap();
    flush(&app).await;
    let rows = faq_view_count::Entity::find()
        .filter(faq_view_count::Column::FaqEntryId.eq(id as i32))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].views, 4);

    // "Answer this" on the search: it leaves the list once published.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &d.communicator,
            json!({
                "question": "Do I need a parking permit?",
                "answer": "No, parking is free during the closure.",
                "search": "parking permit",
                "action": "draft",
            }),
        )
        .await;
    assert_eq!(res.status(), 201);
    let draft: Value = res.json().await.unwrap();
    let b = board(&app, &d.communicator).await;
    assert_eq!(
        b["searches_without_answer"][0]["answer"]["status"], "draft",
        "a draft stays on the list, marked"
    );
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/faq/{}", draft["entry"]["id"]),
            &d.communicator,
            json!({
                "question": "Do I need a parking permit?",
                "answer": "No, parking is free during the closure.",
                "version": draft["entry"]["version"],
            }),
        )
        .await;
    assert_eq!(res.status(), 200);
    let b = board(&app, &d.communicator).await;
    assert!(
        b["searches_without_answer"].as_array().unwrap().is_empty(),
        "{b}"
    );

    // A verdict on an internal or unknown answer is not taken.
    let res = reader
        .post(app.url("/p/readers/faq/999999/feedback"))
        .form(&[("helpful", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn verdicts_are_limited_per_client_address() {
    let app = spawn_app().await;
    let d = desk(&app, "flood").await;
    let (entry, _) = publish(&app, &d.communicator, "Are you open?", "Yes.").await;
    let path = format!("/p/flood/faq/{}/feedback", entry["id"]);
    let reader = client();
    let limit = beredskap::questions::public::FEEDBACK_PER_ADDRESS;
    for _ in 0..limit {
        let res = reader
            .post(app.url(&path))
            .header("Accept", "application/json")
            .form(&[("helpful", "no")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let res = reader
        .post(app.url(&path))
        .form(&[("helpful", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().get("retry-after").is_some());
    let stored: Vec<String> = beredskap::entities::login_failure::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.scope)
        .collect();
    assert!(
        stored.iter().all(|s| !s.contains("127.0.0.1")),
        "the address is not kept as it is: {stored:?}"
    );
}

#[tokio::test]
async fn staff_file_and_tally_from_the_knowledge_base_pages() {
    let app = spawn_app().await;
    let d = desk(&app, "kb").await;
    let (entry, _) = publish(
        &app,
        &d.communicator,
        "Are you open on Monday?",
        "Yes, 8–17.",
    )
    .await;
    let browser = app.browser_login("staff@kb.test").await;
    let res = app
        .post_form(
            &browser,
            "/knowledge",
            &format!("/knowledge/{}/asked", entry["id"]),
            &[("channel", "chat")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let (_, html, _) = app.page(&browser, &location).await;
    assert!(html.contains("asked once today"), "{html}");
    // The channel is remembered for the next tap.
    assert!(html.contains("<option value=\"chat\" selected>"), "{html}");

    let res = app
        .post_form(
            &browser,
            "/knowledge",
            "/questions/new",
            &[("text", ""), ("channel", "chat")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("error-summary") && html.contains("field-text"),
        "{html}"
    );

    let res = app
        .post_form(
            &browser,
            "/knowledge",
            "/questions/new",
            &[("text", "Is Monday open?"), ("channel", "phone")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let (_, html, _) = app.page(&browser, &location).await;
    assert!(html.contains("Filed: “Is Monday open?”"), "{html}");
    assert!(html.contains("It already has an answer"), "{html}");

    let desk_browser = app.browser_login("comm@kb.test").await;
    let (status, html, _) = app.page(&desk_browser, "/questions").await;
    assert_eq!(status, 200);
    assert!(html.contains("Are you open on Monday?"));
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn the_daily_check_in_and_the_situation_report_list_the_days_top_questions() {
    let app = spawn_app().await;
    let d = desk(&app, "top").await;
    app.create_user(&d.org, "lead@top.test", "crisis_lead")
        .await;
    let lead = app.token("lead@top.test").await;
    let (entry, _) = publish(
        &app,
        &d.communicator,
        "Are you open on Monday?",
        "Yes, 8–17.",
    )
    .await;
    for who in [&d.staff, &d.communicator, &lead] {
        let res = app
            .send_api(
                Method::POST,
                &format!("/api/v1/faq/{}/asked", entry["id"]),
                who,
                json!({"channel": "phone"}),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    file(&app, &d.staff, "Will invoices be delayed?", "mail").await;
    file(&app, &d.staff, "Will the invoices be delayed", "chat").await;
    let res = app
        .send_api(
            Method::PUT,
            "/api/v1/reports/today",
            &lead,
            json!({"situation": "Busy", "delivery": "amber"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let report: Value = res.json().await.unwrap();
    assert_eq!(
        report["top_questions"],
        json!([
            {"question": "Are you open on Monday?", "count": 3, "faq_entry_id": entry["id"]},
            {"question": "Will invoices be delayed?", "count": 2, "faq_entry_id": null},
        ])
    );
    let browser = app.browser_login("lead@top.test").await;
    let (status, html, _) = app.page(&browser, "/daily").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Top questions today") && html.contains("Will invoices be delayed?"),
        "{html}"
    );
}

/// The level alert offers the prepared answer; opening it and pressing publish puts it on every
/// channel with the organisation, and the promised time, filled in.
#[tokio::test]
async fn a_level_reached_offers_its_prepared_answer_published_in_two_presses() {
    let app = spawn_app().await;
    let d = desk(&app, "holding").await;
    app.create_user(&d.org, "lead@holding.test", "crisis_lead")
        .await;
    let lead = app.token("lead@holding.test").await;
    let res = app
        .send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    assert!(res.status().is_success());
    let list: Vec<Value> = app
        .get_api("/api/v1/scenarios", &lead)
        .await
        .json()
        .await
        .unwrap();
    let absence = list
        .iter()
        .find(|s| s["standard_key"] == "high_absence")
        .unwrap();
    let serious = &absence["levels"][1];
    assert!(serious["holding_question"]
        .as_str()
        .unwrap()
        .contains("{organisation}"));
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", absence["id"]),
            &lead,
            json!({"level_id": serious["id"], "reason": "A third of the phone team is ill"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());

    let browser = app.browser_login("comm@holding.test").await;
    let (_, start, _) = app.page(&browser, "/").await;
    let link = format!("/faq/holding/{}", serious["id"]);
    assert!(
        start.contains(&link),
        "the start page offers the prepared answer: {start}"
    );
    // Press 1: open it. Press 2: publish.
    let (status, form, _) = app.page(&browser, &link).await;
    assert_eq!(status, 200);
    let org_name = d.org.name.clone();
    assert!(
        form.contains(&format!("Why is it taking longer to reach {org_name}?")),
        "{form}"
    );
    let promise = (chrono::Utc::now() + chrono::Duration::days(2))
        .format("%Y-%m-%dT10:00")
        .to_string();
    let res = app
        .post_form(
            &browser,
            &link,
            &link,
            &[
                (
                    "question",
                    &format!("Why is it taking longer to reach {org_name}?"),
                ),
                (
                    "answer",
                    "Many are away. We will update this answer by {next_update}.",
                ),
                ("next_update_at", &promise),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/faq/publications/"));
    let public = client()
        .get(app.url("/p/holding/faq.json"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let e = &public["entries"][0];
    assert_eq!(
        e["question"],
        format!("Why is it taking longer to reach {org_name}?")
    );
    assert_eq!(e["working_on_it"], true);
    let answer = e["answer_markdown"].as_str().unwrap();
    assert!(
        !answer.contains("{next_update}") && answer.contains("10:00"),
        "{answer}"
    );

    // A bad promise names the field and keeps the text.
    let res = app
        .post_form(
            &browser,
            &link,
            &link,
            &[
                ("question", "Q?"),
                ("answer", "Kept text"),
                ("next_update_at", "soon"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Kept text") && html.contains("field-next_update_at"),
        "{html}"
    );

    // Staff do not get the alert; another organisation cannot open the level.
    let other = desk(&app, "holding-other").await;
    let stranger = app.browser_login("comm@holding-other.test").await;
    let (status, _, _) = app.page(&stranger, &link).await;
    assert_eq!(status, 404);
    let _ = other;
}

fn last_confirm_link(sink: &crate::smtp_sink::SmtpSink, slug: &str) -> String {
    let mail = sink
        .received
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .data
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = mail
        .find(&format!("/p/{slug}/confirm?token="))
        .expect("a confirmation link");
    mail[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect()
}

/// "Tell me when this answer changes": confirmed like the whole-FAQ subscription, mailed for
/// that answer only, and covered (not mailed twice) once the reader follows every answer.
#[tokio::test]
async fn a_reader_follows_one_answer_and_hears_only_about_it() {
    use crate::faq_support::board_settles;
    let sink = crate::smtp_sink::SmtpSink::start().await;
    let app =
        crate::helpers::spawn_app_full(beredskap::clock::Clock::system(), Some(sink.url.clone()))
            .await;
    let d = desk(&app, "follow").await;
    let (entry, _) = publish(&app, &d.communicator, "Is the office open?", "Yes.").await;
    let (other, _) = publish(&app, &d.communicator, "Is parking free?", "Yes.").await;
    let reader = client();
    let page = reader
        .get(app.url(&format!("/p/follow/faq/{}", entry["id"])))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Tell me when this answer changes"));
    let res = reader
        .post(app.url("/p/follow/subscribe"))
        .form(&[("email", "nope"), ("entry", &entry["id"].to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(
        res.text().await.unwrap().contains("Follow this answer"),
        "the answer's own page again"
    );
    let res = reader
        .post(app.url("/p/follow/subscribe"))
        .form(&[
            ("email", "one@example.test"),
            ("entry", &entry["id"].to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let confirmation = sink
        .received
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .data
        .replace("=\n", "");
    assert!(
        confirmation.contains("Is the office open?"),
        "the mail names the answer"
    );
    let link = last_confirm_link(&sink, "follow");
    assert_eq!(
        reader.post(app.url(&link)).send().await.unwrap().status(),
        200
    );

    let update = |id: Value, version: Value, q: &'static str| {
        let app = &app;
        let token = d.communicator.clone();
        async move {
            let res = app
                .send_api(
                    Method::PUT,
                    &format!("/api/v1/faq/{id}"),
                    &token,
                    json!({"question": q, "answer": "Changed.", "version": version}),
                )
                .await;
            assert_eq!(res.status(), 200);
            let body: Value = res.json().await.unwrap();
            body["publication_id"].as_i64().unwrap()
        }
    };
    let before = sink.received.lock().unwrap().len();
    let p = update(
        other["id"].clone(),
        other["version"].clone(),
        "Is parking free?",
    )
    .await;
    board_settles(&app, &d.communicator, p).await;
    assert_eq!(
        sink.received.lock().unwrap().len(),
        before,
        "another answer: no mail"
    );
    let p = update(
        entry["id"].clone(),
        entry["version"].clone(),
        "Is the office open?",
    )
    .await;
    board_settles(&app, &d.communicator, p).await;
    let mails: Vec<_> = sink.received.lock().unwrap()[before..].to_vec();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to, ["one@example.test"]);

    // Following everything covers the single answer: one mail per update, not two.
    reader
        .post(app.url("/p/follow/subscribe"))
        .form(&[("email", "one@example.test"), ("language", "en")])
        .send()
        .await
        .unwrap();
    let link = last_confirm_link(&sink, "follow");
    assert_eq!(
        reader.post(app.url(&link)).send().await.unwrap().status(),
        200
    );
    let current: Value = app
        .get_api(&format!("/api/v1/faq/{}", entry["id"]), &d.communicator)
        .await
        .json()
        .await
        .unwrap();
    let before = sink.received.lock().unwrap().len();
    let p = update(
        entry["id"].clone(),
        current["version"].clone(),
        "Is the office open?",
    )
    .await;
    board_settles(&app, &d.communicator, p).await;
    assert_eq!(sink.received.lock().unwrap().len(), before + 1);
}

/// The FAQ on another site: the script, the JSON and the stream answer any origin; the framed
/// page may be framed only by the sites an admin lists.
#[tokio::test]
async fn the_faq_embeds_on_the_organisations_own_site() {
    let app = spawn_app().await;
    let d = desk(&app, "embed").await;
    publish(
        &app,
        &d.communicator,
        "Are you open on Monday?",
        "Yes, 8–17.",
    )
    .await;
    let site = client();
    let res = site
        .get(app.url("/p/embed/widget.js"))
        .header("Origin", "http://127.0.0.1:9")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let js = res.text().await.unwrap();
    assert!(js.contains("\"org\":\"embed\"") && !js.contains("__BEREDSKAP_CONFIG__"));
    assert!(
        js.contains("Did this answer your question?") && js.contains("Fick du svar på din fråga?")
    );
    assert_eq!(
        site.get(app.url("/p/nobody/widget.js"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    for _ in 0..2 {
        // The first rendering and the one from memory both say so.
        let res = site
            .get(app.url("/p/embed/faq.json"))
            .header("Origin", "http://127.0.0.1:9")
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()["access-control-allow-origin"], "*");
    }
    let res = site
        .get(app.url("/p/embed/faq/search.json?q=Sunday%20opening"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "*");
    let found: Value = res.json().await.unwrap();
    assert_eq!(found["found"], 0);
    assert_eq!(found["query"], "sunday opening");
    flush(&app).await;
    let b = board(&app, &d.communicator).await;
    assert_eq!(b["searches_without_answer"][0]["query"], "sunday opening");

    // No site may frame it until an admin says which.
    let res = site.get(app.url("/p/embed/embed")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("Are you open on Monday?"));
    let settings = |origins: &str| json!({"name": "Embed", "time_zone": "Europe/Stockholm", "default_language": "en", "embed_origins": origins});
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &d.admin,
            settings("https://www.example.se/path"),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        vec!["embed_origins"]
    );
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &d.admin,
            settings("https://www.example.se\nhttp://127.0.0.1:8123/"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let org: Value = res.json().await.unwrap();
    assert_eq!(
        org["embed_origins"],
        json!(["https://www.example.se", "http://127.0.0.1:8123"])
    );
    let res = site
        .get(app.url("/p/embed/embed?lang=sv"))
        .send()
        .await
        .unwrap();
    let csp = res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("frame-ancestors https://www.example.se http://127.0.0.1:8123;"),
        "{csp}"
    );
    assert!(
        res.headers().get("x-frame-options").is_none(),
        "the policy decides, not DENY"
    );
    // Every other page still refuses to be framed.
    let res = site.get(app.url("/p/embed/faq")).send().await.unwrap();
    assert_eq!(res.headers()["x-frame-options"], "DENY");
    // Leaving the field out keeps the list.
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/organisation",
            &d.admin,
            json!({"name": "Embed", "time_zone": "Europe/Stockholm", "default_language": "en"}),
        )
        .await;
    let org: Value = res.json().await.unwrap();
    assert_eq!(org["embed_origins"].as_array().unwrap().len(), 2);
}
