//! Responses that caches and browsers cannot misuse: `Vary: Accept-Language` on what depends on
//! the language, one ETag per language with `If-Match`/`If-None-Match`, `nosniff` everywhere and
//! a script-free `Content-Security-Policy` on what a browser renders.

use actix_web::http::{header, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;
use std::io::{Read, Write};

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};
use crate::server::Server;

#[track_caller]
fn assert_varies(reply: &Reply, what: &str) {
    let vary: Vec<String> = reply
        .headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(',').map(|s| s.trim().to_ascii_lowercase()))
        .collect();
    assert!(vary.iter().any(|v| v == "accept-language"), "{what}: Vary is {vary:?}");
}

#[track_caller]
fn assert_nosniff(reply: &Reply, what: &str) {
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"), "{what}");
}

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = TestRequest::get().uri(path);
    for (name, value) in headers {
        request = request.insert_header((*name, *value));
    }
    app.send(request).await
}

/// A client, an incident with a published retrospective, and an action: every kind of single
/// resource with an ETag. Returns their paths.
async fn resources(app: &TestApp) -> Vec<String> {
    let client = app.client("Atelier Popescu SRL", "ro").await;
    let incident = app
        .incident(
            &client,
            json!({"external_ref": {"source": "hubspot", "external_id": "T-1"}}),
        )
        .await;
    app.json(
        actix_web::http::Method::PUT,
        &format!("/v1/incidents/{incident}/retrospective"),
        json!({"what_happened": "Nobody sent a reminder.", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let action = app
        .post(
            "/v1/actions",
            json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Reminders", "owner": "Ioana", "due_date": "2026-12-15"}),
        )
        .await;
    action.assert_status(StatusCode::CREATED);
    let action = action.json()["id"].as_str().expect("id").to_owned();
    let webhook = app
        .post(
            "/v1/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "event_types": ["incident.created"]}),
        )
        .await;
    webhook.assert_status(StatusCode::CREATED);
    let webhook = webhook.json()["id"].as_str().expect("id").to_owned();
    vec![
        format!("/v1/clients/{client}"),
        format!("/v1/incidents/{incident}"),
        "/v1/incidents/by-ref/hubspot/T-1".to_owned(),
        format!("/v1/incidents/{incident}/retrospective"),
        format!("/v1/actions/{action}"),
        format!("/v1/webhooks/{webhook}"),
    ]
}

backend_tests! {
    async fn localized_responses_and_every_problem_vary_on_accept_language(app) {
        let client = app.client("Ana", "en").await;
        let read = get_with(&app, &format!("/v1/clients/{client}"), &[("Accept-Language", "pl")]).await;
        read.assert_status(StatusCode::OK);
        assert_varies(&read, "a client");
        assert_eq!(read.header("content-language"), Some("pl"));
        assert_varies(&app.get("/v1/gaps").await, "the gap catalog");
        assert_varies(&app.get("/v1/reports/gaps.svg").await, "the chart");
        let missing = get_with(&app, "/v1/clients/019a0000-0000-7000-8000-000000000000", &[("Accept-Language", "el")]).await;
        missing.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_varies(&missing, "a 404 problem");
        let no_route = app.get("/nowhere").await;
        no_route.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_varies(&no_route, "the 404 of no route");
        let method = app.send(TestRequest::put().uri("/healthz")).await;
        method.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_varies(&method, "a 405");
        let anonymous = app.send_as(TestRequest::get().uri("/v1/gaps"), None).await;
        anonymous.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_varies(&anonymous, "a 401");
        // What is the same in every language does not claim to vary.
        let health = app.get("/healthz").await;
        assert!(health.headers.get(header::VARY).is_none(), "{:?}", health.headers);
    }

    async fn each_language_has_its_own_etag_and_if_match_compares_the_state_only(app) {
        for path in resources(&app).await {
            let polish = get_with(&app, &path, &[("Accept-Language", "pl")]).await;
            polish.assert_status(StatusCode::OK);
            let greek = app.get(&format!("{path}?lang=el")).await;
            let (pl, el) = (polish.header("etag").expect("an ETag"), greek.header("etag").expect("an ETag"));
            assert!(pl.starts_with('"') && pl.ends_with("-pl\""), "{path}: {pl}");
            assert_eq!(el, pl.replace("-pl\"", "-el\""), "{path}: one state, two languages");
        }
        // A tag read in Polish guards a write made in Greek; once the state changed, it fails.
        let client = app.client("Ana", "en").await;
        let path = format!("/v1/clients/{client}");
        let read = app.get(&format!("{path}?lang=pl")).await;
        let polish = read.header("etag").expect("an ETag").to_owned();
        let patch = |etag: String, name: &'static str| {
            TestRequest::patch()
                .uri(&format!("{path}?lang=el"))
                .insert_header(("If-Match", etag))
                .set_json(json!({"name": name}))
        };
        let written = app.send(patch(polish.clone(), "Ana SRL")).await;
        written.assert_status(StatusCode::OK);
        assert!(written.header("etag").is_some_and(|t| t.ends_with("-el\"")), "{:?}", written.header("etag"));
        let stale = app.send(patch(polish, "Ana SA")).await;
        let problem = stale.assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        assert_eq!(stale.header("content-language"), Some("el"));
        assert!(problem["title"].as_str().is_some_and(|t| t.chars().any(|c| ('α'..='ω').contains(&c))), "{problem}");
        assert_eq!(app.get(&path).await.json()["name"], "Ana SRL");
    }

    async fn if_none_match_answers_304_for_the_same_tag_in_the_same_language_only(app) {
        for path in resources(&app).await {
            let read = app.get(&format!("{path}?lang=ro")).await;
            read.assert_status(StatusCode::OK);
            let etag = read.header("etag").expect("an ETag").to_owned();
            let same = get_with(&app, &format!("{path}?lang=ro"), &[("If-None-Match", &etag)]).await;
            assert_eq!(same.status, StatusCode::NOT_MODIFIED, "{path}: {}", same.text());
            assert!(same.body.is_empty(), "{path}: a 304 has no body");
            assert_eq!(same.header("etag"), Some(etag.as_str()), "{path}");
            assert_varies(&same, &path);
            let other_language = get_with(&app, &format!("{path}?lang=pl"), &[("If-None-Match", &etag)]).await;
            other_language.assert_status(StatusCode::OK);
            assert!(!other_language.body.is_empty(), "{path}");
            let listed = get_with(&app, &format!("{path}?lang=ro"), &[("If-None-Match", &format!("\"x\", {etag}"))]).await;
            assert_eq!(listed.status, StatusCode::NOT_MODIFIED, "{path}");
            let stale = get_with(&app, &format!("{path}?lang=ro"), &[("If-None-Match", "\"stale-ro\"")]).await;
            stale.assert_status(StatusCode::OK);
        }
        // After a change the old tag no longer matches.
        let client = app.client("Ana", "en").await;
        let path = format!("/v1/clients/{client}");
        let etag = app.get(&path).await.header("etag").expect("an ETag").to_owned();
        app.patch(&path, json!({"name": "Ana SRL"})).await.assert_status(StatusCode::OK);
        let changed = get_with(&app, &path, &[("If-None-Match", &etag)]).await;
        changed.assert_status(StatusCode::OK);
        assert_eq!(changed.json()["name"], "Ana SRL");
    }

    async fn every_response_says_nosniff(app) {
        let client = app.client("Ana", "en").await;
        let replies = [
            ("a client", app.get(&format!("/v1/clients/{client}")).await),
            ("a 404", app.get("/nowhere").await),
            ("a 405", app.send(TestRequest::delete().uri("/v1/gaps")).await),
            ("a 401", app.send_as(TestRequest::get().uri("/v1/gaps"), None).await),
            ("a 422", app.post("/v1/clients", json!({})).await),
            ("/docs", app.get("/docs").await),
            ("/docs/", app.get("/docs/").await),
            ("/openapi.json", app.get("/openapi.json").await),
            ("/healthz", app.get("/healthz").await),
            ("/readyz", app.get("/readyz").await),
            ("the chart", app.get("/v1/reports/gaps.svg").await),
        ];
        for (what, reply) in &replies {
            assert_ne!(reply.status, StatusCode::INTERNAL_SERVER_ERROR, "{what}");
            assert_nosniff(reply, what);
        }
    }

    async fn the_document_and_the_chart_may_run_no_script(app) {
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({})).await;
        app.json(
            actix_web::http::Method::PUT,
            &format!("/v1/incidents/{incident}/retrospective"),
            json!({"what_happened": "<script>alert(1)</script>", "status": "draft"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
        let html = app.get(&format!("/v1/incidents/{incident}/retrospective/document?format=html")).await;
        html.assert_status(StatusCode::OK);
        let policy = html.header("content-security-policy").expect("a CSP on the document");
        assert!(policy.contains("default-src 'none'") && !policy.contains("script"), "{policy}");
        // What the page needs is exactly what the policy allows: its own inline <style>, nothing
        // fetched, nothing run.
        let page = html.text();
        assert!(page.contains("<style>") && policy.contains("style-src 'unsafe-inline'"), "{policy}");
        for needs_more in ["<script", "src=", "url(", "<link", "<img", "@import"] {
            assert!(!page.contains(needs_more), "the page uses {needs_more}: {page}");
        }
        assert_nosniff(&html, "the document");

        let svg = app.get("/v1/reports/gaps.svg").await;
        svg.assert_status(StatusCode::OK);
        let policy = svg.header("content-security-policy").expect("a CSP on the chart");
        assert!(policy.contains("default-src 'none'") && !policy.contains("script"), "{policy}");
        let image = svg.text();
        for needs_more in ["<script", "<style", "style=", "href", "url("] {
            assert!(!image.contains(needs_more), "the chart uses {needs_more}");
        }
    }
}

/// Sends one raw HTTP/1.1 request and returns the response's head, lower-cased.
fn raw_head(base: &str, request_line: &str) -> String {
    let address = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    let request = format!("{request_line}\r\nHost: {address}\r\nAccept-Language: pl\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let text = String::from_utf8_lossy(&response).into_owned();
    text.split("\r\n\r\n").next().unwrap_or_default().to_ascii_lowercase()
}

#[actix_web::test]
async fn the_real_server_sends_the_headers_on_the_wire() {
    let app = TestApp::sqlite();
    let server = Server::start(&app.database_url(), &[]).await;
    for (request, status) in [
        ("GET /nowhere HTTP/1.1", "404"),
        ("DELETE /healthz HTTP/1.1", "405"),
        ("GET /docs/ HTTP/1.1", "200"),
        ("GET /openapi.json HTTP/1.1", "200"),
        ("GET /v1/gaps HTTP/1.1", "401"),
    ] {
        let head = raw_head(&server.base, request);
        assert!(head.starts_with(&format!("http/1.1 {status}")), "{request}: {head}");
        assert!(
            head.contains("\r\nx-content-type-options: nosniff"),
            "{request}: {head}"
        );
        if status != "200" {
            assert!(head.contains("\r\nvary: accept-language"), "{request}: {head}");
            assert!(head.contains("\r\ncontent-language: pl"), "{request}: {head}");
        }
    }
}

/// The documentation is English however its path is written on the wire: the language is decided
/// on the path the router decoded, as authentication is.
#[actix_web::test]
async fn the_documentation_is_english_however_its_path_is_escaped() {
    let app = TestApp::sqlite();
    let server = Server::start(&app.database_url(), &[]).await;
    for path in [
        "/docs/",
        "/%64ocs/",
        "/openapi.json",
        "/%6Fpenapi.json",
        "/openapi%2Ejson",
    ] {
        let head = raw_head(&server.base, &format!("GET {path} HTTP/1.1"));
        assert!(head.starts_with("http/1.1 200"), "{path}: {head}");
        assert!(head.contains("\r\ncontent-language: en"), "{path}: {head}");
    }
}
