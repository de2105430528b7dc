use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn org_with_staff(app: &TestApp, n: usize) -> beredskap::entities::organisation::Model {
    crate::fixtures::acme(app, n).await.org
}

#[tokio::test]
async fn staff_land_on_the_check_in_page_and_check_in_with_one_tap() {
    let app = spawn_app().await;
    org_with_staff(&app, 2).await;
    let browser = crate::helpers::client();
    let (_, _, token) = app.page(&browser, "/login").await;
    let res = browser
        .post(app.url("/login"))
        .form(&[
            ("email", "s0@acme.example"),
            ("password", crate::helpers::PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["location"], "/checkin");

    let res = app
        .post_form(&browser, "/checkin", "/checkin", &[("status", "remote")])
        .await;

    assert_eq!(res.status(), 303);
    let (_, page, _) = app.page(&browser, "/checkin").await;
    assert!(page.contains("You are checked in as: Working remotely."));
    assert!(page.contains("How do you feel today?"));
    let res = app
        .post_form(
            &browser,
            "/checkin",
            "/checkin",
            &[("status", "remote"), ("wellbeing", "4")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page, _) = app.page(&browser, "/checkin").await;
    assert!(page.contains("feeling 4 of 5"));
}

#[tokio::test]
async fn planning_leave_without_a_day_is_refused_naming_the_day() {
    let app = spawn_app().await;
    org_with_staff(&app, 1).await;
    let browser = app.browser_login("s0@acme.example").await;

    let res = app
        .post_form(
            &browser,
            "/checkin",
            "/checkin/plan",
            &[("plan_status", "leave"), ("plan_day", "")],
        )
        .await;

    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("This field is required.") && body.contains("id=\"field-plan_day\""));
    assert!(
        body.contains("href=\"#field-plan_day\""),
        "the summary points at the plan form's day"
    );
}

#[tokio::test]
async fn the_board_shows_counts_to_the_crisis_group_and_names_to_the_lead_only() {
    let app = spawn_app().await;
    org_with_staff(&app, 3).await;
    let s0 = app.token("s0@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &s0,
        json!({"status": "sick", "note": "migraine"}),
    )
    .await;
    let member = app.browser_login("member@acme.example").await;
    let lead = app.browser_login("lead@acme.example").await;
    let staff = app.browser_login("s1@acme.example").await;

    let (status, for_member, _) = app.page(&member, "/checkins").await;
    let (_, for_lead, _) = app.page(&lead, "/checkins").await;
    let (staff_status, _, _) = app.page(&staff, "/checkins").await;

    assert_eq!(status, 200);
    assert!(
        for_member.contains("33 %")
            && !for_member.contains("migraine")
            && !for_member.contains("User s0@acme.example")
    );
    assert!(for_lead.contains("migraine") && for_lead.contains("User s0@acme.example"));
    assert_eq!(staff_status, 403);
    let (live_status, live, _) = app.page(&member, "/checkins/live").await;
    assert_eq!(live_status, 200);
    assert!(live.starts_with("<div id=\"board-live\""));
}

#[tokio::test]
async fn the_daily_check_in_saves_a_report_and_follows_up_actions() {
    let app = spawn_app().await;
    org_with_staff(&app, 2).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .send_api(
            Method::POST,
            "/api/v1/scenarios",
            &token,
            json!({"title": "Flu", "probability": 3, "consequence": 3, "metric": "absence"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let a: Value = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &token,
            json!({"area": "communication", "title": "Brief all staff", "status": "in_progress"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let browser = app.browser_login("lead@acme.example").await;
    let (_, form, _) = app.page(&browser, "/daily").await;
    assert!(form.contains("Since yesterday") && form.contains("Brief all staff"));
    let other: Value = app
        .send_api(
            Method::POST,
            &format!("/api/v1/scenarios/{}/actions", s["id"]),
            &token,
            json!({"area": "technology", "title": "Someday maybe"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (_, form, _) = app.page(&browser, "/daily").await;
    assert!(
        !form.contains("Someday maybe"),
        "planned actions of scenarios at no level wait: {}",
        other["id"]
    );

    let res = app
        .post_form(
            &browser,
            "/daily",
            "/daily",
            &[
                ("situation", "Flu wave in the region"),
                ("delivery", "amber"),
                ("calls", "1200"),
                ("mails", "lots"),
                ("action_id", &a["id"].to_string()),
                ("action_version", &a["version"].to_string()),
                ("action_status", "done"),
                ("action_outcome", "Done at 09:00"),
                ("decisions", "Open the overflow line"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422, "mails is not a number");
    let body = res.text().await.unwrap();
    assert!(
        body.contains("Enter a number.") && body.contains("Flu wave in the region"),
        "the input is kept"
    );

    let res = app
        .post_form(
            &browser,
            "/daily",
            "/daily",
            &[
                ("situation", "Flu wave in the region"),
                ("delivery", "amber"),
                ("calls", "1200"),
                ("mails", "300"),
                ("action_id", &a["id"].to_string()),
                ("action_version", &a["version"].to_string()),
                ("action_status", "done"),
                ("action_outcome", "Done at 09:00"),
                ("decisions", "Open the overflow line"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let report_url = res.headers()["location"].to_str().unwrap().to_string();
    let (_, report, _) = app.page(&browser, &report_url).await;
    assert!(
        report.contains("Situation report")
            && report.contains("Open the overflow line")
            && report.contains("Done at 09:00")
    );
    let action: Value = app
        .get_api(&format!("/api/v1/actions/{}", a["id"]), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(action["status"], "done");
    let reports: Vec<Value> = app
        .get_api("/api/v1/reports", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["delivery"], "amber");
    assert_eq!(
        reports[0]["unknown"], 2,
        "the figures are copied from the live data"
    );
}

#[tokio::test]
async fn the_calendar_feed_needs_its_token_and_describes_the_daily_meeting() {
    let app = spawn_app().await;
    let org = org_with_staff(&app, 0).await;
    let token = app.token("lead@acme.example").await;
    let s: Value = app
        .get_api("/api/v1/checkin-settings", &token)
        .await
        .json()
        .await
        .unwrap();
    app.send_api(Method::PUT, "/api/v1/checkin-settings", &token, json!({"meeting_time": "09:15", "meeting_minutes": 20, "meeting_place": "Room 3, floor 2\rX-INJECTED:yes", "version": s["version"]})).await;
    let browser = app.browser_login("lead@acme.example").await;
    let (_, settings, _) = app.page(&browser, "/checkins/settings").await;
    let start = settings.find("/calendar/acme/").unwrap();
    let path = &settings[start..start + settings[start..].find(".ics").unwrap() + 4];

    let ics = crate::helpers::client()
        .get(app.url(path))
        .send()
        .await
        .unwrap();
    assert!(
        ics.headers().get("set-cookie").is_none(),
        "a calendar app is given no cookie"
    );
    let wrong = crate::helpers::client()
        .get(app.url("/calendar/acme/0000.ics"))
        .send()
        .await
        .unwrap();

    assert_eq!(
        ics.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let body = ics.text().await.unwrap();
    assert!(
        body.contains("BEGIN:VEVENT")
            && body.contains("DTSTART;TZID=Europe/Stockholm:")
            && body.contains("T091500")
    );
    assert!(
        body.contains("RRULE:FREQ=DAILY")
            && body.contains("LOCATION:Room 3\\, floor 2\\nX-INJECTED:yes"),
        "{body}"
    );
    assert!(
        !body.lines().any(|l| l.starts_with("X-INJECTED")),
        "a bare CR cannot start a property"
    );
    assert!(body.contains(&format!("UID:daily-checkin-{}@beredskap", org.id)));
    // RFC 5545 §3.6.5: the zone the times name is described in the calendar itself.
    assert!(
        body.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Stockholm\r\n"),
        "{body}"
    );
    assert!(body.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    assert!(
        body.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    assert_eq!(wrong.status(), 404);
}

#[tokio::test]
async fn trends_show_absence_with_threshold_lines_and_a_text_alternative() {
    let app = spawn_app().await;
    org_with_staff(&app, 4).await;
    let lead = app.token("lead@acme.example").await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let s0 = app.token("s0@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &s0,
        json!({"status": "sick", "wellbeing": 2}),
    )
    .await;
    let browser = app.browser_login("lead@acme.example").await;

    let (status, page, _) = app.page(&browser, "/trends?days=90").await;
    let figures: Vec<Value> = app
        .get_api("/api/v1/trends?days=30", &lead)
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(status, 200);
    assert!(
        page.contains("<svg class=\"chart\"")
            && page.contains("class=\"threshold\"")
            && page.contains("Serious 20 %")
    );
    assert!(page.contains("The figures as a table") && page.contains("latest 25.0 %"));
    assert_eq!(figures.len(), 30);
    assert_eq!(figures.last().unwrap()["absence_pct"], 25.0);
    assert!(
        figures[0]["absence_pct"].is_null(),
        "a day nobody checked in has no figure"
    );
}

#[tokio::test]
async fn the_csv_export_is_for_the_lead_keeps_formulas_as_text_and_names_bad_dates() {
    let app = spawn_app().await;
    org_with_staff(&app, 2).await;
    let s0 = app.token("s0@acme.example").await;
    app.send_api(
        Method::POST,
        "/api/v1/checkins",
        &s0,
        json!({"status": "sick", "note": "=cmd|' /C calc'!A0"}),
    )
    .await;
    let lead = app.token("lead@acme.example").await;
    let member = app.token("member@acme.example").await;

    let res = app.get_api("/api/v1/checkins/export", &lead).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/csv; charset=utf-8");
    let bytes = res.bytes().await.unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "a byte-order mark, so Excel reads UTF-8"
    );
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "day,email,name,team,status,absent,wellbeing,note,recorded_by"
    );
    assert!(lines[1].contains("s0@acme.example") && lines[1].contains(",sick,true,"));
    assert!(
        lines[1].contains("'=cmd"),
        "a formula stays text: {}",
        lines[1]
    );
    let semicolons = app
        .get_api("/api/v1/checkins/export?delimiter=semicolon", &lead)
        .await
        .text()
        .await
        .unwrap();
    assert!(semicolons
        .trim_start_matches('\u{feff}')
        .starts_with("day;email;name;"));
    assert_eq!(
        app.get_api("/api/v1/checkins/export", &member)
            .await
            .status(),
        403
    );
    let bad = app
        .get_api("/api/v1/checkins/export?from=yesterday", &lead)
        .await;
    assert_eq!(bad.status(), 422);
    assert_eq!(
        bad.json::<Value>().await.unwrap()["errors"][0]["field"],
        "from"
    );
}

#[tokio::test]
async fn who_recorded_a_check_in_cannot_become_a_formula() {
    let app = spawn_app().await;
    let org = org_with_staff(&app, 1).await;
    app.create_user(&org, "=1+1@acme.example", "crisis_lead")
        .await;
    let odd = app.token("=1+1@acme.example").await;
    let s0 = app.create_user(&org, "s9@acme.example", "staff").await;
    let res = app
        .send_api(
            Method::PUT,
            &format!("/api/v1/checkins/people/{}", s0.id),
            &odd,
            json!({"status": "sick"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());

    let csv = app
        .get_api("/api/v1/checkins/export", &odd)
        .await
        .text()
        .await
        .unwrap();

    let row = csv.lines().find(|l| l.contains("s9@acme.example")).unwrap();
    assert!(row.ends_with(",'=1+1@acme.example"), "{row}");
}

#[tokio::test]
async fn the_plan_s_actions_download_as_csv_for_a_swedish_spreadsheet() {
    let app = spawn_app().await;
    org_with_staff(&app, 0).await;
    let lead = app.token("lead@acme.example").await;
    app.send_api(Method::POST, "/api/v1/scenarios/standard", &lead, json!({}))
        .await;
    let res = app
        .send_api(
            Method::PATCH,
            "/api/v1/me",
            &lead,
            json!({"display_name": "Lead", "language": "sv"}),
        )
        .await;
    assert_eq!(res.status(), 200);

    let res = app.get_api("/api/v1/actions/export", &lead).await;

    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"actions-acme-"));
    let csv = res.text().await.unwrap();
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    assert_eq!(
        lines.next().unwrap(),
        "scenario;level;area;action;owner;owner_email;due;status;overdue;outcome_rating;outcome"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() >= 8, "every standard action: {}", rows.len());
    assert!(rows
        .iter()
        .any(|r| r.split(';').nth(2) == Some("communication")));
    let staff = app
        .create_user(
            &beredskap::orgs::repo::organisation_by_slug(&app.db, "acme")
                .await
                .unwrap()
                .unwrap(),
            "s@acme.example",
            "staff",
        )
        .await;
    let _ = staff;
    assert_eq!(
        app.get_api("/api/v1/actions/export", &app.token("s@acme.example").await)
            .await
            .status(),
        403
    );
}
