#![cfg_attr(not(postgres_tests), allow(dead_code))]

//! `TestApp`: the real application against a database of its own (a temporary SQLite file, or a
//! fresh PostgreSQL schema), dropped when the test ends.

use actix_web::http::{header, Method, StatusCode};
use actix_web::test::{self, TestRequest};
use clientretro::app::{build_app, AppState};
use clientretro::config::{
    Config, DatabaseArgs, DatabaseTarget, PublicUrl, RateLimit, SqliteSynchronous, WebhookSettings,
};
use clientretro::db::{ConnectionManager, Db, DbConnection};
use clientretro::domain::Role;
use clientretro::gapfinder::GapFinder;
use clientretro::http::auth::RateLimiter;
use clientretro::i18n::Localizer;
use clientretro::models::action::Policy;
use clientretro::models::api_key;
use clientretro::webhooks::Worker;
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use serde_json::Value;

/// Runs each test body once per backend: `sqlite::name` always, `postgres::name` when
/// `TEST_POSTGRES_URL` was set at build time.
#[macro_export]
macro_rules! backend_tests {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[actix_web::test]
                async fn $name() {
                    let $app = $crate::helpers::TestApp::sqlite();
                    $body
                }
            )*
        }
        #[cfg(postgres_tests)]
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[actix_web::test]
                async fn $name() {
                    let $app = $crate::helpers::TestApp::postgres();
                    $body
                }
            )*
        }
    };
}

/// The gap finder, loaded once per test binary and shared (it is read-only).
fn finder() -> GapFinder {
    GapFinder::load().expect("knowledge loads")
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        schema: String,
    },
    /// A second instance on another test's database: that test cleans up.
    Nothing,
}

pub struct TestApp {
    state: AppState,
    pub config: Config,
    /// An admin key: `send` uses it unless told otherwise.
    pub key: String,
    cleanup: Cleanup,
}

