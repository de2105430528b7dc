//! Three instances behind nginx on one PostgreSQL, run by `scripts/bench_instances.sh`:
//! - three release servers (`target/release/beredskap serve`) with one `JWT_SECRET`, and nginx
//!   in front of them with the upstream block the README shows;
//! - an organisation of 10,000 staff checks in through nginx for `--seconds`, 50 at a time:
//!   the rate, latency, how the requests spread over the instances, every answered check-in
//!   stored, each absence level reached and published once;
//! - an answer published through nginx: when each instance's open browser hears it, and its
//!   mail to every subscriber sent once (Message-IDs counted at the SMTP sink), and which
//!   instances' workers sent it (whoever is awake claims; the others wake within a second);
//! - the peak resident memory of each instance.
#[path = "../tests/api/smtp_sink.rs"]
#[allow(dead_code)]
mod smtp_sink;
#[path = "support/mod.rs"]
mod support;

use beredskap::auth::token::Keys;
use beredskap::entities::{membership, outbox_message};
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

const STAFF: usize = 10_000;
const SUBSCRIBERS: usize = 2_000;
const CONNECTIONS: usize = 50;

/// Child processes stopped when the benchmark ends, however it ends.
struct Children(Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn wait_healthy(client: &reqwest::Client, base: &str) {
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{base} did not become healthy");
}

/// The nginx configuration: the README's upstream block, the rest only what a test run needs.
fn nginx_conf(dir: &std::path::Path, listen: u16, ports: &[u16]) -> String {
    let servers: String = ports
        .iter()
        .map(|p| format!("        server 127.0.0.1:{p};\n"))
        .collect();
    format!(
        "worker_processes 2;\n\
         error_log {dir}/error.log warn;\n\
         pid {dir}/nginx.pid;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n\
         \x20   access_log off;\n\
         \x20   client_body_temp_path {dir}/body;\n\
         \x20   proxy_temp_path {dir}/proxy;\n\
         \x20   upstream beredskap {{\n{servers}\
         \x20       keepalive 64;\n\
         \x20   }}\n\
         \x20   server {{\n\
         \x20       listen 127.0.0.1:{listen};\n\
         \x20       location / {{\n\
         \x20           proxy_pass http://beredskap;\n\
         \x20           proxy_http_version 1.1;\n\
         \x20           proxy_set_header Connection \"\";\n\
         \x20           proxy_set_header Host $host;\n\
         \x20           proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n\
         \x20           proxy_set_header X-Forwarded-Proto $scheme;\n\
         \x20           proxy_read_timeout 1h;\n\
         \x20           add_header X-Upstream $upstream_addr always;\n\
         \x20       }}\n\
         \x20   }}\n\
         }}\n",
        dir = dir.display()
    )
}

fn peak_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

#[tokio::main]
async fn main() {
    let database_url = support::arg("database-url", "postgres://postgres@127.0.0.1:5432/bench");
    let binary = support::arg("binary", "target/release/beredskap");
    let seconds: u64 = support::arg("seconds", "10").parse().unwrap();
    let label = "PostgreSQL, 3 instances";
    let sink = smtp_sink::SmtpSink::start().await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();

    // The database first (migrated by this process), then the servers over it.
    let db = beredskap::db::connect(&database_url).await.unwrap();
    beredskap::db::migrate(&db).await.unwrap();
    let (org, staff, lead) = support::seed_org(&db, "three", STAFF).await;
    membership::Entity::update_many()
        .col_expr(
            membership::Column::Roles,
            Expr::value("crisis_lead,communicator"),
        )
        .filter(membership::Column::UserId.eq(lead))
        .exec(&db)
        .await
        .unwrap();
    support::subscribers(&db, org.id, SUBSCRIBERS).await;

    let work = tempfile::tempdir().unwrap();
    let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
    let mut children = Children(vec![]);
    for (i, port) in ports.iter().enumerate() {
        let dir = work.path().join(format!("app{i}"));
        std::fs::create_dir_all(&dir).unwrap();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        children.0.push(
            Command::new(&binary)
                .arg("serve")
                .env("DATABASE_URL", &database_url)
                .env("JWT_SECRET", support::SECRET)
                .env("DATA_DIR", &dir)
                .env("BIND", format!("127.0.0.1:{port}"))
                .env("SMTP_URL", &sink.url)
                .env("TRUST_PROXY", "true")
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .expect("the release binary (scripts/lib/build_release.sh builds it)"),
        );
    }
    for port in &ports {
        wait_healthy(&client, &format!("http://127.0.0.1:{port}")).await;
    }
    let listen = free_port();
    let conf = work.path().join("nginx.conf");
    std::fs::write(&conf, nginx_conf(work.path(), listen, &ports)).unwrap();
    children.0.push(
        Command::new("nginx")
            .args(["-p"])
            .arg(work.path())
            .arg("-c")
            .arg(&conf)
            .args(["-g", "daemon off;"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("nginx (Debian's nginx package)"),
    );
    let lb = format!("http://127.0.0.1:{listen}");
    wait_healthy(&client, &lb).await;

    // 1. Check-ins through nginx: each connection takes every 50th person in turn.
    let keys = Keys::new(support::SECRET.as_bytes());
    let tokens: Arc<Vec<String>> = Arc::new(
        staff
            .iter()
            .map(|u| {
                keys.issue(
                    *u,
                    org.id,
                    &org.slug,
                    vec!["staff".into()],
                    0,
                    Duration::hours(2),
                )
                .unwrap()
                .0
            })
            .collect(),
    );
    let statuses = [
        "office",
        "remote",
        "office",
        "sick",
        "office",
        "child_care",
        "remote",
        "office",
    ];
    let stop = Arc::new(AtomicBool::new(false));
    let answered_so_far = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let by_instance: Arc<Mutex<HashMap<String, u64>>> = Default::default();
    let mut tasks = vec![];
    for c in 0..CONNECTIONS {
        let (client, tokens, stop, by_instance, lb, so_far) = (
            client.clone(),
            tokens.clone(),
            stop.clone(),
            by_instance.clone(),
            lb.clone(),
            answered_so_far.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let (mut ms, mut failed) = (vec![], 0u64);
            let mut n = c;
            while !stop.load(Ordering::Relaxed) {
                let body = serde_json::json!({"status": statuses[n % statuses.len()], "wellbeing": 1 + n % 5});
                let t = Instant::now();
                let res = client
                    .post(format!("{lb}/api/v1/checkins"))
                    .bearer_auth(&tokens[n])
                    .json(&body)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        let upstream = r
                            .headers()
                            .get("x-upstream")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("?")
                            .to_string();
                        let _ = r.bytes().await;
                        ms.push(t.elapsed().as_secs_f64() * 1000.0);
                        so_far.fetch_add(1, Ordering::Relaxed);
                        *by_instance.lock().unwrap().entry(upstream).or_default() += 1;
                    }
                    _ => failed += 1,
                }
                n += CONNECTIONS;
                if n >= tokens.len() {
                    n = c;
                }
            }
            (ms, failed)
        }));
    }
    // At least `seconds`, and until everyone has checked in once, so the ladder's thresholds
    // are crossed whatever the rate.
    let t0 = Instant::now();
    while t0.elapsed().as_secs() < seconds
        || (answered_so_far.load(Ordering::Relaxed) < STAFF && t0.elapsed().as_secs() < 180)
    {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let (mut ms, mut failed) = (vec![], 0);
    for t in tasks {
        let (m, f) = t.await.unwrap();
        ms.extend(m);
        failed += f;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let answered = ms.len() as u64;
    let (p50, _) = support::median_p95(ms.clone());
    ms.sort_by(f64::total_cmp);
    let p99 = ms[((ms.len() - 1) as f64 * 0.99).round() as usize];
    println!(
        "| {label} | `POST /api/v1/checkins` through nginx, 10,000 staff, {CONNECTIONS} connections | {:.0}/s, p50 {p50:.1} ms, p99 {p99:.1} ms, {failed} failed |",
        answered as f64 / elapsed
    );
    let mut spread: Vec<_> = by_instance.lock().unwrap().clone().into_iter().collect();
    spread.sort();
    let spread: Vec<String> = spread
        .iter()
        .map(|(u, n)| format!("{u}: {:.0} %", *n as f64 * 100.0 / answered as f64))
        .collect();
    println!(
        "| {label} | check-ins answered per instance | {} |",
        spread.join(", ")
    );
    // Every level change is made within a second of its check-in; give the last a moment.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    support::verify_checkins(&db, label, org.id, answered, STAFF).await;

    // 2. An answer published through nginx, heard by a browser on each instance.
    let mut heard = vec![];
    for port in &ports {
        let mut sse = client
            .get(format!("http://127.0.0.1:{port}/p/three/faq/events"))
            .send()
            .await
            .unwrap();
        heard.push(tokio::spawn(async move {
            let mut buf = String::new();
            while let Ok(Some(chunk)) = sse.chunk().await {
                buf.push_str(&String::from_utf8_lossy(&chunk));
                if buf.contains("event: faq") {
                    return Some(Instant::now());
                }
            }
            None
        }));
    }
    let lead_token = keys
        .issue(
            lead,
            org.id,
            &org.slug,
            vec!["crisis_lead".into(), "communicator".into()],
            0,
            Duration::hours(2),
        )
        .unwrap()
        .0;
    let mails_before = sink.received.lock().unwrap().len();
    let t = Instant::now();
    let res = client
        .post(format!("{lb}/api/v1/faq"))
        .bearer_auth(&lead_token)
        .json(&serde_json::json!({"question": "Are we open?", "answer": "Yes, as usual."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let publication = res.json::<serde_json::Value>().await.unwrap()["publication_id"]
        .as_i64()
        .unwrap() as i32;
    let mut times = vec![];
    for h in heard {
        let at = tokio::time::timeout(std::time::Duration::from_secs(30), h)
            .await
            .expect("an instance's browser heard nothing within 30 s")
            .unwrap()
            .expect("the stream ended");
        times.push(format!("{:.0} ms", (at - t).as_secs_f64() * 1000.0));
    }
    println!(
        "| {label} | a publication heard by an open browser on each instance | {} |",
        times.join(", ")
    );

    // 3. Its mail: every subscriber once, and how many rows each instance's worker sent.
    let on_the_way = || async {
        outbox_message::Entity::find()
            .filter(outbox_message::Column::PublicationId.eq(publication))
            .filter(outbox_message::Column::Status.is_in(["pending", "retrying", "sending"]))
            .count(&db)
            .await
            .unwrap()
    };
    let t = Instant::now();
    while on_the_way().await > 0 || t.elapsed().as_secs() < 1 {
        assert!(t.elapsed().as_secs() < 120, "the fan-out did not finish");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let workers: Vec<(Option<String>, i64)> = outbox_message::Entity::find()
        .select_only()
        .column(outbox_message::Column::ClaimedBy)
        .column_as(outbox_message::Column::Id.count(), "n")
        .filter(outbox_message::Column::PublicationId.eq(publication))
        .filter(outbox_message::Column::Target.eq("email"))
        .group_by(outbox_message::Column::ClaimedBy)
        .into_tuple()
        .all(&db)
        .await
        .unwrap();
    let received = sink.received.lock().unwrap();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for m in received.iter().skip(mails_before) {
        let id = m
            .data
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
            .map(|l| l.trim().to_string())
            .unwrap_or_default();
        *ids.entry(id).or_default() += 1;
    }
    let twice = ids.values().filter(|n| **n > 1).count();
    let mails = received.len() - mails_before;
    println!(
        "| {label} | the publication's mail: subscribers, mails received, sent twice | {SUBSCRIBERS} subscribers, {mails} mails, {} distinct Message-IDs, {twice} sent twice; mail rows per worker: {} |",
        ids.len(),
        workers.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>().join(" / ")
    );
    assert_eq!(twice, 0, "a mail was sent twice");
    assert!(mails >= SUBSCRIBERS, "subscribers were left out");
    drop(received);

    let peaks: Vec<String> = children.0[..3]
        .iter()
        .map(|c| format!("{:.0} MB", peak_mb(c.id())))
        .collect();
    println!(
        "| {label} | peak resident memory (VmHWM) of each instance | {} |",
        peaks.join(", ")
    );
}
