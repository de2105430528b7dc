//! Forms as people fill them in: a crawl of every page each demo role can reach posts every
//! form with values that fit no number, date or choice, and nothing may answer a bare 400 or
//! lose what was typed; the check-in page changes only what was tapped; destructive buttons
//! ask first; error summaries name their fields.
use crate::fixtures::{demo_app, demo_login, demo_token};
use crate::helpers::*;
use reqwest::Method;
use scraper::{Html, Selector};
use serde_json::json;
use std::collections::{BTreeSet, HashSet, VecDeque};

const TYPED: &str = "1.5 keep-me";

struct Form {
    action: String,
    fields: Vec<(String, String)>,
    has_text: bool,
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Same-site pages linked from a page, and its post forms filled with values that fit only text.
fn read_page(html: &str) -> (Vec<String>, Vec<Form>, Vec<String>) {
    let doc = Html::parse_document(html);
    let links = doc
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.starts_with('/') && !h.starts_with("//"))
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .filter(|h| !h.is_empty())
        .collect();
    let mut ids = vec![];
    for el in doc.select(&sel("[id]")) {
        ids.push(el.value().attr("id").unwrap_or("").to_string());
    }
    let mut forms = vec![];
    for f in doc.select(&sel("form")) {
        if f.value().attr("method").unwrap_or("get").to_lowercase() != "post" {
            continue;
        }
        let action = f.value().attr("action").unwrap_or("").to_string();
        let mut fields = vec![];
        let mut has_text = false;
        for input in f.select(&sel("input[name], select[name], textarea[name]")) {
            let name = input.value().attr("name").unwrap().to_string();
            let kind = input.value().attr("type").unwrap_or("text");
            let value = match (input.value().name(), kind) {
                ("input", "hidden") => input.value().attr("value").unwrap_or("").to_string(),
                ("input", "checkbox" | "radio") => "maybe".to_string(),
                ("input", "password") => "wrong-password-123".to_string(),
                ("input", "text" | "email" | "url" | "search") | ("textarea", _) => {
                    has_text = true;
                    TYPED.to_string()
                }
                _ => TYPED.to_string(),
            };
            fields.push((name, value));
        }
        forms.push(Form {
            action,
            fields,
            has_text,
        });
    }
    (links, forms, ids)
}

