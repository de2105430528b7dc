//! The roll-call pages without script: the start form (with its SMS preview and errors), the
//! board and its refreshing part, its event stream, closing, and a made-up link.
use crate::fixtures::acme_in_teams;
use crate::helpers::{client, spawn_app};

#[tokio::test]
async fn a_crisis_lead_starts_a_roll_call_from_the_page_and_watches_the_board() {
    let app = spawn_app().await;
    let _acme = acme_in_teams(&app, 3, true).await;
    let browser = app.browser_login("lead@acme.example").await;
    let (status, page, _) = app.page(&browser, "/rollcalls").await;
    assert_eq!(status, 200);
    assert!(page.contains("Start a roll-call") && page.contains("No roll-calls yet."));

    let res = app
        .post_form(
            &browser,
            "/rollcalls",
            "/rollcalls",
            &[
                ("team_id", ""),
                ("message", " "),
                ("deadline_minutes", "soon"),
                ("remind_after_minutes", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(
        body.contains("field-deadline_minutes") && body.contains("field-message"),
        "{body}"
    );
    assert!(body.contains("soon"), "what was typed is kept");

    let res = app
        .post_form(
            &browser,
            "/rollcalls",
            "/rollcalls",
            &[
                ("team_id", ""),
                ("message", "The office is closed. Where will you work?"),
                ("deadline_minutes", "30"),
                ("remind_after_minutes", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let board = res.headers()["location"].to_str().unwrap().to_string();
    let (status, page, _) = app.page(&browser, &board).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("The office is closed") && page.contains("</strong> / 3 answered"),
        "{page}"
    );
    assert!(page.contains("data-events=") && page.contains("data-event=\"rollcall\""));
    let (status, live, _) = app.page(&browser, &format!("{board}/live")).await;
    assert_eq!(status, 200);
    assert!(live.contains("data-answered=\"0\"") && !live.contains("<html"));
    let res = browser
        .get(app.url(&format!("{board}/events")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    drop(res);

    let res = app
        .post_form(&browser, &board, &format!("{board}/close"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page, _) = app.page(&browser, &board).await;
    assert!(page.contains("Closed"));
    let (_, list, _) = app.page(&browser, "/rollcalls").await;
    assert!(list.contains("0 / 3"));

    let res = client()
        .get(app.url("/r/1-1-AAAAAAAAAAAAAAAA"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let staff = app.browser_login("s1@acme.example").await;
    let (status, _, _) = app.page(&staff, "/rollcalls").await;
    assert_eq!(status, 403);
}
