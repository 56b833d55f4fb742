//! Retrospectives: writing, publishing, the rules, the gap filter and the document.

use actix_web::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{error_fields, TestApp};

fn retrospective(status: &str) -> Value {
    json!({
        "what_happened": "The March invoice went 60 days unpaid.",
        "client_view": "Nobody reminded them.",
        "our_view": "We had no reminder routine.",
        "whys": ["Nobody sent a reminder.", "Reminders are nobody's job.", "Payment follow-up was never set up."],
        "gaps": [{"code": "contact_cadence"}, {"code": "payment_followup", "primary": true, "note": "No reminders at all."}],
        "lessons": "Reminders at 3, 10 and 30 days.",
        "status": status,
        "correction": "Called the client and agreed a payment date.",
        "action_needed": false,
        "action_needed_rationale": "A reminder routine is already being set up."
    })
}

async fn put(app: &TestApp, incident: &str, body: Value) -> crate::helpers::Reply {
    app.json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), body)
        .await
}

async fn incident_status(app: &TestApp, incident: &str) -> Value {
    app.get(&format!("/v1/incidents/{incident}")).await.json()["status"].clone()
}

crate::backend_tests! {
    async fn creates_replaces_and_reads(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let created = put(&app, &incident, retrospective("draft")).await;
        created.assert_status(StatusCode::CREATED);
        let body = created.json();
        assert_eq!(body["status"], "draft");
        assert_eq!(body["whys"][2], "Payment follow-up was never set up.");
        assert_eq!(body["gaps"][0]["code"], "payment_followup", "the primary gap first");
        assert_eq!(body["gaps"][0]["primary"], true);
        assert_eq!(body["gaps"][1]["note"], json!(null));
        assert_eq!(incident_status(&app, &incident).await, "open", "a draft does not move the incident");

        let mut changed = retrospective("draft");
        changed["whys"] = json!(["Only one why now."]);
        changed["gaps"] = json!([{"code": "escalation_path", "primary": true}]);
        let replaced = put(&app, &incident, changed).await;
        replaced.assert_status(StatusCode::OK);
        let read = app.get(&format!("/v1/incidents/{incident}/retrospective?lang=ro")).await;
        read.assert_status(StatusCode::OK);
        let read = read.json();
        assert_eq!(read["whys"], json!(["Only one why now."]));
        assert_eq!(read["gaps"], json!([{"code": "escalation_path", "name": "Fără cale de escaladare", "primary": true, "note": null}]));
        assert_eq!(read["status_label"], "Ciornă");
        assert_eq!(read["created_at"], body["created_at"], "replacing keeps the creation time");
    }

    async fn publishing_moves_an_open_incident_to_review(app) {
        let client = app.client("C", "en").await;
        let open = app.incident(&client, json!({})).await;
        put(&app, &open, retrospective("published")).await.assert_status(StatusCode::CREATED);
        assert_eq!(incident_status(&app, &open).await, "in_review");

        let closed = app.incident(&client, json!({"status": "closed"})).await;
        put(&app, &closed, retrospective("published")).await.assert_status(StatusCode::CREATED);
        assert_eq!(incident_status(&app, &closed).await, "closed", "a closed incident stays closed");
    }

    async fn refuses_broken_retrospectives_and_keeps_the_old_one(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        put(&app, &incident, retrospective("draft")).await.assert_status(StatusCode::CREATED);

        let mut two_primaries = retrospective("draft");
        two_primaries["gaps"] = json!([{"code": "payment_followup", "primary": true}, {"code": "contact_cadence", "primary": true}]);
        let problem = put(&app, &incident, two_primaries).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "gaps");
        assert_eq!(problem["errors"][0]["code"], "one_primary");

        let mut no_gaps = retrospective("published");
        no_gaps["gaps"] = json!([]);
        let problem = app
            .json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective?lang=ro"), no_gaps)
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "required_to_publish");
        assert_eq!(problem["errors"][0]["message"], "O retrospectivă publicată are nevoie de cel puțin o lacună confirmată.");

        let mut no_primary = retrospective("published");
        no_primary["gaps"] = json!([{"code": "payment_followup"}]);
        let problem = put(&app, &incident, no_primary).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "one_primary");

        let mut unknown = retrospective("draft");
        unknown["gaps"] = json!([{"code": "bad_luck", "primary": true}, {"code": "bad_luck"}]);
        let problem = put(&app, &incident, unknown.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["gaps[0].code", "gaps[1].code"]);
        assert_eq!(problem["errors"][0]["allowed"].as_array().map(Vec::len), Some(13));
        // Over its cap, a list stops the reading of the body: that is the one error.
        unknown["whys"] = json!(["1", "2", "3", "4", "5", "6", "7", "8"]);
        let problem = put(&app, &incident, unknown).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["whys"]);
        assert_eq!(problem["errors"][0]["code"], "too_many");

        let kept = app.get(&format!("/v1/incidents/{incident}/retrospective")).await.json();
        assert_eq!(kept["whys"].as_array().map(Vec::len), Some(3), "nothing was overwritten");
        assert_eq!(incident_status(&app, &incident).await, "open");
    }

    async fn missing_incidents_and_retrospectives_are_404(app) {
        let missing = uuid::Uuid::now_v7();
        put(&app, &missing.to_string(), retrospective("draft")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.get(&format!("/v1/incidents/{missing}/retrospective")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let problem = app
            .get(&format!("/v1/incidents/{incident}/retrospective?lang=el"))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
        assert!(problem["detail"].as_str().expect("detail").contains("δεν έχει ακόμη ανασκόπηση"), "{problem}");
        app.get(&format!("/v1/incidents/{incident}/retrospective/document")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn incidents_filter_by_confirmed_gap(app) {
        let client = app.client("C", "en").await;
        let paid_late = app.incident(&client, json!({"summary": "paid late"})).await;
        let rude = app.incident(&client, json!({"summary": "rude", "category": "abusive_conduct"})).await;
        app.incident(&client, json!({"summary": "no retrospective"})).await;
        put(&app, &paid_late, retrospective("published")).await.assert_status(StatusCode::CREATED);
        let mut conduct = retrospective("draft");
        conduct["gaps"] = json!([{"code": "conduct_boundaries", "primary": true}, {"code": "contact_cadence"}]);
        put(&app, &rude, conduct).await.assert_status(StatusCode::CREATED);

        let summaries = |body: Value| -> Vec<String> {
            body["items"].as_array().expect("items").iter().map(|i| i["summary"].as_str().unwrap_or_default().to_owned()).collect()
        };
        assert_eq!(summaries(app.get("/v1/incidents?gap=payment_followup").await.json()), ["paid late"]);
        assert_eq!(summaries(app.get("/v1/incidents?gap=conduct_boundaries").await.json()), ["rude"]);
        let mut both = summaries(app.get("/v1/incidents?gap=contact_cadence").await.json());
        both.sort();
        assert_eq!(both, ["paid late", "rude"]);
        assert_eq!(summaries(app.get("/v1/incidents?gap=scope_undefined").await.json()), Vec::<String>::new());
        app.get("/v1/incidents?gap=nope").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    async fn the_document_in_four_languages(app) {
        let client = app.client("Atelier <Popescu>", "ro").await;
        let incident = app.incident(&client, json!({"summary": "Invoice <b>unpaid</b>", "tags": ["billing"]})).await;
        app.post(
            &format!("/v1/incidents/{incident}/timeline"),
            json!({"kind": "email", "occurred_at": "2026-11-02T10:00:00Z", "author": "Ana", "body": "Reminder <script>alert(1)</script>"}),
        )
        .await
        .assert_status(StatusCode::CREATED);
        put(&app, &incident, retrospective("published")).await.assert_status(StatusCode::CREATED);

        let expected = [
            ("en", "Why did it happen?", "Payments not followed up", "Put payment terms and late fees"),
            ("ro", "De ce s-a întâmplat?", "Plăți neurmărite", "Treceți în contract condițiile de plată"),
            ("pl", "Dlaczego do tego doszło?", "Brak egzekwowania płatności", "Należy wpisać do umowy termin płatności"),
            ("el", "Γιατί συνέβη;", "Πληρωμές χωρίς παρακολούθηση", "Προβλέψτε στη σύμβαση τους όρους πληρωμής"),
        ];
        for (lang, whys, gap, prevention) in expected {
            let reply = app.get(&format!("/v1/incidents/{incident}/retrospective/document?lang={lang}")).await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.header("content-type"), Some("text/markdown; charset=utf-8"));
            let markdown = reply.text();
            for needle in [whys, gap, prevention, "Reminders are nobody's job."] {
                assert!(markdown.contains(needle), "{lang}: {needle} not in\n{markdown}");
            }
            assert!(markdown.contains("Invoice &lt;b&gt;unpaid&lt;/b&gt;") && !markdown.contains("<b>"), "{markdown}");

            let reply = app.get(&format!("/v1/incidents/{incident}/retrospective/document?format=html&lang={lang}")).await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"));
            let html = reply.text();
            assert!(html.starts_with("<!DOCTYPE html>") && html.contains(&format!("<html lang=\"{lang}\">")));
            for needle in [whys, gap, prevention, "Atelier &lt;Popescu&gt;", "Reminder &lt;script&gt;alert(1)&lt;/script&gt;"] {
                assert!(html.contains(needle), "{lang}: {needle} not in the HTML");
            }
            assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("<link"), "self-contained, escaped");
            assert!(html.contains("@media print"));
        }
        let problem = app
            .get(&format!("/v1/incidents/{incident}/retrospective/document?format=pdf"))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["allowed"], json!(["markdown", "html"]));
    }
}