/// Addresses a crawl must not follow or post to: files, streams, sign-out, switching.
fn skipped(path: &str) -> bool {
    [
        "/logout",
        "/session/",
        "/language",
        "/static/",
        "/p/",
        "/calendar/",
        "/invite/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
        || [".csv", ".ics", "/events", "/live"]
            .iter()
            .any(|s| path.contains(s))
}

#[tokio::test]
async fn every_form_on_every_page_keeps_what_was_typed_and_no_page_repeats_an_id() {
    let app = demo_app().await;
    let mut posted = BTreeSet::new();
    for who in [
        "admin@demo.example",
        "lead@demo.example",
        "communicator@demo.example",
        "staff01@demo.example",
    ] {
        let browser = demo_login(&app, who).await;
        let mut queue: VecDeque<String> = ["/", "/checkin", "/home-working", "/account"]
            .map(String::from)
            .into();
        let mut seen = HashSet::new();
        while let Some(path) = queue.pop_front() {
            if seen.len() >= 70 || !seen.insert(path.clone()) || skipped(&path) {
                continue;
            }
            let res = browser.get(app.url(&path)).send().await.unwrap();
            let status = res.status().as_u16();
            assert!(status == 200 || status == 303, "{who} GET {path}: {status}");
            if status != 200 {
                continue;
            }
            let html = res.text().await.unwrap();
            let (links, forms, ids) = read_page(&html);
            let mut unique = HashSet::new();
            for id in &ids {
                assert!(
                    unique.insert(id),
                    "{who} {path}: the id {id:?} appears twice"
                );
            }
            queue.extend(links);
            for form in forms {
                let action = if form.action.is_empty() {
                    path.clone()
                } else {
                    form.action.clone()
                };
                if skipped(&action) || action.ends_with("/delete") || action.ends_with("/withdraw")
                {
                    continue;
                }
                let res = browser
                    .post(app.url(&action))
                    .form(&form.fields)
                    .send()
                    .await
                    .unwrap();
                let status = res.status().as_u16();
                let body = res.text().await.unwrap_or_default();
                assert!(
                    [200, 303, 409, 422].contains(&status),
                    "{who} POST {action} from {path} answered {status}: {}",
                    &body[..body.len().min(400)]
                );
                if status == 422 && form.has_text {
                    assert!(
                        body.contains(TYPED),
                        "{who} POST {action}: what was typed is lost"
                    );
                }
                posted.insert(action);
            }
        }
    }
    assert!(
        posted.len() >= 20,
        "the crawl reached only {} forms: {posted:?}",
        posted.len()
    );
}

#[tokio::test]
async fn a_mistyped_order_in_the_faq_editor_keeps_the_whole_answer() {
    let app = demo_app().await;
    let browser = demo_login(&app, "communicator@demo.example").await;
    let answer = "A long answer that took ten minutes to write.\n\n- point one\n- point two";

    for position in ["1.5", "99999999999"] {
        let res = app
            .post_form(
                &browser,
                "/faq/new",
                "/faq",
                &[
                    ("question", "Opening hours?"),
                    ("answer", answer),
                    ("category", "Hours"),
                    ("position", position),
                    ("visibility", "public"),
                ],
            )
            .await;

        assert_eq!(res.status(), 422, "{position}");
        let body = res.text().await.unwrap();
        assert!(
            body.contains("A long answer that took ten minutes to write."),
            "{body}"
        );
        assert!(
            body.contains(&format!("value=\"{position}\"")),
            "the mistyped value is shown"
        );
        assert!(
            body.contains("Order in category:") || body.contains("Ordning i kategorin:"),
            "the field is named"
        );
    }
}

#[tokio::test]
async fn each_control_on_the_check_in_page_changes_only_its_own_part() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "sam@acme.example", "staff").await;
    let browser = app.browser_login("sam@acme.example").await;
    let token = app.token("sam@acme.example").await;
    let today = || async {
        let list: serde_json::Value = app
            .get_api("/api/v1/checkins/mine", &token)
            .await
            .json()
            .await
            .unwrap();
        list.as_array()
            .unwrap()
            .first()
            .cloned()
            .unwrap_or_default()
    };

    app.post_form(&browser, "/checkin", "/checkin", &[("status", "office")])
        .await;
    app.post_form(&browser, "/checkin", "/checkin", &[("wellbeing", "4")])
        .await;
    app.post_form(
        &browser,
        "/checkin",
        "/checkin",
        &[("status", "remote"), ("note", "Dentist 10–12")],
    )
    .await;
    let after_note = today().await;
    app.post_form(&browser, "/checkin", "/checkin", &[("status", "sick")])
        .await;
    let after_tap = today().await;

    assert_eq!(
        after_note["wellbeing"], 4,
        "a note keeps the wellbeing answer: {after_note}"
    );
    assert_eq!(after_tap["status"], "sick");
    assert_eq!(
        after_tap["note"], "Dentist 10–12",
        "a status tap keeps the note: {after_tap}"
    );
    assert_eq!(after_tap["wellbeing"], 4);
}

#[tokio::test]
async fn recording_for_someone_preselects_nothing_and_needs_a_choice() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let kim = app.create_user(&org, "kim@acme.example", "staff").await;
    let browser = app.browser_login("lead@acme.example").await;

    let (_, page, _) = app.page(&browser, "/checkins").await;
    let doc = Html::parse_document(&page);
    let select = doc
        .select(&sel(&format!("select#rec-{}", kim.id)))
        .next()
        .expect("a select for Kim");
    let chosen: Vec<String> = select
        .select(&sel("option[selected]"))
        .map(|o| o.value().attr("value").unwrap_or("").to_string())
        .collect();
    assert_eq!(chosen, [""], "nothing but the prompt is chosen");

    let res = app
        .post_form(
            &browser,
            "/checkins",
            &format!("/checkins/people/{}", kim.id),
            &[],
        )
        .await;

    assert_eq!(res.status(), 422);
    let lead = app.token("lead@acme.example").await;
    let board: serde_json::Value = app
        .get_api("/api/v1/checkins", &lead)
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(board, json!([]), "nobody was marked present");
}

#[tokio::test]
async fn error_summaries_name_each_field_in_the_order_of_the_form() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let browser = app.browser_login("lead@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/plan/scenarios/new",
            "/plan/scenarios/new",
            &[
                ("title", ""),
                ("probability", "9"),
                ("consequence", "0"),
                ("metric", "absence"),
                ("kind", "custom"),
            ],
        )
        .await;

    assert_eq!(res.status(), 422);
    let doc = Html::parse_document(&res.text().await.unwrap());
    let lines: Vec<String> = doc
        .select(&sel(".error-summary li"))
        .map(|li| li.text().collect::<String>())
        .collect();
    assert!(lines[0].starts_with("Title: "), "{lines:?}");
    let at = |label: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("{label} in {lines:?}"))
    };
    assert!(
        at("Title:") < at("Probability:") && at("Probability:") < at("Consequence:"),
        "{lines:?}"
    );
}

