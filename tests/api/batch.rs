//! Batch upserts for a CRM's first sync: up to 100 items in one transaction, a savepoint each,
//! so that the valid items are stored and each refused one changes nothing.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

async fn keyed(app: &TestApp, path: &str, key: &str, body: &Value) -> crate::helpers::Reply {
    app.send(
        TestRequest::post()
            .uri(path)
            .insert_header(("Idempotency-Key", key))
            .set_json(body),
    )
    .await
}

/// How many events the feed holds: what a replay must not add to.
async fn event_count(app: &TestApp) -> usize {
    let mut count = 0;
    let mut after = String::new();
    loop {
        let page = app.get(&format!("/v1/events?limit=200{after}")).await.json();
        let items = page["items"].as_array().map_or(0, Vec::len);
        if items == 0 {
            return count;
        }
        count += items;
        after = format!("&after={}", page["next_cursor"].as_str().expect("cursor"));
    }
}

backend_tests! {
    async fn a_batch_of_100_with_3_invalid_items_stores_the_97_and_a_replay_changes_nothing(app) {
        let existing = app
            .post("/v1/clients", json!({"name": "Already here", "external_refs": [{"source": "hubspot", "external_id": "7"}]}))
            .await
            .json()["id"].clone();
        app.post("/v1/clients", json!({"name": "Elsewhere", "external_refs": [{"source": "pipedrive", "external_id": "p1"}]}))
            .await
            .assert_status(StatusCode::CREATED);
        let mut items: Vec<Value> = (0..100)
            .map(|n| json!({"name": format!("Client {n}"), "preferred_language": "ro", "external_refs": [{"source": "hubspot", "external_id": n.to_string()}]}))
            .collect();
        // Three items that fit the document but cannot be stored: one names no reference to key it
        // by, two list a reference another client holds.
        items[3] = json!({"name": "No reference"});
        items[50] = json!({"name": "Taken", "external_refs": [{"source": "hubspot", "external_id": "50"}, {"source": "pipedrive", "external_id": "p1"}]});
        items[98] = json!({"name": "Taken too", "external_refs": [{"source": "hubspot", "external_id": "98"}, {"source": "hubspot", "external_id": "7"}]});
        let body = json!({"items": items});

        let reply = keyed(&app, "/v1/clients/batch?lang=pl", "first-sync", &body).await;
        reply.assert_status(StatusCode::OK);
        let results = reply.json()["results"].as_array().expect("results").clone();
        assert_eq!(results.len(), 100, "one result per item");
        let statuses: Vec<u64> = results.iter().map(|r| r["status"].as_u64().expect("status")).collect();
        for (n, status) in statuses.iter().enumerate() {
            let expected = match n {
                3 => 422,
                50 | 98 => 409,
                7 => 200,
                _ => 201,
            };
            assert_eq!(*status, expected, "item {n}: {}", results[n]);
        }
        // The problems name fields within the item, in the request's language.
        assert_eq!(results[3]["problem"]["errors"][0]["field"], "external_refs");
        assert_eq!(results[3]["problem"]["title"], "Nieprawidłowe dane");
        assert_eq!(results[50]["problem"]["code"], "external_ref_taken");
        assert_eq!(results[98]["problem"]["code"], "external_ref_taken");
        assert!(results[3]["data"].is_null() && results[3]["problem"].is_object());
        // Item 7 updated the client that already had the reference.
        assert_eq!(results[7]["data"]["id"], existing);
        assert_eq!(results[7]["data"]["name"], "Client 7");
        let stored = app.get("/v1/clients?limit=200").await.json()["items"].as_array().expect("items").len();
        assert_eq!(stored, 98, "96 new clients, the existing one updated, and the other existing one");
        for n in [0, 42, 99] {
            let reply = app.get(&format!("/v1/clients/by-ref/hubspot/{n}?lang=pl")).await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.json(), results[n]["data"], "item {n} is stored as the result shows it");
        }
        for n in [3, 50, 98] {
            app.get(&format!("/v1/clients/by-ref/hubspot/{n}")).await.assert_status(StatusCode::NOT_FOUND);
        }

        let events_before = event_count(&app).await;
        let replay = keyed(&app, "/v1/clients/batch?lang=pl", "first-sync", &body).await;
        replay.assert_status(StatusCode::OK);
        assert_eq!(replay.header("idempotent-replayed"), Some("true"));
        assert_eq!(replay.json(), reply.json(), "the replay answers what the first request did");
        assert_eq!(event_count(&app).await, events_before, "and changes nothing");
        // Sent again without the key, every valid item is already so: nothing changes either.
        let again = app.post("/v1/clients/batch", body.clone()).await.json();
        assert!(again["results"].as_array().expect("results").iter().enumerate()
            .all(|(n, r)| r["status"] == if n == 3 { 422 } else if [50, 98].contains(&n) { 409 } else { 200 }));
        assert_eq!(event_count(&app).await, events_before, "an upsert that changes nothing is no event");
    }

    async fn incidents_are_imported_by_their_identifier_naming_clients_by_reference(app) {
        app.post("/v1/clients/batch", json!({"items": [
            {"name": "Atelier Popescu", "preferred_language": "ro", "external_refs": [{"source": "pipedrive", "external_id": "c1"}]}
        ]})).await.assert_status(StatusCode::OK);
        let incident = |ticket: &str, summary: &str| json!({
            "client_ref": {"source": "pipedrive", "external_id": "c1"}, "external_ref": {"source": "pipedrive", "external_id": ticket},
            "category": "late_payment", "severity": "high", "occurred_at": "2026-11-03T09:00:00Z",
            "reported_by": "Ana", "summary": summary,
        });
        let mut no_ticket = incident("t3", "No ticket");
        no_ticket.as_object_mut().expect("object").remove("external_ref");
        let mut unknown_client = incident("t4", "Unknown client");
        unknown_client["client_ref"]["external_id"] = json!("nobody");
        let body = json!({"items": [incident("t1", "Factura neplătită"), incident("t2", "Răspunsuri întârziate"), no_ticket, unknown_client]});
        let results = app.post("/v1/incidents/batch", body).await.json()["results"].clone();
        let statuses: Vec<&Value> = results.as_array().expect("results").iter().map(|r| &r["status"]).collect();
        assert_eq!(statuses, [&json!(201), &json!(201), &json!(422), &json!(422)]);
        assert_eq!(results[2]["problem"]["errors"][0]["field"], "external_ref");
        assert_eq!(results[3]["problem"]["errors"][0]["code"], "unknown_reference");

        let replaced = app.post("/v1/incidents/batch", json!({"items": [incident("t1", "Factura neplătită de 45 de zile")]})).await.json();
        assert_eq!(replaced["results"][0]["status"], 200);
        assert_eq!(replaced["results"][0]["data"]["id"], results[0]["data"]["id"]);
        let stored = app.get("/v1/incidents/by-ref/pipedrive/t1").await.json();
        assert_eq!(stored["summary"], "Factura neplătită de 45 de zile");
    }

    // An item that does not fit the document is refused as any body is: nothing of the batch is
    // stored, and each error names its item.
    async fn an_item_that_does_not_fit_the_document_refuses_the_whole_batch(app) {
        let good = |n: usize| json!({"name": format!("C{n}"), "external_refs": [{"source": "x", "external_id": n.to_string()}]});
        let mut items: Vec<Value> = (0..10).map(good).collect();
        items[2] = json!({"name": "", "external_refs": [{"source": "x", "external_id": "2"}]});
        items[7] = json!({"name": 7, "external_refs": [{"source": "x", "external_id": "7"}]});
        let problem = app.post("/v1/clients/batch?lang=ro", json!({"items": items.clone()})).await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().map(|e| e["field"].as_str().expect("field")).collect();
        assert_eq!(fields, ["items[2].name", "items[7].name"]);
        items[5] = json!({"name": "Wrong field", "colour": "red", "external_refs": [{"source": "x", "external_id": "5"}]});
        let problem = app.post("/v1/clients/batch", json!({"items": items})).await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        assert!(problem["detail"].as_str().expect("detail").contains("items[5].colour"), "{problem}");
        assert_eq!(app.get("/v1/clients?limit=5").await.json()["items"], json!([]), "nothing was stored");
    }

    async fn a_batch_is_checked_as_a_whole_first(app) {
        app.post("/v1/clients/batch", json!({"items": []})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let too_many: Vec<Value> = (0..101).map(|n| json!({"name": format!("C{n}"), "external_refs": [{"source": "x", "external_id": n.to_string()}]})).collect();
        let problem = app.post("/v1/clients/batch", json!({"items": too_many})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "too_many");
        app.post("/v1/incidents/batch", json!({"entries": []})).await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        assert_eq!(app.get("/v1/clients?limit=5").await.json()["items"], json!([]), "nothing was stored");
    }

    // Found by schemathesis: actix handed `PATCH /v1/clients/batch` to `PATCH /v1/clients/{id}`,
    // which answered that no client has the id `batch`.
    async fn another_method_on_a_batch_route_is_405_not_a_client_named_batch(app) {
        for (method, path) in [(Method::PATCH, "/v1/clients/batch"), (Method::GET, "/v1/clients/batch"),
                               (Method::DELETE, "/v1/incidents/batch"), (Method::GET, "/v1/incidents/batch")] {
            let reply = app.send(TestRequest::default().method(method.clone()).uri(path).set_json(json!({"items": []}))).await;
            reply.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
            assert_eq!(reply.header("allow"), Some("POST"), "{method} {path}");
        }
        // A client's own routes still answer their methods.
        let client = app.client("Ana", "en").await;
        app.patch(&format!("/v1/clients/{client}"), json!({"name": "Ana Maria"})).await.assert_status(StatusCode::OK);
    }

    async fn a_batch_takes_a_body_of_up_to_8_mib_and_other_routes_stay_at_1_mib(app) {
        let client = app.client("Big", "en").await;
        // 100 incidents with long descriptions: about 1.9 MiB, more than any other route takes.
        let description = "Lorem ipsum dolor sit amet. ".repeat(700);
        let items: Vec<Value> = (0..100).map(|n| json!({
            "client_id": client, "external_ref": {"source": "crm", "external_id": format!("big-{n}")},
            "category": "unresponsive", "severity": "low", "occurred_at": "2026-11-03T09:00:00Z",
            "reported_by": "Ana", "summary": format!("Big {n}"), "description": description,
        })).collect();
        let body = json!({"items": items});
        assert!(serde_json::to_vec(&body).expect("json").len() > 1024 * 1024);
        let reply = app.post("/v1/incidents/batch", body.clone()).await;
        reply.assert_status(StatusCode::OK);
        assert!(reply.json()["results"].as_array().expect("results").iter().all(|r| r["status"] == 201));
        // The same size on a route of one item is refused, and more than 8 MiB on a batch too.
        let one = json!({"name": "x".repeat(1024 * 1024 + 10)});
        let problem = app.post("/v1/clients", one).await.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert!(problem["detail"].as_str().expect("detail").contains("1024"));
        let huge = json!({"items": [{"name": "x".repeat(8 * 1024 * 1024)}]});
        let problem = app.post("/v1/clients/batch", huge).await.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert!(problem["detail"].as_str().expect("detail").contains("8192"), "{problem}");
    }
}
