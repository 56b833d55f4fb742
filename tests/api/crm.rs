//! CRM references: clients upserted by the id a CRM knows them by, incidents naming their
//! client that way and carrying the CRM's own ticket.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::error_fields;

/// What a resource's read says of its version: `updated_at` and the ETag.
async fn version(app: &crate::helpers::TestApp, path: &str) -> (serde_json::Value, Option<String>) {
    let reply = app.get(path).await;
    reply.assert_status(StatusCode::OK);
    (
        reply.json()["updated_at"].clone(),
        reply.header("etag").map(str::to_owned),
    )
}

/// The ids of a list read in change order from `query` on, following every cursor.
async fn changed_ids(app: &crate::helpers::TestApp, list: &str, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app.get(&format!("{list}?sort=updated_at&limit=2{query}{cursor}")).await;
        page.assert_status(StatusCode::OK);
        let page = page.json();
        for item in page["items"].as_array().into_iter().flatten() {
            ids.push(item["id"].as_str().expect("id").to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return ids,
        }
    }
}

backend_tests! {
    // No echo loops: a CRM that writes back what it just read changes nothing, so it is told
    // of nothing. Only a real change moves `updated_at` and the ETag and queues a webhook.
    async fn an_update_that_changes_nothing_stores_nothing_and_announces_nothing(app) {
        use actix_web::http::Method;
        let webhook = app
            .post("/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook", "event_types": ["incident.updated", "action.status_changed"]}))
            .await
            .json()["id"].as_str().expect("webhook id").to_owned();
        let queued = || async { app.get(&format!("/v1/webhooks/{webhook}/deliveries")).await.json()["items"].as_array().map_or(0, Vec::len) };

        let put = |name: &'static str| app.json(Method::PUT, "/v1/clients/by-ref/hubspot/7", json!({
            "name": name, "preferred_language": "pl", "external_refs": [{"source": "pipedrive", "external_id": "9"}]
        }));
        let client = put("Biuro Nowak").await.json()["id"].as_str().expect("id").to_owned();
        let client_path = format!("/v1/clients/{client}");
        let before = version(&app, &client_path).await;
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        put("Biuro Nowak").await.assert_status(StatusCode::OK);
        // The same references in another order are the same references.
        app.patch(&client_path, json!({"name": "Biuro Nowak", "external_refs": [
            {"source": "pipedrive", "external_id": "9"}, {"source": "hubspot", "external_id": "7"}
        ]})).await.assert_status(StatusCode::OK);
        assert_eq!(version(&app, &client_path).await, before, "the client was written");

        let incident = app.incident(&client, json!({"tags": ["b", "a"], "description": "Opis"})).await;
        let incident_path = format!("/v1/incidents/{incident}");
        let before = version(&app, &incident_path).await;
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        let same = app.patch(&incident_path, json!({
            "summary": "Invoice unpaid after 30 days", "severity": "medium", "tags": ["a", "b"],
            "occurred_at": "2026-11-01T10:00:00+01:00", "description": "Opis"
        })).await;
        same.assert_status(StatusCode::OK);
        assert_eq!(version(&app, &incident_path).await, before, "the incident was written");
        assert_eq!(queued().await, 0, "an update that changed nothing was announced");
        let changed = app.patch(&incident_path, json!({"severity": "high"})).await;
        changed.assert_status(StatusCode::OK);
        assert_ne!(version(&app, &incident_path).await, before);
        assert_eq!(queued().await, 1, "a real change is announced once");

        let action = app.post("/v1/actions", json!({
            "gap": "payment_followup", "incident_ids": [incident], "title": "Reminder at day 7", "owner": "Ola", "due_date": "2030-01-01"
        })).await.json()["id"].as_str().expect("action id").to_owned();
        let action_path = format!("/v1/actions/{action}");
        let before = version(&app, &action_path).await;
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        app.patch(&action_path, json!({"title": "Reminder at day 7", "status": "open", "due_date": "2030-01-01"}))
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(version(&app, &action_path).await, before, "the action was written");
        assert_eq!(queued().await, 1);

        // A retrospective written again as it is (its gaps in another order) stores nothing, and
        // the change feed has nothing new either.
        let retro_path = format!("{incident_path}/retrospective");
        let retro = |gaps: serde_json::Value| json!({"what_happened": "Late.", "whys": ["No reminder"], "gaps": gaps, "status": "draft"});
        app.json(Method::PUT, &retro_path, retro(json!([{"code": "payment_followup", "primary": true}, {"code": "contact_cadence", "primary": false}])))
            .await
            .assert_status(StatusCode::CREATED);
        let before = version(&app, &retro_path).await;
        let feed = app.get("/v1/events?after=latest").await.json()["next_cursor"].as_str().expect("cursor").to_owned();
        actix_web::rt::time::sleep(std::time::Duration::from_millis(5)).await;
        app.json(Method::PUT, &retro_path, retro(json!([{"code": "contact_cadence", "primary": false}, {"code": "payment_followup", "primary": true}])))
            .await
            .assert_status(StatusCode::OK);
        assert_eq!(version(&app, &retro_path).await, before, "the retrospective was written");
        assert_eq!(app.get(&format!("/v1/events?after={feed}")).await.json()["items"], json!([]));
        app.json(Method::PUT, &retro_path, retro(json!([{"code": "payment_followup", "primary": true}]))).await.assert_status(StatusCode::OK);
        assert_ne!(version(&app, &retro_path).await, before, "a real change is stored");
    }

    // A CRM keeps its tickets in sync by its own identifier: the first PUT files the incident,
    // the next replace it, its client stays, and If-Match guards it as on PATCH.
    async fn a_put_by_identifier_files_then_replaces_the_same_incident(app) {
        use actix_web::http::Method;
        let a = app.json(Method::PUT, "/v1/clients/by-ref/hubspot/1", json!({"name": "Ana SRL", "preferred_language": "ro"})).await.json()["id"].as_str().expect("id").to_owned();
        let b = app.client("B", "en").await;
        let ticket = |extra: serde_json::Value| {
            let mut body = json!({
                "client_ref": {"source": "hubspot", "external_id": "1"}, "category": "late_payment", "severity": "high",
                "occurred_at": "2026-11-20T10:30:00+02:00", "reported_by": "Ioana", "summary": "Factura din octombrie neplătită"
            });
            if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
                body.extend(extra.clone());
            }
            body
        };
        let path = "/v1/incidents/by-ref/hubspot/T-77";
        let created = app.json(Method::PUT, path, ticket(json!({}))).await;
        created.assert_status(StatusCode::CREATED);
        let id = created.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(created.header("location"), Some(format!("/v1/incidents/{id}").as_str()));
        assert_eq!(created.json()["external_ref"], json!({"source": "hubspot", "external_id": "T-77"}));
        assert_eq!(created.json()["language"], "ro", "the client's language");
        assert_eq!(created.json()["client_id"], a.as_str());

        let replaced = app.json(Method::PUT, path, ticket(json!({"severity": "critical", "tags": ["facturare"]}))).await;
        replaced.assert_status(StatusCode::OK);
        assert_eq!(replaced.json()["id"], id.as_str());
        assert_eq!((replaced.json()["severity"].clone(), replaced.json()["tags"].clone()), (json!("critical"), json!(["facturare"])));
        // The same again changes nothing.
        let etag = replaced.header("etag").expect("etag").to_owned();
        let again = app.json(Method::PUT, path, ticket(json!({"severity": "critical", "tags": ["facturare"], "client_id": a, "client_ref": null}))).await;
        again.assert_status(StatusCode::OK);
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        assert_eq!(again.json()["updated_at"], replaced.json()["updated_at"]);
        let incidents = app.get("/v1/incidents").await.json();
        assert_eq!(incidents["items"].as_array().map(Vec::len), Some(1), "one incident, not two");

        let moved = app.json(Method::PUT, &format!("{path}?lang=pl"), ticket(json!({"client_ref": null, "client_id": b}))).await;
        let problem = moved.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "client_id");
        assert_eq!(problem["errors"][0]["code"], "client_cannot_change");
        assert!(problem["errors"][0]["message"].as_str().is_some_and(|m| m.contains("nowy incydent")), "{problem}");
        let other = app.json(Method::PUT, path, ticket(json!({"external_ref": {"source": "hubspot", "external_id": "T-78"}}))).await;
        let problem = other.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "not_the_path_reference");

        // If-Match: a stale tag is refused, and a missing incident is not created under one.
        let stale = app.send(actix_web::test::TestRequest::put().uri(path).insert_header(("If-Match", "\"stale-en\"")).set_json(ticket(json!({})))).await;
        stale.assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        let missing = app.send(actix_web::test::TestRequest::put().uri("/v1/incidents/by-ref/hubspot/T-99").insert_header(("If-Match", etag.as_str())).set_json(ticket(json!({})))).await;
        missing.assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        assert_eq!(app.get("/v1/incidents/by-ref/hubspot/T-99").await.status, StatusCode::NOT_FOUND);
        let fresh = app.send(actix_web::test::TestRequest::put().uri(path).insert_header(("If-Match", etag.as_str())).set_json(ticket(json!({"severity": "low"})))).await;
        fresh.assert_status(StatusCode::OK);
    }

    async fn a_put_by_reference_creates_then_updates_the_same_client(app) {
        let created = app
            .json(actix_web::http::Method::PUT, "/v1/clients/by-ref/hubspot/1873401", json!({
                "name": "Atelier Popescu SRL", "preferred_language": "ro"
            }))
            .await;
        created.assert_status(StatusCode::CREATED);
        let id = created.json()["id"].as_str().expect("id").to_owned();
        assert_eq!(created.header("location"), Some(format!("/v1/clients/{id}").as_str()));
        assert_eq!(created.json()["external_refs"], json!([{"source": "hubspot", "external_id": "1873401"}]));

        let updated = app
            .json(actix_web::http::Method::PUT, "/v1/clients/by-ref/hubspot/1873401", json!({
                "name": "Atelier Popescu & Fiii SRL", "preferred_language": "ro", "contact_email": "office@popescu.ro"
            }))
            .await;
        updated.assert_status(StatusCode::OK);
        assert_eq!(updated.json()["id"], id.as_str());
        assert_eq!(updated.json()["name"], "Atelier Popescu & Fiii SRL");
        assert_eq!(updated.json()["external_refs"], json!([{"source": "hubspot", "external_id": "1873401"}]));

        let read = app.get("/v1/clients/by-ref/hubspot/1873401").await;
        read.assert_status(StatusCode::OK);
        assert_eq!(read.json()["contact_email"], "office@popescu.ro");
        assert!(read.header("etag").is_some());
        let clients = app.get("/v1/clients").await.json();
        assert_eq!(clients["items"].as_array().map(Vec::len), Some(1), "one client, not two");

        let missing = app.get("/v1/clients/by-ref/hubspot/999?lang=ro").await;
        let problem = missing.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("hubspot/999")), "{problem}");
    }

    async fn a_put_by_reference_is_validated_like_a_new_client(app) {
        let reply = app
            .json(actix_web::http::Method::PUT, "/v1/clients/by-ref/hubspot/42?lang=pl", json!({"preferred_language": "de"}))
            .await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["name", "preferred_language"]);
        let long_source = "x".repeat(51);
        let reply = app
            .json(actix_web::http::Method::PUT, &format!("/v1/clients/by-ref/{long_source}/42"), json!({"name": "A"}))
            .await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["source"]);
        assert!(app.get("/v1/clients").await.json()["items"].as_array().is_some_and(Vec::is_empty));
    }

    async fn an_incident_names_its_client_by_reference_and_carries_its_ticket(app) {
        app.json(actix_web::http::Method::PUT, "/v1/clients/by-ref/pipedrive/77", json!({"name": "Kowalski sp. z o.o."}))
            .await
            .assert_status(StatusCode::CREATED);
        let client = app.get("/v1/clients/by-ref/pipedrive/77").await.json();
        let body = json!({
            "client_ref": {"source": "pipedrive", "external_id": "77"},
            "external_ref": {"source": "pipedrive", "external_id": "deal-5521"},
            "category": "late_payment", "severity": "high",
            "occurred_at": "2026-11-20T10:30:00+01:00", "reported_by": "Anna", "summary": "Faktura nieopłacona"
        });
        let created = app.post("/v1/incidents", body.clone()).await;
        created.assert_status(StatusCode::CREATED);
        let incident = created.json();
        assert_eq!(incident["client_id"], client["id"]);
        assert_eq!(incident["external_ref"], json!({"source": "pipedrive", "external_id": "deal-5521"}));

        let found = app.get("/v1/incidents/by-ref/pipedrive/deal-5521").await;
        found.assert_status(StatusCode::OK);
        assert_eq!(found.json()["id"], incident["id"]);

        let again = app.post("/v1/incidents?lang=ro", body).await;
        let problem = again.assert_problem(StatusCode::CONFLICT, "external_ref_taken");
        assert_eq!(problem["detail"], "Identificatorul din CRM pipedrive/deal-5521 aparține deja altui incident.");

        let id = incident["id"].as_str().expect("id");
        let cleared = app.patch(&format!("/v1/incidents/{id}"), json!({"external_ref": null})).await;
        cleared.assert_status(StatusCode::OK);
        assert!(cleared.json()["external_ref"].is_null());
        app.get("/v1/incidents/by-ref/pipedrive/deal-5521").await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn an_unknown_or_doubled_client_reference_is_refused(app) {
        let client = app.client("Ana", "en").await;
        let base = json!({
            "category": "late_payment", "severity": "high",
            "occurred_at": "2026-11-20T10:30:00Z", "reported_by": "Ana", "summary": "Unpaid"
        });
        let mut unknown = base.clone();
        unknown["client_ref"] = json!({"source": "hubspot", "external_id": "nobody"});
        let reply = app.post("/v1/incidents?lang=el", unknown).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "client_ref");
        assert_eq!(problem["errors"][0]["code"], "unknown_reference");

        let mut both = base.clone();
        both["client_id"] = json!(client);
        both["client_ref"] = json!({"source": "hubspot", "external_id": "1"});
        let problem = app.post("/v1/incidents", both).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "exclusive");

        let problem = app.post("/v1/incidents", base).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["client_id"]);
        assert!(app.get("/v1/incidents").await.json()["items"].as_array().is_some_and(Vec::is_empty));
    }

    // Incremental sync: each list a CRM mirrors reads in change order, oldest first, from
    // `updated_since` on (inclusive), and a row changed again moves to the end.
    async fn clients_incidents_and_actions_catch_up_by_change(app) {
        let app = &app;
        let pause = || actix_web::rt::time::sleep(std::time::Duration::from_millis(5));
        let a = app.client("A", "ro").await;
        pause().await;
        let b = app.client("B", "ro").await;
        pause().await;
        let first = app.incident(&a, json!({})).await;
        pause().await;
        let second = app.incident(&b, json!({})).await;
        let action = |incident: String| {
            let body = json!({"gap": "payment_followup", "incident_ids": [incident], "title": "t", "owner": "o", "due_date": "2030-01-01"});
            async move { app.post("/v1/actions", body).await.json()["id"].as_str().expect("action id").to_owned() }
        };
        let x = action(first.clone()).await;
        pause().await;
        let y = action(second.clone()).await;
        pause().await;
        // The first of each changes last.
        app.patch(&format!("/v1/clients/{a}"), json!({"name": "A2"})).await.assert_status(StatusCode::OK);
        app.patch(&format!("/v1/incidents/{first}"), json!({"severity": "high"})).await.assert_status(StatusCode::OK);
        app.patch(&format!("/v1/actions/{x}"), json!({"owner": "p"})).await.assert_status(StatusCode::OK);

        for (list, older, changed) in [("/v1/clients", &b, &a), ("/v1/incidents", &second, &first), ("/v1/actions", &y, &x)] {
            assert_eq!(changed_ids(app, list, "").await, [older.clone(), changed.clone()], "{list}");
            let since = app.get(&format!("{list}/{changed}")).await.json()["updated_at"].as_str().expect("updated_at").to_owned();
            let since = since.replace('+', "%2B");
            assert_eq!(changed_ids(app, list, &format!("&updated_since={since}")).await, std::slice::from_ref(changed), "{list} since");
            // `updated_since` filters the list's own order too.
            let own = app.get(&format!("{list}?updated_since={since}")).await.json();
            assert_eq!(own["items"].as_array().map(Vec::len), Some(1), "{list}: {own}");
            // A cursor serves only the order it came from.
            let by_change = app.get(&format!("{list}?sort=updated_at&limit=1")).await.json()["next_cursor"].as_str().expect("cursor").to_owned();
            app.get(&format!("{list}?cursor={by_change}")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
            let own = app.get(&format!("{list}?limit=1")).await.json()["next_cursor"].as_str().expect("cursor").to_owned();
            app.get(&format!("{list}?sort=updated_at&cursor={own}")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
            let problem = app.get(&format!("{list}?sort=name&updated_since=yesterday&lang=pl")).await
                .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(error_fields(&problem), ["updated_since", "sort"], "{list}");
        }
    }

    // A consumer that asks again from a minute before the last change it saw, while writers
    // keep changing clients, ends up having seen every client's last version.
    async fn following_updated_since_while_writes_go_on_misses_nothing(app) {
        let app = &app;
        for seed in 1..=12u64 {
            let mut state = seed;
            let mut next = move |n: u64| {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                (state >> 33) % n
            };
            let plans: Vec<Vec<u64>> = (0..4).map(|_| (0..12).map(|_| next(4)).collect()).collect();
            let writer = |plan: Vec<u64>, w: usize| async move {
                let mut mine: Vec<String> = Vec::new();
                for (i, choice) in plan.into_iter().enumerate() {
                    if mine.is_empty() || choice == 0 {
                        mine.push(app.client(&format!("s{seed}w{w}c{i}"), "en").await);
                    } else {
                        let id = &mine[usize::try_from(choice).unwrap_or(0) % mine.len()];
                        app.patch(&format!("/v1/clients/{id}"), json!({"name": format!("s{seed}w{w}v{i}")})).await.assert_status(StatusCode::OK);
                    }
                }
            };
            let seen = std::cell::RefCell::new(std::collections::HashMap::<String, String>::new());
            let done = std::cell::Cell::new(false);
            let follow = || async {
                let mut mark: Option<chrono::DateTime<chrono::FixedOffset>> = None;
                loop {
                    let finished = done.get();
                    let since = mark.map(|m| (m - chrono::Duration::minutes(1)).to_rfc3339().replace('+', "%2B"));
                    let query = since.map(|s| format!("&updated_since={s}")).unwrap_or_default();
                    let mut cursor = String::new();
                    loop {
                        let page = app.get(&format!("/v1/clients?sort=updated_at&limit=7{query}{cursor}")).await.json();
                        for item in page["items"].as_array().into_iter().flatten() {
                            let at = item["updated_at"].as_str().expect("updated_at").to_owned();
                            let parsed = chrono::DateTime::parse_from_rfc3339(&at).expect("rfc 3339");
                            mark = Some(mark.map_or(parsed, |m| m.max(parsed)));
                            seen.borrow_mut().insert(item["id"].as_str().expect("id").to_owned(), at);
                        }
                        match page["next_cursor"].as_str() {
                            Some(next) => cursor = format!("&cursor={next}"),
                            None => break,
                        }
                    }
                    if finished {
                        return;
                    }
                    actix_web::rt::time::sleep(std::time::Duration::from_millis(3)).await;
                }
            };
            let writers = async {
                futures_util::future::join_all(plans.into_iter().enumerate().map(|(w, plan)| writer(plan, w))).await;
                done.set(true);
            };
            futures_util::join!(writers, follow());
            let all = app.get("/v1/clients?limit=200").await.json();
            for client in all["items"].as_array().into_iter().flatten() {
                let id = client["id"].as_str().expect("id");
                assert_eq!(seen.borrow().get(id).map(String::as_str), client["updated_at"].as_str(), "seed {seed}: {id}");
            }
        }
    }
}
