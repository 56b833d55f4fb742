//! The gap catalog and the gap finder over HTTP.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

fn gap_codes(analysis: &Value) -> Vec<String> {
    analysis["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| c["gap"].as_str().unwrap_or_default().to_owned())
        .collect()
}

crate::backend_tests! {
    async fn the_catalog_in_four_languages(app) {
        let mut names_by_lang = Vec::new();
        for lang in ["en", "ro", "pl", "el"] {
            let reply = app.get(&format!("/v1/gaps?lang={lang}")).await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.header("content-language"), Some(lang));
            let items = reply.json()["items"].as_array().expect("items").clone();
            assert_eq!(items.len(), 13);
            assert_eq!(items[0]["code"], "scope_undefined");
            for item in &items {
                for field in ["name", "description", "prevention"] {
                    assert!(item[field].as_str().is_some_and(|t| t.len() > 10), "{lang} {item}");
                }
            }
            names_by_lang.push(items[5]["name"].clone());
        }
        assert_eq!(
            names_by_lang,
            [json!("Payments not followed up"), json!("Plăți neurmărite"), json!("Brak egzekwowania płatności"), json!("Πληρωμές χωρίς παρακολούθηση")]
        );
        let one = app.get("/v1/gaps/advice_protocol?lang=ro").await.json();
        assert_eq!(one["name"], "Fără regulă pentru recomandările respinse");
        assert!(one["prevention"].as_str().expect("prevention").contains("de cel mult trei ori"));
        let problem = app.get("/v1/gaps/no_such_gap?lang=pl").await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert_eq!(problem["detail"], "Nie ma luki o kodzie „no_such_gap”; listę luk zwraca GET /v1/gaps.");
    }

    async fn analyses_a_text_and_explains_why(app) {
        let reply = app
            .post(
                "/v1/gap-analysis?lang=pl",
                json!({
                    "summary": "Factura din martie, restantă de 60 de zile",
                    "description": "Nimeni nu a trimis un memento după scadență și contractul nu prevede penalități.",
                    "category": "late_payment"
                }),
            )
            .await;
        reply.assert_status(StatusCode::OK);
        let analysis = reply.json();
        assert_eq!(analysis["language"], "ro", "detected");
        assert_eq!(analysis["language_label"], "Rumuński");
        let candidates = analysis["candidates"].as_array().expect("candidates");
        assert!(!candidates.is_empty() && candidates.len() <= 5);
        let top = &candidates[0];
        assert_eq!(top["gap"], "payment_followup");
        assert_eq!(top["name"], "Brak egzekwowania płatności");
        let scores: Vec<f64> = candidates.iter().map(|c| c["score"].as_f64().expect("score")).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "sorted: {scores:?}");
        // Probabilities of one ranking: each 0 to 1, together at most 1 (rounding aside).
        assert!(scores.iter().all(|s| (0.0..=1.0).contains(s)), "{scores:?}");
        assert!(scores.iter().sum::<f64>() <= 1.03, "{scores:?}");
        assert_eq!(analysis["confidence"], top["score"]);
        assert_eq!(analysis["abstained"], false);
        let reasons = top["reasons"].as_array().expect("reasons");
        assert_eq!(reasons[0]["kind"], "category");
        assert_eq!(reasons[0]["text"], "Incydenty z kategorii „Płatność po terminie” zwykle wynikają z tej luki.");
        let quotes: Vec<&str> = reasons.iter().filter_map(|r| r["quote"].as_str()).collect();
        assert!(quotes.iter().any(|q| q.contains("memento")), "{quotes:?}");
        assert!(quotes.iter().all(|q| reply.text().contains(q)));
        assert!(reasons.iter().any(|r| r["kind"] == "overdue" && r["text"] == "Tekst wspomina o 60 dniach opóźnienia."), "{reasons:?}");
    }

    async fn an_amount_above_the_threshold_points_to_escalation(app) {
        let analysis = app
            .post(
                "/v1/gap-analysis?lang=el",
                json!({"summary": "Χρέος 800€ εδώ και έξι μήνες", "description": "Ο πελατης χρωσταει και δεν απαντα στα τηλεφωνα.", "language": "el"}),
            )
            .await
            .json();
        // A debt is mostly a missing follow-up; above the threshold an escalation path is a
        // candidate too.
        let codes = gap_codes(&analysis);
        assert_eq!(codes[0], "payment_followup", "{analysis}");
        assert!(codes[..3].contains(&"escalation_path".to_owned()), "{codes:?}");
        let quotes: Vec<&str> = analysis["candidates"][0]["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .filter_map(|r| r["quote"].as_str())
            .collect();
        assert!(quotes.iter().any(|q| q.starts_with("χρωστ")), "{quotes:?}");
    }

    async fn with_nothing_in_the_text_to_go_on_the_finder_abstains(app) {
        let analysis = app
            .post("/v1/gap-analysis", json!({"summary": "Meeting moved to Tuesday", "category": "other", "language": "en"}))
            .await
            .json();
        assert_eq!(analysis["abstained"], true, "{analysis}");
        // The ranking is still there, but not presented as a finding.
        assert!(!gap_codes(&analysis).is_empty());
        let sure = app
            .post("/v1/gap-analysis", json!({"summary": "Nobody ever sent a payment reminder for the unpaid invoice", "language": "en"}))
            .await
            .json();
        assert_eq!(sure["abstained"], false, "{sure}");
        assert!(sure["confidence"].as_f64().expect("confidence") > analysis["confidence"].as_f64().expect("confidence"));
    }

    async fn refuses_invalid_requests(app) {
        let problem = app
            .post("/v1/gap-analysis", json!({"description": "x", "category": "rude", "language": "de"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(crate::helpers::error_fields(&problem), ["summary", "category", "language"]);
        app.post("/v1/gap-analysis", json!({"summary": "x", "extra": 1})).await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
    }

    async fn a_stored_incident_is_analysed_with_its_timeline(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({"summary": "Unhappy client", "category": "dissatisfaction", "language": "en"})).await;
        let before = gap_codes(&app.get(&format!("/v1/incidents/{incident}/gap-analysis")).await.json());
        assert!(!before.contains(&"internal_handoff".to_owned()) || before[0] != "internal_handoff", "{before:?}");
        app.post(
            &format!("/v1/incidents/{incident}/timeline"),
            json!({"kind": "note", "occurred_at": "2026-11-02T10:00:00Z", "author": "Ana",
                   "body": "The request got lost between the account manager and the developers; they delivered something else."}),
        )
        .await
        .assert_status(StatusCode::CREATED);
        let after = app.get(&format!("/v1/incidents/{incident}/gap-analysis?lang=ro")).await.json();
        assert_eq!(gap_codes(&after)[0], "internal_handoff");
        assert_eq!(after["candidates"][0]["name"], "Cereri pierdute la predare");
        app.get(&format!("/v1/incidents/{}/gap-analysis", uuid::Uuid::now_v7()))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
    }
}
