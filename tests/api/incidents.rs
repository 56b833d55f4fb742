use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::error_fields;

fn summaries(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["summary"].as_str().unwrap_or_default().to_owned())
        .collect()
}

crate::backend_tests! {
    async fn files_an_incident_with_defaults_from_the_client(app) {
        let client = app.client("Atelier Popescu", "ro").await;
        let reply = app
            .post(
                "/v1/incidents?lang=ro",
                json!({
                    "client_id": client,
                    "category": "late_payment",
                    "severity": "high",
                    "occurred_at": "2026-11-20T10:30:00.123456789+02:00",
                    "reported_by": "Ioana",
                    "summary": "Factura din octombrie neplătită",
                    "description": "Două mementouri\nfără răspuns.",
                    "tags": ["facturare", "octombrie"]
                }),
            )
            .await;
        reply.assert_status(StatusCode::CREATED);
        let incident = reply.json();
        assert_eq!(incident["language"], "ro", "the client's preferred language");
        assert_eq!(incident["status"], "open");
        assert_eq!(incident["category_label"], "Întârziere la plată");
        assert_eq!(incident["severity_label"], "Ridicată");
        assert_eq!(incident["status_label"], "Deschis");
        assert_eq!(incident["language_label"], "Română");
        assert_eq!(incident["occurred_at"], "2026-11-20T08:30:00.123456Z", "UTC, to the microsecond");
        assert_eq!(incident["description"], "Două mementouri\nfără răspuns.");
        assert_eq!(incident["tags"], json!(["facturare", "octombrie"]));
        let id = incident["id"].as_str().expect("id");
        let read = app.get(&format!("/v1/incidents/{id}?lang=ro")).await;
        assert_eq!(read.json(), incident);
    }

    async fn refuses_an_unknown_client(app) {
        let problem = app
            .post(
                "/v1/incidents",
                json!({"client_id": uuid::Uuid::now_v7(), "category": "other", "severity": "low",
                       "occurred_at": "2026-11-01T00:00:00Z", "reported_by": "a", "summary": "b"}),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "client_id");
        assert_eq!(problem["errors"][0]["code"], "unknown_id");
        assert_eq!(app.get("/v1/incidents").await.json()["items"], json!([]));
    }

    async fn validates_every_field_at_once(app) {
        let client = app.client("C", "en").await;
        let problem = app
            .post(
                "/v1/incidents",
                json!({"client_id": client, "category": "rude", "severity": "urgent", "status": "done",
                       "occurred_at": "yesterday", "reported_by": " ", "language": "de",
                       "summary": "x".repeat(201), "description": "y".repeat(20_001),
                       "tags": ["a", "a"]}),
            )
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(
            error_fields(&problem),
            ["category", "severity", "status", "occurred_at", "reported_by", "language", "summary", "description", "tags[1]"]
        );
        assert_eq!(problem["detail"], "9 fields are invalid; see “errors”.");
        let allowed = problem["errors"][1]["allowed"].clone();
        assert_eq!(allowed, json!(["low", "medium", "high", "critical"]));
        // Exactly at the limits is fine.
        app.incident(&client, json!({"summary": "s".repeat(200), "description": "d".repeat(20_000)})).await;
    }

    async fn patch_is_partial_and_null_clears_the_description(app) {
        let client = app.client("C", "pl").await;
        let id = app.incident(&client, json!({"description": "long story", "tags": ["a"]})).await;
        let before = app.get(&format!("/v1/incidents/{id}")).await.json();
        let reply = app
            .patch(&format!("/v1/incidents/{id}"), json!({"status": "in_review", "description": null, "tags": ["b", "c"]}))
            .await;
        reply.assert_status(StatusCode::OK);
        let after = reply.json();
        assert_eq!(after["status"], "in_review");
        assert_eq!(after["description"], json!(null));
        assert_eq!(after["tags"], json!(["b", "c"]));
        for unchanged in ["summary", "category", "severity", "occurred_at", "reported_by", "language", "created_at"] {
            assert_eq!(after[unchanged], before[unchanged], "{unchanged}");
        }
        let problem = app
            .patch(&format!("/v1/incidents/{id}"), json!({"summary": null, "severity": "bad"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["severity", "summary"]);
        assert_eq!(app.get(&format!("/v1/incidents/{id}")).await.json()["summary"], before["summary"]);
        app.patch(&format!("/v1/incidents/{id}"), json!({"client_id": client}))
            .await
            .assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
    }

    async fn delete_removes_the_incident_and_its_timeline(app) {
        let client = app.client("C", "en").await;
        let id = app.incident(&client, json!({"tags": ["x"]})).await;
        app.post(&format!("/v1/incidents/{id}/timeline"), json!({"kind": "note", "occurred_at": "2026-11-02T00:00:00Z", "author": "a", "body": "b"}))
            .await
            .assert_status(StatusCode::CREATED);
        app.delete(&format!("/v1/incidents/{id}")).await.assert_status(StatusCode::NO_CONTENT);
        app.get(&format!("/v1/incidents/{id}")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.get(&format!("/v1/incidents/{id}/timeline")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(app.get("/v1/incidents?tag=x").await.json()["items"], json!([]));
        app.delete(&format!("/v1/incidents/{id}")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn lists_filter_by_every_field(app) {
        let ro = app.client("Ro", "ro").await;
        let pl = app.client("Pl", "pl").await;
        app.incident(&ro, json!({"summary": "A", "category": "late_payment", "severity": "high", "occurred_at": "2026-01-10T00:00:00Z", "tags": ["money"]})).await;
        app.incident(&ro, json!({"summary": "B", "category": "abusive_conduct", "severity": "critical", "status": "closed", "occurred_at": "2026-02-10T00:00:00Z"})).await;
        app.incident(&pl, json!({"summary": "C", "category": "late_payment", "severity": "low", "occurred_at": "2026-03-10T00:00:00Z", "tags": ["money", "q1"]})).await;

        assert_eq!(summaries(&app.get("/v1/incidents").await.json()), ["C", "B", "A"], "most recent first");
        assert_eq!(summaries(&app.get(&format!("/v1/incidents?client_id={ro}")).await.json()), ["B", "A"]);
        assert_eq!(summaries(&app.get("/v1/incidents?category=late_payment").await.json()), ["C", "A"]);
        assert_eq!(summaries(&app.get("/v1/incidents?severity=critical").await.json()), ["B"]);
        assert_eq!(summaries(&app.get("/v1/incidents?status=open").await.json()), ["C", "A"]);
        assert_eq!(summaries(&app.get("/v1/incidents?tag=money").await.json()), ["C", "A"]);
        assert_eq!(
            summaries(&app.get("/v1/incidents?occurred_from=2026-02-10T00:00:00Z&occurred_to=2026-03-10T00:00:00Z").await.json()),
            ["B"],
            "from is inclusive, to is exclusive"
        );
        assert_eq!(summaries(&app.get(&format!("/v1/incidents?client_id={pl}&tag=q1&category=late_payment")).await.json()), ["C"]);
        let problem = app
            .get("/v1/incidents?category=nope&occurred_from=soon&client_id=42&limit=0")
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["client_id", "category", "occurred_from", "limit"]);
    }

    async fn paging_is_stable_under_concurrent_inserts(app) {
        let client = app.client("C", "en").await;
        for day in 1..=5 {
            app.incident(&client, json!({"summary": format!("day {day}"), "occurred_at": format!("2026-05-0{day}T12:00:00Z")})).await;
        }
        // Two incidents at the same moment: the id breaks the tie.
        app.incident(&client, json!({"summary": "day 3 again", "occurred_at": "2026-05-03T12:00:00Z"})).await;

        let first = app.get("/v1/incidents?limit=2").await.json();
        assert_eq!(summaries(&first), ["day 5", "day 4"]);
        // Others write meanwhile: a newer incident, one at the cursor's own time (its later id
        // sorts it before the cursor), and an older one (behind the cursor, so it shows up).
        app.incident(&client, json!({"summary": "newest", "occurred_at": "2026-06-01T00:00:00Z"})).await;
        app.incident(&client, json!({"summary": "same as day 4", "occurred_at": "2026-05-04T12:00:00Z"})).await;
        app.incident(&client, json!({"summary": "older", "occurred_at": "2026-04-01T00:00:00Z"})).await;

        let mut seen = summaries(&first);
        let mut cursor = first["next_cursor"].as_str().map(str::to_owned);
        while let Some(c) = cursor {
            let page = app.get(&format!("/v1/incidents?limit=2&cursor={c}")).await.json();
            seen.extend(summaries(&page));
            cursor = page["next_cursor"].as_str().map(str::to_owned);
        }
        assert_eq!(seen, ["day 5", "day 4", "day 3 again", "day 3", "day 2", "day 1", "older"]);
    }
}
