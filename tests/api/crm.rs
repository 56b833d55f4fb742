//! CRM references: clients upserted by the id a CRM knows them by, incidents naming their
//! client that way and carrying the CRM's own ticket.

use actix_web::http::StatusCode;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::error_fields;

backend_tests! {
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
}
