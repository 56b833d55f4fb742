//! A sample of responses in each language, and how the language is chosen.

use actix_web::http::{header, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;

crate::backend_tests! {
    async fn labels_and_problems_in_each_language(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({"category": "late_payment", "severity": "critical", "language": "ro"})).await;
        let expected = [
            ("en", "Late payment", "Critical", "Open", "Not found", "No incident has the id “x”."),
            ("ro", "Întârziere la plată", "Critică", "Deschis", "Resursa nu a fost găsită", "Nu există niciun incident cu id-ul „x”."),
            ("pl", "Płatność po terminie", "Krytyczna", "Otwarty", "Nie znaleziono", "Nie ma incydentu o identyfikatorze „x”."),
            ("el", "Καθυστέρηση πληρωμής", "Κρίσιμη", "Ανοιχτό", "Δεν βρέθηκε", "Δεν υπάρχει περιστατικό με αναγνωριστικό «x»."),
        ];
        for (lang, category, severity, status, title, detail) in expected {
            let reply = app.get(&format!("/v1/incidents/{incident}?lang={lang}")).await;
            assert_eq!(reply.header("content-language"), Some(lang));
            let body = reply.json();
            assert_eq!(body["category_label"], category, "{lang}");
            assert_eq!(body["severity_label"], severity, "{lang}");
            assert_eq!(body["status_label"], status, "{lang}");
            assert_eq!(body["category"], "late_payment", "codes never change");

            let reply = app.get(&format!("/v1/incidents/x?lang={lang}")).await;
            assert_eq!(reply.header("content-language"), Some(lang));
            let problem = reply.assert_problem(StatusCode::NOT_FOUND, "not_found");
            assert_eq!(problem["title"], title);
            assert_eq!(problem["detail"], detail);
        }
    }

    async fn validation_counts_use_each_languages_plurals(app) {
        // 1, 2 and 5 invalid fields: one, few and many in Polish.
        let bodies = [
            json!({"name": ""}),
            json!({"name": "", "preferred_language": "xx"}),
            json!({"name": "", "preferred_language": "xx", "contact_email": "@", "external_refs": [{"source": "", "external_id": ""}]}),
        ];
        let expected = [
            ("pl", ["Jedno pole jest nieprawidłowe; szczegóły w polu „errors”.", "2 pola są nieprawidłowe; szczegóły w polu „errors”.", "5 pól jest nieprawidłowych; szczegóły w polu „errors”."]),
            ("ro", ["Un câmp este invalid; vedeți „errors”.", "2 câmpuri sunt invalide; vedeți „errors”.", "5 câmpuri sunt invalide; vedeți „errors”."]),
            ("el", ["Ένα πεδίο δεν είναι έγκυρο· δείτε το «errors».", "2 πεδία δεν είναι έγκυρα· δείτε το «errors».", "5 πεδία δεν είναι έγκυρα· δείτε το «errors»."]),
            ("en", ["One field is invalid; see “errors”.", "2 fields are invalid; see “errors”.", "5 fields are invalid; see “errors”."]),
        ];
        for (lang, details) in expected {
            for (body, detail) in bodies.iter().zip(details) {
                let problem = app
                    .post(&format!("/v1/clients?lang={lang}"), body.clone())
                    .await
                    .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
                assert_eq!(problem["detail"], detail);
            }
        }
        let problem = app.post("/v1/clients?lang=pl", json!({"name": "x".repeat(201)})).await.json();
        assert_eq!(problem["errors"][0]["message"], "Pole może mieć najwyżej 200 znaków.");
        let problem = app.post("/v1/clients?lang=ro", json!({"name": "x".repeat(201)})).await.json();
        assert_eq!(problem["errors"][0]["message"], "Sunt permise cel mult 200 de caractere.");
    }

    async fn accept_language_with_q_values_chooses_when_no_lang_parameter(app) {
        let language = |accept: &'static str| {
            let app = &app;
            async move {
                let reply = app.send(TestRequest::get().uri("/v1/clients/x").insert_header((header::ACCEPT_LANGUAGE, accept))).await;
                (reply.header("content-language").map(str::to_owned), reply.json()["title"].clone())
            }
        };
        assert_eq!(language("ro-RO,ro;q=0.9,en;q=0.5").await, (Some("ro".into()), json!("Resursa nu a fost găsită")));
        assert_eq!(language("de;q=1, el;q=0.4, pl;q=0.7").await.0.as_deref(), Some("pl"));
        assert_eq!(language("fr, de").await.0.as_deref(), Some("en"));
        let reply = app
            .send(TestRequest::get().uri("/v1/clients/x?lang=el").insert_header((header::ACCEPT_LANGUAGE, "pl")))
            .await;
        assert_eq!(reply.header("content-language"), Some("el"), "?lang= wins over the header");
    }

    async fn lang_takes_a_tag_as_accept_language_does(app) {
        let client = app.client("C", "en").await;
        for (query, expected, label) in [
            ("lang=ro-RO", "ro", "Engleză"),
            ("lang=EL", "el", "Αγγλικά"),
            ("lang=pl-pl", "pl", "Angielski"),
            ("lang=en-GB", "en", "English"),
            ("lang=Ro_ro", "ro", "Engleză"),
        ] {
            let reply = app
                .send(TestRequest::get().uri(&format!("/v1/clients/{client}?{query}")).insert_header((header::ACCEPT_LANGUAGE, "de")))
                .await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.header("content-language"), Some(expected), "{query}");
            assert_eq!(reply.json()["preferred_language_label"], label, "{query}");
        }
    }

    async fn an_explicit_lang_must_be_one_the_api_speaks(app) {
        for query in ["lang=xx", "lang=fr", "lang=de-DE", "lang=XX-ro", "lang=*", "lang=ro,pl", "lang=", "lang=ro&lang=pl"] {
            let reply = app
                .send(TestRequest::get().uri(&format!("/v1/clients?{query}")).insert_header((header::ACCEPT_LANGUAGE, "pl")))
                .await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["field"], "lang", "{query}");
            assert_eq!(reply.header("content-language"), Some("pl"), "{query}: answered in the header's language");
        }
    }
}
