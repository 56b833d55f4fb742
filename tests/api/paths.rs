//! Authorization from outside, on the path the router reads: every operation of the document,
//! sent to the real server as raw HTTP through path variants (percent-encoded segments, escapes
//! in lower case, double slashes, a trailing slash, `.` and `..` segments), with no key and with
//! keys whose role is too low. None may reach its handler, and nothing may be created or
//! changed. The operations come from the OpenAPI document, so a new route is covered as it lands.

use actix_web::http::{Method, StatusCode};
use clientretro::domain::Role;
use clientretro::http::auth::required_role;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::backend_tests;
use crate::helpers::{document_operations, TestApp};
use crate::server::Server;

/// Real resources, so that a handler reached by mistake would find what it looks for and act.
struct Fixture {
    client: String,
    incident: String,
    entry: String,
    action: String,
    webhook: String,
    delivery: String,
    api_key: String,
    share: String,
    /// The share link's token, which opens the client's letter without a key.
    token: String,
}

async fn fixture(app: &TestApp) -> Fixture {
    let webhook = app
        .post(
            "/v1/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "event_types": ["incident.created"]}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("webhook")
        .to_owned();
    let client = app
        .json(
            Method::PUT,
            "/v1/clients/by-ref/hubspot/1",
            json!({"name": "Atelier", "preferred_language": "ro"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("client")
        .to_owned();
    let incident = app
        .incident(
            &client,
            json!({"external_ref": {"source": "hubspot", "external_id": "1"}}),
        )
        .await;
    let entry = app
        .post(
            &format!("/v1/incidents/{incident}/timeline"),
            json!({"kind": "note", "occurred_at": "2026-11-02T10:00:00Z", "author": "Ana", "body": "Called."}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("entry")
        .to_owned();
    let action = app
        .post(
            "/v1/actions",
            json!({"gap": "payment_followup", "incident_ids": [incident], "owner": "Ana",
                   "due_date": "2026-12-31", "title": "Reminders", "description": "Send reminders"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("action")
        .to_owned();
    let delivery = app.get(&format!("/v1/webhooks/{webhook}/deliveries")).await.json()["items"][0]["id"]
        .as_str()
        .expect("a delivery of incident.created")
        .to_owned();
    app.json(
        Method::PUT,
        &format!("/v1/incidents/{incident}/retrospective"),
        json!({"what_happened": "w", "gaps": [{"code": "payment_followup", "primary": true}],
               "status": "published", "client_summary": "We did not send a reminder.", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let shared = app
        .post(&format!("/v1/incidents/{incident}/retrospective/share"), json!({}))
        .await
        .json();
    let share = shared["id"].as_str().expect("share").to_owned();
    let token = shared["url"]
        .as_str()
        .and_then(|url| url.rsplit('/').next())
        .expect("url")
        .to_owned();
    let key = app.create_key("victim", Role::Reader);
    let api_key = app.get("/v1/api-keys").await.json()["items"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| key.starts_with(k["prefix"].as_str().unwrap_or("-")))
        .and_then(|k| k["id"].as_str())
        .expect("the reader key is listed")
        .to_owned();
    Fixture {
        client,
        incident,
        entry,
        action,
        webhook,
        delivery,
        api_key,
        share,
        token,
    }
}

/// The document's operations under `/v1`: method, template, and a body from its example.
fn operations() -> Vec<(Method, String, Option<Value>)> {
    let mut operations = document_operations();
    operations.retain(|(_, template, _)| template.starts_with("/v1/"));
    operations
}

/// The template with this fixture's ids.
fn concrete(template: &str, f: &Fixture) -> String {
    let id = if template.starts_with("/v1/clients/") {
        &f.client
    } else if template.starts_with("/v1/incidents/") {
        &f.incident
    } else if template.starts_with("/v1/actions/") {
        &f.action
    } else if template.starts_with("/v1/webhooks/") {
        &f.webhook
    } else {
        &f.api_key
    };
    template
        .replace("{id}", id)
        .replace("{entry_id}", &f.entry)
        .replace("{delivery_id}", &f.delivery)
        .replace("{share_id}", &f.share)
        .replace("{code}", "payment_followup")
        .replace("{source}", "hubspot")
        .replace("{external_id}", "1")
}

/// Every character of a segment as an escape, in upper or lower case hex.
fn escaped(segment: &str, lower: bool) -> String {
    segment
        .bytes()
        .map(|b| {
            if lower {
                format!("%{b:02x}")
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Ways of writing the same path that a check on the raw text could miss.
fn variants(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let join = |parts: Vec<String>| format!("/{}", parts.join("/"));
    let mut out = Vec::new();
    for (i, _) in segments.iter().enumerate() {
        for lower in [false, true] {
            let parts = segments
                .iter()
                .enumerate()
                .map(|(j, s)| if i == j { escaped(s, lower) } else { (*s).to_owned() })
                .collect();
            out.push(join(parts));
        }
    }
    out.push(join(segments.iter().map(|s| escaped(s, false)).collect()));
    // One escaped letter in the middle of a segment, as `/v1/api%2Dkeys`.
    out.push(join(
        segments
            .iter()
            .map(|s| match s.char_indices().nth(1) {
                Some((at, c)) if c.is_ascii() => format!("{}%{:02X}{}", &s[..at], c as u32, &s[at + 1..]),
                _ => (*s).to_owned(),
            })
            .collect(),
    ));
    let rest = path.trim_start_matches("/v1");
    out.extend([
        format!("/v1/{rest}"),
        format!("/{path}"),
        format!("{path}/"),
        format!("/v1/.{rest}"),
        format!("/v1/x/..{rest}"),
        format!("/v1/%2e{rest}"),
        format!("/v1%2F{}", rest.trim_start_matches('/')),
        format!("/V1{rest}"),
    ]);
    out
}

/// One request over a fresh TCP connection, the path sent exactly as written; the status.
async fn raw(base: &str, method: &Method, path: &str, key: Option<&str>, body: Option<&Value>) -> u16 {
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let body = body.map(Value::to_string).unwrap_or_default();
    let auth = key
        .map(|k| format!("Authorization: Bearer {k}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let text = String::from_utf8_lossy(&response);
    text.split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"))
}

/// One request over a fresh TCP connection, the path sent exactly as written, without a key: the
/// whole answer, status line, headers and body.
async fn raw_answer(base: &str, path: &str) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.expect("connect");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    String::from_utf8_lossy(&response).into_owned()
}

/// What an admin sees of everything, less what changes without a request: a key's last use,
/// and the server's own delivery attempts (its worker tries the fixture's webhook).
async fn everything(app: &TestApp, f: &Fixture) -> Vec<Value> {
    let mut seen = Vec::new();
    for path in [
        "/v1/clients?limit=200".to_owned(),
        "/v1/incidents?limit=200".to_owned(),
        "/v1/actions?limit=200".to_owned(),
        "/v1/webhooks".to_owned(),
        "/v1/api-keys".to_owned(),
        format!("/v1/incidents/{}/timeline", f.incident),
        format!("/v1/incidents/{}/retrospective", f.incident),
        format!("/v1/incidents/{}/retrospective/shares", f.incident),
        format!("/v1/webhooks/{}/deliveries", f.webhook),
        format!("/v1/actions/{}/history", f.action),
    ] {
        let mut page = app.get(&path).await.json();
        for item in page["items"].as_array_mut().into_iter().flatten() {
            if let Some(item) = item.as_object_mut() {
                for moving in ["last_used_at", "attempts", "next_attempt_at"] {
                    item.remove(moving);
                }
            }
        }
        seen.push(page);
    }
    seen
}

backend_tests! {
    async fn no_path_variant_reaches_an_operation_its_caller_may_not_call(app) {
        let f = fixture(&app).await;
        let reader = app.create_key("reader", Role::Reader);
        let writer = app.create_key("writer", Role::Writer);
        let before = everything(&app, &f).await;
        let server = Server::start(&app.database_url(), &[("CLIENTRETRO_RATE_LIMIT", "0")]).await;
        let mut sent = 0;
        for (method, template, body) in operations() {
            let required = required_role(&method, &template);
            let path = concrete(&template, &f);
            let callers = [(None, Role::Reader), (Some(&reader), Role::Reader), (Some(&writer), Role::Writer)];
            for (key, role) in callers {
                if key.is_some() && role.allows(required) {
                    continue;
                }
                for variant in variants(&path) {
                    let status = raw(&server.base, &method, &variant, key.map(String::as_str), body.as_ref()).await;
                    // 401 without a key, 403 under the role, 404/405 for a path that is no route:
                    // anything else means a handler ran.
                    let expected: &[u16] = if key.is_none() { &[401, 404] } else { &[403, 404, 405] };
                    assert!(
                        expected.contains(&status),
                        "{method} {variant} ({template}) as {}: {status}",
                        key.map_or("anonymous", |_| if role == Role::Reader { "reader" } else { "writer" })
                    );
                    sent += 1;
                }
            }
        }
        assert!(sent > 1000, "only {sent} requests were sent");
        assert_eq!(everything(&app, &f).await, before, "a refused request changed something");
        // The variants do reach the right route: an admin's escaped path is served.
        let status = raw(&server.base, &Method::GET, "/%76%31/api%2Dkeys", Some(&app.key), None).await;
        assert_eq!(status, StatusCode::OK.as_u16());
    }

    // `/shared/` is the one place a request without a key reads stored data, and only the letter
    // its token opens: no spelling of a path through it reaches a `/v1` route.
    async fn no_path_through_shared_reaches_the_api_without_a_key(app) {
        let f = fixture(&app).await;
        let server = Server::start(&app.database_url(), &[("CLIENTRETRO_RATE_LIMIT", "0")]).await;
        let token = &f.token;
        let to_the_api = [
            "/shared/../v1/clients".to_owned(),
            "/shared/%2e%2e/v1/clients".to_owned(),
            "/shared/%2E%2E/v1/clients".to_owned(),
            "/shared/..%2Fv1%2Fclients".to_owned(),
            "/shared/%2e%2e%2fv1%2fclients".to_owned(),
            "/%73hared/../v1/clients".to_owned(),
            "/shared/./../v1/clients".to_owned(),
            "//shared/../v1/clients".to_owned(),
            "/shared//v1/clients".to_owned(),
            "/shared/x/../../v1/clients".to_owned(),
            format!("/shared/{token}/../../v1/clients"),
            format!("/shared/{token}/%2e%2e/%2e%2e/v1/clients"),
            format!("/shared/{token}%2F..%2F..%2Fv1%2Fclients"),
            format!("/shared/{token}?x=/v1/clients"),
            "/shared/v1/clients".to_owned(),
            "/shared%2Fv1%2Fclients".to_owned(),
            "/shared%2F..%2Fv1%2Fclients".to_owned(),
            format!("/shared/../v1/incidents/{}/retrospective", f.incident),
            format!("/shared/%2e%2e/v1/incidents/{}/retrospective/shares", f.incident),
            "/shared/../v1/api-keys".to_owned(),
        ];
        for path in &to_the_api {
            let answer = raw_answer(&server.base, path).await;
            let status: u16 = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            assert!([400, 401, 404].contains(&status), "{path}: {status}\n{answer}");
            assert!(!answer.contains("Atelier"), "{path} showed a client:\n{answer}");
            assert!(!answer.contains("\"items\""), "{path} showed a list:\n{answer}");
        }
        // Spellings of the share link itself open the letter, and only it.
        for path in [format!("/shared/{token}"), format!("/%73hared/{token}"), format!("/%73%68%61%72%65%64/{token}")] {
            let answer = raw_answer(&server.base, &path).await;
            assert!(answer.starts_with("HTTP/1.1 200"), "{path}: {answer}");
            assert!(answer.contains("We did not send a reminder."), "{path}: {answer}");
            assert!(!answer.contains("payment_followup") && !answer.contains("\"items\""), "{path}: {answer}");
        }
        // Other made-up or doubled spellings are no link.
        for path in ["//shared/x".to_owned(), format!("//shared/{token}"), format!("/shared/{token}/"), "/shared/".to_owned(), "/shared".to_owned()] {
            let answer = raw_answer(&server.base, &path).await;
            let status: u16 = answer.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            assert_eq!(status, 404, "{path}: {answer}");
            assert!(!answer.contains("We did not send a reminder."), "{path}: {answer}");
        }
        // And the API still wants its key behind every one of them.
        let status = raw(&server.base, &Method::GET, "/v1/clients", None, None).await;
        assert_eq!(status, 401);
    }

    // The request schemathesis found accepted: an unnamed query parameter and a host name with
    // `*` on a webhook's PATCH, sent over the wire as a client sends it.
    async fn a_query_or_a_url_the_document_does_not_allow_changes_nothing(app) {
        let f = fixture(&app).await;
        let before = everything(&app, &f).await;
        let server = Server::start(&app.database_url(), &[("CLIENTRETRO_RATE_LIMIT", "0")]).await;
        let path = format!("/v1/webhooks/{}", f.webhook);
        let fine = json!({"description": null});
        for query in ["?=1.8359413255893243e%2B56", "?%75pdated_since=1", "?lang=ro&limit=5", "?x"] {
            let status = raw(&server.base, &Method::PATCH, &format!("{path}{query}"), Some(&app.key), Some(&fine)).await;
            assert_eq!(status, 400, "{query}");
        }
        for url in ["https://we-27nB.0B0q.FjoJ-E*", "https://a.example/x|y", "https://01.2.3.4/", "https://[1::2::3]/"] {
            let body = json!({"url": url});
            let status = raw(&server.base, &Method::PATCH, &format!("{path}?%6Cang=ro"), Some(&app.key), Some(&body)).await;
            assert_eq!(status, 422, "{url}");
        }
        assert_eq!(everything(&app, &f).await, before, "a refused request changed something");
        // The same PATCH with a declared parameter, percent-encoded, and an allowed URL is served.
        let body = json!({"url": "https://crm.example.com/hooks"});
        let status = raw(&server.base, &Method::PATCH, &format!("{path}?%6Cang=ro"), Some(&app.key), Some(&body)).await;
        assert_eq!(status, 200);
    }
}