#[tokio::test]
async fn withdrawing_an_answer_and_deleting_a_channel_ask_first() {
    let app = demo_app().await;
    let communicator = demo_login(&app, "communicator@demo.example").await;
    let admin_token = demo_token(&app, "admin@demo.example").await;
    let comm_token = demo_token(&app, "communicator@demo.example").await;
    let entries: serde_json::Value = app
        .get_api("/api/v1/faq", &comm_token)
        .await
        .json()
        .await
        .unwrap();
    let entry = entries
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["status"] == "published" && e["visibility"] == "public")
        .unwrap()
        .clone();
    let id = entry["id"].as_i64().unwrap();

    let (_, list, _) = app.page(&communicator, "/faq").await;
    assert!(
        list.contains(&format!("href=\"/faq/{id}/withdraw\"")),
        "the list links to a question, not a button"
    );
    let (status, ask, _) = app
        .page(&communicator, &format!("/faq/{id}/withdraw"))
        .await;
    assert_eq!(status, 200);
    assert!(
        ask.contains("name=\"confirm\" value=\"yes\""),
        "a button that does it"
    );
    assert!(
        Html::parse_document(&ask)
            .select(&sel("section.confirm li"))
            .count()
            >= 3,
        "it says what will happen"
    );
    let unconfirmed = app
        .post_form(
            &communicator,
            "/faq",
            &format!("/faq/{id}/withdraw"),
            &[("version", &entry["version"].to_string())],
        )
        .await;
    assert_eq!(unconfirmed.status(), 200, "without confirm it only asks");
    let still: serde_json::Value = app
        .get_api(&format!("/api/v1/faq/{id}"), &comm_token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(still["status"], "published");
    let confirmed = app
        .post_form(
            &communicator,
            &format!("/faq/{id}/withdraw"),
            &format!("/faq/{id}/withdraw"),
            &[
                ("version", &entry["version"].to_string()),
                ("confirm", "yes"),
            ],
        )
        .await;
    assert_eq!(confirmed.status(), 303);

    let channel: serde_json::Value = app
        .send_api(Method::POST, "/api/v1/channels", &admin_token, json!({"name": "Team chat", "kind": "slack", "url": "https://hooks.slack.com/services/T/B/X", "audience": "internal"}))
        .await
        .json()
        .await
        .unwrap();
    let admin = demo_login(&app, "admin@demo.example").await;
    let cid = channel["id"].as_i64().unwrap();
    let (status, ask, _) = app
        .page(&admin, &format!("/admin/channels/{cid}/delete"))
        .await;
    assert_eq!(status, 200);
    assert!(
        ask.contains("https://hooks.slack.com/services/T/B/X"),
        "it names where nothing more goes"
    );
    let unconfirmed = app
        .post_form(
            &admin,
            "/admin/channels",
            &format!("/admin/channels/{cid}/delete"),
            &[],
        )
        .await;
    assert_eq!(unconfirmed.status(), 200);
    assert_eq!(
        app.get_api("/api/v1/channels", &admin_token)
            .await
            .text()
            .await
            .unwrap()
            .matches("Team chat")
            .count(),
        1
    );
    let confirmed = app
        .post_form(
            &admin,
            &format!("/admin/channels/{cid}/delete"),
            &format!("/admin/channels/{cid}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(confirmed.status(), 303);
    assert_eq!(
        app.get_api("/api/v1/channels", &admin_token)
            .await
            .text()
            .await
            .unwrap()
            .matches("Team chat")
            .count(),
        0
    );
}

/// A form that failed is shown again at the address it posted to; reloading that address later
/// (a GET) leads to the page that holds the form, not to "not found". The API keeps its 405.
#[tokio::test]
async fn reloading_the_address_of_a_failed_form_opens_the_page_that_holds_it() {
    let app = spawn_app().await;
    let org = app.create_org("acme").await;
    app.create_user(&org, "lead@acme.example", "crisis_lead")
        .await;
    let browser = app.browser_login("lead@acme.example").await;
    let token = app.token("lead@acme.example").await;
    let s: serde_json::Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "manual"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = s["id"].as_i64().unwrap();
    for (posted_to, page) in [
        (
            format!("/plan/scenarios/{id}/level"),
            format!("/plan/scenarios/{id}"),
        ),
        ("/account/password".to_string(), "/account".to_string()),
        ("/checkin/plan".to_string(), "/checkin".to_string()),
        ("/p/acme/subscribe".to_string(), "/p/acme/faq".to_string()),
    ] {
        let res = browser.get(app.url(&posted_to)).send().await.unwrap();
        assert_eq!(res.status(), 303, "{posted_to}");
        assert_eq!(res.headers()["location"], page.as_str(), "{posted_to}");
    }
    let res = browser.get(app.url("/no/such/page")).send().await.unwrap();
    assert_eq!(res.status(), 404, "an unknown address stays not found");
    let res = app
        .get_api(&format!("/api/v1/scenarios/{id}/level"), &token)
        .await;
    assert_eq!(res.status(), 405, "the API says which methods it has");
}
