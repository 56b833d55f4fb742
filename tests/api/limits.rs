//! Bounded work for every request: capped lists (stated in the document, refused while the body
//! is read), at most 10,000 timeline entries per incident, and a gap analysis of a stored
//! incident that reads a bounded amount of text.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use clientretro::schema::timeline_entries;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

fn document() -> Value {
    clientretro::openapi::published(&clientretro::openapi::document())
}

/// Follows a `$ref` to its schema.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.trim_start_matches("#/components/schemas/");
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

/// Every array in every request body, as (method, path, property, maxItems, one item), the
/// nested ones (`external_refs[].…`) included: an array without `maxItems` fails here.
fn request_arrays(doc: &Value) -> Vec<(Method, String, String, u64, Value)> {
    let mut arrays = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            let Some(body) = operation["requestBody"]["content"]["application/json"]["schema"].as_object() else {
                continue;
            };
            let body = resolve(doc, &Value::Object(body.clone())).clone();
            let mut pending = vec![body.clone()];
            let mut seen = 0;
            while let Some(schema) = pending.pop() {
                seen += 1;
                assert!(seen < 100, "schemas nest too deep");
                for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                    let property = resolve(doc, property);
                    let is_array = property["type"] == "array"
                        || property["type"].as_array().is_some_and(|t| t.contains(&json!("array")));
                    if is_array {
                        let max = property["maxItems"]
                            .as_u64()
                            .unwrap_or_else(|| panic!("{method} {path}: `{name}` states no maxItems"));
                        let item = resolve(doc, &property["items"]);
                        let one = if item["type"] == "object" || item["properties"].is_object() {
                            json!({})
                        } else {
                            json!("x")
                        };
                        // Only top-level lists are sent below; nested ones must be stated too.
                        if schema == body {
                            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
                            arrays.push((method, path.clone(), name.clone(), max, one));
                        }
                        pending.push(item.clone());
                    } else if property["properties"].is_object() {
                        pending.push(property.clone());
                    }
                }
            }
        }
    }
    arrays
}

