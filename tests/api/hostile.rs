//! Hostile input, by the OWASP API Security Top 10 items that apply to this API. Each is answered
//! with its localized problem response, and nothing is written.

use actix_web::http::{header, Method, StatusCode};
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

fn incident_body(client: &str) -> Value {
    json!({
        "client_id": client, "category": "late_payment", "severity": "medium",
        "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": "Unpaid"
    })
}

async fn count(app: &TestApp, list: &str) -> usize {
    app.get(&format!("{list}?limit=200")).await.json()["items"]
        .as_array()
        .map_or(0, Vec::len)
}

/// What the database holds, as the lists show it.
async fn snapshot(app: &TestApp) -> [usize; 4] {
    [
        count(app, "/v1/clients").await,
        count(app, "/v1/incidents").await,
        count(app, "/v1/actions").await,
        count(app, "/v1/webhooks").await,
    ]
}

backend_tests! {
    // API1: broken object level authorization. A nested route answers only for its own parent.
    async fn ids_of_other_resources_in_nested_routes_are_not_found(app) {
        let client = app.client("Ana", "en").await;
        let mine = app.incident(&client, json!({})).await;
        let theirs = app.incident(&client, json!({"summary": "other"})).await;
        let entry = app
            .post(&format!("/v1/incidents/{theirs}/timeline"), json!({"kind": "note", "occurred_at": "2026-11-02T10:00:00Z", "author": "Ana", "body": "Called."}))
            .await
            .json()["id"].as_str().expect("id").to_owned();
        let reply = app.delete(&format!("/v1/incidents/{mine}/timeline/{entry}?lang=ro")).await;
        let problem = reply.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(problem["detail"], format!("Acest incident nu are nicio înregistrare în cronologie cu id-ul „{entry}”."));
        assert_eq!(app.get(&format!("/v1/incidents/{theirs}/timeline")).await.json()["items"].as_array().map(Vec::len), Some(1));

        // A client's id where an incident's belongs names no incident.
        for path in [format!("/v1/incidents/{client}/retrospective"), format!("/v1/incidents/{client}/actions")] {
            app.get(&format!("{path}?lang=pl")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        }
        // A delivery of one webhook through another's route.
        let hook = |url: &str| json!({"url": url, "event_types": ["incident.created"]});
        let first = app.post("/v1/webhooks", hook("https://a.example/h")).await.json()["id"].as_str().expect("id").to_owned();
        let second = app.post("/v1/webhooks", hook("https://b.example/h")).await.json()["id"].as_str().expect("id").to_owned();
        app.incident(&client, json!({"summary": "third"})).await;
        let delivery = app.get(&format!("/v1/webhooks/{second}/deliveries")).await.json()["items"][0]["id"].as_str().expect("id").to_owned();
        app.post(&format!("/v1/webhooks/{first}/deliveries/{delivery}/redeliver?lang=el"), json!({}))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    // API2: broken authentication.
    async fn a_revoked_key_writes_nothing(app) {
        let client = app.client("Ana", "en").await;
        let writer = app.create_key("crm", Role::Writer);
        let id = app.get("/v1/api-keys").await.json()["items"][1]["id"].as_str().expect("id").to_owned();
        app.post(&format!("/v1/api-keys/{id}/revoke"), json!({})).await.assert_status(StatusCode::OK);
        let before = snapshot(&app).await;
        let reply = app
            .send_as(TestRequest::post().uri("/v1/incidents?lang=ro").set_json(incident_body(&client)), Some(&writer))
            .await;
        let problem = reply.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(problem["title"], "Autentificare necesară");
        assert_eq!(snapshot(&app).await, before);
    }

    // API3: broken object property level authorization (mass assignment).
    async fn fields_a_client_may_not_set_are_refused(app) {
        let client = app.client("Ana", "en").await;
        let before = snapshot(&app).await;
        for field in ["id", "created_at", "repeat_of", "status_label"] {
            let mut body = incident_body(&client);
            body[field] = json!("019a0000-0000-7000-8000-000000000000");
            let problem = app.post("/v1/incidents?lang=el", body).await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
            assert!(problem["detail"].as_str().is_some_and(|d| d.contains(field)), "{problem}");
        }
        app.post("/v1/api-keys", json!({"name": "x", "role": "admin", "key": "crk_chosen_by_me_0000000000000000"}))
            .await
            .assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        assert_eq!(snapshot(&app).await, before);
    }

    // API4: unrestricted resource consumption.
    async fn a_page_of_a_million_is_refused_on_every_list(app) {
        let doc: Value = serde_json::from_str(&clientretro::openapi::document_json()).expect("json");
        let mut lists = 0;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            let takes_limit = item["get"]["parameters"].as_array().is_some_and(|p| p.iter().any(|p| p["name"] == "limit"));
            if !takes_limit || path.contains('{') {
                continue;
            }
            let problem = app.get(&format!("{path}?limit=1000000&lang=pl")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["field"], "limit", "{path}");
            assert_eq!(problem["errors"][0]["message"], "Oczekiwano liczby całkowitej od 1 do 200.", "{path}");
            lists += 1;
        }
        assert!(lists >= 3, "{lists}");
    }

    // A batch takes 8 MiB, every other body 1 MiB: each is sent more than its own limit.
    async fn bodies_over_their_limit_are_refused_on_every_post(app) {
        let doc: Value = serde_json::from_str(&clientretro::openapi::document_json()).expect("json");
        let big = json!({"summary": "x".repeat(2 * 1024 * 1024)});
        let bigger = json!({"summary": "x".repeat(9 * 1024 * 1024)});
        let before = snapshot(&app).await;
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in ["post", "put", "patch"] {
                if item[method]["requestBody"].is_null() {
                    continue;
                }
                let concrete = path.replace("{id}", "019a0000-0000-7000-8000-000000000000").replace("{source}", "s").replace("{external_id}", "e");
                let request = TestRequest::default()
                    .method(Method::from_bytes(method.to_uppercase().as_bytes()).expect("method"))
                    .uri(&format!("{concrete}?lang=ro"))
                    .insert_header(("Idempotency-Key", "big"))
                    .set_json(if path.ends_with("/batch") { &bigger } else { &big });
                let problem = app.send(request).await.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
                let limit = if path.ends_with("/batch") { 8192 } else { 1024 };
                assert_eq!(problem["detail"], format!("Corpul cererii poate avea cel mult {limit} KiB."), "{method} {path}");
            }
        }
        assert_eq!(snapshot(&app).await, before);
    }

    async fn deeply_nested_json_is_refused_without_harm(app) {
        let client = app.client("Ana", "en").await;
        let before = snapshot(&app).await;
        let depth = 100_000;
        let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let body = format!(r#"{{"client_id": "{client}", "tags": {nested}}}"#);
        let reply = app
            .send(TestRequest::post().uri("/v1/incidents?lang=el").insert_header((header::CONTENT_TYPE, "application/json")).set_payload(body))
            .await;
        reply.assert_problem(StatusCode::BAD_REQUEST, "malformed_body");
        assert_eq!(snapshot(&app).await, before);
        app.get("/healthz").await.assert_status(StatusCode::OK);
    }

    // API5: broken function level authorization.
    async fn a_reader_writing_and_a_writer_administering_are_forbidden(app) {
        let client = app.client("Ana", "en").await;
        let reader = app.create_key("reader", Role::Reader);
        let writer = app.create_key("writer", Role::Writer);
        let before = snapshot(&app).await;
        let attempts = [
            (&reader, TestRequest::post().uri("/v1/incidents?lang=pl").set_json(incident_body(&client))),
            (&reader, TestRequest::delete().uri(&format!("/v1/clients/{client}?lang=pl"))),
            (&writer, TestRequest::post().uri("/v1/webhooks?lang=pl").set_json(json!({"url": "https://a.example/", "event_types": ["incident.created"]}))),
            (&writer, TestRequest::post().uri("/v1/api-keys?lang=pl").set_json(json!({"name": "me", "role": "admin"}))),
        ];
        for (key, request) in attempts {
            let problem = app.send_as(request, Some(key)).await.assert_problem(StatusCode::FORBIDDEN, "forbidden");
            assert_eq!(problem["title"], "Brak uprawnień");
        }
        assert_eq!(snapshot(&app).await, before);
        // The keys' list is not paged: it takes no `limit`.
        let keys = app.get("/v1/api-keys").await.json();
        assert_eq!(keys["items"].as_array().map(Vec::len), Some(3), "{keys}");
    }

    // API7: server-side request forgery, in every spelling of the metadata address.
    async fn webhook_urls_at_the_metadata_address_are_refused(app) {
        let before = snapshot(&app).await;
        for url in [
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.169.254:80/",
            "http://[::ffff:169.254.169.254]/",
            "http://[::ffff:a9fe:a9fe]/",
            "http://[fe80::a9fe:a9fe]/",
        ] {
            let reply = app.post("/v1/webhooks?lang=ro", json!({"url": url, "event_types": ["incident.created"]})).await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "link_local_address", "{url}");
            assert!(problem["errors"][0]["message"].as_str().is_some_and(|m| m.contains("link-local")), "{problem}");
        }
        // Spellings a browser still reads as that address (a number, hex, a trailing dot) are
        // no URL the document allows: refused before any address is looked at.
        for url in ["http://2852039166/", "http://0xA9FEA9FE/", "http://169.254.169.254.:80/", "http://0251.0376.0251.0376/"] {
            let reply = app.post("/v1/webhooks?lang=ro", json!({"url": url, "event_types": ["incident.created"]})).await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "invalid_url", "{url}");
        }
        assert_eq!(snapshot(&app).await, before);
    }

    // Injection: NUL bytes and invalid UTF-8 inside strings.
    async fn nul_bytes_and_invalid_utf8_in_strings_are_refused(app) {
        let client = app.client("Ana", "en").await;
        let before = snapshot(&app).await;
        let mut body = incident_body(&client);
        body["summary"] = json!("Unpaid\u{0}; DROP TABLE incidents; --");
        body["reported_by"] = json!("Ana\u{0}");
        let problem = app.post("/v1/incidents?lang=pl", body).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(crate::helpers::error_fields(&problem), ["reported_by", "summary"]);
        assert_eq!(problem["errors"][0]["code"], "control_characters");

        let mut raw = br#"{"client_id": "CLIENT", "category": "late_payment", "severity": "low", "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": "bad "#.to_vec();
        raw = String::from_utf8(raw).expect("utf-8").replace("CLIENT", &client).into_bytes();
        raw.extend_from_slice(b"\xc3\x28\xff\"}");
        let reply = app
            .send(TestRequest::post().uri("/v1/incidents?lang=ro").insert_header((header::CONTENT_TYPE, "application/json")).set_payload(raw))
            .await;
        let problem = reply.assert_problem(StatusCode::BAD_REQUEST, "malformed_body");
        assert_eq!(problem["detail"], "Corpul cererii nu este text UTF-8 valid.");
        assert_eq!(snapshot(&app).await, before);
    }
}
