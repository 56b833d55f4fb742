//! Similar incidents: found across languages by what they share, each with why.

use actix_web::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::backend_tests;

async fn similar(app: &crate::helpers::TestApp, incident: &str, query: &str) -> Value {
    let reply = app.get(&format!("/v1/incidents/{incident}/similar{query}")).await;
    reply.assert_status(StatusCode::OK);
    reply.json()
}

backend_tests! {
    async fn incidents_alike_in_another_language_come_first_and_say_why(app) {
        let client = app.client("Atelier", "ro").await;
        let other_client = app.client("Kowalski", "pl").await;
        let unpaid = app.incident(&client, json!({"summary": "Factura neplătită de 60 de zile",
            "description": "Nimeni nu a trimis niciun memento după scadență.", "language": "ro"})).await;
        let polish = app.incident(&other_client, json!({"summary": "Faktura niezapłacona od 90 dni",
            "description": "Nikt nie wysłał przypomnienia po terminie płatności.", "language": "pl"})).await;
        let unrelated = app.incident(&other_client, json!({"summary": "Klient krzyczał na grafika przez telefon",
            "category": "abusive_conduct", "description": "Obrażał nas i wyzywał.", "language": "pl"})).await;
        let found = similar(&app, &unpaid, "?lang=en").await;
        let items = found["items"].as_array().expect("items");
        assert_eq!(items[0]["incident_id"], polish.as_str(), "{found}");
        assert_eq!(items[0]["language"], "pl");
        let kinds: Vec<&str> = items[0]["reasons"].as_array().expect("reasons").iter().filter_map(|r| r["kind"].as_str()).collect();
        assert!(kinds.contains(&"same_likely_gap") && kinds.contains(&"shared_concepts"), "{kinds:?}");
        assert!(items.iter().all(|i| i["incident_id"] != unpaid.as_str()), "never itself");
        if let Some(position) = items.iter().position(|i| i["incident_id"] == unrelated.as_str()) {
            assert!(position > 0);
        }

        // A retrospective that confirms the gap makes the likeness a confirmed one.
        for incident in [&unpaid, &polish] {
            app.json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), json!({
                "what_happened": "x", "client_view": "x", "our_view": "x", "whys": ["x"], "lessons": "x",
                "gaps": [{"code": "payment_followup", "primary": true}], "status": "published", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."})).await.assert_status(StatusCode::CREATED);
        }
        let confirmed = similar(&app, &unpaid, "?lang=ro&limit=1").await;
        let items = confirmed["items"].as_array().expect("items");
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["reasons"][0]["kind"], "same_confirmed_gap");
        assert_eq!(items[0]["reasons"][0]["text"], "Ambele retrospective au confirmat lacuna „Plăți neurmărite”.");
    }

    async fn a_bad_limit_or_an_unknown_incident_is_refused(app) {
        let client = app.client("Atelier", "en").await;
        let incident = app.incident(&client, json!({})).await;
        for bad in ["0", "21", "x"] {
            let problem = app.get(&format!("/v1/incidents/{incident}/similar?limit={bad}&lang=pl")).await
                .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(crate::helpers::error_fields(&problem), ["limit"]);
        }
        app.get(&format!("/v1/incidents/{}/similar", uuid::Uuid::now_v7())).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(similar(&app, &incident, "").await["items"], json!([]));
    }
}
