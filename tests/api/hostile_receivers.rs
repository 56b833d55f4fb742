//! Webhook receivers that misbehave on purpose, against two real server processes on one
//! database: an absurd `Retry-After` (in seconds and as a date), headers that drip one byte a
//! second, an endless body. None of them may stop the delivery worker: a well-behaved receiver
//! keeps getting every event, and `/readyz` keeps answering 200.

use std::time::Duration;

use actix_web::http::StatusCode;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::backend_tests;
use crate::helpers::TestApp;
use crate::receiver::Receiver;
use crate::server::Server;

#[derive(Clone, Copy, Debug)]
enum Hostility {
    RetryAfterSeconds,
    RetryAfterDate,
    DripHeaders,
    EndlessBody,
}

impl Hostility {
    const ALL: [Self; 4] = [
        Self::RetryAfterSeconds,
        Self::RetryAfterDate,
        Self::DripHeaders,
        Self::EndlessBody,
    ];
}

/// Reads the request head and its body (by Content-Length), then misbehaves.
async fn misbehave(mut socket: tokio::net::TcpStream, how: Hostility) {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let Ok(n) = socket.read(&mut buf).await else { return };
        if n == 0 {
            return;
        }
        request.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&request);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_owned())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                break;
            }
        }
    }
    let _ = match how {
        Hostility::RetryAfterSeconds => {
            socket
                .write_all(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 99999999999999\r\nContent-Length: 0\r\n\r\n")
                .await
        }
        Hostility::RetryAfterDate => {
            socket
                .write_all(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: Fri, 31 Dec 9999 23:59:59 GMT\r\nContent-Length: 0\r\n\r\n")
                .await
        }
        Hostility::DripHeaders => {
            for byte in b"HTTP/1.1 200 OK\r\nX-Slow: ".iter().chain(std::iter::repeat_n(&b'a', 600)) {
                if socket.write_all(&[*byte]).await.is_err() {
                    return;
                }
                actix_web::rt::time::sleep(Duration::from_millis(500)).await;
            }
            Ok(())
        }
        Hostility::EndlessBody => {
            if socket
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\nTransfer-Encoding: chunked\r\n\r\n")
                .await
                .is_err()
            {
                return;
            }
            let chunk = format!("{:x}\r\n{}\r\n", 65536, "x".repeat(65536));
            for _ in 0..100_000 {
                if socket.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            Ok(())
        }
    };
}

/// A receiver that misbehaves this way on every request; returns its URL.
async fn hostile(how: Hostility) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    actix_web::rt::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            actix_web::rt::spawn(misbehave(socket, how));
        }
    });
    format!("http://127.0.0.1:{port}/hook")
}

async fn subscribe(app: &TestApp, url: &str) -> Value {
    let reply = app
        .post("/v1/webhooks", json!({"url": url, "event_types": ["incident.created"]}))
        .await;
    reply.assert_status(StatusCode::CREATED);
    reply.json()
}

async fn ready(base: &str) -> u16 {
    reqwest::get(format!("{base}/readyz"))
        .await
        .map_or(0, |r| r.status().as_u16())
}

backend_tests! {
    async fn no_receiver_can_stop_the_deliveries_of_the_others(app) {
        let mut good = Receiver::new();
        let secret = subscribe(&app, &good.url()).await["secret"].as_str().expect("secret").to_owned();
        good.set_secret(&secret);
        good.start();
        let mut hostile_hooks = Vec::new();
        for how in Hostility::ALL {
            let url = hostile(how).await;
            hostile_hooks.push((how, subscribe(&app, &url).await["id"].as_str().expect("id").to_owned()));
        }
        let env = [
            ("CLIENTRETRO_WEBHOOK_ALLOW_PRIVATE", "true"),
            ("CLIENTRETRO_WEBHOOK_TIMEOUT", "2"),
            ("CLIENTRETRO_WEBHOOK_FIRST_RETRY", "1"),
            ("CLIENTRETRO_WEBHOOK_MAX_RETRY", "1"),
        ];
        // Two replicas: on one database a poisoned delivery once stopped every replica's worker.
        let first = Server::start(&app.database_url(), &env).await;
        let second = Server::start(&app.database_url(), &env).await;
        let client = app.client("Atelier", "en").await;
        for round in 0..3 {
            app.incident(&client, json!({"summary": format!("Round {round}")})).await;
            let expected = round + 1;
            good.wait_for(Duration::from_secs(20), |got| got.len() >= expected).await;
            // Wait until every hostile receiver has been tried with this round's event (the drip
            // takes the whole timeout), then ask whether the workers still run.
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            for (how, hook) in &hostile_hooks {
                loop {
                    let items = app.get(&format!("/v1/webhooks/{hook}/deliveries")).await.json()["items"].clone();
                    let tried = items.as_array().map_or(0, |items| {
                        items.iter().filter(|d| d["attempts"].as_array().is_some_and(|a| !a.is_empty())).count()
                    });
                    if tried >= expected {
                        break;
                    }
                    assert!(std::time::Instant::now() < deadline, "{how:?} not tried in round {round}: {items}");
                    actix_web::rt::time::sleep(Duration::from_millis(50)).await;
                }
            }
            assert_eq!(ready(&first.base).await, 200, "round {round}");
            assert_eq!(ready(&second.base).await, 200, "round {round}");
        }
        let received = good.received();
        assert_eq!(received.len(), 3, "each event once: {received:?}");
        assert!(received.iter().all(|r| r.verified));

        for (how, hook) in hostile_hooks {
            let deliveries = app.get(&format!("/v1/webhooks/{hook}/deliveries")).await.json();
            let items = deliveries["items"].as_array().expect("items").clone();
            assert_eq!(items.len(), 3, "{how:?}");
            for delivery in items {
                assert_eq!(delivery["status"], "pending", "{how:?}: {delivery}");
                assert!(delivery["delivered_at"].is_null(), "{how:?}: {delivery}");
                let attempts = delivery["attempts"].as_array().expect("attempts");
                assert!(!attempts.is_empty(), "{how:?} was never tried: {delivery}");
                // However far away the receiver asked, the next try is within the give-up time.
                let created = chrono::DateTime::parse_from_rfc3339(delivery["created_at"].as_str().expect("created"))
                    .expect("time");
                let next = chrono::DateTime::parse_from_rfc3339(delivery["next_attempt_at"].as_str().expect("next"))
                    .expect("time");
                assert!(next <= created + chrono::TimeDelta::hours(24), "{how:?}: {delivery}");
                if matches!(how, Hostility::DripHeaders) {
                    assert!(attempts[0]["error"].as_str().is_some_and(|e| e.starts_with("timeout")), "{delivery}");
                }
            }
        }
        good.stop().await;
    }
}
