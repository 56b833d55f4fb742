//! The client's letter (`document?audience=client`) and the client's account owner: the letter
//! shows what a client may read, in the client's language, and nothing of the internal review.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{error_fields, TestApp};

/// Distinctive values stored in every field the client must never read.
const INTERNAL: &[&str] = &[
    "secret-contact@internal.example",
    "Zq-REPORTER",
    "Zq-INCIDENT-SUMMARY",
    "Zq-DESCRIPTION",
    "zq-tag",
    "Zq-TIMELINE-AUTHOR",
    "Zq-TIMELINE-BODY",
    "Zq-WHAT-HAPPENED",
    "Zq-CLIENT-VIEW",
    "Zq-OUR-VIEW",
    "Zq-WHY-ONE",
    "Zq-WHY-TWO",
    "Zq-GAP-NOTE",
    "Zq-LESSONS",
    "Zq-CORRECTION",
    "Zq-ESCAPE-POINT",
    "Zq-RATIONALE",
    "Zq-ACTION-OWNER",
    "Zq-ACTION-DESCRIPTION",
    "Zq-CREATED-BY",
    "Zq-CHANGED-BY",
    "Zq-HISTORY-NOTE",
    "Zq-COMPLETION-NOTE",
    "Zq-VERIFICATION-NOTE",
    "Zq-CANCELLED-TITLE",
    "Zq-OTHER-INCIDENT",
    "payment_followup",
    "contact_cadence",
];

/// What the letter must show: the client summary, the committed actions and the contact.
const SUMMARY: &str = "Factura din octombrie nu a fost urmărită la timp: nu v-am trimis niciun memento.";
const FIRST_CHANGE: &str = "Memento automat la 3, 10 și 30 de zile";
const SECOND_CHANGE: &str = "Clauză de penalități în contractele noi";
const OWNER: &str = "Ioana Marinescu";

/// A client, an incident with every internal field filled, its published retrospective and
/// three actions (one cancelled); the incident's id.
async fn a_full_record(app: &TestApp) -> String {
    let client = app
        .post(
            "/v1/clients",
            json!({"name": "Atelier Popescu SRL", "preferred_language": "ro",
                   "contact_email": "secret-contact@internal.example", "account_owner": OWNER}),
        )
        .await;
    client.assert_status(StatusCode::CREATED);
    let client = client.json()["id"].as_str().expect("id").to_owned();
    let incident = app
        .incident(
            &client,
            json!({"reported_by": "Zq-REPORTER", "summary": "Zq-INCIDENT-SUMMARY",
                   "description": "Zq-DESCRIPTION", "tags": ["zq-tag"]}),
        )
        .await;
    app.post(
        &format!("/v1/incidents/{incident}/timeline"),
        json!({"kind": "email", "occurred_at": "2026-11-02T10:00:00Z", "author": "Zq-TIMELINE-AUTHOR", "body": "Zq-TIMELINE-BODY"}),
    )
    .await
    .assert_status(StatusCode::CREATED);
    app.json(
        Method::PUT,
        &format!("/v1/incidents/{incident}/retrospective"),
        json!({
            "what_happened": "Zq-WHAT-HAPPENED", "client_view": "Zq-CLIENT-VIEW", "our_view": "Zq-OUR-VIEW",
            "whys": ["Zq-WHY-ONE", "Zq-WHY-TWO"],
            "gaps": [{"code": "payment_followup", "primary": true, "note": "Zq-GAP-NOTE"}, {"code": "contact_cadence"}],
            "lessons": "Zq-LESSONS", "status": "published",
            "correction": "Zq-CORRECTION", "escape_point": "Zq-ESCAPE-POINT", "action_needed": false,
            "action_needed_rationale": "Zq-RATIONALE",
            "client_summary": SUMMARY, "next_answer_on": "2026-12-15"
        }),
    )
    .await
    .assert_status(StatusCode::CREATED);
    let action = |title: &str, due: &str| {
        json!({"gap": "payment_followup", "incident_ids": [incident], "title": title, "owner": "Zq-ACTION-OWNER",
               "description": "Zq-ACTION-DESCRIPTION", "due_date": due, "created_by": "Zq-CREATED-BY"})
    };
    let create = |body: Value| async move {
        let reply = app.post("/v1/actions", body).await;
        reply.assert_status(StatusCode::CREATED);
        reply.json()["id"].as_str().expect("id").to_owned()
    };
    // The later one first: the letter lists them soonest first.
    let second = create(action(SECOND_CHANGE, "2027-01-10")).await;
    create(action(FIRST_CHANGE, "2026-12-20")).await;
    let cancelled = create(action("Zq-CANCELLED-TITLE", "2026-12-22")).await;
    for (id, body) in [
        (
            &second,
            json!({"status": "in_progress", "changed_by": "Zq-CHANGED-BY", "note": "Zq-HISTORY-NOTE"}),
        ),
        (
            &second,
            json!({"status": "done", "completion_note": "Zq-COMPLETION-NOTE"}),
        ),
        (
            &second,
            json!({"status": "verified", "verification_note": "Zq-VERIFICATION-NOTE"}),
        ),
        (&cancelled, json!({"status": "cancelled"})),
    ] {
        app.patch(&format!("/v1/actions/{id}"), body)
            .await
            .assert_status(StatusCode::OK);
    }
    // Another incident of the same client: nothing of it belongs in this letter.
    app.incident(&client, json!({"summary": "Zq-OTHER-INCIDENT"})).await;
    incident
}

