//! Writing and publishing answers: one action reaches the public page, its JSON and Atom
//! feed, the knowledge base, subscribers and every chat channel.
use crate::faq_support::*;
use crate::helpers::*;
use crate::smtp_sink::SmtpSink;
use crate::webhook_sink::WebhookSink;
use beredskap::clock::Clock;
use beredskap::delivery::signing;
use reqwest::Method;
use serde_json::{json, Value};
use std::str::FromStr;

#[tokio::test]
async fn one_publish_reaches_the_page_feed_knowledge_base_subscribers_and_every_chat_channel() {
    let sink = SmtpSink::start().await;
    let app = spawn_app_full(Clock::system(), Some(sink.url.clone())).await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    let signed = add_channel(&app, &d.admin, "webhook", &hooks.url("/generic"), "public").await;
    add_channel(&app, &d.admin, "slack", &hooks.url("/slack"), "public").await;
    add_channel(
        &app,
        &d.admin,
        "mattermost",
        &hooks.url("/mattermost"),
        "internal",
    )
    .await;
    add_channel(&app, &d.admin, "teams", &hooks.url("/teams"), "internal").await;
    let readers = subscribers(&app, &d.org, 3).await;

    let (entry, publication) = publish(
        &app,
        &d.communicator,
        "Are you open on Saturday?",
        "Yes, **10–14** by phone.",
    )
    .await;

    let b = board_settles(&app, &d.communicator, publication).await;
    assert_eq!(b["failed"], 0, "{b}");
    assert_eq!(b["sent"], b["total"], "{b}");
    assert_eq!(
        b["total"],
        3 + 3 + 4,
        "site, knowledge base, live; 3 mails; 4 channels: {b}"
    );

    // The signed webhook verifies with the secret shown once, and its id is the revision's.
    let secret = signed["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"));
    let hit = &hooks.hits_at("/generic")[0];
    let ts: i64 = hit.headers["webhook-timestamp"].parse().unwrap();
    assert!(signing::verify(
        secret,
        &hit.headers["webhook-id"],
        ts,
        hit.body.as_bytes(),
        &hit.headers["webhook-signature"]
    ));
    let event: Value = serde_json::from_str(&hit.body).unwrap();
    assert_eq!(event["type"], "faq.published");
    assert_eq!(event["data"]["question"], "Are you open on Saturday?");
    assert!(event["data"]["answer_html"]
        .as_str()
        .unwrap()
        .contains("<strong>10–14</strong>"));
    // Chat shapes.
    let slack: Value = serde_json::from_str(&hooks.hits_at("/slack")[0].body).unwrap();
    assert_eq!(
        slack["blocks"][0]["text"]["text"],
        "Are you open on Saturday?"
    );
    let teams: Value = serde_json::from_str(&hooks.hits_at("/teams")[0].body).unwrap();
    assert_eq!(
        teams["attachments"][0]["contentType"],
        "application/vnd.microsoft.card.adaptive"
    );
    assert_eq!(teams["attachments"][0]["content"]["type"], "AdaptiveCard");
    assert!(hooks.hits_at("/mattermost")[0]
        .body
        .contains("Are you open on Saturday?"));

    // Every subscriber got one mail with a stable Message-ID and one-click unsubscribe.
    let mails = sink.received.lock().unwrap().clone();
    for r in &readers {
        let mine: Vec<_> = mails.iter().filter(|m| m.to.contains(r)).collect();
        assert_eq!(mine.len(), 1, "{r}");
        let data = &mine[0].data;
        assert!(
            header(data, "Message-ID").unwrap().contains("faq-r"),
            "{data}"
        );
        assert!(header(data, "List-Unsubscribe")
            .unwrap()
            .contains("/p/acme/unsubscribe?token="));
        assert_eq!(
            header(data, "List-Unsubscribe-Post").unwrap(),
            "List-Unsubscribe=One-Click"
        );
        assert!(data.contains("text/plain") && data.contains("text/html"));
    }

    // The public page, JSON and Atom feed show it.
    let page = app.text("/p/acme/faq").await;
    assert!(page.contains("Are you open on Saturday?") && page.contains("<strong>10–14</strong>"));
    let json: Value = app.json_at("/p/acme/faq.json").await;
    assert_eq!(json["entries"][0]["id"], entry["id"]);
    assert!(json["updated_at"].is_string());
    let res = app
        .client
        .get(app.url("/p/acme/faq.atom"))
        .send()
        .await
        .unwrap();
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let xml = res.text().await.unwrap();
    let feed = atom_syndication::Feed::from_str(&xml).expect("the feed parses");
    assert_valid_atom(&xml, &feed);
    assert_eq!(feed.entries().len(), 1);
    // The knowledge base shows it to staff.
    let staff = app.browser_login("staff@acme.test").await;
    let (status, kb, _) = app.page(&staff, "/knowledge").await;
    assert_eq!(status, 200);
    assert!(kb.contains("Are you open on Saturday?"));
}

