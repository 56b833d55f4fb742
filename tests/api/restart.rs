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
        actix_web::rt::time::sleep(Duration::from_millis(800)).await;

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
        // Give a duplicate, if there were one, the time to arrive.
        actix_web::rt::time::sleep(Duration::from_millis(500)).await;
        let received = { let later = receiver.received(); assert_eq!(later.len(), received.len(), "nothing more arrived"); later };
        receiver.stop().await;
        drop(server);
        assert!(received.iter().all(|r| r.verified), "{received:#?}");
        let ids: BTreeSet<&str> = received.iter().map(|r| r.webhook_id.as_str()).collect();
        assert_eq!(ids.len(), received.len(), "every webhook-id exactly once");
        let incidents: BTreeSet<String> = received.iter().map(|r| r.body["data"]["id"].as_str().expect("id").to_owned()).collect();
        assert_eq!(incidents, filed, "every incident announced, none twice");
    }
}