/// The letter's dates in each language: the incident's, the two due dates and the next answer.
fn dates(lang: &str) -> [&'static str; 4] {
    match lang {
        "en" => [
            "1 November 2026",
            "20 December 2026",
            "10 January 2027",
            "15 December 2026",
        ],
        "ro" => [
            "1 noiembrie 2026",
            "20 decembrie 2026",
            "10 ianuarie 2027",
            "15 decembrie 2026",
        ],
        "pl" => [
            "1 listopada 2026",
            "20 grudnia 2026",
            "10 stycznia 2027",
            "15 grudnia 2026",
        ],
        _ => [
            "1 Νοεμβρίου 2026",
            "20 Δεκεμβρίου 2026",
            "10 Ιανουαρίου 2027",
            "15 Δεκεμβρίου 2026",
        ],
    }
}

/// No message id, no unformatted placeable, no English left in another language.
fn assert_all_words_are_messages(text: &str, context: &str) {
    for marker in ["letter-", "doc-", "shared-", "problem-", "category-", "{ $", "{$"] {
        assert!(!text.contains(marker), "{context}: “{marker}” in\n{text}");
    }
}

backend_tests! {
    async fn the_client_letter_shows_what_the_client_may_read_and_nothing_internal(app) {
        let app = app.with_verification_window(0);
        let incident = a_full_record(&app).await;
        let mut gap_names = Vec::new();
        for lang in ["en", "ro", "pl", "el"] {
            let gaps = app.get(&format!("/v1/gaps?lang={lang}")).await.json();
            for gap in gaps["items"].as_array().or(gaps.as_array()).into_iter().flatten() {
                if matches!(gap["code"].as_str(), Some("payment_followup" | "contact_cadence")) {
                    gap_names.push(gap["name"].as_str().expect("name").to_owned());
                }
            }
        }
        assert_eq!(gap_names.len(), 8, "both gaps' names in four languages");
        for lang in ["en", "ro", "pl", "el"] {
            for format in ["markdown", "html"] {
                // Through the API with a key, and through a share link without one.
                let made = app
                    .post(
                        &format!("/v1/incidents/{incident}/retrospective/share"),
                        json!({"format": format, "lang": lang}),
                    )
                    .await;
                made.assert_status(StatusCode::CREATED);
                let url = made.json()["url"].as_str().expect("url").to_owned();
                let shared = url.strip_prefix("https://retro.example.com").expect("under --public-url").to_owned();
                for (via, key) in [
                    (format!("/v1/incidents/{incident}/retrospective/document?audience=client&format={format}&lang={lang}"), Some(app.key.as_str())),
                    (shared, None),
                ] {
                    let reply = app.send_as(TestRequest::get().uri(&via), key).await;
                    reply.assert_status(StatusCode::OK);
                    let context = format!("{lang} {format} {}", if key.is_some() { "API" } else { "share link" });
                    assert_eq!(reply.header("content-language"), Some(lang), "{context}");
                    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"), "{context}");
                    assert_eq!(reply.header("cache-control"), Some("no-store"), "{context}");
                    let text = reply.text();
                    for internal in INTERNAL.iter().copied().chain(gap_names.iter().map(String::as_str)) {
                        assert!(!text.contains(internal), "{context}: the letter shows “{internal}”:\n{text}");
                    }
                    assert_all_words_are_messages(&text, &context);
                    for shown in [SUMMARY, FIRST_CHANGE, SECOND_CHANGE, OWNER, "Atelier Popescu SRL"] {
                        assert!(text.contains(shown), "{context}: “{shown}” is missing:\n{text}");
                    }
                    for date in dates(lang) {
                        assert!(text.contains(date), "{context}: the date “{date}” is missing:\n{text}");
                    }
                    let first = text.find(FIRST_CHANGE).expect("first");
                    let second = text.find(SECOND_CHANGE).expect("second");
                    assert!(first < second, "{context}: the sooner change comes first");
                    if format == "html" {
                        assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
                        assert!(text.contains(&format!("<html lang=\"{lang}\">")), "{context}");
                        assert!(text.contains("<meta name=\"robots\" content=\"noindex"), "{context}");
                        let csp = reply.header("content-security-policy").expect("csp");
                        assert!(csp.starts_with("default-src 'none'; style-src 'sha256-") && !csp.contains("unsafe"), "{csp}");
                    } else {
                        assert_eq!(reply.header("content-type"), Some("text/markdown; charset=utf-8"));
                    }
                }
            }
        }
        // Two changes are counted in each language's plural form.
        for (lang, counted) in [
            ("en", "We have committed to 2 changes:"),
            ("ro", "Ne-am angajat să facem 2 schimbări:"),
            ("pl", "Wprowadzamy 2 zmiany:"),
            ("el", "Δεσμευόμαστε για 2 αλλαγές:"),
        ] {
            let text = app
                .get(&format!("/v1/incidents/{incident}/retrospective/document?audience=client&lang={lang}"))
                .await
                .text();
            assert!(text.contains(counted), "{lang}: {text}");
        }
    }

    async fn the_letter_is_in_the_clients_language_unless_lang_says_otherwise(app) {
        let app = app.with_verification_window(0);
        let incident = a_full_record(&app).await;
        let uri = format!("/v1/incidents/{incident}/retrospective/document?audience=client");
        // The caller's Accept-Language is the caller's, not the client's: Romanian still.
        let reply = app.send(TestRequest::get().uri(&uri).insert_header(("Accept-Language", "pl"))).await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.header("content-language"), Some("ro"));
        assert!(reply.text().contains("20 decembrie 2026"), "{}", reply.text());
        assert!(!reply.text().contains("grudnia"), "{}", reply.text());
        // `lang` chooses, as a tag too.
        let reply = app
            .send(TestRequest::get().uri(&format!("{uri}&lang=el-GR")).insert_header(("Accept-Language", "pl")))
            .await;
        assert_eq!(reply.header("content-language"), Some("el"));
        assert!(reply.text().contains("20 Δεκεμβρίου 2026"), "{}", reply.text());
        // The internal document is unchanged, and still the default, in the caller's language.
        let internal = app
            .send(TestRequest::get().uri(&format!("/v1/incidents/{incident}/retrospective/document")).insert_header(("Accept-Language", "pl")))
            .await;
        internal.assert_status(StatusCode::OK);
        assert_eq!(internal.header("content-language"), Some("pl"));
        for shown in ["Zq-WHAT-HAPPENED", "Zq-OUR-VIEW", "Zq-WHY-ONE", "Zq-LESSONS", "Zq-REPORTER"] {
            assert!(internal.text().contains(shown), "{shown}");
        }
        let same = app.get(&format!("/v1/incidents/{incident}/retrospective/document?audience=internal")).await;
        assert_eq!(same.text(), app.get(&format!("/v1/incidents/{incident}/retrospective/document")).await.text());
    }

    async fn a_letter_without_a_published_summary_is_refused_with_the_reason(app) {
        let client = app.client("Atelier", "ro").await;
        let incident = app.incident(&client, json!({})).await;
        let uri = format!("/v1/incidents/{incident}/retrospective/document?audience=client&lang=pl");
        app.get(&uri).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        let (app_ref, retrospective) = (&app, format!("/v1/incidents/{incident}/retrospective"));
        let put = |body: Value| {
            let path = retrospective.clone();
            async move { app_ref.json(Method::PUT, &path, body).await }
        };
        put(json!({"what_happened": "w", "client_summary": "For the client."})).await.assert_status(StatusCode::CREATED);
        let draft = app.get(&uri).await.assert_problem(StatusCode::CONFLICT, "letter_not_ready");
        assert!(draft["detail"].as_str().is_some_and(|d| d.contains("wersją roboczą")), "{draft}");
        put(json!({"what_happened": "w", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}))
            .await
            .assert_status(StatusCode::OK);
        let unwritten = app.get(&uri).await.assert_problem(StatusCode::CONFLICT, "letter_not_ready");
        assert!(unwritten["detail"].as_str().is_some_and(|d| d.contains("client_summary")), "{unwritten}");
        // Without actions, without a next answer and without an owner, it says so plainly.
        put(json!({"what_happened": "w", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published",
                   "client_summary": "For the client.", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}))
            .await
            .assert_status(StatusCode::OK);
        for lang in ["en", "ro", "pl", "el"] {
            let text = app
                .get(&format!("/v1/incidents/{incident}/retrospective/document?audience=client&lang={lang}&format=html"))
                .await
                .text();
            assert_all_words_are_messages(&text, lang);
            assert!(text.contains("For the client."), "{text}");
        }
        let english = app.get(&format!("/v1/incidents/{incident}/retrospective/document?audience=client&lang=en")).await.text();
        assert!(english.contains("We will tell you what we change as soon as it is decided."), "{english}");
        assert!(!english.contains("Your contact") && !english.contains("Our next answer"), "{english}");
        let unknown = app
            .get(&format!("/v1/incidents/{incident}/retrospective/document?audience=everyone&lang=ro"))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&unknown), ["audience"]);
        assert_eq!(unknown["errors"][0]["allowed"], json!(["internal", "client"]));
    }

    async fn the_new_fields_are_stored_validated_and_written_back_unchanged(app) {
        let client = app
            .post("/v1/clients", json!({"name": "Atelier", "account_owner": "  Ioana Marinescu  "}))
            .await;
        client.assert_status(StatusCode::CREATED);
        let body = client.json();
        assert_eq!(body["account_owner"], "Ioana Marinescu");
        let id = body["id"].as_str().expect("id").to_owned();
        // PATCH: an unchanged value stores nothing; null clears.
        let same = app.patch(&format!("/v1/clients/{id}"), json!({"account_owner": "Ioana Marinescu"})).await;
        assert_eq!(same.json()["updated_at"], body["updated_at"], "an unchanged write stores nothing");
        let cleared = app.patch(&format!("/v1/clients/{id}"), json!({"account_owner": null})).await.json();
        assert_eq!(cleared["account_owner"], Value::Null);
        let long = app
            .patch(&format!("/v1/clients/{id}?lang=ro"), json!({"account_owner": "x".repeat(201)}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&long), ["account_owner"]);
        assert!(long["errors"][0]["message"].as_str().is_some_and(|m| m.contains("200")), "{long}");
        // PUT by reference and the batch carry it too.
        let by_ref = app
            .json(Method::PUT, "/v1/clients/by-ref/hubspot/77", json!({"name": "Dimitriou AE", "account_owner": "Eleni"}))
            .await;
        by_ref.assert_status(StatusCode::CREATED);
        assert_eq!(by_ref.json()["account_owner"], "Eleni");
        let batch = app
            .post("/v1/clients/batch", json!({"items": [
                {"name": "Dimitriou AE", "account_owner": "Nikos", "external_refs": [{"source": "hubspot", "external_id": "77"}]}
            ]}))
            .await;
        batch.assert_status(StatusCode::OK);
        assert_eq!(batch.json()["results"][0]["data"]["account_owner"], "Nikos", "{}", batch.text());
        assert_eq!(app.get("/v1/clients/by-ref/hubspot/77").await.json()["account_owner"], "Nikos");

        // The retrospective's client summary and next answer date.
        let incident = app.incident(&id, json!({})).await;
        let path = format!("/v1/incidents/{incident}/retrospective");
        let put = app
            .json(Method::PUT, &path, json!({"what_happened": "w", "client_summary": "s", "next_answer_on": "2026-12-15"}))
            .await;
        put.assert_status(StatusCode::CREATED);
        let stored = put.json();
        assert_eq!(stored["client_summary"], "s");
        assert_eq!(stored["next_answer_on"], "2026-12-15");
        let again = app
            .json(Method::PUT, &path, json!({"what_happened": "w", "client_summary": "s", "next_answer_on": "2026-12-15"}))
            .await;
        assert_eq!(again.json()["updated_at"], stored["updated_at"], "an unchanged write stores nothing");
        let changed = app
            .json(Method::PUT, &path, json!({"what_happened": "w", "client_summary": "s", "next_answer_on": "2026-12-16"}))
            .await
            .json();
        assert_ne!(changed["updated_at"], stored["updated_at"], "a new date is a change");
        let invalid = app
            .json(Method::PUT, &format!("{path}?lang=el"), json!({"what_happened": "w", "client_summary": "x".repeat(20_001), "next_answer_on": "15.12.2026"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&invalid), ["client_summary", "next_answer_on"]);
        assert_eq!(invalid["errors"][1]["code"], "invalid_date");
        // The change feed carries them as the GET shows them.
        let mut retrospective_events = Vec::new();
        let mut after = String::new();
        loop {
            let page = app.get(&format!("/v1/events?limit=200{after}")).await;
            page.assert_status(StatusCode::OK);
            let page = page.json();
            let items = page["items"].as_array().expect("items").clone();
            if items.is_empty() {
                break;
            }
            retrospective_events.extend(items.into_iter().filter(|e| e["resource_type"] == "retrospective"));
            after = format!("&after={}", page["next_cursor"].as_str().expect("cursor"));
        }
        let last = retrospective_events.last().expect("a retrospective event");
        assert_eq!(last["data"]["next_answer_on"], "2026-12-16", "{last}");
        assert_eq!(last["data"]["client_summary"], "s", "{last}");
    }
}
