//! Signed webhooks: subscriptions, the address rules, and delivery to a receiver that checks
//! every signature with the Standard Webhooks library, through failures and retries.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use actix_web::http::{Method, StatusCode};
use clientretro::config::WebhookSettings;
use clientretro::webhooks::Worker;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{error_fields, TestApp};
use crate::receiver::Receiver;

/// Retries within a test's patience.
fn quick() -> WebhookSettings {
    WebhookSettings {
        allow_private: true,
        timeout: Duration::from_secs(2),
        first_retry_delay: Duration::from_millis(100),
        max_retry_delay: Duration::from_millis(300),
        give_up_after: Duration::from_secs(3600),
        poll_interval: Duration::from_millis(50),
        ..WebhookSettings::default()
    }
}

const ALL_EVENTS: [&str; 11] = [
    "incident.created",
    "incident.updated",
    "incident.repeat_detected",
    "retrospective.published",
    "action.created",
    "action.status_changed",
    "action.verdict",
    "action.due_soon",
    "action.overdue",
    "retrospective.overdue",
    "client.at_risk",
];

/// Subscribes the receiver to `events`; returns the webhook id.
async fn subscribe(app: &TestApp, receiver: &Receiver, events: &[&str]) -> String {
    let reply = app
        .post("/v1/webhooks", json!({"url": receiver.url(), "event_types": events}))
        .await;
    reply.assert_status(StatusCode::CREATED);
    let body = reply.json();
    receiver.set_secret(body["secret"].as_str().expect("secret"));
    body["id"].as_str().expect("id").to_owned()
}

