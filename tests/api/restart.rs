//! What must survive the server process: pending webhook deliveries and idempotency keys. The
//! real binary is started, killed with SIGKILL and started again on the same database.

use std::collections::BTreeSet;
use std::time::Duration;

use serde_json::{json, Value};

use crate::backend_tests;
use crate::receiver::Receiver;
use crate::server::Server;

struct Api {
    client: reqwest::Client,
    key: String,
}

impl Api {
    async fn post(
        &self,
        server: &Server,
        path: &str,
        body: &Value,
        idempotency_key: Option<&str>,
    ) -> (u16, Value, bool) {
        let mut request = self
            .client
            .post(format!("{}{path}", server.base))
            .bearer_auth(&self.key)
            .header("Content-Type", "application/json")
            .body(body.to_string());
        if let Some(key) = idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let replayed = response.headers().get("idempotent-replayed").is_some();
        let text = response.text().await.expect("a body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), replayed)
    }

    /// The webhook's deliveries, as the server shows them.
    async fn deliveries(&self, server: &Server, webhook: &str) -> Vec<Value> {
        let response = self
            .client
            .get(format!("{}/v1/webhooks/{webhook}/deliveries?limit=200", server.base))
            .bearer_auth(&self.key)
            .send()
            .await
            .expect("the server answers");
        let page: Value = serde_json::from_str(&response.text().await.expect("a body")).expect("a page");
        page["items"].as_array().cloned().unwrap_or_default()
    }

    /// Waits until `done` holds for the webhook's deliveries, or panics after 30 s.
    async fn wait_for_deliveries(&self, server: &Server, webhook: &str, what: &str, done: impl Fn(&[Value]) -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let deliveries = self.deliveries(server, webhook).await;
            if done(&deliveries) {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "{what}, in 30 s: {deliveries:#?}");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn incident(client: &str, n: usize) -> Value {
    json!({
        "client_id": client, "category": "late_payment", "severity": "medium",
        "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": format!("Unpaid invoice {n}")
    })
}

backend_tests! {
    async fn deliveries_and_idempotency_keys_survive_a_killed_server(app) {
        let mut receiver = Receiver::new();
        let settings = [
            ("CLIENTRETRO_WEBHOOK_ALLOW_PRIVATE", "true"),
            ("CLIENTRETRO_WEBHOOK_FIRST_RETRY", "0.2"),
            ("CLIENTRETRO_WEBHOOK_MAX_RETRY", "0.5"),
            ("CLIENTRETRO_WEBHOOK_POLL", "0.1"),
            ("CLIENTRETRO_WEBHOOK_TIMEOUT", "2"),
        ];
        let mut server = Server::start(&app.database_url(), &settings).await;
        let api = Api { client: reqwest::Client::new(), key: app.key.clone() };

        let (status, webhook, _) = api
            .post(&server, "/v1/webhooks", &json!({"url": receiver.url(), "event_types": ["incident.created"]}), None)
            .await;
        assert_eq!(status, 201, "{webhook}");
        receiver.set_secret(webhook["secret"].as_str().expect("secret"));
        let webhook = webhook["id"].as_str().expect("id").to_owned();
        let (_, client, _) = api.post(&server, "/v1/clients", &json!({"name": "Ana"}), None).await;
        let client = client["id"].as_str().expect("id").to_owned();

        // The receiver is down: the server keeps failing and retrying.
        let mut filed = BTreeSet::new();
        for n in 0..4 {
            let (status, body, _) = api.post(&server, "/v1/incidents", &incident(&client, n), None).await;
            assert_eq!(status, 201);
            filed.insert(body["id"].as_str().expect("id").to_owned());
        }
        let (status, first, _) = api.post(&server, "/v1/incidents", &incident(&client, 99), Some("crm-ticket-99")).await;
        assert_eq!(status, 201);
        filed.insert(first["id"].as_str().expect("id").to_owned());
        // Killed only once every delivery has failed and waits for its retry.
        api.wait_for_deliveries(&server, &webhook, "every delivery failed at least once", |deliveries| {
            deliveries.len() == filed.len()
                && deliveries.iter().all(|d| d["status"] == "pending" && d["attempts"].as_array().is_some_and(|a| !a.is_empty()))
        })
        .await;

        // Killed mid-retry, started again; the receiver comes back meanwhile.
        server.kill();
        receiver.start();
        server.restart().await;

        let (status, replay, replayed) = api.post(&server, "/v1/incidents", &incident(&client, 99), Some("crm-ticket-99")).await;
        assert_eq!((status, replayed), (201, true), "the retry after the restart is replayed");
        assert_eq!(replay, first);
        for n in 4..6 {
            let (_, body, _) = api.post(&server, "/v1/incidents", &incident(&client, n), None).await;
            filed.insert(body["id"].as_str().expect("id").to_owned());
        }
        assert_eq!(filed.len(), 7, "the replay filed nothing");

        let received = receiver
            .wait_for(Duration::from_secs(30), |got| {
                got.iter().filter(|r| r.verified).map(|r| &r.webhook_id).collect::<BTreeSet<_>>().len() >= filed.len()
            })
            .await;
        // Once the server holds every delivery as delivered it sends none again, so what the
        // receiver has by then is all it gets.
        api.wait_for_deliveries(&server, &webhook, "every delivery delivered", |deliveries| {
            deliveries.len() == filed.len() && deliveries.iter().all(|d| d["status"] == "delivered")
        })
        .await;
        let received = { let later = receiver.received(); assert!(later.len() >= received.len()); later };
        receiver.stop().await;
        drop(server);
        assert!(received.iter().all(|r| r.verified), "{received:#?}");
        let ids: BTreeSet<&str> = received.iter().map(|r| r.webhook_id.as_str()).collect();
        assert_eq!(ids.len(), received.len(), "every webhook-id exactly once");
        let incidents: BTreeSet<String> = received.iter().map(|r| r.body["data"]["id"].as_str().expect("id").to_owned()).collect();
        assert_eq!(incidents, filed, "every incident announced, none twice");
    }
}
