//! Failed authentications counted per client address, so that a flood of made-up keys cannot
//! take the connection pool from real clients: once an address has failed too often within a
//! minute, its unknown keys are refused (429) from memory, before any database lookup. A key this
//! server has found valid within the hour (`KeyCache::was_valid`) is still looked up.
//!
//! The client address is the TCP peer, unless the peer is a trusted proxy: then it is the last
//! address of its `X-Forwarded-For`, the one the proxy itself added. IPv6 addresses count per
//! /64, the block one host usually holds. Each replica counts its own failures.

use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use actix_web::dev::ServiceRequest;
use rustc_hash::FxHashMap;

use crate::error::ApiError;

/// The window failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Addresses tracked at most; past it, windows that ended are dropped first, then all.
const CAPACITY: usize = 100_000;

pub struct AuthFailures {
    /// Failures an address may make in a window (0: no limit).
    limit: u32,
    trusted_proxies: Vec<IpAddr>,
    windows: Mutex<FxHashMap<IpAddr, Window>>,
}

#[derive(Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

impl AuthFailures {
    pub fn new(limit: u32, trusted_proxies: Vec<IpAddr>) -> Self {
        Self {
            limit,
            trusted_proxies,
            windows: Mutex::default(),
        }
    }

    /// The address failures of this request count against, if it has one.
    pub fn client_address(&self, req: &ServiceRequest) -> Option<IpAddr> {
        let peer = req.peer_addr()?.ip();
        let address = if self.trusted_proxies.contains(&peer) {
            forwarded_for(req).unwrap_or(peer)
        } else {
            peer
        };
        Some(bucket(address))
    }

    /// 429 when `address` has failed too often in its current window.
    pub fn check(&self, address: IpAddr) -> Result<(), ApiError> {
        if self.limit == 0 {
            return Ok(());
        }
        let Ok(windows) = self.windows.lock() else {
            return Ok(());
        };
        match windows.get(&address) {
            Some(window) if window.failures >= self.limit => {
                let left = WINDOW.saturating_sub(window.started.elapsed());
                if left.is_zero() {
                    Ok(())
                } else {
                    Err(ApiError::TooManyFailedAuthentications {
                        retry_after: left.as_secs_f64().ceil().max(1.0) as u64,
                    })
                }
            }
            _ => Ok(()),
        }
    }

    /// Counts one failed authentication of `address`.
    pub fn record(&self, address: IpAddr) {
        if self.limit == 0 {
            return;
        }
        let Ok(mut windows) = self.windows.lock() else {
            return;
        };
        if windows.len() >= CAPACITY && !windows.contains_key(&address) {
            windows.retain(|_, w| w.started.elapsed() < WINDOW);
            if windows.len() >= CAPACITY {
                windows.clear();
            }
        }
        let now = Instant::now();
        let window = windows.entry(address).or_insert(Window {
            started: now,
            failures: 0,
        });
        if now.duration_since(window.started) >= WINDOW {
            *window = Window {
                started: now,
                failures: 0,
            };
        }
        window.failures = window.failures.saturating_add(1);
    }
}

/// The last address of the last `X-Forwarded-For` header: the one the trusted proxy added; the
/// ones before it were sent by the client and prove nothing.
fn forwarded_for(req: &ServiceRequest) -> Option<IpAddr> {
    let header = req.headers().get_all("x-forwarded-for").last()?.to_str().ok()?;
    let last = header.rsplit(',').next()?.trim();
    last.parse::<IpAddr>()
        .ok()
        .or_else(|| last.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

/// An IPv4 address counts alone (also in its IPv6-mapped form); an IPv6 one with its /64.
fn bucket(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn an_address_over_its_limit_is_refused_and_others_are_not() {
        let failures = AuthFailures::new(3, Vec::new());
        let (a, b) = (ip("127.0.0.2"), ip("127.0.0.1"));
        for _ in 0..3 {
            assert!(failures.check(a).is_ok());
            failures.record(a);
        }
        match failures.check(a) {
            Err(ApiError::TooManyFailedAuthentications { retry_after }) => {
                assert!((1..=60).contains(&retry_after), "{retry_after}");
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
        assert!(failures.check(b).is_ok());
        assert!(AuthFailures::new(0, Vec::new()).check(a).is_ok());
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_anyone_else_does_not() {
        let failures = AuthFailures::new(3, vec![ip("10.0.0.1")]);
        let via_proxy = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().expect("addr"))
            .insert_header(("X-Forwarded-For", "1.2.3.4, 203.0.113.7"))
            .to_srv_request();
        assert_eq!(failures.client_address(&via_proxy), Some(ip("203.0.113.7")));
        let direct = TestRequest::default()
            .peer_addr("198.51.100.2:4000".parse().expect("addr"))
            .insert_header(("X-Forwarded-For", "203.0.113.7"))
            .to_srv_request();
        assert_eq!(failures.client_address(&direct), Some(ip("198.51.100.2")));
        let garbled = TestRequest::default()
            .peer_addr("10.0.0.1:4000".parse().expect("addr"))
            .insert_header(("X-Forwarded-For", "nonsense"))
            .to_srv_request();
        assert_eq!(failures.client_address(&garbled), Some(ip("10.0.0.1")));
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(bucket(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(bucket(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }
}
