//! The delivery board as a communicator reads it: why a message did not arrive, in words, with
//! the technical detail folded away; and figures that move by themselves as deliveries land.
use crate::faq_support::*;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use beredskap::clock::Clock;
use chrono::Duration;

#[tokio::test]
async fn the_board_says_in_words_why_mail_did_not_arrive_and_moves_by_itself_when_it_does() {
    let down = SmtpSink::down().await;
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_full(clock.clone(), Some(down.clone())).await;
    let d = desk(&app, "acme").await;
    subscribers(&app, &d.org, 2).await;
    let (_, p) = publish(&app, &d.communicator, "Are deliveries late?", "Yes.").await;
    eventually("the mail waits for a retry", || async {
        board(&app, &d.communicator, p).await["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["status"] == "retrying")
            .count()
            == 2
    })
    .await;

    let browser = app.browser_login("comm@acme.test").await;
    let page = app
        .page(&browser, &format!("/faq/publications/{p}"))
        .await
        .1;
    assert!(
        page.contains("the mail server refused the connection"),
        "{page}"
    );
    assert!(
        page.contains("<details class=\"technical\"><summary>Technical detail</summary>"),
        "the technical text is folded away"
    );
    assert!(
        page.contains(&format!("data-events=\"/faq/publications/{p}/events\"")),
        "the board listens for its own progress"
    );

    // The board's stream hears the deliveries land once the mail server is back.
    let mut stream = browser
        .get(app.url(&format!("/faq/publications/{p}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    let _sink = SmtpSink::start_at(
        down.trim_start_matches("smtp://"),
        std::time::Duration::ZERO,
    )
    .await;
    clock.set(clock.now() + Duration::seconds(15));
    let event = next_event(&mut stream, "delivery")
        .await
        .expect("the board heard its deliveries move");
    assert_eq!(event["publication_id"], p);
    board_settles(&app, &d.communicator, p).await;

    // Another organisation's publication has no stream here.
    let other = desk(&app, "other").await;
    let (_, theirs) = publish(&app, &other.communicator, "Theirs?", "Yes.").await;
    let res = browser
        .get(app.url(&format!("/faq/publications/{theirs}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
