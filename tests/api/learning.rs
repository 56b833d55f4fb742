//! The gap finder learns from every published retrospective: the next similar incident is
//! weighed against it, in every replica within seconds, and a retrospective taken back to
//! draft is forgotten.

use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use clientretro::learning::REFRESH;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;

/// An incident whose wording the shipped knowledge does not tie to `internal_handoff`.
const STRANGE: &str = "Zorblat quintex vardomen plissary";

async fn publish(app: &TestApp, incident: &str, gap: &str, status: &str) {
    let reply = app
        .json(
            Method::PUT,
            &format!("/v1/incidents/{incident}/retrospective"),
            json!({"what_happened": "It happened.", "client_view": "Upset.", "our_view": "We missed it.",
                   "whys": ["Because."], "gaps": [{"code": gap, "primary": true}], "lessons": "Learn.",
                   "status": status, "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
}

async fn analyse(app: &TestApp, text: &str) -> Value {
    let reply = app
        .post("/v1/gap-analysis", json!({"summary": text, "language": "en"}))
        .await;
    reply.assert_status(StatusCode::OK);
    reply.json()
}

fn similar_reason(analysis: &Value, gap: &str) -> Option<Value> {
    analysis["candidates"].as_array()?.iter().find(|c| c["gap"] == gap)?["reasons"]
        .as_array()?
        .iter()
        .find(|r| r["kind"] == "similar_incident")
        .cloned()
}

/// Waits until the replica has learned from `count` retrospectives: it looks for changes every
/// `REFRESH`, so give it ten of them.
async fn learned_from(replica: &TestApp, count: u64) {
    let deadline = std::time::Instant::now() + REFRESH * 10;
    loop {
        let finder = replica.get("/v1/gaps/finder").await.json();
        if finder["learned_from"] == count {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still {finder} after {:?}",
            REFRESH * 10
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

backend_tests! {
    async fn a_published_retrospective_teaches_every_replica_and_a_draft_unteaches(app) {
        let other = app.replica();
        assert_eq!(app.get("/v1/gaps/finder").await.json()["learned_from"], 0);
        let before = analyse(&app, STRANGE).await;
        assert!(similar_reason(&before, "internal_handoff").is_none(), "{before}");

        let client = app.client("Atelier", "en").await;
        let incident = app
            .incident(&client, json!({"summary": format!("{STRANGE} again"), "category": "other", "language": "en"}))
            .await;
        publish(&app, &incident, "internal_handoff", "published").await;
        for replica in [&app, &other] {
            learned_from(replica, 1).await;
        }

        for replica in [&app, &other] {
            let finder = replica.get("/v1/gaps/finder").await.json();
            assert_eq!(finder["learned_from"], 1, "{finder}");
            assert!(finder["trained_on"].as_u64().is_some_and(|n| n > 400), "{finder}");
            let after = analyse(replica, STRANGE).await;
            assert_eq!(after["candidates"][0]["gap"], "internal_handoff", "{after}");
            let reason = similar_reason(&after, "internal_handoff").expect("a similar-incident reason");
            assert_eq!(reason["incident_id"], incident.as_str());
            assert!(reason["text"].as_str().is_some_and(|t| t.contains('%')), "{reason}");
        }
        // The incident's own analysis does not count its own confirmation.
        let own = app.get(&format!("/v1/incidents/{incident}/gap-analysis")).await.json();
        assert!(similar_reason(&own, "internal_handoff").is_none(), "{own}");

        publish(&app, &incident, "internal_handoff", "draft").await;
        learned_from(&other, 0).await;
        assert!(similar_reason(&analyse(&other, STRANGE).await, "internal_handoff").is_none());
    }
}