/// Delivers until the receiver has `count` distinct verified webhook-ids.
async fn deliver_until(worker: &Worker, receiver: &Receiver, count: usize) -> Vec<crate::receiver::Received> {
    for _ in 0..200 {
        worker.deliver_due().await.expect("a delivery round");
        let verified: BTreeSet<String> = receiver
            .received()
            .into_iter()
            .filter(|r| r.verified)
            .map(|r| r.webhook_id)
            .collect();
        if verified.len() >= count {
            return receiver.received();
        }
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("only got {:#?}", receiver.received());
}

async fn deliveries(app: &TestApp, webhook: &str) -> Vec<Value> {
    app.get(&format!("/v1/webhooks/{webhook}/deliveries")).await.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// A host name that resolves to this machine's loopback address but is not `localhost` (so only
/// the resolver can tell): the machine's own name, as Debian's /etc/hosts maps it. Falls back to
/// `localhost`, which the URL check refuses by name.
fn loopback_name() -> String {
    use std::net::ToSocketAddrs;
    let name = std::fs::read_to_string("/etc/hostname")
        .unwrap_or_default()
        .trim()
        .to_owned();
    let loopback_only = (name.as_str(), 80)
        .to_socket_addrs()
        .map(|mut addrs| addrs.all(|a| a.ip().is_loopback()))
        .unwrap_or(false);
    if !name.is_empty() && loopback_only {
        name
    } else {
        "localhost".into()
    }
}

backend_tests! {
    async fn a_subscription_is_managed_and_its_secret_shown_only_when_made(app) {
        let created = app
            .post("/v1/webhooks", json!({"url": "https://crm.example.com/hook", "event_types": ["incident.created"], "description": "HubSpot"}))
            .await;
        created.assert_status(StatusCode::CREATED);
        let body = created.json();
        let secret = body["secret"].as_str().expect("secret").to_owned();
        assert!(secret.starts_with("whsec_"), "{secret}");
        let id = body["id"].as_str().expect("id").to_owned();
        let path = format!("/v1/webhooks/{id}");

        let read = app.get(&path).await.json();
        assert!(read.get("secret").is_none(), "{read}");
        assert_eq!(read["event_types"], json!(["incident.created"]));
        assert!(!app.get("/v1/webhooks").await.text().contains(&secret));

        let updated = app.patch(&path, json!({"event_types": ["incident.created", "action.overdue"], "description": null})).await;
        updated.assert_status(StatusCode::OK);
        assert_eq!(updated.json()["event_types"], json!(["incident.created", "action.overdue"]));
        assert!(updated.json()["description"].is_null());

        let rotated = app.post(&format!("{path}/rotate-secret"), json!({})).await;
        rotated.assert_status(StatusCode::OK);
        let new_secret = rotated.json()["secret"].as_str().expect("secret").to_owned();
        assert!(new_secret.starts_with("whsec_") && new_secret != secret);

        assert!(deliveries(&app, &id).await.is_empty());
        app.delete(&path).await.assert_status(StatusCode::NO_CONTENT);
        app.get(&format!("{path}?lang=ro")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn subscriptions_are_validated(app) {
        let reply = app.post("/v1/webhooks?lang=pl", json!({"url": "ftp://x", "event_types": ["incident.exploded", "incident.created", "incident.created"]})).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["url", "event_types[0]", "event_types[2]"]);
        assert_eq!(problem["errors"][0]["code"], "invalid_url");
        assert_eq!(problem["errors"][1]["allowed"].as_array().map(Vec::len), Some(ALL_EVENTS.len()));
        let empty = app.post("/v1/webhooks", json!({"url": "https://a.example/", "event_types": []})).await;
        assert_eq!(error_fields(&empty.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed")), ["event_types"]);
    }

    async fn private_addresses_need_the_operator_and_metadata_addresses_are_never_allowed(app) {
        // This test app allows private addresses (the receivers run on 127.0.0.1)...
        for url in ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/hook"] {
            let reply = app.post("/v1/webhooks?lang=el", json!({"url": url, "event_types": ["incident.created"]})).await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "link_local_address", "{url}");
            assert!(problem["errors"][0]["message"].as_str().is_some_and(|m| m.contains("link-local")));
        }
        app.post("/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook", "event_types": ["incident.created"]}))
            .await
            .assert_status(StatusCode::CREATED);
        // ...a default server does not.
        let strict = app.with_strict_webhook_addresses();
        for url in ["http://127.0.0.1:9/hook", "http://10.0.0.8/hook", "http://localhost/hook", "http://[::1]/hook"] {
            let reply = strict.post("/v1/webhooks", json!({"url": url, "event_types": ["incident.created"]})).await;
            let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(problem["errors"][0]["code"], "private_address", "{url}");
        }
        assert_eq!(strict.get("/v1/webhooks").await.json()["items"].as_array().map(Vec::len), Some(1));
    }

    async fn every_event_reaches_the_receiver_signed_and_exactly_once(app) {
        let app = app.with_webhook_settings(quick());
        let mut receiver = Receiver::new();
        receiver.start();
        let webhook = subscribe(&app, &receiver, &ALL_EVENTS).await;
        let worker = app.webhook_worker();

        let client = app.client("Atelier", "ro").await;
        let first = app.incident(&client, json!({"summary": "first late payment"})).await;
        app.patch(&format!("/v1/incidents/{first}"), json!({"severity": "high"})).await.assert_status(StatusCode::OK);
        let action = app
            .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [first], "title": "Reminders", "owner": "Ioana", "due_date": "2020-01-01"}))
            .await
            .json()["id"].as_str().expect("id").to_owned();
        worker.housekeeping().await; // the action is overdue: announced once
        worker.housekeeping().await;
        for body in [json!({"status": "in_progress"}), json!({"status": "done", "completion_note": "Set up."})] {
            app.patch(&format!("/v1/actions/{action}"), body).await.assert_status(StatusCode::OK);
        }
        let again = app.incident(&client, json!({"summary": "late again"})).await;
        let publish = json!({"what_happened": "Late again.", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."});
        app.json(Method::PUT, &format!("/v1/incidents/{again}/retrospective"), publish).await.assert_status(StatusCode::CREATED);

        // 2 created, 1 updated, 1 action created, 1 overdue, 2 status changes by PATCH,
        // 1 published, 1 repeat, 1 status change by the repeat.
        let received = deliver_until(&worker, &receiver, 10).await;
        receiver.stop().await;
        assert!(received.iter().all(|r| r.verified), "every signature verifies: {received:#?}");
        let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
        for r in &received {
            *by_type.entry(r.body["type"].as_str().expect("type").to_owned()).or_default() += 1;
        }
        let expected: BTreeMap<String, usize> = [
            ("incident.created", 2), ("incident.updated", 1), ("action.created", 1), ("action.overdue", 1),
            ("action.status_changed", 3), ("retrospective.published", 1), ("incident.repeat_detected", 1),
        ].into_iter().map(|(t, n)| (t.to_owned(), n)).collect();
        assert_eq!(by_type, expected);
        let ids: BTreeSet<&str> = received.iter().map(|r| r.webhook_id.as_str()).collect();
        assert_eq!(ids.len(), received.len(), "no webhook-id twice");

        let repeat = received.iter().find(|r| r.body["type"] == "incident.repeat_detected").expect("repeat");
        assert_eq!(repeat.body["data"]["id"], again.as_str());
        assert_eq!(repeat.body["data"]["repeat_of"][0]["action_id"], action.as_str());
        assert_eq!(repeat.body["data"]["category_label"], "Late payment", "payloads are in English");

        let listed = deliveries(&app, &webhook).await;
        assert_eq!(listed.len(), 10);
        assert!(listed.iter().all(|d| d["status"] == "delivered" && d["attempts"][0]["response_status"] == 204), "{listed:#?}");
    }

    async fn a_receiver_down_for_a_while_gets_everything_once_it_is_back(app) {
        let app = app.with_webhook_settings(quick());
        let mut receiver = Receiver::new();
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let worker = app.webhook_worker();
        let client = app.client("Ana", "en").await;
        let mut incidents = BTreeSet::new();
        for n in 0..5 {
            incidents.insert(app.incident(&client, json!({"summary": format!("unpaid {n}")})).await);
        }
        // Down: every attempt fails and is scheduled again, with a growing wait. Deliver what is
        // due until each delivery has failed twice.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        let pending = loop {
            worker.deliver_due().await.expect("round");
            let pending = deliveries(&app, &webhook).await;
            let failed_twice = |d: &Value| d["attempts"].as_array().is_some_and(|a| a.len() >= 2);
            if pending.len() == 5 && pending.iter().all(failed_twice) {
                break pending;
            }
            assert!(std::time::Instant::now() < deadline, "not every delivery failed twice in 20 s: {pending:#?}");
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        };
        assert_eq!(pending.len(), 5);
        for d in &pending {
            assert_eq!(d["status"], "pending", "{d}");
            assert!(d["next_attempt_at"].is_string(), "{d}");
            let attempts = d["attempts"].as_array().expect("attempts");
            assert!(attempts.len() >= 2, "{d}");
            assert!(attempts.iter().all(|a| a["response_status"].is_null() && a["error"].as_str().is_some_and(|e| e.contains("connect"))), "{d}");
        }
        receiver.start();
        let received = deliver_until(&worker, &receiver, 5).await;
        receiver.stop().await;
        assert!(received.iter().all(|r| r.verified));
        let data: BTreeSet<String> = received.iter().map(|r| r.body["data"]["id"].as_str().expect("id").to_owned()).collect();
        assert_eq!(data, incidents, "every incident, each once");
        assert_eq!(received.len(), 5, "nothing twice");
        assert!(deliveries(&app, &webhook).await.iter().all(|d| d["status"] == "delivered" && d["next_attempt_at"].is_null()));
    }

    async fn retry_after_is_honoured_and_a_delivery_is_given_up_in_the_end(app) {
        let app = app.with_webhook_settings(WebhookSettings { give_up_after: Duration::from_secs(3600), ..quick() });
        let mut receiver = Receiver::new();
        receiver.start();
        receiver.refuse_with(503, 3600);
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({})).await;
        app.webhook_worker().deliver_due().await.expect("round");
        let delivery = deliveries(&app, &webhook).await.remove(0);
        assert_eq!(delivery["attempts"][0]["response_status"], 503);
        let next: chrono::DateTime<chrono::Utc> = delivery["next_attempt_at"].as_str().expect("pending").parse().expect("time");
        assert!(next > chrono::Utc::now() + chrono::TimeDelta::minutes(55), "waits as Retry-After says: {next}");

        // A server that gives up at once marks it failed after the next attempt.
        let impatient = app.replica().with_webhook_settings(WebhookSettings { give_up_after: Duration::from_millis(1), ..quick() });
        let id = delivery["id"].as_str().expect("id");
        impatient.post(&format!("/v1/webhooks/{webhook}/deliveries/{id}/redeliver"), json!({})).await.assert_status(StatusCode::ACCEPTED);
        impatient.webhook_worker().deliver_due().await.expect("round");
        receiver.stop().await;
        let failed = deliveries(&app, &webhook).await.remove(0);
        assert_eq!(failed["status"], "failed", "{failed}");
        assert_eq!(failed["attempts"].as_array().map(Vec::len), Some(2));
    }

    // Webhook hygiene: a receiver that says it is gone stops getting events, and its
    // subscription says why, until an admin turns it on again.
    async fn a_receiver_that_is_gone_disables_its_subscription_until_an_admin_turns_it_on(app) {
        let app = app.with_webhook_settings(quick());
        let mut receiver = Receiver::new();
        receiver.start();
        receiver.refuse_with(410, 0);
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({})).await;
        assert_eq!(app.webhook_worker().deliver_due().await.expect("round"), 1);
        let gone = app.get(&format!("/v1/webhooks/{webhook}?lang=ro")).await.json();
        assert_eq!(gone["enabled"], false, "{gone}");
        assert_eq!(gone["disabled_reason"], "gone");
        assert_eq!(gone["disabled_reason_label"], "Destinatarul nu mai există (410)");
        assert!(gone["disabled_at"].is_string());
        let failed = deliveries(&app, &webhook).await;
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0]["status"], "failed", "410 is not retried");
        // While disabled, nothing is queued for it.
        app.incident(&client, json!({"summary": "second"})).await;
        assert_eq!(deliveries(&app, &webhook).await.len(), 1);

        receiver.accept();
        let on = app.patch(&format!("/v1/webhooks/{webhook}"), json!({"enabled": true})).await;
        on.assert_status(StatusCode::OK);
        assert_eq!(on.json()["enabled"], true);
        assert_eq!(on.json()["disabled_reason"], Value::Null);
        app.incident(&client, json!({"summary": "third"})).await;
        let received = deliver_until(&app.webhook_worker(), &receiver, 2).await;
        assert_eq!(received.last().map(|r| r.body["data"]["summary"].clone()), Some(json!("third")));
        // An admin may pause it too, with its own reason.
        let paused = app.patch(&format!("/v1/webhooks/{webhook}?lang=pl"), json!({"enabled": false})).await.json();
        assert_eq!((paused["enabled"].clone(), paused["disabled_reason_label"].clone()), (json!(false), json!("Wstrzymany przez administratora")));
        receiver.stop().await;
    }

    async fn a_subscription_failing_with_no_success_for_too_long_is_disabled(app) {
        let app = app.with_webhook_settings(WebhookSettings { disable_after: Duration::from_millis(20), ..quick() });
        let mut receiver = Receiver::new();
        receiver.start();
        receiver.refuse_with(503, 3600);
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({})).await;
        app.webhook_worker().deliver_due().await.expect("round");
        assert_eq!(app.get(&format!("/v1/webhooks/{webhook}")).await.json()["enabled"], true, "one failure is not enough");
        actix_web::rt::time::sleep(Duration::from_millis(40)).await;
        app.incident(&client, json!({"summary": "second"})).await;
        app.webhook_worker().deliver_due().await.expect("round");
        let failing = app.get(&format!("/v1/webhooks/{webhook}?lang=el")).await.json();
        assert_eq!(failing["disabled_reason"], "failing", "{failing}");
        assert_eq!(failing["disabled_reason_label"], "Αποστολές που αποτυγχάνουν για πολύ καιρό");
        // Its retries wait: a disabled subscription's deliveries are not claimed.
        let impatient = app.replica().with_webhook_settings(quick());
        for delivery in deliveries(&app, &webhook).await {
            let id = delivery["id"].as_str().expect("id");
            impatient.post(&format!("/v1/webhooks/{webhook}/deliveries/{id}/redeliver"), json!({})).await.assert_status(StatusCode::ACCEPTED);
        }
        assert_eq!(impatient.webhook_worker().deliver_due().await.expect("round"), 0);
        // Turned on again, they go out, and a success ends the failing time.
        receiver.accept();
        app.patch(&format!("/v1/webhooks/{webhook}"), json!({"enabled": true})).await.assert_status(StatusCode::OK);
        assert_eq!(impatient.webhook_worker().deliver_due().await.expect("round"), 2);
        receiver.stop().await;
    }

    // A receiver down past the retry window: its failed deliveries of a time range are sent
    // again, each with its own webhook-id; those outside the range, and delivered ones, are not.
    async fn the_failed_deliveries_of_a_time_range_are_sent_again(app) {
        let app = app.with_webhook_settings(WebhookSettings { give_up_after: Duration::from_millis(1), ..quick() });
        let mut receiver = Receiver::new();
        receiver.start();
        receiver.refuse_with(503, 0);
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({"summary": "first"})).await;
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        let between = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        app.incident(&client, json!({"summary": "second"})).await;
        app.incident(&client, json!({"summary": "third"})).await;
        app.webhook_worker().deliver_due().await.expect("round");
        let failed = deliveries(&app, &webhook).await;
        assert!(failed.iter().all(|d| d["status"] == "failed"), "{failed:?}");

        receiver.accept();
        let patient = app.replica().with_webhook_settings(quick());
        let reply = patient.post(&format!("/v1/webhooks/{webhook}/deliveries/redeliver"), json!({"from": between})).await;
        reply.assert_status(StatusCode::ACCEPTED);
        assert_eq!(reply.json()["redelivered"], 2);
        let received = deliver_until(&patient.webhook_worker(), &receiver, 3).await;
        let summaries: BTreeSet<String> = received
            .iter()
            .filter(|r| r.verified)
            .map(|r| r.body["data"]["summary"].as_str().unwrap_or_default().to_owned())
            .collect();
        assert_eq!(summaries, ["first", "second", "third"].map(str::to_owned).into(), "the refused attempts were recorded too");
        let statuses: Vec<Value> = deliveries(&app, &webhook).await.iter().map(|d| d["status"].clone()).collect();
        assert_eq!(statuses.iter().filter(|s| *s == "delivered").count(), 2, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| *s == "failed").count(), 1, "the first, outside the range");
        // Nothing failed is left in the range: a second call queues nothing.
        let again = patient.post(&format!("/v1/webhooks/{webhook}/deliveries/redeliver"), json!({"from": between})).await.json();
        assert_eq!(again["redelivered"], 0);
        let bad = patient.post(&format!("/v1/webhooks/{webhook}/deliveries/redeliver?lang=ro"), json!({"to": "yesterday"})).await;
        let problem = bad.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["to"]);
        receiver.stop().await;
    }

    async fn payload_labels_are_in_each_subscriptions_language(app) {
        let app = app.with_webhook_settings(quick());
        let mut english = Receiver::new();
        english.start();
        let mut polish = Receiver::new();
        polish.start();
        subscribe(&app, &english, &["incident.created"]).await;
        let reply = app.post("/v1/webhooks", json!({"url": polish.url(), "event_types": ["incident.created"], "language": "pl"})).await;
        reply.assert_status(StatusCode::CREATED);
        assert_eq!(reply.json()["language"], "pl");
        polish.set_secret(reply.json()["secret"].as_str().expect("secret"));
        let client = app.client("Ana", "ro").await;
        app.incident(&client, json!({})).await;
        let worker = app.webhook_worker();
        let en = deliver_until(&worker, &english, 1).await;
        let pl = deliver_until(&worker, &polish, 1).await;
        assert_eq!(en[0].body["data"]["category_label"], "Late payment");
        assert_eq!(pl[0].body["data"]["category_label"], "Płatność po terminie");
        assert!(pl[0].verified);
        let refused = app.post("/v1/webhooks?lang=ro", json!({"url": polish.url(), "event_types": ["incident.created"], "language": "de"})).await;
        let problem = refused.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["language"]);
        english.stop().await;
        polish.stop().await;
    }

    async fn a_redelivery_sends_the_same_webhook_id_again(app) {
        let app = app.with_webhook_settings(quick());
        let mut receiver = Receiver::new();
        receiver.start();
        let webhook = subscribe(&app, &receiver, &["incident.created"]).await;
        let worker = app.webhook_worker();
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({})).await;
        deliver_until(&worker, &receiver, 1).await;
        let id = deliveries(&app, &webhook).await[0]["id"].as_str().expect("id").to_owned();
        let queued = app.post(&format!("/v1/webhooks/{webhook}/deliveries/{id}/redeliver"), json!({})).await;
        queued.assert_status(StatusCode::ACCEPTED);
        assert_eq!(queued.json()["status"], "pending");
        worker.deliver_due().await.expect("round");
        receiver.stop().await;
        let ids: Vec<String> = receiver.received().into_iter().map(|r| r.webhook_id).collect();
        assert_eq!(ids, [id.clone(), id]);
        app.post(&format!("/v1/webhooks/{webhook}/deliveries/019a0000-0000-7000-8000-000000000000/redeliver"), json!({}))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn a_name_that_resolves_to_a_refused_address_is_not_called(app) {
        // Saved while private addresses were allowed; delivered by a server that refuses them.
        let app = app.with_webhook_settings(quick());
        let mut receiver = Receiver::new();
        receiver.start();
        let url = receiver.url().replace("127.0.0.1", &loopback_name());
        let reply = app.post("/v1/webhooks", json!({"url": url, "event_types": ["incident.created"]})).await;
        receiver.set_secret(reply.json()["secret"].as_str().expect("secret"));
        let webhook = reply.json()["id"].as_str().expect("id").to_owned();
        let client = app.client("Ana", "en").await;
        app.incident(&client, json!({})).await;
        let strict = app.replica().with_webhook_settings(WebhookSettings { allow_private: false, ..quick() });
        strict.webhook_worker().deliver_due().await.expect("round");
        receiver.stop().await;
        assert!(receiver.received().is_empty(), "nothing reached the private address");
        let attempt = deliveries(&app, &webhook).await[0]["attempts"][0].clone();
        assert!(attempt["error"].as_str().is_some_and(|e| e.contains("refused") || e.contains("not allowed")), "{attempt}");
    }

    async fn replicas_claiming_at_once_never_take_the_same_delivery(app) {
        use clientretro::domain::EventType;
        use clientretro::models::delivery;
        let webhook = app
            .post("/v1/webhooks", json!({"url": "https://hooks.example.com/x", "event_types": ["incident.created"]}))
            .await
            .json()["id"].as_str().expect("id").parse().expect("uuid");
        let mut conn = app.connection();
        let mut queued = BTreeSet::new();
        for n in 0..60 {
            queued.insert(delivery::enqueue(&mut conn, webhook, EventType::IncidentCreated, &format!("{{\"n\":{n}}}")).expect("queued"));
        }
        let replicas: Vec<_> = (0..3)
            .map(|_| {
                let mut conn = app.connection();
                std::thread::spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let claimed = delivery::claim_due(&mut conn, 4, chrono::TimeDelta::minutes(5)).expect("claims");
                        if claimed.is_empty() {
                            return mine;
                        }
                        mine.extend(claimed.into_iter().map(|d| d.id));
                    }
                })
            })
            .collect();
        let claims: Vec<Vec<uuid::Uuid>> = replicas.into_iter().map(|r| r.join().expect("replica")).collect();
        let all: Vec<uuid::Uuid> = claims.iter().flatten().copied().collect();
        let distinct: BTreeSet<uuid::Uuid> = all.iter().copied().collect();
        assert_eq!(all.len(), distinct.len(), "a delivery claimed twice");
        assert_eq!(distinct, queued, "every delivery claimed once");
    }
}
