use beredskap::auth::password::hash_blocking;
use beredskap::auth::token::Keys;
use beredskap::checkins::notifier::Notifier;
use beredskap::clock::Clock;
use beredskap::config::Settings;
use beredskap::entities::{membership, organisation, team, user};
use beredskap::scenarios::levels::LevelChanged;
use beredskap::startup::Application;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, Database, DatabaseConnection, EntityTrait,
    QueryFilter, Set, Statement,
};
use std::sync::{Arc, LazyLock, Mutex};

pub const PASSWORD: &str = "correct horse battery";
pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256-0123456789";

/// Hashing is slow on purpose; tests share one hash of `PASSWORD`.
static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| hash_blocking(PASSWORD).unwrap());

/// Keeps every level change the app hands to its notifier.
#[derive(Default)]
pub struct RecordingNotifier(pub Mutex<Vec<LevelChanged>>);

impl Notifier for RecordingNotifier {
    fn level_changed(&self, change: &LevelChanged) {
        self.0.lock().unwrap().push(change.clone());
    }
}

pub struct TestApp {
    pub state: beredskap::startup::AppState,
    pub clock: Clock,
    pub notified: Arc<RecordingNotifier>,
    pub address: String,
    pub db: DatabaseConnection,
    pub keys: Keys,
    pub client: reqwest::Client,
    /// Where the database is, to start a second instance (or a restarted one) over it.
    pub settings: Settings,
    _data: std::sync::Arc<tempfile::TempDir>,
}

