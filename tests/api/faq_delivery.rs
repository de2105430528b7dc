//! Delivery the way users get hurt: the mail server down, a webhook failing or gone, the
//! process killed half way through a fan-out, an unsubscribe, a level change.
use crate::faq_support::*;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use crate::webhook_sink::{Reply, WebhookSink};
use beredskap::clock::Clock;
use chrono::Duration;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use std::collections::HashMap;

#[tokio::test]
async fn smtp_down_then_up_delivers_every_message_and_loses_none() {
    let down = SmtpSink::down().await;
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_full(clock.clone(), Some(down.clone())).await;
    let d = desk(&app, "acme").await;
    let readers = subscribers(&app, &d.org, 6).await;

    let (_, p) = publish(
        &app,
        &d.communicator,
        "Are deliveries late?",
        "Yes, by a day.",
    )
    .await;
    eventually("every mail waits for a retry", || async {
        board(&app, &d.communicator, p).await["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "retrying")
            .count()
            == 6
    })
    .await;

    // The server comes back where it was; the retry time comes.
    let sink = SmtpSink::start_at(
        down.trim_start_matches("smtp://"),
        std::time::Duration::ZERO,
    )
    .await;
    clock.set(clock.now() + Duration::seconds(15));
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(b["sent"], b["total"]);
    let mails = sink.received.lock().unwrap().clone();
    for r in &readers {
        assert_eq!(mails.iter().filter(|m| m.to.contains(r)).count(), 1, "{r}");
    }
}

#[tokio::test]
async fn a_webhook_answering_500_is_retried_with_the_same_id_and_delivered() {
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&[Reply::Status(500), Reply::RetryAfter(503, 120)]);
    add_channel(&app, &d.admin, "webhook", &hooks.url("/h"), "public").await;

    let (_, p) = publish(&app, &d.communicator, "Is the app down?", "Partly.").await;
    eventually("the first attempt failed", || async {
        hooks.hits_at("/h").len() == 1
    })
    .await;
    clock.set(clock.now() + Duration::seconds(15));
    eventually("the second attempt failed", || async {
        hooks.hits_at("/h").len() == 2
    })
    .await;
    // Retry-After: 120 is honoured: 15 more seconds are not enough, 121 are.
    clock.set(clock.now() + Duration::seconds(40));
    // One pass of the worker by hand: whatever is due now is sent before it returns.
    beredskap::delivery::worker::run_once(&app.state, 500, false)
        .await
        .unwrap();
    assert_eq!(hooks.hits_at("/h").len(), 2, "Retry-After was not honoured");
    let b = board(&app, &d.communicator, p).await;
    assert!(
        b["errors"][0]["error"].as_str().unwrap().contains("503"),
        "{b}"
    );
    clock.set(clock.now() + Duration::seconds(121));
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");

    let hits = hooks.hits_at("/h");
    assert_eq!(hits.len(), 3);
    let ids: Vec<&String> = hits.iter().map(|h| &h.headers["webhook-id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    let stamps: Vec<&String> = hits
        .iter()
        .map(|h| &h.headers["webhook-timestamp"])
        .collect();
    assert_ne!(
        stamps[0], stamps[2],
        "each attempt is signed at its own time"
    );
}

#[tokio::test]
async fn a_webhook_that_answers_410_is_disabled_and_hears_nothing_more() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&[Reply::Status(410)]);
    let ch = add_channel(&app, &d.admin, "slack", &hooks.url("/gone"), "public").await;
    let (_, p) = publish(&app, &d.communicator, "First?", "One.").await;
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 1, "{b}");
    let channels: Value = app
        .get_api("/api/v1/channels", &d.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(channels[0]["id"], ch["id"]);
    assert_eq!(channels[0]["enabled"], false);
    assert!(channels[0]["disabled_reason"]
        .as_str()
        .unwrap()
        .contains("410"));
    // The next publication does not go there at all.
    let (_, p2) = publish(&app, &d.communicator, "Second?", "Two.").await;
    let b2 = board_settles(&app, &d.communicator, p2).await;
    assert!(
        b2["channels"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["target"] != "channel"),
        "{b2}"
    );
    assert_eq!(hooks.hits_at("/gone").len(), 1);
}

