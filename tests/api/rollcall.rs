//! Roll-call: one message to everyone, answered in one tap without signing in, reminders,
//! each team lead's list of non-responders at the deadline and the crisis group's summary,
//! SMS through a gateway on loopback answering as 46elks and Twilio, and digit replies.
use crate::faq_support::eventually;
use crate::fixtures::acme_in_teams;
use crate::helpers::{client, error_fields, spawn_app, spawn_app_configured, TestApp};
use crate::smtp_sink::SmtpSink;
use crate::webhook_sink::{Reply, WebhookSink};
use beredskap::clock::Clock;
use beredskap::entities::{audit_event, outbox_message, staff_checkin, user};
use chrono::{Duration, TimeZone, Utc};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};

async fn set_phone(app: &TestApp, email: &str, phone: &str, reach_by: &str) {
    user::Entity::update_many()
        .col_expr(user::Column::Phone, Expr::value(Some(phone)))
        .col_expr(user::Column::ReachBy, Expr::value(reach_by))
        .filter(user::Column::Email.eq(email))
        .exec(&app.db)
        .await
        .unwrap();
}

async fn start(app: &TestApp, token: &str, body: Value) -> Value {
    let res = app
        .send_api(Method::POST, "/api/v1/rollcalls", token, body)
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn status(app: &TestApp, token: &str, id: &Value) -> Value {
    let res = app.get_api(&format!("/api/v1/rollcalls/{id}"), token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// The `/r/…` link in a mail (quoted-printable undone).
fn link_in(data: &str) -> String {
    let data = data
        .replace("=\r\n", "")
        .replace("=\n", "")
        .replace("=3D", "=");
    let start = data.find("/r/").expect("a roll-call link");
    data[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_'))
        .collect()
}

fn mail_to<'a>(sink: &'a SmtpSink, email: &str) -> Option<String> {
    sink.received
        .lock()
        .unwrap()
        .iter()
        .find(|m| m.to.iter().any(|t| t == email))
        .map(|m| m.data.clone())
}

fn form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

/// An app with mail on a loopback SMTP peer and SMS through a loopback gateway.
async fn app_with_gateway(clock: Clock, provider: &str) -> (TestApp, SmtpSink, WebhookSink) {
    let smtp = SmtpSink::start().await;
    let sms = WebhookSink::start().await;
    let url = format!(
        "{}/a1/sms",
        sms.base.replace("http://", "http://u1234:secret-token@")
    );
    let provider = provider.to_string();
    let app = spawn_app_configured(clock, Some(smtp.url.clone()), move |s| {
        s.sms_url = Some(url);
        s.sms_provider = provider;
        s.sms_from = "Beredskap".into();
        s.sms_replies = true;
    })
    .await;
    (app, smtp, sms)
}

#[tokio::test]
async fn everyone_is_asked_by_mail_or_sms_and_one_tap_checks_them_in_without_signing_in() {
    let (app, smtp, sms) = app_with_gateway(Clock::system(), "46elks").await;
    let acme = acme_in_teams(&app, 4, true).await;
    set_phone(&app, "s1@acme.example", "+46701234561", "sms").await;
    set_phone(&app, "s3@acme.example", "+46701234563", "both").await;
    let rc = start(
        &app,
        &acme.lead,
        json!({"team_id": null, "message": "Kontoret på Storgatan är stängt i dag. Var arbetar du?", "deadline_minutes": 30}),
    )
    .await;
    assert_eq!(rc["total"], 4);
    assert_eq!(rc["answered"], 0);
    let id = rc["id"].clone();

    eventually("every mail and text is accepted", || async {
        smtp.received.lock().unwrap().len() == 3 && sms.hits_at("/a1/sms").len() == 2
    })
    .await;
    assert!(
        mail_to(&smtp, "s1@acme.example").is_none(),
        "s1 asked for SMS only"
    );
    let texts: Vec<Vec<(String, String)>> = sms
        .hits_at("/a1/sms")
        .iter()
        .map(|h| form(&h.body))
        .collect();
    let to_s1 = texts
        .iter()
        .find(|f| f.iter().any(|(k, v)| k == "to" && v == "+46701234561"))
        .expect("s1's text");
    let text = &to_s1.iter().find(|(k, _)| k == "message").unwrap().1;
    assert!(text.contains("Storgatan") && text.contains("/r/"), "{text}");
    assert!(
        text.contains("1 kontor") || text.contains("1 office"),
        "{text}"
    );
    assert!(sms.hits_at("/a1/sms")[0].headers["authorization"].starts_with("Basic "));

    // The link opens a page with buttons; opening it answers nothing.
    let link = link_in(&mail_to(&smtp, "s0@acme.example").unwrap());
    let phone = client();
    let res = phone.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Storgatan") && page.contains("value=\"remote\""),
        "{page}"
    );
    assert_eq!(status(&app, &acme.lead, &id).await["answered"], 0);

    // One tap, no cookie, no CSRF token: the signed link is the credential.
    let res = phone
        .post(app.url(&link))
        .form(&[("status", "remote")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("aria-pressed=\"true\""));
    let s0 = app.user_id("s0@acme.example").await;
    let checkin = staff_checkin::Entity::find()
        .filter(staff_checkin::Column::UserId.eq(s0))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the tap is today's check-in");
    assert_eq!(
        (checkin.status.as_str(), checkin.source.as_str()),
        ("remote", "rollcall")
    );
    let now = status(&app, &acme.lead, &id).await;
    assert_eq!(now["answered"], 1);
    assert_eq!(now["by_status"]["remote"], 1);
    assert_eq!(now["not_answered_count"], 3);

    // The API answers the same way; a tampered token is not found; a bad status is named.
    let sms_link = link_in(text);
    let api = format!("/api/v1{sms_link}");
    let res = phone
        .post(app.url(&api))
        .json(&json!({"status": "sick"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = phone
        .post(app.url(&api))
        .json(&json!({"status": "asleep"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), ["status"]);
    let forged = format!("{}x", &api[..api.len() - 1]);
    let res = phone
        .post(app.url(&forged))
        .json(&json!({"status": "sick"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // Checking in in the app answers the roll-call too.
    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &acme.staff[2],
        json!({"status": "office"}),
    )
    .await;
    let now = status(&app, &acme.lead, &id).await;
    assert_eq!(now["answered"], 3);
    assert_eq!(
        now["by_status"],
        json!({"office": 1, "remote": 1, "sick": 1})
    );
    // The absence figure uses the answers at once.
    let today: Value = app
        .get_api("/api/v1/absence", &acme.lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(today["overall"]["unknown"], 1, "{today}");
    assert_eq!(today["overall"]["absent"], 1, "{today}");

    let trail = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("rollcall_answer"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(trail.len(), 2);
    assert!(trail[0].actor_name.contains("roll-call link"));
}

#[tokio::test]
async fn reminders_go_to_those_who_have_not_answered_and_team_leads_get_their_lists_at_the_deadline(
) {
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 5, 30, 0).unwrap();
    let clock = Clock::fixed(at);
    let smtp = SmtpSink::start().await;
    let app = crate::helpers::spawn_app_full(clock.clone(), Some(smtp.url.clone())).await;
    let acme = acme_in_teams(&app, 6, true).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let phones = app.team_id(acme.org.id, "Phones").await;
    let s0 = app.user_id("s0@acme.example").await;
    app.send_api(
        Method::PUT,
        &format!("/api/v1/teams/{phones}/leads"),
        &admin,
        json!({"user_ids": [s0]}),
    )
    .await;
    let rc = start(
        &app,
        &acme.lead,
        json!({"message": "Storm. Where will you work?", "deadline_minutes": 30}),
    )
    .await;
    assert_eq!(rc["remind_after_minutes"], 15);
    eventually("the roll-call is mailed", || async {
        smtp.received.lock().unwrap().len() == 6
    })
    .await;
    // s0 and s1 answer; s2, s4 (Phones) and s3, s5 (Chat) do not.
    for i in [0, 1] {
        app.send_api(
            Method::POST,
            "/api/v1/checkins",
            &acme.staff[i],
            json!({"status": "remote"}),
        )
        .await;
    }
    smtp.received.lock().unwrap().clear();

    clock.set(at + Duration::minutes(16));
    beredskap::rollcall::tick::run_due(&app.state)
        .await
        .unwrap();
    eventually("the reminders are mailed", || async {
        smtp.received.lock().unwrap().len() == 4
    })
    .await;
    let reminded: Vec<String> = smtp
        .received
        .lock()
        .unwrap()
        .iter()
        .flat_map(|m| m.to.clone())
        .collect();
    for i in [2, 3, 4, 5] {
        assert!(
            reminded.contains(&format!("s{i}@acme.example")),
            "{reminded:?}"
        );
    }
    assert!(
        beredskap::rollcall::tick::run_due(&app.state)
            .await
            .unwrap()
            == 0,
        "reminded once"
    );
    smtp.received.lock().unwrap().clear();

    clock.set(at + Duration::minutes(31));
    beredskap::rollcall::tick::run_due(&app.state)
        .await
        .unwrap();
    // The lead of Phones gets s2 and s4; the crisis lead and member get the summary.
    eventually("the lists and the summary are mailed", || async {
        smtp.received.lock().unwrap().len() == 3
    })
    .await;
    let list = mail_to(&smtp, "s0@acme.example").expect("the team lead's list");
    assert!(
        list.contains("s2@acme.example") && list.contains("s4@acme.example"),
        "{list}"
    );
    assert!(
        !list.contains("s3@acme.example"),
        "Chat's people are not on Phones' list"
    );
    let summary = mail_to(&smtp, "lead@acme.example").expect("the crisis lead's summary");
    assert!(summary.contains("2 of 6"), "{summary}");
    assert!(mail_to(&smtp, "member@acme.example").is_some());
    assert_eq!(
        beredskap::rollcall::tick::run_due(&app.state)
            .await
            .unwrap(),
        0,
        "escalated once"
    );
    let out = status(&app, &acme.lead, &rc["id"]).await;
    assert!(out["escalated_at"].is_string() && out["reminded_at"].is_string());
}

#[tokio::test]
async fn names_of_those_who_have_not_answered_are_for_leads_only() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 4, true).await;
    app.create_user(&acme.org, "admin@acme.example", "admin")
        .await;
    let admin = app.token("admin@acme.example").await;
    let (phones, chat) = (
        app.team_id(acme.org.id, "Phones").await,
        app.team_id(acme.org.id, "Chat").await,
    );
    let s0 = app.user_id("s0@acme.example").await;
    app.send_api(
        Method::PUT,
        &format!("/api/v1/teams/{phones}/leads"),
        &admin,
        json!({"user_ids": [s0]}),
    )
    .await;
    let rc = start(&app, &acme.lead, json!({"message": "Where will you work?"})).await;
    let id = &rc["id"];
    assert_eq!(
        rc["not_answered"].as_array().unwrap().len(),
        4,
        "the crisis lead sees every name"
    );

    let member = app.token("member@acme.example").await;
    let seen = status(&app, &member, id).await;
    assert_eq!(seen["not_answered_count"], 4);
    assert_eq!(
        seen["not_answered"],
        json!([]),
        "a crisis-group member sees counts only"
    );

    let lead = status(&app, &acme.staff[0], id).await;
    let names: Vec<i64> = lead["not_answered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["team_id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        names,
        [phones as i64, phones as i64],
        "a team lead sees their own people"
    );

    assert_eq!(
        app.get_api(&format!("/api/v1/rollcalls/{id}"), &acme.staff[1])
            .await
            .status(),
        403
    );
    assert_eq!(
        app.get_api("/api/v1/rollcalls", &acme.staff[1])
            .await
            .status(),
        403
    );

    // A team lead starts roll-calls for their own team only.
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &acme.staff[0],
            json!({"message": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), ["team_id"]);
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &acme.staff[0],
            json!({"team_id": chat, "message": "x"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let own = start(
        &app,
        &acme.staff[0],
        json!({"team_id": phones, "message": "Phones: where are you?"}),
    )
    .await;
    assert_eq!(own["total"], 2);
    assert_eq!(
        app.send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &acme.staff[1],
            json!({"message": "x"})
        )
        .await
        .status(),
        403
    );

    // Another organisation's crisis lead cannot see it.
    let other = app.create_org("other").await;
    app.create_user(&other, "lead@other.example", "crisis_lead")
        .await;
    let stranger = app.token("lead@other.example").await;
    assert_eq!(
        app.get_api(&format!("/api/v1/rollcalls/{id}"), &stranger)
            .await
            .status(),
        404
    );
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &stranger,
            json!({"team_id": phones, "message": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_fields(&res.json().await.unwrap()), ["team_id"]);
}

#[tokio::test]
async fn bad_input_is_named_field_by_field() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 1, false).await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &acme.lead,
            json!({"message": " ", "deadline_minutes": 2, "remind_after_minutes": 9}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        error_fields(&res.json().await.unwrap()),
        ["message", "deadline_minutes", "remind_after_minutes"]
    );
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/rollcalls",
            &acme.lead,
            json!({"message": "x".repeat(301)}),
        )
        .await;
    assert_eq!(error_fields(&res.json().await.unwrap()), ["message"]);
}

#[tokio::test]
async fn a_digit_reply_answers_through_46elks_and_a_signed_twilio_post() {
    for provider in ["46elks", "twilio"] {
        let (app, _smtp, _sms) = app_with_gateway(Clock::system(), provider).await;
        let acme = acme_in_teams(&app, 2, false).await;
        set_phone(&app, "s0@acme.example", "+46701234560", "sms").await;
        start(&app, &acme.lead, json!({"message": "Where will you work?"})).await;
        let key = beredskap::rollcall::sms_inbound::inbound_key(app.state.keys.secret());
        let path = format!("/api/v1/sms/inbound/{key}");
        let fields: Vec<(String, String)> = if provider == "46elks" {
            vec![
                ("direction".into(), "incoming".into()),
                ("from".into(), "+46701234560".into()),
                ("to".into(), "+46766861004".into()),
                ("message".into(), "2".into()),
            ]
        } else {
            vec![
                ("From".into(), "+46701234560".into()),
                ("To".into(), "+46766861004".into()),
                ("Body".into(), "2".into()),
                ("MessageSid".into(), "SM123".into()),
            ]
        };
        let wrong = client()
            .post(app.url("/api/v1/sms/inbound/not-the-key"))
            .form(&fields)
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 404, "{provider}");
        let mut req = client().post(app.url(&path)).form(&fields);
        if provider == "twilio" {
            let unsigned = client()
                .post(app.url(&path))
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(unsigned.status(), 403);
            let bad = client()
                .post(app.url(&path))
                .header("X-Twilio-Signature", "AAAA")
                .form(&fields)
                .send()
                .await
                .unwrap();
            assert_eq!(bad.status(), 403);
            // Twilio signs the address it was given: PUBLIC_URL and the path.
            let given = format!("{}{path}", app.state.settings.public_url());
            let signed =
                beredskap::rollcall::sms_inbound::twilio_signature("secret-token", &given, &fields);
            req = req.header("X-Twilio-Signature", signed);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200, "{provider}");
        let body = res.text().await.unwrap();
        assert!(
            body.contains("Recorded") || body.contains("Registrerat"),
            "{provider}: {body}"
        );
        if provider == "twilio" {
            assert!(
                body.starts_with("<?xml") && body.contains("<Response><Message>"),
                "{body}"
            );
        }
        let s0 = app.user_id("s0@acme.example").await;
        let c = staff_checkin::Entity::find()
            .filter(staff_checkin::Column::UserId.eq(s0))
            .one(&app.db)
            .await
            .unwrap()
            .expect("the reply is a check-in");
        assert_eq!((c.status.as_str(), c.source.as_str()), ("remote", "sms"));
    }
}

#[tokio::test]
async fn the_sms_path_rides_out_the_gateway_failing_and_a_refused_number_is_dead_not_retried() {
    let (app, _smtp, sms) = app_with_gateway(Clock::system(), "twilio").await;
    let acme = acme_in_teams(&app, 2, false).await;
    set_phone(&app, "s0@acme.example", "+46701234560", "sms").await;
    set_phone(&app, "s1@acme.example", "+46701234561", "sms").await;
    // First the gateway fails (503), then it asks to slow down, then it takes the texts; the
    // number s1 has is refused (400) for good.
    sms.then(&[Reply::Status(503), Reply::Status(503)]);
    start(&app, &acme.lead, json!({"message": "Where will you work?"})).await;
    eventually("both texts were tried", || async {
        sms.hits_at("/a1/sms").len() >= 2
    })
    .await;
    // Make the retry due now rather than in 10 seconds.
    outbox_message::Entity::update_many()
        .col_expr(
            outbox_message::Column::NextAttemptAt,
            Expr::value(Utc::now()),
        )
        .filter(outbox_message::Column::Status.eq("retrying"))
        .exec(&app.db)
        .await
        .unwrap();
    sms.then(&[Reply::Status(201), Reply::Status(400)]);
    app.state.delivery.kick();
    eventually("the texts are settled", || async {
        let rows = outbox_message::Entity::find()
            .filter(outbox_message::Column::Target.eq("sms"))
            .all(&app.db)
            .await
            .unwrap();
        rows.len() == 2
            && rows
                .iter()
                .all(|r| r.status == "sent" || r.status == "dead")
    })
    .await;
    let rows = outbox_message::Entity::find()
        .filter(outbox_message::Column::Target.eq("sms"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(rows.iter().filter(|r| r.status == "sent").count(), 1);
    assert_eq!(rows.iter().filter(|r| r.status == "dead").count(), 1);
    assert!(rows.iter().all(|r| r.attempts == 2));
    let hit = &sms.hits_at("/a1/sms")[0];
    let f = form(&hit.body);
    assert!(
        f.iter().any(|(k, _)| k == "Body")
            && f.iter().any(|(k, v)| k == "From" && v == "Beredskap")
    );
}

#[tokio::test]
async fn a_level_with_a_roll_call_ticked_starts_one_when_it_is_reached() {
    let app = spawn_app().await;
    let acme = acme_in_teams(&app, 4, false).await;
    let s: Value = app
        .send_api(Method::POST, "/api/v1/scenarios", &acme.lead, json!({"kind": "high_absence", "title": "Storm", "probability": 3, "consequence": 4, "metric": "absence", "hysteresis_margin": 5.0}))
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/scenarios/{}/levels", s["id"]),
            &acme.lead,
            json!({"version": s["version"], "levels": [{"name": "Serious", "trigger_value": 20.0, "start_rollcall": true, "rollcall_message": "Storm: where will you work today?"}]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let ladder: Value = res.json().await.unwrap();
    assert_eq!(ladder["levels"][0]["start_rollcall"], true);
    let level = ladder["levels"][0]["id"].clone();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/level", s["id"]),
            &acme.lead,
            json!({"level_id": level, "reason": "The storm has arrived"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let list: Value = app
        .get_api("/api/v1/rollcalls", &acme.lead)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["message"], "Storm: where will you work today?");
    assert_eq!(list[0]["total"], 4);
    assert!(list[0]["launched"].as_bool().unwrap());
    assert!(list[0]["level_change_id"].is_number());
}