impl TestApp {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("test.db");
        let url = path.to_str().expect("utf-8 path").to_owned();
        Self::open(url, Cleanup::Sqlite(dir))
    }

    pub fn postgres() -> Self {
        let admin_url = std::env::var("TEST_POSTGRES_URL").expect("TEST_POSTGRES_URL is set for the PostgreSQL tests");
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let mut admin = PgConnection::establish(&admin_url)
            .unwrap_or_else(|e| panic!("TEST_POSTGRES_URL is set but PostgreSQL cannot be reached: {e}"));
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create schema");
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-csearch_path%3D{schema}");
        Self::open(url, Cleanup::Postgres { admin_url, schema })
    }

    fn open(url: String, cleanup: Cleanup) -> Self {
        let args = DatabaseArgs {
            database_url: url,
            sqlite_synchronous: SqliteSynchronous::Full,
            pool_size: 4,
            busy_timeout: 10.0,
        };
        let mut config = Config::new(&args, "127.0.0.1:0".into());
        // Tests send bursts of requests; the rate limit has its own tests.
        config.rate_limit = RateLimit {
            per_second: 0,
            burst: 0,
        };
        config.webhooks.allow_private = true;
        // Share links are written under it; `without_public_url` shows a server without the flag.
        config.public_url = PublicUrl::parse("https://retro.example.com").expect("a public URL");
        let db = Db::open(&config).expect("open test database");
        let state = AppState::new(db, Localizer::load().expect("messages load"), finder(), &config);
        let mut app = Self {
            state,
            config,
            key: String::new(),
            cleanup,
        };
        app.key = app.create_key("tests", Role::Admin);
        app
    }

    /// Another instance of the service on the same database, with its own pool and memory, as
    /// a second replica or the same server after a restart.
    pub fn replica(&self) -> Self {
        self.replica_with(|_| {})
    }

    /// A replica whose configuration `change` adjusted (a smaller pool, a shorter busy timeout).
    pub fn replica_with(&self, change: impl FnOnce(&mut Config)) -> Self {
        let mut config = self.config.clone();
        change(&mut config);
        let db = Db::open(&config).expect("open test database");
        let state = AppState::new(db, Localizer::load().expect("messages load"), finder(), &config);
        Self {
            state,
            config,
            key: self.key.clone(),
            cleanup: Cleanup::Nothing,
        }
    }

    /// Creates an API key straight in the database and returns its secret.
    pub fn create_key(&self, name: &str, role: Role) -> String {
        let mut conn = self.connection();
        api_key::create(&mut conn, name, role).expect("create key").1
    }

    /// Limits each key to `per_second` requests with this burst.
    pub fn with_rate_limit(mut self, per_second: u32, burst: u32) -> Self {
        self.state.rate_limiter = actix_web::web::Data::new(RateLimiter::new(RateLimit { per_second, burst }));
        self
    }

    /// A server started without `--public-url`.
    pub fn without_public_url(mut self) -> Self {
        self.state.public_url = actix_web::web::Data::new(PublicUrl::default());
        self
    }

    /// Webhook URLs at private addresses refused, as on a default server.
    pub fn with_strict_webhook_addresses(mut self) -> Self {
        self.state.webhooks = actix_web::web::Data::new(WebhookSettings {
            allow_private: false,
            ..(**self.state.webhooks).clone()
        });
        self
    }

    /// Webhooks delivered with these settings (by a worker the test runs itself).
    /// This app (and its webhook worker) with a clock that says `day` (`YYYY-MM-DD`).
    pub fn on_day(mut self, day: &str) -> Self {
        let day = day.parse().expect("a date");
        self.state.clock = actix_web::web::Data::new(clientretro::domain::clock::Clock::fixed(day));
        self
    }

    /// Moves this app's clock (and that of the workers it makes from now on) to `day`.
    pub fn set_day(&mut self, day: chrono::NaiveDate) {
        self.state.clock = actix_web::web::Data::new(clientretro::domain::clock::Clock::fixed(day));
    }

    pub fn with_webhook_settings(mut self, settings: WebhookSettings) -> Self {
        self.state.webhooks = actix_web::web::Data::new(settings);
        self
    }

    /// A delivery worker on this test's database, with the app's webhook settings.
    pub fn webhook_worker(&self) -> Worker {
        Worker::new(
            (**self.state.db).clone(),
            self.state.localizer.clone(),
            &self.state.webhooks,
        )
        .expect("worker")
        .with_clock(**self.state.clock)
    }

    /// The database URL, for a server process of the test's own.
    pub fn database_url(&self) -> String {
        match &self.config.database {
            DatabaseTarget::Sqlite(path) => path.clone(),
            DatabaseTarget::Postgres(url) => url.clone(),
        }
    }

    /// Changes the verification window (days after done before an action may be verified).
    pub fn with_verification_window(mut self, days: i64) -> Self {
        self.state.policy = actix_web::web::Data::new(Policy {
            verification_window_days: days,
            ..**self.state.policy
        });
        self
    }

    /// Counts repeats across clients.
    pub fn with_repeats_across_clients(mut self) -> Self {
        self.state.policy = actix_web::web::Data::new(Policy {
            repeat_across_clients: true,
            ..**self.state.policy
        });
        self
    }

    /// Whether the app's webhook worker counts as running, for `/readyz`.
    pub fn worker_health(&self) -> &clientretro::webhooks::WorkerHealth {
        &self.state.worker_health
    }

    /// The application's database handle (its pool and its in-flight idempotency keys).
    pub fn db(&self) -> &Db {
        &self.state.db
    }

    pub fn backend(&self) -> &'static str {
        self.config.database.backend_name()
    }

    /// A direct connection to this test's database.
    pub fn connection(&self) -> DbConnection {
        ConnectionManager::new(&self.config).establish().expect("connect")
    }

    /// Sends with the test's admin key.
    pub async fn send(&self, request: TestRequest) -> Reply {
        let key = self.key.clone();
        self.send_as(request, Some(&key)).await
    }

    /// Sends with this key, or with none.
    pub async fn send_as(&self, request: TestRequest, key: Option<&str>) -> Reply {
        let request = match key {
            Some(key) => request.insert_header((header::AUTHORIZATION, format!("Bearer {key}"))),
            None => request,
        };
        let app = test::init_service(build_app(self.state.clone())).await;
        let response = test::call_service(&app, request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let body = test::read_body(response).await.to_vec();
        Reply { status, headers, body }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(TestRequest::get().uri(path)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(TestRequest::delete().uri(path)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.json(Method::POST, path, body).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.json(Method::PATCH, path, body).await
    }

    pub async fn json(&self, method: Method, path: &str, body: Value) -> Reply {
        self.send(TestRequest::default().method(method).uri(path).set_json(body))
            .await
    }

    /// Creates a client and returns its id.
    pub async fn client(&self, name: &str, language: &str) -> String {
        let reply = self
            .post(
                "/v1/clients",
                serde_json::json!({"name": name, "preferred_language": language}),
            )
            .await;
        reply.assert_status(StatusCode::CREATED);
        reply.json()["id"].as_str().expect("id").to_owned()
    }

    /// Files an incident for the client and returns its id.
    pub async fn incident(&self, client_id: &str, extra: Value) -> String {
        let mut body = serde_json::json!({
            "client_id": client_id,
            "category": "late_payment",
            "severity": "medium",
            "occurred_at": "2026-11-01T09:00:00Z",
            "reported_by": "Ana",
            "summary": "Invoice unpaid after 30 days",
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let reply = self.post("/v1/incidents", body).await;
        reply.assert_status(StatusCode::CREATED);
        reply.json()["id"].as_str().expect("id").to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, schema } = &self.cleanup {
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
            }
        }
    }
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    #[track_caller]
    pub fn assert_status(&self, expected: StatusCode) {
        assert_eq!(self.status, expected, "body: {}", self.text());
    }

    /// Asserts a problem response with this status and code, and returns its body.
    #[track_caller]
    pub fn assert_problem(&self, status: StatusCode, code: &str) -> Value {
        self.assert_status(status);
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["status"], status.as_u16(), "{body}");
        assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
        assert!(body["detail"].as_str().is_some_and(|t| !t.is_empty()), "{body}");
        body
    }
}

/// The fields named in a validation problem, in order.
pub fn error_fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Every operation of the OpenAPI document: method, template, and a body from its example.
pub fn document_operations() -> Vec<(Method, String, Option<Value>)> {
    let doc: Value = serde_json::from_str(&clientretro::openapi::document_json()).expect("json");
    let mut out = Vec::new();
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("item") {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .map(|name| doc["components"]["schemas"][name]["example"].clone());
            out.push((method, template.clone(), body));
        }
    }
    out
}