#[tokio::test]
async fn atom_entry_ids_stay_the_same_across_revisions_and_no_news_refreshes_checked_at() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let (entry, _) = publish(
        &app,
        &d.communicator,
        "Is the office closed?",
        "Yes, until Monday.",
    )
    .await;
    let feed = |xml: String| atom_syndication::Feed::from_str(&xml).unwrap();
    let first = feed(app.text("/p/acme/faq.atom").await);
    let id = entry["id"].as_i64().unwrap();

    let res = app
        .send_api(Method::PUT, &format!("/api/v1/faq/{id}"), &d.communicator, json!({"question": "Is the office closed?", "answer": "Yes, until Tuesday.", "version": entry["version"]}))
        .await;
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.unwrap();
    let res = app
        .send_api(
            Method::POST,
            &format!("/api/v1/faq/{id}/no-news"),
            &d.communicator,
            json!({"version": changed["entry"]["version"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let refreshed: Value = res.json().await.unwrap();
    assert!(refreshed["entry"]["checked_at"].as_str() > changed["entry"]["checked_at"].as_str());
    assert_eq!(
        refreshed["entry"]["last_published_at"],
        changed["entry"]["last_published_at"]
    );

    let second = feed(app.text("/p/acme/faq.atom").await);
    assert_eq!(first.entries()[0].id(), second.entries()[0].id());
    assert!(second.entries()[0].updated() >= first.entries()[0].updated());
    let revisions: Value = app
        .get_api(&format!("/api/v1/faq/{id}/revisions"), &d.communicator)
        .await
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = revisions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["no_news", "changed", "new"]);

    // The history page shows what changed, word by word.
    let comm = app.browser_login("comm@acme.test").await;
    let (_, history, _) = app.page(&comm, &format!("/faq/{id}/history")).await;
    assert!(
        history.contains("<del>Monday.</del>") && history.contains("<ins>Tuesday.</ins>"),
        "{history}"
    );
}

#[tokio::test]
async fn a_promised_update_shows_as_overdue_by_itself_once_passed() {
    let clock = Clock::fixed(chrono::Utc::now());
    let app = spawn_app_with(clock.clone()).await;
    let d = desk(&app, "acme").await;
    let later = (clock.now() + chrono::Duration::hours(2)).to_rfc3339();
    let res = app
        .send_api(Method::POST, "/api/v1/faq", &d.communicator, json!({"question": "Is the outage over?", "answer": "Not yet.", "working_on_it": true, "next_update_at": later}))
        .await;
    assert_eq!(res.status(), 201);
    let page = app.text("/p/acme/faq").await;
    assert!(page.contains("We are still working on this. Next update by"));

    clock.set(clock.now() + chrono::Duration::hours(3));
    let json: Value = app.json_at("/p/acme/faq.json").await;
    assert_eq!(json["entries"][0]["update_overdue"], true);
    let page = app.text("/p/acme/faq").await;
    assert!(page.contains("the promised update is late"));
    // The crisis group sees it on its dashboard too.
    let crisis: Value = app
        .get_api("/api/v1/dashboard/crisis", &d.communicator)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        crisis["overdue_faq_updates"][0]["question"],
        "Is the outage over?"
    );
}

#[tokio::test]
async fn hostile_markdown_is_sanitised_everywhere_and_bad_input_names_its_field() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let res = app
        .send_api(Method::POST, "/api/v1/faq", &d.communicator, json!({"question": "x", "answer": "", "visibility": "everyone", "working_on_it": true, "next_update_at": "soon"}))
        .await;
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.unwrap();
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["question", "answer", "visibility", "next_update_at"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    publish(
        &app,
        &d.communicator,
        "<script>alert(1)</script>?",
        "<img src=x onerror=alert(1)>[x](javascript:alert(2))",
    )
    .await;
    let page = app.text("/p/acme/faq").await;
    assert!(
        !page.contains("<script>alert")
            && !page.contains("onerror")
            && !page.contains("javascript:")
    );
    // The JSON carries the Markdown as written, and HTML only sanitised.
    let json: Value = app.json_at("/p/acme/faq.json").await;
    let html = json["entries"][0]["answer_html"].as_str().unwrap();
    assert!(
        !html.contains("onerror") && !html.contains("javascript:"),
        "{html}"
    );
}

#[tokio::test]
async fn staff_cannot_publish_and_other_tenants_answers_are_not_found() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let other = desk(&app, "other").await;
    let res = app
        .send_api(
            Method::POST,
            "/api/v1/faq",
            &d.staff,
            json!({"question": "Hi there?", "answer": "x"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let (entry, publication) = publish(&app, &d.communicator, "Internal only?", "Yes").await;
    let id = entry["id"].as_i64().unwrap();
    assert_eq!(
        app.get_api(&format!("/api/v1/faq/{id}"), &other.communicator)
            .await
            .status(),
        404
    );
    assert_eq!(
        app.get_api(
            &format!("/api/v1/publications/{publication}"),
            &other.communicator
        )
        .await
        .status(),
        404
    );
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/faq/{id}"),
            &other.communicator,
            json!({"question": "Taken over?", "answer": "x", "version": 2}),
        )
        .await;
    assert_eq!(res.status(), 404);
    // Channels and their secrets are for admins.
    assert_eq!(
        app.get_api("/api/v1/channels", &d.communicator)
            .await
            .status(),
        403
    );
}

#[tokio::test]
async fn internal_answers_stay_off_the_public_page_and_public_channels() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    let hooks = WebhookSink::start().await;
    add_channel(&app, &d.admin, "webhook", &hooks.url("/public"), "public").await;
    add_channel(
        &app,
        &d.admin,
        "webhook",
        &hooks.url("/internal"),
        "internal",
    )
    .await;
    let res = app
        .send_api(Method::POST, "/api/v1/faq", &d.communicator, json!({"question": "Which VPN profile?", "answer": "Use *staff-2*.", "visibility": "internal", "internal_note": "Ask IT if it fails"}))
        .await;
    let p = res.json::<Value>().await.unwrap()["publication_id"]
        .as_i64()
        .unwrap();
    board_settles(&app, &d.communicator, p).await;
    assert_eq!(hooks.hits_at("/internal").len(), 1);
    assert!(hooks.hits_at("/public").is_empty());
    let page = app.text("/p/acme/faq").await;
    assert!(!page.contains("Which VPN profile?"));
    let staff = app.browser_login("staff@acme.test").await;
    let (_, kb, _) = app.page(&staff, "/knowledge").await;
    assert!(kb.contains("Which VPN profile?") && kb.contains("Ask IT if it fails"));
}

#[tokio::test]
async fn a_communicator_publishes_from_the_browser_and_lands_on_the_delivery_board() {
    let app = spawn_app().await;
    desk(&app, "acme").await;
    let comm = app.browser_login("comm@acme.test").await;
    // Invalid first: the page comes back with the input kept and the field named.
    let res = app
        .post_form(
            &comm,
            "/faq/new",
            "/faq",
            &[
                ("question", "Q"),
                ("answer", "Kept answer"),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("Kept answer") && body.contains("error-question"));
    let res = app
        .post_form(
            &comm,
            "/faq/new",
            "/faq",
            &[
                ("question", "Can I pay later?"),
                ("answer", "Yes."),
                ("action", "publish"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let board_url = res.headers()["location"].to_str().unwrap().to_string();
    assert!(board_url.starts_with("/faq/publications/"));
    let (status, board, _) = app.page(&comm, &board_url).await;
    assert_eq!(status, 200);
    assert!(board.contains("Can I pay later?") && board.contains("<progress"));
    let (status, list, _) = app.page(&comm, "/faq/publications").await;
    assert_eq!(status, 200);
    assert!(list.contains("Can I pay later?") && list.contains("<progress"));
}

/// The RFC 4287 rules a reader relies on (section 4.1): the Atom namespace; a feed with one id,
/// title and updated, an author, and a self link; entries with unique ids, a title, an updated
/// time no earlier than published, and an alternate link or content.
fn assert_valid_atom(xml: &str, feed: &atom_syndication::Feed) {
    assert!(
        xml.contains(r#"xmlns="http://www.w3.org/2005/Atom""#),
        "{xml}"
    );
    assert!(
        url::Url::parse(feed.id()).is_ok(),
        "feed id must be an IRI: {}",
        feed.id()
    );
    assert!(!feed.title().is_empty());
    assert!(!feed.authors().is_empty() || feed.entries().iter().all(|e| !e.authors().is_empty()));
    assert!(feed
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href().ends_with(".atom")));
    let mut ids = std::collections::HashSet::new();
    for e in feed.entries() {
        assert!(
            url::Url::parse(e.id()).is_ok(),
            "entry id must be an IRI: {}",
            e.id()
        );
        assert!(ids.insert(e.id().to_string()), "entry ids are unique");
        assert!(!e.title().is_empty());
        if let Some(published) = e.published() {
            assert!(published <= e.updated());
        }
        assert!(e.links().iter().any(|l| l.rel() == "alternate") || e.content().is_some());
        if let Some(c) = e.content() {
            assert_eq!(c.content_type(), Some("html"));
        }
    }
}

#[tokio::test]
async fn the_public_page_is_served_from_memory_with_etags_gzip_and_no_cookies() {
    let app = spawn_app().await;
    let d = desk(&app, "acme").await;
    publish(&app, &d.communicator, "Cached?", "Yes.").await;
    // No date is handed out during the second it names (another change could still come in
    // that second); wait for the date to settle.
    let mut first = app.client.get(app.url("/p/acme/faq")).send().await.unwrap();
    for _ in 0..50 {
        if first.headers().contains_key("last-modified") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        first = app.client.get(app.url("/p/acme/faq")).send().await.unwrap();
    }
    assert_eq!(first.status(), 200);
    assert!(
        first.headers().get("set-cookie").is_none(),
        "a CDN must be able to keep it"
    );
    assert!(first.headers()["cache-control"]
        .to_str()
        .unwrap()
        .starts_with("public"));
    assert!(first.headers().contains_key("content-security-policy"));
    let etag = first.headers()["etag"].clone();
    let modified = first.headers()["last-modified"].clone();
    let body = first.text().await.unwrap();

    let again = app
        .client
        .get(app.url("/p/acme/faq"))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(
        again.headers().contains_key("content-security-policy"),
        "cached answers keep the security headers"
    );
    let since = app
        .client
        .get(app.url("/p/acme/faq"))
        .header("If-Modified-Since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(since.status(), 304);
    let zipped = app
        .client
        .get(app.url("/p/acme/faq"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_ne!(
        zipped.headers()["etag"],
        etag,
        "each encoding has its own tag"
    );
    let refused = app
        .client
        .get(app.url("/p/acme/faq"))
        .header("Accept-Encoding", "gzip;q=0, identity")
        .send()
        .await
        .unwrap();
    assert!(
        refused.headers().get("content-encoding").is_none(),
        "gzip;q=0 is honoured"
    );
    let bytes = zipped.bytes().await.unwrap();
    let mut plain = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
        .unwrap();
    assert_eq!(plain, body);
    // HEAD, as link checkers and CDNs ask, first from a cold cache.
    publish(&app, &d.communicator, "Warm?", "Not yet.").await;
    for path in ["/p/acme/faq", "/p/acme/faq.json", "/p/acme/faq.atom"] {
        let res = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 200, "HEAD {path}");
        assert!(res.headers().contains_key("etag"));
        let get = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["content-length"],
            get.headers()["content-length"],
            "HEAD {path} tells the length of GET"
        );
    }
    for path in ["/p/acme/faq.json", "/p/acme/faq.atom"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        let tag = res.headers()["etag"].clone();
        let res = app
            .client
            .get(app.url(path))
            .header("If-None-Match", tag)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 304, "{path}");
    }

    // A publication changes the page and its ETag at once for whoever looks.
    publish(&app, &d.communicator, "Changed?", "Yes, new.").await;
    let fresh = app
        .client
        .get(app.url("/p/acme/faq"))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), 200);
    assert_ne!(fresh.headers()["etag"], etag);
    assert!(fresh.text().await.unwrap().contains("Changed?"));
    let metrics = app.text("/metrics").await;
    let hits: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("beredskap_public_cache_hits_total "))
        .expect("the cache counts its hits")
        .parse()
        .unwrap();
    assert!(hits >= 3, "{hits}");
    // Searches are not cached and still work.
    assert!(app.text("/p/acme/faq?q=cached").await.contains("Cached?"));
    assert!(!app.text("/p/acme/faq?q=cached").await.contains("Changed?"));
}
