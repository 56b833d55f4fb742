//! A rate limit per API key (GCRA, from `governor`). Each replica counts its own requests: with
//! several replicas a key may reach the limit once on each.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use uuid::Uuid;

use crate::config::RateLimit;
use crate::error::ApiError;

pub struct RateLimiter {
    limiter: Option<DefaultKeyedRateLimiter<Uuid>>,
}

impl RateLimiter {
    /// `per_second == 0` turns the limit off.
    pub fn new(limit: RateLimit) -> Self {
        let limiter = NonZeroU32::new(limit.per_second).map(|rate| {
            let burst = NonZeroU32::new(limit.burst).unwrap_or(rate);
            DefaultKeyedRateLimiter::keyed(Quota::per_second(rate).allow_burst(burst))
        });
        Self { limiter }
    }

    /// Counts one request of `key`; over the limit, says when to retry (whole seconds, at least 1).
    pub fn check(&self, key: Uuid) -> Result<(), ApiError> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        limiter.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            ApiError::RateLimited {
                retry_after: wait.as_secs_f64().ceil().max(1.0) as u64,
            }
        })
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
        assert!(limiter.check(a).is_ok());
        assert!(limiter.check(a).is_ok());
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
        assert!((0..1000).all(|_| limiter.check(key).is_ok()));
    }
}
