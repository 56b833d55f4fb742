//! The corrective-action record: what publishing needs, an action's kind and criterion, and the
//! CAPA export (ISO 9001 10.2).

use actix_web::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{error_fields, TestApp};

/// A retrospective that may be published: the record complete, no action needed.
pub fn publishable(gap: &str) -> Value {
    json!({
        "what_happened": "Paid late again.",
        "gaps": [{"code": gap, "primary": true}],
        "status": "published",
        "correction": "Called the client and agreed a payment date.",
        "action_needed": false,
        "action_needed_rationale": "An action for this gap is already running."
    })
}

async fn put_retro(app: &TestApp, incident: &str, body: Value) -> crate::helpers::Reply {
    app.json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), body)
        .await
}

async fn action(app: &TestApp, incident: &str, gap: &str, extra: Value) -> crate::helpers::Reply {
    let mut body = json!({"gap": gap, "incident_ids": [incident], "title": "Payment reminders", "owner": "Ioana", "due_date": "2099-01-01"});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    app.post("/v1/actions", body).await
}

/// Cells a spreadsheet would run as formulas, in the texts a person wrote.
const HOSTILE: [&str; 4] = [
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
];

crate::backend_tests! {
    // ISO 9001 10.2.2: the record of every nonconformity with a published retrospective.
    async fn the_capa_export_of_a_thousand_incidents_has_one_complete_row_each(app) {
        let categories = ["late_payment", "abusive_conduct", "unresponsive", "scope_dispute", "dissatisfaction"];
        let gaps = ["payment_followup", "conduct_boundaries", "intake_checklist", "scope_undefined", "contact_cadence"];
        let clients: Vec<Value> = (0..10)
            .map(|c| json!({"name": format!("Ștefănescu & Fiii {c}"), "preferred_language": "ro", "external_refs": [{"source": "crm", "external_id": format!("c{c}")}]}))
            .collect();
        let reply = app.post("/v1/clients/batch", json!({"items": clients})).await;
        reply.assert_status(StatusCode::OK);
        let mut ids = Vec::new();
        for chunk in 0..10 {
            let items: Vec<Value> = (0..100).map(|k| {
                let n = chunk * 100 + k;
                let summary = if n % 97 == 0 { HOSTILE[n / 97 % 4].to_owned() } else { format!("Incident {n}: „factură” neplătită, \"ghilimele\"") };
                json!({
                    "client_ref": {"source": "crm", "external_id": format!("c{}", n % 10)},
                    "external_ref": {"source": "crm", "external_id": format!("t{n}")},
                    "category": categories[n % 5], "severity": "medium",
                    "occurred_at": format!("2026-0{}-{:02}T09:00:00Z", 1 + n % 9, 1 + n % 28),
                    "reported_by": "Ana", "summary": summary,
                })
            }).collect();
            let results = app.post("/v1/incidents/batch", json!({"items": items})).await.json()["results"].clone();
            for result in results.as_array().expect("results") {
                assert_eq!(result["status"], 201, "{result}");
                ids.push(result["data"]["id"].as_str().expect("id").to_owned());
            }
        }
        // 900 published (a third with an action), 100 drafts left out of the record.
        let mut published = std::collections::BTreeSet::new();
        for (n, incident) in ids.iter().enumerate() {
            let gap = gaps[n % 5];
            let mut body = publishable(gap);
            body["gaps"] = json!([{"code": gap, "primary": true}, {"code": "evidence_trail"}]);
            body["correction"] = json!(if n % 89 == 0 { HOSTILE[n % 4].to_owned() } else { format!("Sunat clientul; plan de plată.\nRând doi, {n}") });
            if n % 10 == 9 {
                body["status"] = json!("draft");
            } else {
                published.insert(incident.clone());
            }
            if n % 3 == 0 {
                action(&app, incident, gap, json!({"title": format!("Acțiune {n}"), "effectiveness": "no_repeat_for_client", "window_days": 60})).await.assert_status(StatusCode::CREATED);
                body["action_needed"] = json!(true);
                body.as_object_mut().expect("object").remove("action_needed_rationale");
            }
            let reply = put_retro(&app, incident, body).await;
            assert!(reply.status.is_success(), "{}", reply.text());
        }

        let reply = app.get("/v1/reports/capa?format=csv&lang=ro").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(reply.header("content-disposition").is_some_and(|d| d.starts_with("attachment") && d.contains(".csv")));
        assert!(reply.body.starts_with("\u{feff}".as_bytes()), "a byte-order mark for Excel");
        let text = std::str::from_utf8(&reply.body[3..]).expect("UTF-8");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = reader.headers().expect("headers").iter().map(str::to_owned).collect();
        assert_eq!(headers.len(), 15);
        assert_eq!(&headers[..3], ["Incident", "Identificator din CRM", "Client"]);
        assert!(headers.contains(&"Cauze (lacune confirmate)".to_owned()), "{headers:?}");
        let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name}"));
        let required = ["Incident", "Identificator din CRM", "Client", "Data și ora incidentului (UTC)", "Natura incidentului", "Gravitate", "Rezumat", "Corecție", "Cauze (lacune confirmate)", "Acțiune necesară", "Data publicării retrospectivei (UTC)"];
        let mut seen = std::collections::BTreeSet::new();
        let mut defused = 0;
        for record in reader.records() {
            let record = record.expect("a well-formed row");
            assert_eq!(record.len(), 15);
            for name in required {
                assert!(!record[column(name)].trim().is_empty(), "empty {name} in {record:?}");
            }
            match &record[column("Acțiune necesară")] {
                "Da" => {
                    assert!(record[column("Acțiuni")].contains("Acțiune corectivă"), "{record:?}");
                    assert!(record[column("Eficacitate")].contains("neevaluată încă") || record[column("Eficacitate")].contains("Nicio repetare"), "{record:?}");
                }
                "Nu" => assert!(!record[column("Justificare")].is_empty(), "{record:?}"),
                other => panic!("action needed is {other}"),
            }
            assert!(record[column("Cauze (lacune confirmate)")].contains("(principală)"), "{record:?}");
            for cell in record.iter() {
                assert!(!cell.starts_with(['=', '+', '-', '@']), "a formula left live: {cell}");
                if HOSTILE.iter().any(|h| cell == format!("'{h}")) {
                    defused += 1;
                }
            }
            assert!(seen.insert(record[0].to_owned()), "one row per incident");
        }
        assert_eq!(seen, published);
        assert!(defused >= 15, "the hostile texts are kept, defused: {defused}");

        let json = app.get("/v1/reports/capa?lang=el").await.json();
        let items = json["items"].as_array().expect("items");
        assert_eq!(items.len(), 900);
        assert!(items.iter().all(|i| i["correction"].is_string() && i["gaps"][0]["primary"] == true && !i["category_label"].as_str().unwrap_or_default().is_empty()));
        let march = app.get("/v1/reports/capa?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z").await.json();
        let march = march["items"].as_array().expect("items");
        assert!(!march.is_empty() && march.len() < 200, "{}", march.len());
        assert!(march.iter().all(|i| i["occurred_at"].as_str().is_some_and(|t| t.starts_with("2026-03"))));
        let problem = app.get("/v1/reports/capa?format=xlsx").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!((problem["errors"][0]["field"].clone(), problem["errors"][0]["code"].clone()), (json!("format"), json!("unknown_code")));
    }

    async fn publishing_needs_the_whole_record_and_an_action_when_action_is_needed(app) {
        let client = app.client("C", "pl").await;
        let incident = app.incident(&client, json!({})).await;
        let bare = json!({"what_happened": "x", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published"});
        let problem = put_retro(&app, &incident, bare.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["correction", "action_needed"]);
        // A draft needs none of it.
        let mut draft = bare.clone();
        draft["status"] = json!("draft");
        put_retro(&app, &incident, draft).await.assert_status(StatusCode::CREATED);

        let mut no_rationale = publishable("payment_followup");
        no_rationale.as_object_mut().expect("object").remove("action_needed_rationale");
        let reply = app
            .send(actix_web::test::TestRequest::put()
                .uri(&format!("/v1/incidents/{incident}/retrospective"))
                .insert_header(("Accept-Language", "pl"))
                .set_json(no_rationale))
            .await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "action_needed_rationale");
        assert_eq!(problem["errors"][0]["code"], "needed_to_publish");
        assert_eq!(problem["errors"][0]["message"], "Opublikowana retrospektywa musi mieć wypełnione to pole.");

        // Action needed: an action for one of its confirmed gaps must exist, not cancelled.
        let mut needed = publishable("payment_followup");
        needed["action_needed"] = json!(true);
        let problem = put_retro(&app, &incident, needed.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!((problem["errors"][0]["field"].clone(), problem["errors"][0]["code"].clone()), (json!("action_needed"), json!("no_action_for_gap")));
        action(&app, &incident, "contact_cadence", json!({})).await.assert_status(StatusCode::CREATED);
        put_retro(&app, &incident, needed.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let cancelled = action(&app, &incident, "payment_followup", json!({})).await.json()["id"].as_str().expect("id").to_owned();
        app.patch(&format!("/v1/actions/{cancelled}"), json!({"status": "cancelled"})).await.assert_status(StatusCode::OK);
        put_retro(&app, &incident, needed.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        action(&app, &incident, "payment_followup", json!({"kind": "corrective"})).await.assert_status(StatusCode::CREATED);
        let published = put_retro(&app, &incident, needed).await;
        published.assert_status(StatusCode::OK);
        let body = published.json();
        assert_eq!(body["correction"], "Called the client and agreed a payment date.");
        assert_eq!(body["action_needed"], true);
        assert_eq!(body["escape_point"], json!(null));
    }

    async fn an_action_has_a_kind_and_a_criterion_with_its_window(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let made = action(&app, &incident, "payment_followup", json!({})).await.json();
        assert_eq!((made["kind"].clone(), made["effectiveness"].clone(), made["window_days"].clone()), (json!("corrective"), json!("manual"), json!(null)));
        assert_eq!(made["kind_label"], "Corrective action");

        for (extra, field, code) in [
            (json!({"effectiveness": "no_repeat_for_client"}), "window_days", "required"),
            (json!({"effectiveness": "no_repeat_for_client", "window_days": 0}), "window_days", "out_of_range"),
            (json!({"effectiveness": "no_repeat_any_client", "window_days": 731}), "window_days", "out_of_range"),
            (json!({"window_days": 30}), "window_days", "window_needs_criterion"),
            (json!({"effectiveness": "sometimes"}), "effectiveness", "unknown_code"),
            (json!({"kind": "curative"}), "kind", "unknown_code"),
        ] {
            let problem = action(&app, &incident, "payment_followup", extra.clone()).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!((problem["errors"][0]["field"].clone(), problem["errors"][0]["code"].clone()), (json!(field), json!(code)), "{extra}");
        }

        // JSON Schema's integer admits 90.0; 90.5 is no whole number.
        let problem = action(&app, &incident, "payment_followup", json!({"effectiveness": "no_repeat_for_client", "window_days": 90.5})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!((problem["errors"][0]["field"].clone(), problem["errors"][0]["code"].clone()), (json!("window_days"), json!("wrong_type")));
        let judged = action(&app, &incident, "payment_followup", json!({"kind": "preventive", "effectiveness": "no_repeat_any_client", "window_days": 90.0})).await;
        judged.assert_status(StatusCode::CREATED);
        let id = judged.json()["id"].as_str().expect("id").to_owned();
        let path = format!("/v1/actions/{id}");
        // The window alone changes; going manual drops it; leaving manual needs one again.
        assert_eq!(judged.json()["window_days"], 90);
        assert_eq!(app.patch(&path, json!({"window_days": 30})).await.json()["window_days"], 30);
        let manual = app.patch(&path, json!({"effectiveness": "manual"})).await.json();
        assert_eq!((manual["effectiveness"].clone(), manual["window_days"].clone()), (json!("manual"), json!(null)));
        let problem = app.patch(&path, json!({"effectiveness": "no_repeat_for_client"})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "window_days");
        let romanian = app.patch(&format!("{path}?lang=ro"), json!({"effectiveness": "no_repeat_for_client", "window_days": 45, "kind": "correction"})).await.json();
        assert_eq!((romanian["kind_label"].clone(), romanian["effectiveness_label"].clone()), (json!("Corecție"), json!("Nicio repetare la acest client")));
    }
}
