//! `Idempotency-Key`: a retry replays the first response and does nothing else.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use clientretro::http::idempotency::fingerprint;
use clientretro::models::idempotency::{self, Claim};
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};

fn incident_body(client: &str, summary: &str) -> Value {
    json!({
        "client_id": client, "category": "late_payment", "severity": "medium",
        "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": summary
    })
}

async fn post_with_key(app: &TestApp, key: &str, body: &Value) -> Reply {
    app.send(
        TestRequest::post()
            .uri("/v1/incidents")
            .insert_header(("Idempotency-Key", key))
            .set_json(body),
    )
    .await
}

async fn incident_count(app: &TestApp) -> usize {
    app.get("/v1/incidents?limit=200").await.json()["items"]
        .as_array()
        .map_or(0, Vec::len)
}

backend_tests! {
    async fn a_retry_replays_the_first_response_and_files_nothing_more(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Invoice unpaid");
        let first = post_with_key(&app, "retry-1", &body).await;
        first.assert_status(StatusCode::CREATED);
        assert!(first.header("idempotent-replayed").is_none());
        let again = post_with_key(&app, "retry-1", &body).await;
        again.assert_status(StatusCode::CREATED);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, first.body, "the same body, byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(incident_count(&app).await, 1);

        // Another instance on the same database (a replica, or this one restarted) replays it too.
        let replica = app.replica();
        let elsewhere = post_with_key(&replica, "retry-1", &body).await;
        assert_eq!(elsewhere.header("idempotent-replayed"), Some("true"));
        assert_eq!(elsewhere.body, first.body);
        assert_eq!(incident_count(&app).await, 1);
    }

    async fn the_same_key_with_another_body_is_refused(app) {
        let client = app.client("Ana", "en").await;
        post_with_key(&app, "k", &incident_body(&client, "One")).await.assert_status(StatusCode::CREATED);
        let reply = app
            .send(
                TestRequest::post()
                    .uri("/v1/incidents")
                    .insert_header(("Idempotency-Key", "k"))
                    .insert_header(("Accept-Language", "pl"))
                    .set_json(incident_body(&client, "Two")),
            )
            .await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
        assert_eq!(problem["title"], "Idempotency-Key został już użyty");
        assert_eq!(incident_count(&app).await, 1);
    }

    async fn keys_belong_to_one_api_key(app) {
        let client = app.client("Ana", "en").await;
        let other = app.create_key("other crm", Role::Writer);
        let body = incident_body(&client, "Same key, other caller");
        post_with_key(&app, "shared", &body).await.assert_status(StatusCode::CREATED);
        let theirs = app
            .send_as(
                TestRequest::post().uri("/v1/incidents").insert_header(("Idempotency-Key", "shared")).set_json(&body),
                Some(&other),
            )
            .await;
        theirs.assert_status(StatusCode::CREATED);
        assert!(theirs.header("idempotent-replayed").is_none());
        assert_eq!(incident_count(&app).await, 2);
    }

    async fn a_failed_request_is_not_stored_so_a_corrected_retry_runs(app) {
        let client = app.client("Ana", "en").await;
        let mut invalid = incident_body(&client, "x");
        invalid["severity"] = json!("apocalyptic");
        post_with_key(&app, "fix-me", &invalid)
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let fixed = post_with_key(&app, "fix-me", &incident_body(&client, "x")).await;
        fixed.assert_status(StatusCode::CREATED);
        assert!(fixed.header("idempotent-replayed").is_none());
    }

    async fn a_retry_while_the_first_runs_gets_409(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Slow");
        // The first request holds the key: as the middleware does when it starts one.
        let key_id = app.get("/v1/api-keys").await.json()["items"][0]["id"].as_str().expect("id").parse().expect("uuid");
        let print = fingerprint("POST", "/v1/incidents", &serde_json::to_vec(&body).expect("json"));
        let mut conn = app.connection();
        assert_eq!(idempotency::claim(&mut conn, key_id, "running", &print).expect("claims"), Claim::Run);
        let reply = post_with_key(&app, "running", &body).await;
        reply.assert_problem(StatusCode::CONFLICT, "idempotency_key_in_use");
        assert_eq!(incident_count(&app).await, 0);
    }

    async fn a_malformed_key_is_a_bad_request(app) {
        let client = app.client("Ana", "en").await;
        for key in ["x".repeat(256), "with space".into()] {
            post_with_key(&app, &key, &incident_body(&client, "x"))
                .await
                .assert_problem(StatusCode::BAD_REQUEST, "invalid_header");
        }
        assert_eq!(incident_count(&app).await, 0);
    }
}
