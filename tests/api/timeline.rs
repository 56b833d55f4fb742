use actix_web::http::StatusCode;
use serde_json::json;

crate::backend_tests! {
    async fn keeps_evidence_in_time_order(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let path = format!("/v1/incidents/{incident}/timeline");
        for (kind, at, body) in [
            ("payment", "2026-11-03T10:00:00+01:00", "partial payment"),
            ("email", "2026-11-01T10:00:00Z", "reminder"),
            ("call", "2026-11-02T10:00:00Z", "called"),
        ] {
            let reply = app
                .post(&path, json!({"kind": kind, "occurred_at": at, "author": "Ana", "body": body, "source_ref": "crm:1"}))
                .await;
            reply.assert_status(StatusCode::CREATED);
            assert_eq!(reply.json()["incident_id"], incident.as_str());
        }
        let list = app.get(&format!("{path}?lang=el")).await.json();
        let bodies: Vec<_> = list["items"].as_array().expect("items").iter().map(|e| e["body"].clone()).collect();
        assert_eq!(bodies, [json!("reminder"), json!("called"), json!("partial payment")]);
        assert_eq!(list["items"][0]["kind_label"], "Ηλεκτρονικό μήνυμα");
        assert_eq!(list["items"][2]["occurred_at"], "2026-11-03T09:00:00Z");

        let first = app.get(&format!("{path}?limit=2")).await.json();
        let cursor = first["next_cursor"].as_str().expect("next page");
        let second = app.get(&format!("{path}?limit=2&cursor={cursor}")).await.json();
        assert_eq!(second["items"][0]["body"], "partial payment");
        assert!(second.get("next_cursor").is_none());
    }

    async fn deletes_only_entries_of_that_incident(app) {
        let client = app.client("C", "en").await;
        let one = app.incident(&client, json!({})).await;
        let other = app.incident(&client, json!({})).await;
        let entry = app
            .post(&format!("/v1/incidents/{one}/timeline"), json!({"kind": "note", "occurred_at": "2026-11-01T00:00:00Z", "author": "a", "body": "b"}))
            .await
            .json();
        let entry_id = entry["id"].as_str().expect("id");
        let problem = app
            .delete(&format!("/v1/incidents/{other}/timeline/{entry_id}"))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert!(problem["detail"].as_str().expect("detail").contains(entry_id));
        assert_eq!(app.get(&format!("/v1/incidents/{one}/timeline")).await.json()["items"].as_array().map(Vec::len), Some(1));
        app.delete(&format!("/v1/incidents/{one}/timeline/{entry_id}")).await.assert_status(StatusCode::NO_CONTENT);
        assert_eq!(app.get(&format!("/v1/incidents/{one}/timeline")).await.json()["items"], json!([]));
    }

    async fn refuses_bad_entries_and_missing_incidents(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let problem = app
            .post(&format!("/v1/incidents/{incident}/timeline"), json!({"kind": "fax", "occurred_at": "2026-11-01", "body": "\u{0}"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let codes: Vec<_> = problem["errors"].as_array().expect("errors").iter().map(|e| (e["field"].clone(), e["code"].clone())).collect();
        assert_eq!(
            codes,
            [
                (json!("kind"), json!("unknown_code")),
                (json!("occurred_at"), json!("invalid_datetime")),
                (json!("author"), json!("required")),
                (json!("body"), json!("control_characters")),
            ]
        );
        let missing = uuid::Uuid::now_v7();
        app.post(&format!("/v1/incidents/{missing}/timeline"), json!({"kind": "note", "occurred_at": "2026-11-01T00:00:00Z", "author": "a", "body": "b"}))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.delete(&format!("/v1/incidents/{incident}/timeline/not-a-uuid")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }
}
