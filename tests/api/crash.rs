//! Crash safety: incidents are filed continuously while the server is killed with SIGKILL, again
//! and again. Every incident that was acknowledged (201) must be there after the restart, whole
//! (with its tags and its webhook event), and no incident may be there in part.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use diesel::prelude::*;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;
use crate::server::Server;

const ROUNDS: usize = 20;
const WRITERS: usize = 8;

/// Files incidents until the server stops answering; returns the ids it acknowledged.
async fn file_until_refused(
    http: reqwest::Client,
    base: String,
    key: String,
    client: String,
    writer: usize,
) -> Vec<String> {
    let mut acknowledged = Vec::new();
    for n in 0.. {
        let body = json!({
            "client_id": client, "category": "late_payment", "severity": "medium",
            "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Load", "summary": format!("writer {writer} #{n}"),
            "tags": ["crash-test", format!("writer-{writer}")]
        });
        let sent = http
            .post(format!("{base}/v1/incidents"))
            .bearer_auth(&key)
            .header("Content-Type", "application/json")
            .body(body.to_string())
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        let Ok(response) = sent else { break };
        if response.status().as_u16() != 201 {
            break;
        }
        let Ok(text) = response.text().await else { break };
        let created: Value = serde_json::from_str(&text).expect("a 201 carries the incident");
        acknowledged.push(created["id"].as_str().expect("id").to_owned());
    }
    acknowledged
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// Per incident: its tag count, and per incident (from the payloads): its webhook events and statuses.
fn stored(app: &TestApp) -> (BTreeMap<String, i64>, BTreeMap<String, Vec<String>>) {
    let mut conn = app.connection();
    let tags: Vec<Row> = diesel::sql_query(
        "SELECT i.id AS id, COUNT(t.tag) AS n FROM incidents i LEFT JOIN incident_tags t ON t.incident_id = i.id GROUP BY i.id",
    )
    .load(&mut conn)
    .expect("tags");
    let deliveries: Vec<(String, String)> = clientretro::schema::webhook_deliveries::table
        .select((
            clientretro::schema::webhook_deliveries::payload,
            clientretro::schema::webhook_deliveries::status,
        ))
        .load(&mut conn)
        .expect("deliveries");
    let mut events: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (payload, status) in deliveries {
        let payload: Value = serde_json::from_str(&payload).expect("stored payload");
        events
            .entry(payload["data"]["id"].as_str().expect("id").to_owned())
            .or_default()
            .push(status);
    }
    (tags.into_iter().map(|r| (r.id, r.n)).collect(), events)
}

backend_tests! {
    async fn acknowledged_incidents_survive_sigkill_whole(app) {
        let mut server = Server::start(&app.database_url(), &[("CLIENTRETRO_RATE_LIMIT", "0")]).await;
        // One client for all writers: making one costs tens of milliseconds (it loads the system's
        // certificates), which would eat the whole window before a kill.
        let http = reqwest::Client::new();
        let post = |path: &str, body: Value| {
            http.post(format!("{}{path}", server.base))
                .bearer_auth(&app.key)
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .send()
        };
        // Events stay pending: the subscriber's address is valid but nothing listens there.
        let hook = post("/v1/webhooks", json!({"url": "https://hooks.invalid/clientretro", "event_types": ["incident.created"]}))
            .await.expect("answers");
        assert_eq!(hook.status().as_u16(), 201);
        let client: Value = serde_json::from_str(&post("/v1/clients", json!({"name": "Load"})).await.expect("answers").text().await.expect("body")).expect("json");
        let client = client["id"].as_str().expect("id").to_owned();

        let mut acknowledged = BTreeSet::new();
        for round in 0..ROUNDS {
            let writers: Vec<_> = (0..WRITERS)
                .map(|w| {
                    let writer = file_until_refused(http.clone(), server.base.clone(), app.key.clone(), client.clone(), w);
                    actix_web::rt::spawn(writer)
                })
                .collect();
            // Killed somewhere in the middle of the load: 50 to 240 ms in.
            actix_web::rt::time::sleep(Duration::from_millis(50 + (round as u64 * 37) % 190)).await;
            server.kill();
            for writer in writers {
                acknowledged.extend(writer.await.expect("writer"));
            }
            server.restart().await;
        }
        drop(server);

        let (tags, events) = stored(&app);
        let found = acknowledged.iter().filter(|id| tags.contains_key(*id)).count();
        let report = format!(
            "crash test ({}): {ROUNDS} SIGKILLs under {WRITERS} writers; acknowledged {}, found {found} of them; {} incidents stored in all ({} committed but not acknowledged before the kill)",
            app.backend(),
            acknowledged.len(),
            tags.len(),
            tags.len() - found,
        );
        eprintln!("{report}");
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        std::fs::write(dir.join(format!("crash-{}.txt", app.backend())), format!("{report}\n")).expect("report written");

        assert!(acknowledged.len() >= ROUNDS * 5, "the load was too light to mean anything: {report}");
        assert_eq!(found, acknowledged.len(), "acknowledged incidents lost: {report}");
        for (id, tag_count) in &tags {
            assert_eq!(*tag_count, 2, "incident {id} is there without all its tags");
            let statuses = events.get(id).unwrap_or_else(|| panic!("incident {id} is there without its webhook event"));
            assert_eq!(statuses.len(), 1, "incident {id} has {} events", statuses.len());
            assert!(statuses.iter().all(|s| s == "pending" || s == "delivered" || s == "failed"), "{statuses:?}");
        }
        assert_eq!(events.len(), tags.len(), "an event without its incident");
    }
}
