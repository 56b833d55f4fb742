//! API keys and roles: who may call what, on every route of the document.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use clientretro::http::auth::required_role;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

/// Every operation of the document as (method, path with made-up ids).
fn operations() -> Vec<(Method, String)> {
    let doc: Value = serde_json::from_str(&clientretro::openapi::document_json()).expect("json");
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let concrete = path
                .replace("{id}", "019a0000-0000-7000-8000-000000000000")
                .replace("{entry_id}", "019a0000-0000-7000-8000-000000000001")
                .replace("{delivery_id}", "019a0000-0000-7000-8000-000000000002")
                .replace("{share_id}", "019a0000-0000-7000-8000-000000000003")
                .replace("{token}", "q3J9xV0bLm2T8sKe5WdYh7R1nC4pF6gA0uZiOtE3yQk")
                .replace("{code}", "payment_followup")
                .replace("{source}", "hubspot")
                .replace("{external_id}", "1");
            out.push((method, concrete));
        }
    }
    out
}

fn template_of(path: &str) -> String {
    let doc = clientretro::openapi::document();
    let routes = clientretro::http::fallback::RouteTable::from_openapi(&doc);
    routes.template(path).expect("a route").to_owned()
}

/// What each operation answers a role that may call it, on an empty database, with made-up ids
/// and an empty JSON body: the success, or the 4xx (and its code) that this input explains. Never
/// "anything but 401/403": a 500 or a wrong 4xx fails.
fn expected_answers() -> std::collections::HashMap<(&'static str, &'static str), (u16, Option<&'static str>)> {
    const INVALID: Option<&str> = Some("validation_failed");
    const UNKNOWN: Option<&str> = Some("not_found");
    [
        // Lists, the catalog and reports answer on an empty database.
        ("GET", "/v1/actions", 200, None),
        ("GET", "/v1/api-keys", 200, None),
        ("GET", "/v1/clients", 200, None),
        ("GET", "/v1/clients/at-risk", 200, None),
        ("GET", "/v1/events", 200, None),
        ("GET", "/v1/gaps", 200, None),
        ("GET", "/v1/gaps/{code}", 200, None),
        ("GET", "/v1/gaps/finder", 200, None),
        ("GET", "/v1/incidents", 200, None),
        ("GET", "/v1/reports/gaps", 200, None),
        ("GET", "/v1/reports/gaps.svg", 200, None),
        ("GET", "/v1/reports/overview", 200, None),
        ("GET", "/v1/reports/capa", 200, None),
        ("GET", "/v1/follow-up", 200, None),
        ("GET", "/v1/webhooks", 200, None),
        // An empty body lacks required fields: checked before the ids it names are looked up.
        ("POST", "/v1/actions", 422, INVALID),
        ("POST", "/v1/api-keys", 422, INVALID),
        ("POST", "/v1/clients", 422, INVALID),
        ("POST", "/v1/clients/batch", 422, INVALID),
        ("POST", "/v1/clients/{id}/contacts", 422, INVALID),
        ("POST", "/v1/incidents/batch", 422, INVALID),
        ("PUT", "/v1/clients/by-ref/{source}/{external_id}", 422, INVALID),
        ("PUT", "/v1/incidents/by-ref/{source}/{external_id}", 422, INVALID),
        ("POST", "/v1/gap-analysis", 422, INVALID),
        ("POST", "/v1/incidents", 422, INVALID),
        ("PUT", "/v1/incidents/{id}/retrospective", 422, INVALID),
        ("POST", "/v1/incidents/{id}/timeline", 422, INVALID),
        ("POST", "/v1/webhooks", 422, INVALID),
        // A made-up id or reference names nothing (an empty PATCH is a valid one).
        ("GET", "/v1/actions/{id}", 404, UNKNOWN),
        ("PATCH", "/v1/actions/{id}", 404, UNKNOWN),
        ("GET", "/v1/actions/{id}/history", 404, UNKNOWN),
        ("GET", "/v1/api-keys/{id}", 404, UNKNOWN),
        ("POST", "/v1/api-keys/{id}/revoke", 404, UNKNOWN),
        ("GET", "/v1/clients/by-ref/{source}/{external_id}", 404, UNKNOWN),
        ("DELETE", "/v1/clients/{id}", 404, UNKNOWN),
        ("GET", "/v1/clients/{id}", 404, UNKNOWN),
        ("PATCH", "/v1/clients/{id}", 404, UNKNOWN),
        ("GET", "/v1/clients/{id}/health", 404, UNKNOWN),
        ("GET", "/v1/clients/{id}/contacts", 404, UNKNOWN),
        ("GET", "/v1/incidents/by-ref/{source}/{external_id}", 404, UNKNOWN),
        ("DELETE", "/v1/incidents/{id}", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}", 404, UNKNOWN),
        ("PATCH", "/v1/incidents/{id}", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/actions", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/gap-analysis", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/similar", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/retrospective", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/retrospective/document", 404, UNKNOWN),
        ("POST", "/v1/incidents/{id}/retrospective/share", 404, UNKNOWN),
        ("GET", "/v1/incidents/{id}/retrospective/shares", 404, UNKNOWN),
        (
            "GET",
            "/v1/incidents/{id}/retrospective/shares/{share_id}",
            404,
            UNKNOWN,
        ),
        (
            "DELETE",
            "/v1/incidents/{id}/retrospective/shares/{share_id}",
            404,
            UNKNOWN,
        ),
        ("GET", "/v1/incidents/{id}/timeline", 404, UNKNOWN),
        ("DELETE", "/v1/incidents/{id}/timeline/{entry_id}", 404, UNKNOWN),
        ("DELETE", "/v1/webhooks/{id}", 404, UNKNOWN),
        ("GET", "/v1/webhooks/{id}", 404, UNKNOWN),
        ("PATCH", "/v1/webhooks/{id}", 404, UNKNOWN),
        ("GET", "/v1/webhooks/{id}/deliveries", 404, UNKNOWN),
        (
            "POST",
            "/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
            404,
            UNKNOWN,
        ),
        ("POST", "/v1/webhooks/{id}/rotate-secret", 404, UNKNOWN),
        ("POST", "/v1/webhooks/{id}/deliveries/redeliver", 404, UNKNOWN),
    ]
    .into_iter()
    .map(|(method, template, status, code)| ((method, template), (status, code)))
    .collect()
}

async fn count_incidents(app: &TestApp) -> usize {
    app.get("/v1/incidents?limit=200").await.json()["items"]
        .as_array()
        .map_or(0, Vec::len)
}

backend_tests! {
    // An unknown query parameter is refused before anything else, on every route the document
    // lists, with or without a key: a misspelt filter never silently widens a list.
    async fn every_route_refuses_a_query_parameter_it_does_not_declare(app) {
        for (method, path) in operations() {
            for key in [None, Some(app.key.as_str())] {
                let uri = format!("{path}?lang=el&updated_sinse=2026-01-01");
                let reply = app.send_as(TestRequest::default().method(method.clone()).uri(&uri), key).await;
                let problem = reply.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
                assert!(problem["detail"].as_str().is_some_and(|d| d.contains("updated_sinse")), "{method} {path}: {problem}");
                assert_eq!(reply.header("content-language"), Some("el"), "{method} {path}");
            }
        }
    }

    async fn without_a_key_every_v1_route_answers_401_and_public_ones_answer(app) {
        for (method, path) in operations() {
            let reply = app
                .send_as(TestRequest::default().method(method.clone()).uri(&format!("{path}?lang=ro")), None)
                .await;
            if path.starts_with("/v1/") {
                let problem = reply.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
                assert_eq!(reply.header("www-authenticate"), Some("Bearer realm=\"clientretro\""), "{method} {path}");
                assert_eq!(reply.header("content-language"), Some("ro"));
                assert!(problem["detail"].as_str().is_some_and(|d| d.contains("Authorization: Bearer")), "{problem}");
            } else if path.starts_with("/shared/") {
                // Public, and a made-up token opens nothing.
                assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
            } else {
                assert!(reply.status.is_success(), "{method} {path}: {}", reply.status);
            }
        }
        for public in ["/openapi.json", "/docs/"] {
            assert!(app.send_as(TestRequest::get().uri(public), None).await.status.is_success(), "{public}");
        }
    }

    async fn each_role_reaches_exactly_the_operations_its_role_allows(app) {
        let reader = app.create_key("reader", Role::Reader);
        let writer = app.create_key("writer", Role::Writer);
        let expected = expected_answers();
        let mut checked = 0;
        for (method, path) in operations().into_iter().filter(|(_, p)| p.starts_with("/v1/")) {
            let template = template_of(&path);
            let required = required_role(&method, &template);
            let (status, code) = *expected
                .get(&(method.as_str(), template.as_str()))
                .unwrap_or_else(|| panic!("{method} {template}: no expected answer; add it to `expected_answers`"));
            for (role, key) in [(Role::Reader, &reader), (Role::Writer, &writer), (Role::Admin, &app.key)] {
                let mut request = TestRequest::default().method(method.clone()).uri(&path);
                if method == Method::POST || method == Method::PUT || method == Method::PATCH {
                    request = request.set_json(json!({}));
                }
                let reply = app.send_as(request, Some(key)).await;
                if role.allows(required) {
                    let context = format!("{role:?} {method} {path}");
                    assert_eq!(reply.status.as_u16(), status, "{context}: {}", reply.text());
                    if let Some(code) = code {
                        reply.assert_problem(reply.status, code);
                    }
                } else {
                    let problem = reply.assert_problem(StatusCode::FORBIDDEN, "forbidden");
                    assert!(problem["detail"].as_str().is_some_and(|d| d.contains(&format!("“{}”", label(required)))), "{problem}");
                }
                checked += 1;
            }
        }
        assert_eq!(checked, expected.len() * 3, "every /v1 operation with every role");
        assert_eq!(checked, 61 * 3, "every /v1 operation with every role");
    }

    async fn a_reader_cannot_write_and_nothing_is_written(app) {
        let reader = app.create_key("reader", Role::Reader);
        let client = app.client("Atelier", "ro").await;
        let before = count_incidents(&app).await;
        let request = TestRequest::post().uri("/v1/incidents?lang=pl").set_json(json!({
            "client_id": client, "category": "late_payment", "severity": "low",
            "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": "Unpaid"
        }));
        let reply = app.send_as(request, Some(&reader)).await;
        let problem = reply.assert_problem(StatusCode::FORBIDDEN, "forbidden");
        assert_eq!(problem["title"], "Brak uprawnień");
        assert_eq!(count_incidents(&app).await, before);
        // A reader may still ask the gap finder: it stores nothing.
        let analysis = app
            .send_as(
                TestRequest::post()
                    .uri("/v1/gap-analysis")
                    .set_json(json!({"summary": "The invoice is 60 days late.", "category": "late_payment"})),
                Some(&reader),
            )
            .await;
        analysis.assert_status(StatusCode::OK);
    }

    async fn keys_are_created_once_listed_without_secret_and_revoked(app) {
        let reply = app.post("/v1/api-keys", json!({"name": "hubspot sync", "role": "writer"})).await;
        reply.assert_status(StatusCode::CREATED);
        let created = reply.json();
        let key = created["key"].as_str().expect("the secret is shown once").to_owned();
        assert!(key.starts_with("crk_") && key.len() >= 40, "{key}");
        assert!(key.starts_with(created["prefix"].as_str().expect("prefix")));
        let id = created["id"].as_str().expect("id").to_owned();

        let used = app.send_as(TestRequest::get().uri("/v1/clients"), Some(&key)).await;
        used.assert_status(StatusCode::OK);
        let shown = app.get(&format!("/v1/api-keys/{id}")).await.json();
        assert!(shown.get("key").is_none(), "{shown}");
        assert!(shown["last_used_at"].is_string(), "{shown}");
        let listed = app.get("/v1/api-keys").await.json();
        assert!(!listed.to_string().contains(&key[12..]), "a list never shows a secret");
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(2));

        let revoked = app.post(&format!("/v1/api-keys/{id}/revoke"), json!({})).await;
        revoked.assert_status(StatusCode::OK);
        assert!(revoked.json()["revoked_at"].is_string());
        let refused = app.send_as(TestRequest::get().uri("/v1/clients?lang=el"), Some(&key)).await;
        let problem = refused.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(problem["detail"], "Αυτό το κλειδί API είναι άγνωστο ή έχει ανακληθεί.");
    }

    async fn a_key_cannot_revoke_itself(app) {
        let own = app.get("/v1/api-keys").await.json()["items"][0]["id"].as_str().expect("id").to_owned();
        let reply = app.post(&format!("/v1/api-keys/{own}/revoke?lang=ro"), json!({})).await;
        let problem = reply.assert_problem(StatusCode::CONFLICT, "cannot_revoke_own_key");
        assert_eq!(problem["title"], "O cheie nu se poate revoca singură");
        assert!(app.get(&format!("/v1/api-keys/{own}")).await.json()["revoked_at"].is_null());
        // Another admin key may.
        let other = app.create_key("second admin", Role::Admin);
        let revoked = app
            .send_as(TestRequest::post().uri(&format!("/v1/api-keys/{own}/revoke")).set_json(json!({})), Some(&other))
            .await;
        revoked.assert_status(StatusCode::OK);
    }

    async fn unknown_and_malformed_keys_are_refused(app) {
        let mut wrong = app.key.clone();
        wrong.pop();
        wrong.push(if app.key.ends_with('A') { 'B' } else { 'A' });
        for header in [format!("Bearer {wrong}"), "Bearer crk_short".into(), format!("Basic {}", app.key), "Bearer".into()] {
            let reply = app
                .send_as(TestRequest::get().uri("/v1/clients").insert_header(("Authorization", header.clone())), None)
                .await;
            reply.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        }
    }

    // The command line on either backend ends cleanly after its work: it once crashed on
    // PostgreSQL at exit, while the pool opened a connection on a thread of its own.
    async fn the_command_line_creates_keys_and_exits_cleanly_every_time(app) {
        for run in 0..8 {
            let created = cli(app.database_url(), &["keys", "create", "--name", &format!("script{run}"), "--role", "reader"]);
            let text = String::from_utf8_lossy(&created.stdout);
            assert!(created.status.success(), "run {run}: {:?} {text} {}", created.status, String::from_utf8_lossy(&created.stderr));
            assert!(text.lines().last().is_some_and(|l| l.starts_with("crk_")), "{text}");
        }
        let keys = app.get("/v1/api-keys").await.json();
        assert_eq!(keys["items"].as_array().map(Vec::len), Some(9), "{keys}");
    }

    async fn key_creation_is_validated(app) {
        let reply = app.post("/v1/api-keys?lang=ro", json!({"name": " ", "role": "owner"})).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(crate::helpers::error_fields(&problem), ["name", "role"]);
    }

    async fn over_its_rate_a_key_waits_and_others_do_not(app) {
        let app = app.with_rate_limit(1, 2);
        let other = app.create_key("other", Role::Reader);
        // The burst passes at once; then a request is refused unless a second has passed per
        // request let through, which a slow machine may take: count against the time it took.
        let started = std::time::Instant::now();
        let mut allowed = 0;
        let limited = loop {
            let reply = app.get("/v1/clients?lang=pl").await;
            if reply.status == StatusCode::TOO_MANY_REQUESTS {
                break reply;
            }
            reply.assert_status(StatusCode::OK);
            // Every answer states the limit (a burst of 2 refilled in 2 s) and what is left.
            assert_eq!(reply.header("ratelimit-policy"), Some("\"default\";q=2;w=2"));
            let state = reply.header("ratelimit").expect("RateLimit on a 200");
            if allowed == 0 {
                assert_eq!(state, "\"default\";r=1;t=1");
            }
            allowed += 1;
            let earned = 2 + started.elapsed().as_secs() + 1;
            assert!(allowed <= earned, "{allowed} requests let through in {:?}", started.elapsed());
            assert!(allowed < 50, "never limited");
        };
        assert!(allowed >= 2, "the burst of two passes");
        let problem = limited.assert_problem(StatusCode::TOO_MANY_REQUESTS, "rate_limited");
        assert_eq!(limited.header("retry-after"), Some("1"));
        assert_eq!(limited.header("ratelimit"), Some("\"default\";r=0;t=1"));
        assert_eq!(limited.header("ratelimit-policy"), Some("\"default\";q=2;w=2"));
        // A call its role does not allow is counted and told so too; a request with no key is not.
        let reader_answer = app.send_as(TestRequest::post().uri("/v1/clients").set_json(json!({})), Some(&other)).await;
        reader_answer.assert_problem(StatusCode::FORBIDDEN, "forbidden");
        assert_eq!(reader_answer.header("ratelimit"), Some("\"default\";r=1;t=1"));
        let anonymous = app.send_as(TestRequest::get().uri("/v1/clients"), None).await;
        anonymous.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(anonymous.header("ratelimit"), None);
        assert!(problem["detail"].as_str().is_some_and(|d| d.ends_with("za sekundę.")), "{problem}");
        let others = app.send_as(TestRequest::get().uri("/v1/clients"), Some(&other)).await;
        others.assert_status(StatusCode::OK);
        // Its own count: one request left of two, or none if a slow machine took a second.
        let state = others.header("ratelimit").expect("RateLimit");
        assert!(["\"default\";r=0;t=2", "\"default\";r=1;t=1"].contains(&state), "{state}");
    }
}

