//! A rate limit per API key (GCRA, from `governor`). Each replica counts its own requests: with
//! several replicas a key may reach the limit once on each.
//!
//! Every answer to a key tells it its limit and what is left, in the structured fields of the
//! IETF httpapi draft (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy: "default";q=100;w=2`
//! (a burst of `q` requests, refilled in `w` seconds) and `RateLimit: "default";r=57;t=1` (`r`
//! requests left now, all of the burst back in `t` seconds).

use std::num::NonZeroU32;

use actix_web::http::header::{HeaderMap, HeaderName, HeaderValue};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::Quota;
use uuid::Uuid;

use crate::config::RateLimit;
use crate::error::ApiError;

type KeyedLimiter = governor::RateLimiter<Uuid, DefaultKeyedStateStore<Uuid>, DefaultClock, StateInformationMiddleware>;

pub const POLICY_HEADER: HeaderName = HeaderName::from_static("ratelimit-policy");
pub const STATE_HEADER: HeaderName = HeaderName::from_static("ratelimit");

pub struct RateLimiter {
    limiter: Option<(KeyedLimiter, Quota)>,
}

/// What a key has left after a request: requests it may still send at once, and seconds until
/// its whole burst is back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    pub remaining: u32,
    pub reset_seconds: u64,
}

impl Allowance {
    /// The `RateLimit` and `RateLimit-Policy` fields for this allowance under `limiter`'s quota.
    pub fn write(self, limiter: &RateLimiter, headers: &mut HeaderMap) {
        let Some(policy) = limiter.policy() else {
            return;
        };
        let state = format!("\"default\";r={};t={}", self.remaining, self.reset_seconds);
        if let Ok(state) = HeaderValue::from_str(&state) {
            headers.insert(POLICY_HEADER, policy);
            headers.insert(STATE_HEADER, state);
        }
    }
}

impl RateLimiter {
    /// `per_second == 0` turns the limit off.
    pub fn new(limit: RateLimit) -> Self {
        let limiter = NonZeroU32::new(limit.per_second).map(|rate| {
            let burst = NonZeroU32::new(limit.burst).unwrap_or(rate);
            let quota = Quota::per_second(rate).allow_burst(burst);
            (
                governor::RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
                quota,
            )
        });
        Self { limiter }
    }

    /// Counts one request of `key`: what it has left, or 429 when it has nothing left; `None`
    /// when there is no limit.
    pub fn check(&self, key: Uuid) -> Result<Option<Allowance>, ApiError> {
        let Some((limiter, quota)) = &self.limiter else {
            return Ok(None);
        };
        match limiter.check_key(&key) {
            Ok(state) => {
                let remaining = state.remaining_burst_capacity();
                let missing = quota.burst_size().get().saturating_sub(remaining);
                let reset = quota.replenish_interval().as_secs_f64() * f64::from(missing);
                Ok(Some(Allowance {
                    remaining,
                    reset_seconds: reset.ceil() as u64,
                }))
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Err(ApiError::RateLimited {
                    retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
                })
            }
        }
    }

    /// `RateLimit-Policy`: the burst, and the seconds in which it fills again.
    fn policy(&self) -> Option<HeaderValue> {
        let (_, quota) = self.limiter.as_ref()?;
        let window = quota.burst_size_replenished_in().as_secs_f64().ceil().max(1.0) as u64;
        HeaderValue::from_str(&format!("\"default\";q={};w={window}", quota.burst_size())).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_over_its_burst_waits_and_others_do_not() {
        let limiter = RateLimiter::new(RateLimit {
            per_second: 1,
            burst: 2,
        });
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let first = limiter.check(a).expect("allowed").expect("limited");
        assert_eq!(
            first,
            Allowance {
                remaining: 1,
                reset_seconds: 1
            }
        );
        let second = limiter.check(a).expect("allowed").expect("limited");
        assert_eq!(
            second,
            Allowance {
                remaining: 0,
                reset_seconds: 2
            }
        );
        match limiter.check(a) {
            Err(ApiError::RateLimited { retry_after }) => assert_eq!(retry_after, 1),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(limiter.check(b).is_ok());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let limiter = RateLimiter::new(RateLimit {
            per_second: 0,
            burst: 0,
        });
        let key = Uuid::now_v7();
        assert!((0..1000).all(|_| limiter.check(key).is_ok_and(|left| left.is_none())));
        assert_eq!(limiter.policy(), None);
    }

    #[test]
    fn the_fields_state_burst_window_and_what_is_left() {
        let limiter = RateLimiter::new(RateLimit {
            per_second: 50,
            burst: 100,
        });
        let mut headers = HeaderMap::new();
        let left = limiter.check(Uuid::now_v7()).expect("allowed").expect("limited");
        left.write(&limiter, &mut headers);
        assert_eq!(
            headers.get(POLICY_HEADER).map(HeaderValue::as_bytes),
            Some(&b"\"default\";q=100;w=2"[..])
        );
        assert_eq!(
            headers.get(STATE_HEADER).map(HeaderValue::as_bytes),
            Some(&b"\"default\";r=99;t=1"[..])
        );
    }
}