#[tokio::test]
async fn a_target_whose_schedule_runs_out_is_dead_its_owner_told_and_resend_delivers_it() {
    let sink = SmtpSink::start().await;
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&vec![Reply::Status(502); 9]);
    add_channel(&app, &d.admin, "mattermost", &hooks.url("/flaky"), "public").await;
    let (_, p) = publish(&app, &d.communicator, "Flaky?", "Very.").await;
    for attempt in 1..=9 {
        // Wait until the worker has recorded the failure too: a clock moved while it was
        // still recording would put the next attempt beyond the clock's next move.
        eventually("the next attempt is tried and recorded", || async {
            let row = beredskap::entities::outbox_message::Entity::find()
                .filter(beredskap::entities::outbox_message::Column::Target.eq("channel"))
                .one(&app.db)
                .await
                .unwrap();
            hooks.hits_at("/flaky").len() >= attempt
                && row.is_some_and(|r| r.attempts as usize >= attempt && r.status != "sending")
        })
        .await;
        clock.set(clock.now() + Duration::hours(8));
    }
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 1, "{b}");
    assert!(b["errors"][0]["error"]
        .as_str()
        .unwrap()
        .contains("gave up after 9 attempts"));
    eventually("the channel's owner is told", || async {
        sink.received.lock().unwrap().iter().any(|m| {
            m.to.contains(&"admin@acme.test".to_string()) && m.data.contains("Delivery failed")
        })
    })
    .await;

    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/publications/{p}/resend"),
            &d.communicator,
            json!({}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["requeued"], 1);
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(hooks.hits_at("/flaky").len(), 10);
}