/// Runs the command line on a database; it must end within 60 s.
fn cli(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_clientretro"))
        .args(args)
        .env("DATABASE_URL", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while child.try_wait().expect("a status").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("`clientretro {}` did not end within 60 s", args.join(" "));
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // It has ended: reading what it wrote cannot block.
    child.wait_with_output().expect("its output")
}

fn label(role: Role) -> &'static str {
    match role {
        Role::Reader => "Reader",
        Role::Writer => "Writer",
        Role::Admin => "Administrator",
    }
}

#[actix_web::test]
async fn the_first_start_on_an_empty_database_prints_an_admin_key() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("fresh.db");
    let port = crate::receiver::free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clientretro"))
        .env("DATABASE_URL", &db)
        .env("CLIENTRETRO_BIND", format!("127.0.0.1:{port}"))
        .env("CLIENTRETRO_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    // Its output is read on a thread, so a server that never says it listens fails the test
    // after 30 s instead of hanging it.
    let stdout = child.stdout.take().expect("stdout");
    let (lines, printed) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let mut key = None;
    loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let Ok(line) = printed.recv_timeout(left) else {
            let _ = child.kill();
            panic!("the server did not say it listens within 30 s");
        };
        if let Some((_, printed)) = line.split_once("keep it safe: ") {
            key = Some(printed.trim().to_owned());
        }
        if line.contains("listens on") {
            break;
        }
    }
    let key = key.expect("an admin key is printed");
    let client = reqwest::Client::new();
    let keys = client
        .get(format!("http://127.0.0.1:{port}/v1/api-keys"))
        .bearer_auth(&key)
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("text");
    let keys: Value = serde_json::from_str(&keys).expect("json");
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(keys["items"][0]["role"], "admin", "{keys}");
    assert_eq!(keys["items"].as_array().map(Vec::len), Some(1));

    // The command line manages keys on the same database; a second start prints none.
    let created = cli(&db, &["keys", "create", "--name", "crm", "--role", "writer"]);
    let text = String::from_utf8_lossy(&created.stdout);
    assert!(created.status.success(), "{text}");
    assert!(text.lines().last().is_some_and(|l| l.starts_with("crk_")), "{text}");
    let listed = cli(&db, &["keys", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("bootstrap admin") && text.contains("crm") && text.contains("writer"),
        "{text}"
    );
    let crm_id = text
        .lines()
        .find(|l| l.ends_with("  crm"))
        .and_then(|l| l.split_whitespace().next())
        .expect("the crm key's id")
        .to_owned();
    let revoked = cli(&db, &["keys", "revoke", &crm_id]);
    assert!(revoked.status.success(), "{}", String::from_utf8_lossy(&revoked.stderr));
    let listed = cli(&db, &["keys", "list"]);
    let text = String::from_utf8_lossy(&listed.stdout);
    let crm_line = text.lines().find(|l| l.ends_with("  crm")).expect("still listed");
    assert_eq!(
        crm_line.split_whitespace().nth(4).map(|d| d.len()),
        Some(10),
        "a revocation date: {crm_line}"
    );
    let bad_role = cli(&db, &["keys", "create", "--name", "x", "--role", "owner"]);
    assert!(!bad_role.status.success());
}
