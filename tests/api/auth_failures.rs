//! Failed authentications counted per client address: an address that keeps presenting unknown
//! keys is refused (429) from memory, before any database work, while other addresses and keys
//! the server knows are not affected. Tried from outside against the real server, from
//! 127.0.0.2 (an attacker) and 127.0.0.1 (a real client).

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use serde_json::Value;

use crate::backend_tests;
use crate::server::Server;

fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().expect("an address"))
        .build()
        .expect("client")
}

/// The status, `Retry-After` and body of `GET /v1/clients` with this bearer token.
async fn get(
    client: &reqwest::Client,
    server: &Server,
    token: &str,
    headers: &[(&str, &str)],
) -> (u16, Option<String>, Value) {
    let mut request = client
        .get(format!("{}/v1/clients", server.base))
        .bearer_auth(token)
        .header("Accept-Language", "pl");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = serde_json::from_str(&response.text().await.expect("body")).unwrap_or(Value::Null);
    (status, retry_after, body)
}

#[track_caller]
fn assert_refused((status, retry_after, body): &(u16, Option<String>, Value)) {
    assert_eq!(*status, 429, "{body}");
    assert_eq!(body["code"], "too_many_failed_authentications", "{body}");
    assert_eq!(body["title"], "Zbyt wiele nieudanych prób uwierzytelnienia", "{body}");
    let seconds: u64 = retry_after
        .as_deref()
        .and_then(|s| s.parse().ok())
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&seconds), "{seconds}");
    assert!(
        body["detail"].as_str().is_some_and(|d| d.starts_with("Z tego adresu")),
        "{body}"
    );
}

backend_tests! {
    async fn an_address_that_keeps_failing_is_refused_and_a_real_client_is_not(app) {
        let server = Server::start(&app.database_url(), &[("CLIENTRETRO_RATE_LIMIT", "0")]).await;
        let attacker = client_from("127.0.0.2");
        let honest = client_from("127.0.0.1");
        assert_eq!(get(&honest, &server, &app.key, &[]).await.0, 200);
        for n in 0..20 {
            let reply = get(&attacker, &server, &format!("crk_made_up_{n}"), &[]).await;
            assert_eq!(reply.0, 401, "failure {n}: {}", reply.2);
        }
        assert_refused(&get(&attacker, &server, "crk_made_up_20", &[]).await);
        assert_refused(&get(&attacker, &server, "crk_made_up_21", &[]).await);
        // The real client goes on, and its own mistakes count for it alone.
        for _ in 0..5 {
            assert_eq!(get(&honest, &server, &app.key, &[]).await.0, 200);
        }
        assert_eq!(get(&honest, &server, "crk_made_up_22", &[]).await.0, 401);
        // From the refused address, a key this server knows still passes; one it would have to
        // look up is refused like any other until the minute is over.
        assert_eq!(get(&attacker, &server, &app.key, &[]).await.0, 200);
        let unseen = app.create_key("unseen", Role::Reader);
        assert_refused(&get(&attacker, &server, &unseen, &[]).await);
        assert_eq!(get(&honest, &server, &unseen, &[]).await.0, 200);
    }

    async fn behind_a_trusted_proxy_the_forwarded_address_counts(app) {
        let server = Server::start(
            &app.database_url(),
            &[("CLIENTRETRO_RATE_LIMIT", "0"), ("CLIENTRETRO_TRUSTED_PROXY", "127.0.0.1")],
        )
        .await;
        let proxy = client_from("127.0.0.1");
        // The last address is the one the proxy added; the one before it the client made up.
        for n in 0..20 {
            let forwarded = format!("198.51.100.{n}, 203.0.113.7");
            let reply = get(&proxy, &server, "crk_made_up", &[("X-Forwarded-For", &forwarded)]).await;
            assert_eq!(reply.0, 401, "failure {n}: {}", reply.2);
        }
        assert_refused(&get(&proxy, &server, "crk_made_up", &[("X-Forwarded-For", "198.51.100.99, 203.0.113.7")]).await);
        // Another client behind the same proxy is not affected, nor is the proxy's own address.
        assert_eq!(get(&proxy, &server, "crk_made_up", &[("X-Forwarded-For", "203.0.113.8")]).await.0, 401);
        assert_eq!(get(&proxy, &server, &app.key, &[("X-Forwarded-For", "203.0.113.8")]).await.0, 200);
        assert_eq!(get(&proxy, &server, "crk_made_up", &[]).await.0, 401);

        // A peer that is no trusted proxy cannot choose the address it is counted as.
        let direct = client_from("127.0.0.2");
        for n in 0..20 {
            let forwarded = format!("192.0.2.{n}");
            let reply = get(&direct, &server, "crk_made_up", &[("X-Forwarded-For", &forwarded)]).await;
            assert_eq!(reply.0, 401, "failure {n}: {}", reply.2);
        }
        assert_refused(&get(&direct, &server, "crk_made_up", &[("X-Forwarded-For", "192.0.2.200")]).await);
    }

    async fn a_refused_address_costs_no_database_connection(app) {
        let tiny = app.replica_with(|config| {
            config.pool_size = 1;
            config.pool_timeout = Duration::from_millis(200);
            config.auth_failure_limit = 3;
        });
        let from = |address: &str| {
            TestRequest::get()
                .uri("/v1/clients")
                .peer_addr(SocketAddr::new(address.parse().expect("address"), 40000))
        };
        for _ in 0..3 {
            tiny.send_as(from("127.0.0.2"), Some("crk_made_up")).await.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
        }
        tiny.send_as(from("127.0.0.1"), Some(&tiny.key)).await.assert_status(StatusCode::OK);
        // Every connection is taken: what needs one waits for it and gets 503, what does not
        // answers at once.
        let release = crate::busy::hold_the_pool(&tiny, 1).await;
        let refused = tiny.send_as(from("127.0.0.2"), Some("crk_made_up")).await;
        refused.assert_problem(StatusCode::TOO_MANY_REQUESTS, "too_many_failed_authentications");
        assert!(refused.header("retry-after").is_some());
        tiny.send_as(from("127.0.0.3"), Some("crk_made_up")).await.assert_problem(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
        drop(release);
        tiny.send_as(from("127.0.0.3"), Some("crk_made_up")).await.assert_problem(StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}