#[tokio::test]
async fn a_restart_in_the_middle_of_a_fan_out_delivers_every_target_duplicates_only_under_one_id() {
    // A slow mail server, so the first process is stopped with mail in flight.
    let sink = SmtpSink::start_at("127.0.0.1:0", std::time::Duration::from_millis(150)).await;
    let clock = Clock::fixed(chrono::Utc::now());
    let first = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let d = desk(&first, "acme").await;
    let readers = subscribers(&first, &d.org, 60).await;
    let (_, p) = publish(
        &first,
        &d.communicator,
        "Will you call me back?",
        "Yes, within two days.",
    )
    .await;
    eventually("the fan-out has begun", || async {
        sink.received.lock().unwrap().len() >= 5
    })
    .await;

    first.state.stop_background(); // what a killed process does to its worker
    let stopped_at = sink.received.lock().unwrap().len();
    assert!(
        stopped_at < 60,
        "the fan-out finished before the stop; make the sink slower"
    );

    let second = first.another_instance().await;
    // The dead worker's claims are honoured until their lease runs out, then taken over.
    clock.set(clock.now() + Duration::seconds(61));
    let b = board_settles(&second, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(b["sent"], b["total"]);

    let mails = sink.received.lock().unwrap().clone();
    let mut ids: HashMap<String, Vec<String>> = HashMap::new();
    for m in &mails {
        ids.entry(m.to[0].clone())
            .or_default()
            .push(header(&m.data, "Message-ID").unwrap());
    }
    for r in &readers {
        let got = ids.get(r).unwrap_or_else(|| panic!("{r} got nothing"));
        assert!(
            got.iter().all(|id| *id == got[0]),
            "{r} got different ids: {got:?}"
        );
    }
}

#[tokio::test]
async fn subscribing_needs_confirmation_and_unsubscribing_stops_further_mail() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    let public = client();
    let res = public
        .post(app.url("/p/acme/subscribe"))
        .form(&[("email", "not-an-address"), ("language", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("not-an-address"));
    let res = public
        .post(app.url("/p/acme/subscribe"))
        .form(&[("email", "Reader@Example.test"), ("language", "sv")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Not confirmed yet: a publication does not mail them.
    let (_, p) = publish(&app, &d.communicator, "Before confirming?", "x").await;
    assert_eq!(
        board_settles(&app, &d.communicator, p).await["channels"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["target"] == "email")
            .count(),
        0
    );

    let confirmation = sink
        .received
        .lock()
        .unwrap()
        .last()
        .unwrap()
        .data
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = confirmation
        .find("/p/acme/confirm?token=")
        .expect("a confirmation link");
    let link: String = confirmation[start..]
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '"' && *c != '<')
        .collect();
    let (status, page, _) = app.page(&public, &link).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("reader@example.test"));
    assert_eq!(
        public.post(app.url(&link)).send().await.unwrap().status(),
        200
    );

    let (_, p) = publish(&app, &d.communicator, "After confirming?", "y").await;
    board_settles(&app, &d.communicator, p).await;
    let mail = sink.received.lock().unwrap().last().unwrap().clone();
    assert_eq!(mail.to, ["reader@example.test"]);
    assert!(header(&mail.data, "Subject").is_some());
    let unsubscribe = header(&mail.data, "List-Unsubscribe").unwrap();
    let link = unsubscribe.trim_matches(['<', '>']);
    let url = app.url(&link[link.find("/p/acme/").unwrap()..]);
    // The mail client's one-click POST (RFC 8058), no cookie, no CSRF token.
    let res = reqwest::Client::new()
        .post(&url)
        .body("List-Unsubscribe=One-Click")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let before = sink.received.lock().unwrap().len();
    let (_, p) = publish(&app, &d.communicator, "After unsubscribing?", "z").await;
    board_settles(&app, &d.communicator, p).await;
    assert_eq!(
        sink.received.lock().unwrap().len(),
        before,
        "no more mail after unsubscribing"
    );
    // A forged token is refused.
    let res = public
        .post(app.url("/p/acme/unsubscribe?token=abc.def"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_newer_revision_supersedes_undelivered_older_ones() {
    let down = SmtpSink::down().await;
    let app = spawn_app_full(Clock::fixed(chrono::Utc::now()), Some(down)).await;
    let d = desk(&app, "acme").await;
    subscribers(&app, &d.org, 2).await;
    let (entry, p1) = publish(&app, &d.communicator, "Queue times?", "Long.").await;
    eventually("the first mails wait for a retry", || async {
        board(&app, &d.communicator, p1).await["pending"] == 2
    })
    .await;
    let id = entry["id"].as_i64().unwrap();
    let res = app.send_api(Method::PUT, &format!("/api/v1/faq/{id}"), &d.communicator, json!({"question": "Queue times?", "answer": "Shorter now.", "version": entry["version"]})).await;
    assert_eq!(res.status(), 200);
    let b1 = board(&app, &d.communicator, p1).await;
    assert_eq!(b1["pending"], 0, "{b1}");
    assert_eq!(b1["dropped"], 2, "{b1}");
}

#[tokio::test]
async fn a_level_change_reaches_the_crisis_group_by_mail_and_internal_channels_only() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    app.create_user(&d.org, "lead@acme.test", "crisis_lead")
        .await;
    app.create_user(&d.org, "member@acme.test", "crisis_member")
        .await;
    let lead = app.token("lead@acme.test").await;
    let hooks = WebhookSink::start().await;
    add_channel(&app, &d.admin, "teams", &hooks.url("/crisis"), "internal").await;
    add_channel(&app, &d.admin, "slack", &hooks.url("/customers"), "public").await;
    let s: Value = app
        .send_api(Method::POST, "/api/v1/scenarios", &lead, json!({"title": "High absence", "kind": "high_absence", "metric": "absence", "probability": 3, "consequence": 4}))
        .await
        .json()
        .await
        .unwrap();
    let sid = s["id"].as_i64().unwrap();
    let res = app
        .send_api(Method::PUT, &format!("/api/v1/scenarios/{sid}/levels"), &lead, json!({"version": s["version"], "levels": [{"name": "Level 1", "trigger_value": 20.0}, {"name": "Level 2", "trigger_value": 50.0}]}))
        .await;
    assert!(res.status().is_success());
    let levels: Value = res.json().await.unwrap();
    let level_id = levels["levels"][1]["id"].clone();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{sid}/level"),
            &lead,
            json!({"level_id": level_id, "reason": "Half the team is ill"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());

    eventually("the crisis group is mailed", || async {
        let mails = sink.received.lock().unwrap();
        ["lead@acme.test", "member@acme.test"].iter().all(|who| {
            mails
                .iter()
                .any(|m| m.to.contains(&who.to_string()) && m.data.contains("Level 2"))
        })
    })
    .await;
    eventually("the internal channel hears it", || async {
        hooks.hits_at("/crisis").len() == 1
    })
    .await;
    assert!(hooks.hits_at("/crisis")[0].body.contains("Level 2"));
    assert!(hooks.hits_at("/customers").is_empty());
    assert!(!sink
        .received
        .lock()
        .unwrap()
        .iter()
        .any(|m| m.to.contains(&"staff@acme.test".to_string())));
}

#[tokio::test]
async fn open_public_pages_hear_of_a_publication_but_not_of_internal_answers() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let mut stream = app
        .client
        .get(app.url("/p/acme/faq/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let mut staff_stream = app
        .browser_login("staff@acme.test")
        .await
        .get(app.url("/knowledge/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(staff_stream.status(), 200);

    let internal: Value = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &d.communicator,
            json!({"question": "Staff only?", "answer": "Yes.", "visibility": "internal"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (entry, _) = publish(&app, &d.communicator, "Everyone?", "Yes.").await;

    let ev = next_event(&mut stream, "faq")
        .await
        .expect("the public stream hears the publication");
    assert_eq!(
        ev["entry_id"], entry["id"],
        "the internal answer must never reach the public stream: {ev}"
    );
    let mut heard = vec![];
    for _ in 0..2 {
        heard.push(
            next_event(&mut staff_stream, "faq")
                .await
                .expect("staff hear both")["entry_id"]
                .clone(),
        );
    }
    assert!(
        heard.contains(&entry["id"]) && heard.contains(&internal["entry"]["id"]),
        "{heard:?}"
    );
    assert_eq!(
        app.client
            .get(app.url("/p/nobody/faq/events"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn on_postgresql_a_browser_on_another_instance_hears_the_publication() {
    if backend() != "postgres" {
        // One SQLite file has one app process; there is no other instance to tell.
        return;
    }
    let first = spawn_app().await;
    let d = desk(&first, "acme").await;
    let second = first.another_instance().await;
    // The second instance has the page in memory before the publication.
    assert!(!second
        .text("/p/acme/faq")
        .await
        .contains("Across instances?"));
    let mut stream = second
        .client
        .get(second.url("/p/acme/faq/events"))
        .send()
        .await
        .unwrap();
    let (entry, _) = publish(&first, &d.communicator, "Across instances?", "Yes.").await;
    let ev = next_event(&mut stream, "faq")
        .await
        .expect("the other instance relays the NOTIFY");
    assert_eq!(ev["entry_id"], entry["id"]);
    // And the other instance's page, emptied from memory by the same NOTIFY, shows it.
    let page = second.text("/p/acme/faq").await;
    assert!(page.contains("Across instances?"));
}

#[tokio::test]
async fn a_webhook_that_never_answers_times_out_and_is_retried() {
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&[Reply::Hang]);
    add_channel(&app, &d.admin, "webhook", &hooks.url("/slow"), "public").await;
    let (_, p) = publish(&app, &d.communicator, "Slow receiver?", "Yes.").await;
    eventually("the hanging attempt times out", || async {
        board(&app, &d.communicator, p).await["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| {
                e["error"]
                    .as_str()
                    .unwrap_or("")
                    .contains("no answer within")
            })
    })
    .await;
    clock.set(clock.now() + Duration::seconds(15));
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(hooks.hits_at("/slow").len(), 2);
}

#[tokio::test]
async fn one_address_cannot_use_the_subscribe_form_to_mail_strangers_without_limit() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    desk(&app, "acme").await;
    let public = client();
    for i in 0..beredskap::faq::subscribe_web::SUBSCRIBE_PER_ADDRESS {
        let res = public
            .post(app.url("/p/acme/subscribe"))
            .form(&[
                ("email", format!("victim{i}@example.test")),
                ("language", "en".into()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let res = public
        .post(app.url("/p/acme/subscribe"))
        .form(&[("email", "one-more@example.test"), ("language", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 429);
    assert!(!sink
        .received
        .lock()
        .unwrap()
        .iter()
        .any(|m| m.to.contains(&"one-more@example.test".to_string())));
}

#[tokio::test]
async fn a_confirmation_that_could_not_be_sent_is_sent_when_the_reader_tries_again() {
    let down = SmtpSink::down().await;
    let app = spawn_app_full(Clock::system(), Some(down.clone())).await;
    desk(&app, "acme").await;
    let public = client();
    let form = [("email", "later@example.test"), ("language", "en")];
    let res = public
        .post(app.url("/p/acme/subscribe"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503, "the reader is told it did not work");
    let sink = SmtpSink::start_at(
        down.trim_start_matches("smtp://"),
        std::time::Duration::ZERO,
    )
    .await;
    let res = public
        .post(app.url("/p/acme/subscribe"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(sink
        .received
        .lock()
        .unwrap()
        .iter()
        .any(|m| m.to.contains(&"later@example.test".to_string())));
}

#[tokio::test]
async fn the_board_keeps_the_failures_before_a_success() {
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    hooks.then(&[Reply::Status(500), Reply::Status(502), Reply::Status(503)]);
    add_channel(&app, &d.admin, "webhook", &hooks.url("/h"), "public").await;

    let (_, p) = publish(&app, &d.communicator, "Is the app down?", "Partly.").await;
    for n in 1..=4 {
        eventually("the next attempt was made", || async {
            hooks.hits_at("/h").len() == n
        })
        .await;
        // Far enough for any step of the schedule (the fourth waits about 2 minutes).
        clock.set(clock.now() + Duration::minutes(5));
        app.state.delivery.kick();
    }
    let b = board_settles(&app, &d.communicator, p).await;

    assert_eq!(b["failed"], 0, "{b}");
    let row = b["errors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["target"] == "channel")
        .expect("the target is listed");
    assert_eq!(row["status"], "sent", "{row}");
    let outcomes: Vec<&str> = row["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["failed", "failed", "failed", "sent"], "{row}");
    assert_eq!(row["history"][1]["http_status"], 502);
}

#[tokio::test]
async fn an_old_revision_that_fails_while_a_newer_one_is_published_is_never_retried() {
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    // The first answer is being sent when the new revision comes; then it fails.
    hooks.then(&[Reply::Hang]);
    add_channel(&app, &d.admin, "webhook", &hooks.url("/h"), "public").await;
    let (entry, p1) = publish(&app, &d.communicator, "Queue times?", "Long.").await;
    eventually("the old revision is being sent", || async {
        hooks.hits_at("/h").len() == 1
    })
    .await;

    let id = entry["id"].as_i64().unwrap();
    let res = app.send_api(Method::PUT, &format!("/api/v1/faq/{id}"), &d.communicator, json!({"question": "Queue times?", "answer": "Shorter now.", "version": entry["version"]})).await;
    assert_eq!(res.status(), 200);
    let p2 = res.json::<Value>().await.unwrap()["publication_id"]
        .as_i64()
        .unwrap();

    // The hanging send is cut at 10 s and fails; it must not come back as a retry.
    eventually("the old send has failed", || async {
        use sea_orm::{EntityTrait, PaginatorTrait};
        beredskap::entities::delivery_attempt::Entity::find()
            .count(&app.db)
            .await
            .unwrap()
            >= 1
    })
    .await;
    let b1 = board(&app, &d.communicator, p1).await;
    assert_eq!(b1["pending"], 0, "{b1}");
    assert_eq!(
        b1["dropped"],
        b1["total"].as_i64().unwrap() - b1["sent"].as_i64().unwrap(),
        "{b1}"
    );
    board_settles(&app, &d.communicator, p2).await;
    clock.set(clock.now() + Duration::hours(7));
    beredskap::delivery::worker::run_once(&app.state, 500, false)
        .await
        .unwrap();

    let hits = hooks.hits_at("/h");
    assert!(
        hits.last().unwrap().body.contains("Shorter now."),
        "nothing old after the new one: {hits:?}"
    );
    assert_eq!(
        hits.iter().filter(|h| h.body.contains("Long.")).count(),
        1,
        "the old one was tried once"
    );
}

#[tokio::test]
async fn a_publication_lists_its_subscribers_in_the_worker_and_a_listing_cut_short_mails_nobody_twice(
) {
    use beredskap::entities::{outbox_message, subscriber};
    use sea_orm::{ActiveModelTrait, IntoActiveModel, QueryOrder, Set};
    let sink = SmtpSink::start().await;
    let clock = Clock::fixed(chrono::Utc::now());
    let first = spawn_app_full(clock.clone(), Some(sink.url.clone())).await;
    let d = desk(&first, "acme").await;
    // More subscribers than one listing batch.
    let n = beredskap::delivery::expand::BATCH as usize + 200;
    let now = chrono::Utc::now();
    let rows: Vec<subscriber::ActiveModel> = (0..n)
        .map(|i| subscriber::ActiveModel {
            organisation_id: Set(d.org.id),
            email: Set(format!("reader{i}@example.test")),
            language: Set("en".into()),
            status: Set("confirmed".into()),
            confirmation_sent_at: Set(Some(now)),
            confirmed_at: Set(Some(now)),
            unsubscribed_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in rows.chunks(500) {
        subscriber::Entity::insert_many(chunk.to_vec())
            .exec(&first.db)
            .await
            .unwrap();
    }
    first.state.stop_background(); // this process's worker never runs
    let (_, p) = publish(&first, &d.communicator, "Open on Saturday?", "Yes, 10–14.").await;

    // The request wrote one row standing for every subscriber, none per subscriber.
    let of_publication = || {
        outbox_message::Entity::find().filter(outbox_message::Column::PublicationId.eq(p as i32))
    };
    let written = of_publication().all(&first.db).await.unwrap();
    assert_eq!(written.iter().filter(|r| r.target == "email").count(), 0);
    let listing = written
        .into_iter()
        .find(|r| r.target == "subscribers")
        .expect("a subscribers row");
    let b = board(&first, &d.communicator, p).await;
    assert!(
        b["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["target"] == "subscribers" && c["pending"] == 1),
        "{b}"
    );

    // A worker claimed the listing, wrote its first batch and died.
    let prefix = listing.idempotency_key.trim_end_matches("-subscribers");
    let firsts = subscriber::Entity::find()
        .filter(subscriber::Column::OrganisationId.eq(d.org.id))
        .order_by_asc(subscriber::Column::Id)
        .all(&first.db)
        .await
        .unwrap();
    for s in firsts
        .iter()
        .take(beredskap::delivery::expand::BATCH as usize)
    {
        let mut mail = listing.clone().into_active_model();
        mail.id = sea_orm::ActiveValue::NotSet;
        mail.target = Set("email".into());
        mail.subscriber_id = Set(Some(s.id));
        mail.recipient = Set(s.email.clone());
        mail.idempotency_key = Set(beredskap::delivery::expand::subscriber_key(prefix, s.id));
        mail.insert(&first.db).await.unwrap();
    }
    let mut claimed = listing.clone().into_active_model();
    claimed.status = Set("sending".into());
    claimed.claimed_by = Set(Some("a worker that died".into()));
    claimed.lease_until = Set(Some(clock.now() + Duration::seconds(60)));
    claimed.update(&first.db).await.unwrap();

    // Another instance takes the listing over once the lease has run out.
    let second = first.another_instance().await;
    clock.set(clock.now() + Duration::seconds(61));
    let mut settled = false;
    for _ in 0..1200 {
        let b = board(&second, &d.communicator, p).await;
        if b["pending"] == 0 && b["sent"].as_i64() >= Some(n as i64) {
            settled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let b = board(&second, &d.communicator, p).await;
    assert!(settled, "the fan-out did not finish: {b}");
    assert_eq!(b["failed"], 0, "{b}");
    let email = b["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["target"] == "email")
        .cloned()
        .unwrap();
    assert_eq!(email["sent"], n as i64, "{b}");
    assert!(
        !b["channels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["target"] == "subscribers"),
        "a finished listing is not a line of its own: {b}"
    );
    let mut per_reader: HashMap<String, usize> = HashMap::new();
    for m in sink.received.lock().unwrap().iter() {
        *per_reader.entry(m.to[0].clone()).or_default() += 1;
    }
    assert_eq!(per_reader.len(), n, "every subscriber got mail");
    assert!(
        per_reader.values().all(|c| *c == 1),
        "nobody got the answer twice"
    );
}

#[tokio::test]
async fn mail_goes_through_a_few_connections_kept_open_and_logs_in_as_smtp_url_says() {
    let sink = SmtpSink::start().await;
    // A user and password with characters that must be percent-encoded in the URL.
    let url = sink
        .url
        .replace("smtp://", "smtp://desk%40acme.test:p%3Ass%20word@");
    let app = spawn_app_configured(Clock::system(), Some(url), |s| s.mail_connections = 3).await;
    let d = desk(&app, "acme").await;
    subscribers(&app, &d.org, 40).await;
    let (_, p) = publish(&app, &d.communicator, "Parking?", "Free for visitors.").await;
    let b = board_settles(&app, &d.communicator, p).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(sink.received.lock().unwrap().len(), 40);
    let opened = sink.connections.load(std::sync::atomic::Ordering::SeqCst);
    assert!(
        (1..=3).contains(&opened),
        "40 mails over at most MAIL_CONNECTIONS=3 connections, not {opened}"
    );
    let logins = sink.logins.lock().unwrap().clone();
    assert_eq!(logins.len(), opened, "each connection logs in once");
    assert!(
        logins.iter().all(|l| l == "desk@acme.test:p:ss word"),
        "{logins:?}"
    );
}
