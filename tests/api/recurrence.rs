//! Repeats: a published gap that an action had already closed reopens the action.

use actix_web::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// An incident of the client with a `done` payment follow-up action; returns (incident, action).
async fn closed_action(app: &TestApp, client: &str) -> (String, String) {
    let incident = app.incident(client, json!({"summary": "first late payment"})).await;
    let action = app
        .post(
            "/v1/actions",
            json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Payment reminders", "owner": "Ioana", "due_date": "2099-01-01"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    for body in [
        json!({"status": "in_progress"}),
        json!({"status": "done", "completion_note": "Reminders set up."}),
    ] {
        app.patch(&format!("/v1/actions/{action}"), body)
            .await
            .assert_status(StatusCode::OK);
    }
    (incident, action)
}

async fn publish(app: &TestApp, incident: &str) {
    let body = json!({
        "what_happened": "Paid late again.",
        "gaps": [{"code": "payment_followup", "primary": true}],
        "status": "published",
        "correction": "Called the client.",
        "action_needed": false,
        "action_needed_rationale": "Covered by the reopened action."
    });
    let reply = app
        .json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), body)
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
}

async fn status_of(app: &TestApp, action: &str) -> Value {
    app.get(&format!("/v1/actions/{action}")).await.json()["status"].clone()
}

crate::backend_tests! {
    async fn a_repeat_reopens_the_action_and_marks_the_incident(app) {
        let client = app.client("C", "en").await;
        let (first, action) = closed_action(&app, &client).await;
        let again = app.incident(&client, json!({"summary": "late payment again"})).await;
        publish(&app, &again).await;

        assert_eq!(status_of(&app, &action).await, "reopened");
        let incident = app.get(&format!("/v1/incidents/{again}?lang=ro")).await.json();
        assert_eq!(
            incident["repeat_of"],
            json!([{"incident_id": first, "action_id": action, "gap": "payment_followup", "gap_name": "Plăți neurmărite"}])
        );
        let history = app.get(&format!("/v1/actions/{action}/history")).await.json();
        let last = history["items"].as_array().and_then(|items| items.last()).cloned().expect("an entry");
        assert_eq!((last["from"].clone(), last["to"].clone()), (json!("done"), json!("reopened")));
        assert_eq!(last["repeat_incident_id"], again.as_str());
        assert_eq!(last["changed_by"], json!(null));
        assert!(last["note"].as_str().expect("note").contains(&again), "{last}");

        let analysis = app.get(&format!("/v1/incidents/{again}/gap-analysis")).await.json();
        let candidate = analysis["candidates"]
            .as_array()
            .and_then(|c| c.iter().find(|c| c["gap"] == "payment_followup"))
            .cloned()
            .expect("payment_followup proposed");
        assert_eq!(candidate["earlier_actions"][0]["id"], action.as_str());
        assert!(candidate["earlier_actions"][0]["text"].as_str().expect("text").starts_with("This was supposed to be fixed by the action “Payment reminders”, done on "));

        // Publishing again does not count the same repeat twice.
        publish(&app, &again).await;
        assert_eq!(app.get(&format!("/v1/incidents/{again}")).await.json()["repeat_of"].as_array().map(Vec::len), Some(1));
        // The first incident's own retrospective is no repeat of its own action.
        publish(&app, &first).await;
        assert_eq!(app.get(&format!("/v1/incidents/{first}")).await.json()["repeat_of"], json!([]));
    }

    async fn another_clients_incident_is_no_repeat(app) {
        let one = app.client("One", "en").await;
        let other = app.client("Other", "en").await;
        let (_, action) = closed_action(&app, &one).await;
        let elsewhere = app.incident(&other, json!({})).await;
        publish(&app, &elsewhere).await;
        assert_eq!(status_of(&app, &action).await, "done");
        assert_eq!(app.get(&format!("/v1/incidents/{elsewhere}")).await.json()["repeat_of"], json!([]));
    }

    async fn across_clients_when_the_setting_is_on(app) {
        let app = app.with_repeats_across_clients();
        let one = app.client("One", "en").await;
        let other = app.client("Other", "en").await;
        let (first, action) = closed_action(&app, &one).await;
        let elsewhere = app.incident(&other, json!({})).await;
        publish(&app, &elsewhere).await;
        assert_eq!(status_of(&app, &action).await, "reopened");
        assert_eq!(app.get(&format!("/v1/incidents/{elsewhere}")).await.json()["repeat_of"][0]["incident_id"], first.as_str());
    }
}
