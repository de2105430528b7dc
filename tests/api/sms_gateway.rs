//! Text messages against a receiver on loopback that answers as 46elks and Twilio document:
//! their form fields and basic auth, success, 429 with Retry-After, a server error, a refused
//! number, and the gateway being down.
use crate::webhook_sink::{Reply, WebhookSink};
use beredskap::config::Settings;
use beredskap::delivery::outbound::OutboundPolicy;
use beredskap::delivery::senders::{http_client, Outcome};
use beredskap::delivery::sms::{send, SmsGateway};
use std::sync::Arc;

fn settings(url: &str, provider: &str) -> Settings {
    let mut s = crate::helpers::test_settings();
    s.sms_url = Some(url.into());
    s.sms_provider = provider.into();
    s.sms_from = "+46766861004".into();
    s
}

fn client() -> reqwest::Client {
    http_client(&Arc::new(
        OutboundPolicy::parse(Some("127.0.0.0/8")).unwrap(),
    ))
}

fn form(body: &str) -> Vec<(String, String)> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_text_reaches_46elks_as_its_form_with_basic_auth_from_the_url() {
    let sink = WebhookSink::start().await;
    let url = format!(
        "{}/a1/sms",
        sink.base.replace("http://", "http://u1234:p%40ss@")
    );
    let g = SmsGateway::from_settings(&settings(&url, "46elks"))
        .unwrap()
        .unwrap();
    assert!(
        !format!("{g:?}").contains("p@ss"),
        "credentials stay out of logs"
    );
    let out = send(
        &client(),
        &g,
        "+46701234567",
        "Kontoret är stängt. Svara: 1 kontor, 2 hemma",
    )
    .await;
    assert_eq!(out, Outcome::Sent { status: Some(200) });
    let hit = sink.hits.lock().unwrap()[0].clone();
    assert_eq!(hit.path, "/a1/sms");
    assert_eq!(
        form(&hit.body),
        [
            ("from".into(), "+46766861004".into()),
            ("to".into(), "+46701234567".into()),
            (
                "message".into(),
                "Kontoret är stängt. Svara: 1 kontor, 2 hemma".into()
            )
        ]
    );
    use base64::Engine;
    let expected = base64::engine::general_purpose::STANDARD.encode("u1234:p@ss");
    assert_eq!(
        hit.headers.get("authorization").map(String::as_str),
        Some(format!("Basic {expected}").as_str())
    );
}

#[tokio::test]
async fn a_text_reaches_twilio_as_its_form_and_201_is_success() {
    let sink = WebhookSink::start().await;
    sink.script
        .lock()
        .unwrap()
        .push_back(Reply::Body(201, r#"{"sid": "SM123", "status": "queued"}"#));
    let url = format!(
        "{}/2010-04-01/Accounts/AC1/Messages.json",
        sink.base.replace("http://", "http://AC1:token@")
    );
    let g = SmsGateway::from_settings(&settings(&url, "twilio"))
        .unwrap()
        .unwrap();
    assert_eq!(
        send(&client(), &g, "+46701234567", "Hej").await,
        Outcome::Sent { status: Some(201) }
    );
    let fields = form(&sink.hits.lock().unwrap()[0].body);
    let names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["From", "To", "Body"]);
}

#[tokio::test]
async fn a_busy_or_broken_gateway_is_retried_and_a_refused_number_is_not() {
    let sink = WebhookSink::start().await;
    let url = format!("{}/a1/sms", sink.base.replace("http://", "http://u:p@"));
    let g = SmsGateway::from_settings(&settings(&url, "46elks"))
        .unwrap()
        .unwrap();
    sink.script.lock().unwrap().extend([
        Reply::RetryAfter(429, 30),
        Reply::Status(503),
        Reply::Body(400, "Invalid to number"),
        Reply::Body(401, "Wrong credentials"),
    ]);
    match send(&client(), &g, "+46701234567", "x").await {
        Outcome::Retry {
            retry_after,
            status,
            ..
        } => assert_eq!((status, retry_after), (Some(429), Some(30))),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        send(&client(), &g, "+46701234567", "x").await,
        Outcome::Retry {
            status: Some(503),
            ..
        }
    ));
    match send(&client(), &g, "+4670", "x").await {
        Outcome::Refused { error, status } => {
            assert_eq!(status, Some(400));
            assert!(
                !error.contains("Invalid to number"),
                "our words, not the gateway's: {error}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(
            send(&client(), &g, "+46701234567", "x").await,
            Outcome::Retry {
                status: Some(401),
                ..
            }
        ),
        "fixed credentials will send it"
    );
}

#[tokio::test]
async fn a_gateway_that_is_down_is_retried_later() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let g = SmsGateway::from_settings(&settings(
        &format!("http://u:p@127.0.0.1:{port}/a1/sms"),
        "46elks",
    ))
    .unwrap()
    .unwrap();
    match send(&client(), &g, "+46701234567", "x").await {
        Outcome::Retry { error, .. } => assert!(error.contains("could not be reached"), "{error}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn bad_gateway_settings_are_refused_at_start_with_the_reason() {
    let err = SmsGateway::from_settings(&settings("http://u:p@127.0.0.1/x", "nexmo")).unwrap_err();
    assert!(err.to_string().contains("SMS_PROVIDER"));
    let err = SmsGateway::from_settings(&settings("http://127.0.0.1/x", "46elks")).unwrap_err();
    assert!(err.to_string().contains("userinfo"));
    let mut s = settings("", "46elks");
    s.sms_url = None;
    assert!(
        SmsGateway::from_settings(&s).unwrap().is_none(),
        "without SMS_URL, no SMS"
    );
}