pub fn backend() -> String {
    std::env::var("BEREDSKAP_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

/// A fresh database: an SQLite file in a temporary folder, or a new PostgreSQL database.
async fn fresh_database_url(dir: &std::path::Path) -> String {
    if backend() == "postgres" {
        let server = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("beredskap_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .expect("PostgreSQL must be running for BEREDSKAP_TEST_DB=postgres");
        admin
            .execute(Statement::from_string(
                admin.get_database_backend(),
                format!("CREATE DATABASE {name}"),
            ))
            .await
            .expect("could not create a test database");
        admin.close().await.ok();
        format!("{server}/{name}")
    } else {
        format!("sqlite://{}/test.db", dir.display())
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Clock::system()).await
}

pub async fn spawn_app_with(clock: Clock) -> TestApp {
    spawn_app_full(clock, None).await
}

/// With a clock and an SMTP server (`smtp://127.0.0.1:PORT`) of the test's choosing.
pub async fn spawn_app_full(clock: Clock, smtp_url: Option<String>) -> TestApp {
    spawn_app_configured(clock, smtp_url, |_| {}).await
}

/// The settings every test app starts from: loopback, a fixed JWT secret, one worker, and
/// `OUTBOUND_ALLOW=127.0.0.0/8` so the receivers on loopback can be reached.
pub fn test_settings() -> Settings {
    Settings {
        database_url: None,
        bind: "127.0.0.1:0".into(),
        public_url: None,
        smtp_url: None,
        mail_from: "Beredskap <beredskap@localhost>".into(),
        mail_connections: 32,
        jwt_secret: Some(JWT_SECRET.into()),
        data_dir: std::env::temp_dir(),
        demo: false,
        log_format: "text".into(),
        trust_proxy: false,
        session_hours: 12,
        workers: 1,
        outbox_retention_days: 90,
        outbound_allow: Some("127.0.0.0/8".into()),
        metrics_token: None,
        sms_url: None,
        sms_provider: "46elks".into(),
        sms_from: "Beredskap".into(),
        sms_replies: false,
    }
}

/// With settings changed by the test (no `OUTBOUND_ALLOW`, an https `PUBLIC_URL`, …).
pub async fn spawn_app_configured(
    clock: Clock,
    smtp_url: Option<String>,
    change: impl FnOnce(&mut Settings),
) -> TestApp {
    let data = tempfile::tempdir().unwrap();
    let url = fresh_database_url(data.path()).await;
    let mut settings = test_settings();
    settings.database_url = Some(url.clone());
    settings.smtp_url = smtp_url;
    settings.data_dir = data.path().to_path_buf();
    change(&mut settings);
    let db = beredskap::db::connect(&settings.database_url())
        .await
        .expect("database");
    beredskap::db::migrate(&db).await.expect("migrations");
    let notified = Arc::new(RecordingNotifier::default());
    let kept = settings.clone();
    let app = Application::build_with(settings, db, clock.clone(), notified.clone())
        .await
        .expect("the app starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.state.db.clone();
    let state = app.state.clone();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        state,
        clock,
        notified,
        address,
        db,
        keys: Keys::new(JWT_SECRET.as_bytes()),
        client: client(),
        settings: kept,
        _data: Arc::new(data),
    }
}

impl TestApp {
    /// Another instance of the app over the same database, with its own connection pool and
    /// delivery worker: a restarted process, or a second instance behind a load balancer.
    pub async fn another_instance(&self) -> TestApp {
        let db = beredskap::db::connect(&self.settings.database_url())
            .await
            .expect("database");
        let notified = Arc::new(RecordingNotifier::default());
        let app = Application::build_with(
            self.settings.clone(),
            db,
            self.clock.clone(),
            notified.clone(),
        )
        .await
        .expect("the app starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let state = app.state.clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            db: state.db.clone(),
            state,
            clock: self.clock.clone(),
            notified,
            address,
            keys: Keys::new(JWT_SECRET.as_bytes()),
            client: client(),
            settings: self.settings.clone(),
            _data: self._data.clone(),
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// The body of an anonymous GET (the public pages).
    pub async fn text(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// An anonymous GET's JSON.
    pub async fn json_at(&self, path: &str) -> serde_json::Value {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn create_org(&self, slug: &str) -> organisation::Model {
        let now = Utc::now();
        organisation::ActiveModel {
            slug: Set(slug.into()),
            name: Set(format!("Org {slug}")),
            time_zone: Set("Europe/Stockholm".into()),
            default_language: Set("en".into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
    }

    pub async fn create_team(&self, org: &organisation::Model, name: &str) -> team::Model {
        let now = Utc::now();
        team::ActiveModel {
            organisation_id: Set(org.id),
            name: Set(name.into()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap()
    }

    /// A person with `PASSWORD`, a member of `org` with the given roles (comma-separated).
    pub async fn create_user(
        &self,
        org: &organisation::Model,
        email: &str,
        roles: &str,
    ) -> user::Model {
        let now = Utc::now();
        let u = user::ActiveModel {
            email: Set(email.into()),
            display_name: Set(format!("User {email}")),
            password_hash: Set(PASSWORD_HASH.clone()),
            language: Set(None),
            token_version: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
        self.add_membership(org, &u, roles).await;
        u
    }

    /// The id of the user with this email.
    /// A scenario's current level once the ladders have seen every check-in made so far
    /// (they are re-evaluated a moment after, not during, a check-in).
    pub async fn level_of(&self, token: &str, id: &serde_json::Value) -> serde_json::Value {
        self.settled().await;
        self.get_api(&format!("/api/v1/scenarios/{id}"), token)
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap()["current_level_id"]
            .clone()
    }

    /// Waits until the ladders have seen every check-in made so far.
    pub async fn settled(&self) {
        assert!(
            beredskap::scenarios::evaluation::all_settled(&self.state).await,
            "the ladders were not re-evaluated within 30 s"
        );
    }

    pub async fn user_id(&self, email: &str) -> i32 {
        user::Entity::find()
            .filter(user::Column::Email.eq(email))
            .one(&self.db)
            .await
            .unwrap()
            .expect("a user with that email")
            .id
    }

    /// The id of the organisation's team with this name.
    pub async fn team_id(&self, org_id: i32, name: &str) -> i32 {
        team::Entity::find()
            .filter(team::Column::OrganisationId.eq(org_id))
            .filter(team::Column::Name.eq(name))
            .one(&self.db)
            .await
            .unwrap()
            .expect("a team with that name")
            .id
    }

    pub async fn add_membership(&self, org: &organisation::Model, u: &user::Model, roles: &str) {
        let now = Utc::now();
        membership::ActiveModel {
            organisation_id: Set(org.id),
            user_id: Set(u.id),
            team_id: Set(None),
            roles: Set(roles.into()),
            active: Set(true),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&self.db)
        .await
        .unwrap();
    }

    pub async fn login_response(&self, email: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    pub async fn token(&self, email: &str) -> String {
        let res = self.login_response(email, PASSWORD).await;
        assert_eq!(res.status(), 200, "sign-in of {email} failed");
        res.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn get_api(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn send_api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Fetches a page and returns its body and the CSRF token of its first form.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> (u16, String, String) {
        let res = client.get(self.url(path)).send().await.unwrap();
        let status = res.status().as_u16();
        let body = res.text().await.unwrap();
        let token = csrf_token(&body).unwrap_or_default();
        (status, body, token)
    }

    /// Signs in through the login page with a new browser-like client, and returns it.
    pub async fn browser_login(&self, email: &str) -> reqwest::Client {
        let browser = client();
        let (_, _, token) = self.page(&browser, "/login").await;
        let res = browser
            .post(self.url("/login"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "page sign-in of {email} failed");
        browser
    }

    /// Posts a form the way a browser does: the CSRF token from the page that shows the form.
    pub async fn post_form(
        &self,
        browser: &reqwest::Client,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (_, _, token) = self.page(browser, form_page).await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf_token", &token));
        browser
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .unwrap()
    }
}

pub fn csrf_token(html: &str) -> Option<String> {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_string())
}

/// The fields a problem+json answer names, in order.
pub fn error_fields(problem: &serde_json::Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["field"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}