/// A path template with every parameter filled in.
fn concrete(path: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') {
                "019a0000-0000-7000-8000-000000000000"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Files `count` entries straight into the database, as a long-lived incident would have.
fn fill_timeline(app: &TestApp, incident: &str, count: usize, body: &str) {
    let mut conn = app.connection();
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("time");
    // One transaction; one row per INSERT, as the connection over both backends takes them.
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        for i in 0..count {
            diesel::insert_into(timeline_entries::table)
                .values((
                    timeline_entries::id.eq(uuid::Uuid::now_v7().to_string()),
                    timeline_entries::incident_id.eq(incident),
                    timeline_entries::kind.eq("note"),
                    timeline_entries::occurred_at.eq(at + chrono::Duration::seconds(i as i64)),
                    timeline_entries::author.eq("Ana"),
                    timeline_entries::body.eq(body),
                    timeline_entries::created_at.eq(at),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
    .expect("insert entries");
}

fn entry(body: &str, at: &str) -> Value {
    json!({"kind": "email", "occurred_at": at, "author": "Ana", "body": body})
}

backend_tests! {
    async fn every_list_in_a_body_is_capped_as_the_document_says(app) {
        let doc = document();
        let arrays = request_arrays(&doc);
        let named: Vec<&str> = arrays.iter().map(|(_, _, name, _, _)| name.as_str()).collect();
        for expected in ["tags", "external_refs", "whys", "gaps", "event_types", "incident_ids"] {
            assert!(named.contains(&expected), "{expected} is not among {named:?}");
        }
        for (method, path, name, max, one) in arrays {
            let what = format!("{method} {path} {name}");
            let over = json!({ name.clone(): vec![one.clone(); max as usize + 1] });
            let request = TestRequest::default().method(method.clone()).uri(&format!("{}?lang=pl", concrete(&path))).set_json(over);
            let reply = app.send(request).await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"].as_array().map(Vec::len), Some(1), "{what}: {problem}");
            assert_eq!(problem["errors"][0]["field"], name.as_str(), "{what}: {problem}");
            assert_eq!(problem["errors"][0]["code"], "too_many", "{what}: {problem}");
            let message = problem["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(message.contains(&max.to_string()), "{what}: {message}");
            assert_eq!(problem["title"], "Nieprawidłowe dane", "{what}");
            // At the cap the list is read: whatever else is wrong, it is not too long.
            let at_cap = json!({ name.clone(): vec![one; max as usize] });
            let request = TestRequest::default().method(method).uri(&concrete(&path)).set_json(at_cap);
            let reply = app.send(request).await;
            assert!(reply.status.is_client_error() || reply.status.is_success(), "{what}: {}", reply.status);
            assert!(!reply.text().contains("too_many"), "{what}: {}", reply.text());
        }
    }

    async fn a_huge_list_is_refused_before_it_is_built(app) {
        // 1 MiB of one-character tags: 200,000 of them; the answer is the cap, not a 500 or a wait.
        let tags = vec!["a"; 200_000];
        let client = app.client("Ana", "en").await;
        let body = json!({"client_id": client, "category": "late_payment", "severity": "low",
            "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": "x", "tags": tags});
        let started = std::time::Instant::now();
        let reply = app.send(TestRequest::post().uri("/v1/incidents?lang=ro").set_payload(body.to_string()).insert_header(("Content-Type", "application/json"))).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "tags");
        assert_eq!(problem["errors"][0]["message"], "Sunt permise cel mult 20 de elemente.");
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
        assert!(app.get("/v1/incidents").await.json()["items"].as_array().is_some_and(Vec::is_empty));
    }

    async fn an_incident_holds_at_most_10000_timeline_entries(app) {
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({})).await;
        fill_timeline(&app, &incident, 9_999, "Called again.");
        let path = format!("/v1/incidents/{incident}/timeline");
        app.post(&path, entry("The 10,000th.", "2026-11-02T09:00:00Z")).await.assert_status(StatusCode::CREATED);
        for (lang, detail) in [
            ("en", "An incident's timeline holds at most 10000 entries; remove one before adding another."),
            ("ro", "Cronologia unui incident poate avea cel mult 10000 de înregistrări; ștergeți una înainte de a adăuga alta."),
            ("pl", "Oś czasu incydentu może zawierać najwyżej 10000 wpisów; aby dodać kolejny, należy najpierw usunąć jeden z nich."),
            ("el", "Το χρονολόγιο ενός περιστατικού χωράει το πολύ 10000 καταχωρίσεις· διαγράψτε μία πριν προσθέσετε άλλη."),
        ] {
            let refused = app.post(&format!("{path}?lang={lang}"), entry("One too many.", "2026-11-03T09:00:00Z")).await;
            let problem = refused.assert_problem(StatusCode::CONFLICT, "timeline_full");
            assert_eq!(problem["detail"], detail);
        }
        let mut conn = app.connection();
        let stored: i64 = timeline_entries::table
            .filter(timeline_entries::incident_id.eq(&incident))
            .count()
            .get_result(&mut conn)
            .expect("count");
        assert_eq!(stored, 10_000);
        // Another incident is not affected, and removing an entry makes room again.
        let other = app.incident(&client, json!({})).await;
        app.post(&format!("/v1/incidents/{other}/timeline"), entry("Fine.", "2026-11-03T09:00:00Z")).await.assert_status(StatusCode::CREATED);
        let first = app.get(&format!("{path}?limit=1")).await.json()["items"][0]["id"].as_str().expect("id").to_owned();
        app.delete(&format!("{path}/{first}")).await.assert_status(StatusCode::NO_CONTENT);
        app.post(&path, entry("Room again.", "2026-11-03T09:00:00Z")).await.assert_status(StatusCode::CREATED);
    }

    async fn gap_analysis_of_an_incident_reads_its_newest_64_ki_characters(app) {
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({"category": "scope_dispute", "summary": "Argument about the brief"})).await;
        let path = format!("/v1/incidents/{incident}/timeline");
        app.post(&path, entry("Nobody sent a reminder for the invoice.", "2026-10-01T09:00:00Z")).await.assert_status(StatusCode::CREATED);
        let quoted = |analysis: &Value| analysis.to_string().to_lowercase().contains("nobody sent a reminder");
        let before = app.get(&format!("/v1/incidents/{incident}/gap-analysis")).await;
        before.assert_status(StatusCode::OK);
        assert!(quoted(&before.json()), "the oldest entry is read while the timeline is short: {}", before.text());
        // Four newer entries of 20,000 characters: 80,000, past the 65,536 read.
        let filler = "Meeting notes. ".repeat(20_000 / 15);
        for day in 2..6 {
            app.post(&path, entry(&filler, &format!("2026-10-0{day}T09:00:00Z"))).await.assert_status(StatusCode::CREATED);
        }
        let after = app.get(&format!("/v1/incidents/{incident}/gap-analysis")).await;
        after.assert_status(StatusCode::OK);
        assert!(!quoted(&after.json()), "the oldest entry is past the budget: {}", after.text());
        // The newest entries are what is read: the same phrase, newest, is found again.
        app.post(&path, entry("Nobody sent a reminder for the invoice.", "2026-10-09T09:00:00Z")).await.assert_status(StatusCode::CREATED);
        let newest = app.get(&format!("/v1/incidents/{incident}/gap-analysis")).await;
        assert!(quoted(&newest.json()), "{}", newest.text());
    }
}

#[test]
fn the_document_states_how_much_text_an_incident_analysis_reads() {
    let doc = document();
    let description = doc["paths"]["/v1/incidents/{id}/gap-analysis"]["get"]["description"]
        .as_str()
        .unwrap_or_default();
    assert!(description.contains("65,536 characters"), "{description}");
    assert_eq!(clientretro::routes::gaps::INCIDENT_TEXT_MAX, 65_536);
}
