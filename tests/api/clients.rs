use actix_web::http::StatusCode;
use serde_json::json;

use crate::helpers::error_fields;

crate::backend_tests! {
    async fn creates_reads_and_lists_a_client(app) {
        let reply = app
            .post(
                "/v1/clients",
                json!({
                    "name": "  Atelier Popescu SRL ",
                    "contact_email": "office@atelierpopescu.ro",
                    "preferred_language": "ro",
                    "external_refs": [{"source": "hubspot", "external_id": "1873401"}]
                }),
            )
            .await;
        reply.assert_status(StatusCode::CREATED);
        let created = reply.json();
        let id = created["id"].as_str().expect("id");
        assert_eq!(reply.header("location"), Some(format!("/v1/clients/{id}").as_str()));
        assert_eq!(uuid::Uuid::parse_str(id).expect("uuid").get_version_num(), 7);
        assert_eq!(created["name"], "Atelier Popescu SRL", "one-line texts are trimmed");
        assert_eq!(created["preferred_language_label"], "Romanian");
        assert_eq!(created["external_refs"], json!([{"source": "hubspot", "external_id": "1873401"}]));
        assert!(created["created_at"].as_str().expect("time").ends_with('Z'));

        let read = app.get(&format!("/v1/clients/{id}")).await;
        read.assert_status(StatusCode::OK);
        assert_eq!(read.json(), created);

        let list = app.get("/v1/clients").await.json();
        assert_eq!(list["items"], json!([created]));
        assert!(list.get("next_cursor").is_none());
    }

    async fn defaults_to_english_and_needs_a_name(app) {
        let reply = app.post("/v1/clients", json!({"name": "Hellas Hosting"})).await;
        reply.assert_status(StatusCode::CREATED);
        assert_eq!(reply.json()["preferred_language"], "en");
        let problem = app
            .post("/v1/clients", json!({"contact_email": "not-an-address", "preferred_language": "de"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["name", "contact_email", "preferred_language"]);
    }

    async fn patch_changes_only_what_is_sent_and_null_clears(app) {
        let created = app
            .post("/v1/clients", json!({"name": "Kowalski i Syn", "contact_email": "biuro@kowalski.pl", "preferred_language": "pl"}))
            .await
            .json();
        let id = created["id"].as_str().expect("id");
        let reply = app.patch(&format!("/v1/clients/{id}"), json!({"contact_email": null, "external_refs": [{"source": "pipedrive", "external_id": "77"}]})).await;
        reply.assert_status(StatusCode::OK);
        let updated = reply.json();
        assert_eq!(updated["contact_email"], json!(null));
        assert_eq!(updated["name"], "Kowalski i Syn");
        assert_eq!(updated["preferred_language"], "pl");
        assert_eq!(updated["external_refs"], json!([{"source": "pipedrive", "external_id": "77"}]));
        assert_eq!(updated["created_at"], created["created_at"]);

        let problem = app
            .patch(&format!("/v1/clients/{id}"), json!({"name": null}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "not_nullable");
        app.patch(&format!("/v1/clients/{}", uuid::Uuid::now_v7()), json!({"name": "x"}))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn a_crm_reference_names_one_client(app) {
        let refs = json!([{"source": "hubspot", "external_id": "42"}]);
        app.post("/v1/clients", json!({"name": "First", "external_refs": refs})).await.assert_status(StatusCode::CREATED);
        let problem = app
            .post("/v1/clients", json!({"name": "Second", "external_refs": refs}))
            .await
            .assert_problem(StatusCode::CONFLICT, "external_ref_taken");
        assert!(problem["detail"].as_str().expect("detail").contains("hubspot/42"));
        // Nothing half-written: the refused client does not exist.
        let names: Vec<_> = app.get("/v1/clients").await.json()["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|c| c["name"].clone())
            .collect();
        assert_eq!(names, [json!("First")]);
        // The same source with another id is another record.
        app.post("/v1/clients", json!({"name": "Third", "external_refs": [{"source": "hubspot", "external_id": "43"}]}))
            .await
            .assert_status(StatusCode::CREATED);
        let duplicate = app
            .post("/v1/clients", json!({"name": "Fourth", "external_refs": [{"source": "x", "external_id": "1"}, {"source": "x", "external_id": "1"}]}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(duplicate["errors"][0]["code"], "duplicate");
    }

    // Found by the change-feed mirror test: an action outlives its incidents, and deleting its
    // client then failed on the foreign key with a 500.
    async fn delete_is_refused_while_corrective_actions_exist(app) {
        let client = app.client("Kowalski i Syn", "pl").await;
        let incident = app.incident(&client, json!({})).await;
        app.post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Reminders", "owner": "Ioana", "due_date": "2026-12-20"}))
            .await
            .assert_status(StatusCode::CREATED);
        app.delete(&format!("/v1/incidents/{incident}")).await.assert_status(StatusCode::NO_CONTENT);
        let problem = app
            .send(actix_web::test::TestRequest::delete().uri(&format!("/v1/clients/{client}?lang=ro")))
            .await
            .assert_problem(StatusCode::CONFLICT, "client_has_actions");
        assert_eq!(problem["detail"], "Clientul nu poate fi șters: are o acțiune corectivă înregistrată.");
        app.get(&format!("/v1/clients/{client}")).await.assert_status(StatusCode::OK);
    }

    async fn delete_is_refused_while_incidents_exist(app) {
        let client = app.client("Dimitriou AE", "el").await;
        let incident = app.incident(&client, json!({})).await;
        let problem = app
            .send(actix_web::test::TestRequest::delete().uri(&format!("/v1/clients/{client}?lang=pl")))
            .await
            .assert_problem(StatusCode::CONFLICT, "client_has_incidents");
        assert_eq!(problem["detail"], "Nie można usunąć klienta: ma zarejestrowany jeden incydent.");
        app.get(&format!("/v1/clients/{client}")).await.assert_status(StatusCode::OK);

        app.delete(&format!("/v1/incidents/{incident}")).await.assert_status(StatusCode::NO_CONTENT);
        app.delete(&format!("/v1/clients/{client}")).await.assert_status(StatusCode::NO_CONTENT);
        app.get(&format!("/v1/clients/{client}")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.delete(&format!("/v1/clients/{client}")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn lists_filter_and_page(app) {
        for (name, lang, source) in [("Alfa", "ro", "hubspot"), ("Beta", "pl", "pipedrive"), ("Gamma", "ro", "pipedrive"), ("alfa bis", "en", "hubspot")] {
            app.post("/v1/clients", json!({"name": name, "preferred_language": lang, "external_refs": [{"source": source, "external_id": name}]}))
                .await
                .assert_status(StatusCode::CREATED);
        }
        let names = |body: serde_json::Value| -> Vec<String> {
            body["items"].as_array().expect("items").iter().map(|c| c["name"].as_str().unwrap_or_default().to_owned()).collect()
        };
        assert_eq!(names(app.get("/v1/clients?preferred_language=ro").await.json()), ["Alfa", "Gamma"]);
        assert_eq!(names(app.get("/v1/clients?source=pipedrive").await.json()), ["Beta", "Gamma"]);
        assert_eq!(names(app.get("/v1/clients?q=ALFA").await.json()), ["Alfa", "alfa bis"]);
        assert_eq!(names(app.get("/v1/clients?q=%25").await.json()), Vec::<String>::new(), "% is matched literally");

        let first = app.get("/v1/clients?limit=3").await.json();
        assert_eq!(names(first.clone()), ["Alfa", "Beta", "Gamma"]);
        let cursor = first["next_cursor"].as_str().expect("a next page");
        let second = app.get(&format!("/v1/clients?limit=3&cursor={cursor}")).await.json();
        assert_eq!(names(second.clone()), ["alfa bis"]);
        assert!(second.get("next_cursor").is_none());
    }
}
