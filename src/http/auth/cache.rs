//! Keys seen recently, so that most requests learn who is calling without a database round trip.
//!
//! An entry lives a few seconds. A key revoked through this server is forgotten at once; one
//! revoked elsewhere (another replica, the command line) is refused within [`TTL`].

use std::sync::Mutex;
use std::time::{Duration, Instant};

use hmac::digest::Digest;
use rustc_hash::FxHashMap;
use sha2::Sha256;
use uuid::Uuid;

use super::Caller;

pub const TTL: Duration = Duration::from_secs(10);
/// How long a key found valid is remembered as one that was: from an address refused for failing
/// too often, such a key is still looked up (it may have been revoked since), a made-up one never.
pub const KNOWN_TTL: Duration = Duration::from_secs(3600);
/// More live keys than this is unusual; past it the cache starts over rather than grow.
const CAPACITY: usize = 10_000;

#[derive(Default)]
pub struct KeyCache {
    entries: Mutex<FxHashMap<[u8; 32], (Caller, Instant)>>,
}

fn fingerprint(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl KeyCache {
    pub fn get(&self, token: &str) -> Option<Caller> {
        let entries = self.entries.lock().ok()?;
        let (caller, at) = entries.get(&fingerprint(token))?;
        (at.elapsed() < TTL).then_some(*caller)
    }

    /// Whether the key was found valid within [`KNOWN_TTL`] and not revoked through this server
    /// since: worth a database lookup even from an address that keeps failing.
    pub fn was_valid(&self, token: &str) -> bool {
        self.entries.lock().is_ok_and(|entries| {
            entries
                .get(&fingerprint(token))
                .is_some_and(|(_, at)| at.elapsed() < KNOWN_TTL)
        })
    }

    pub fn put(&self, token: &str, caller: Caller) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= CAPACITY {
                entries.clear();
            }
            entries.insert(fingerprint(token), (caller, Instant::now()));
        }
    }

    /// Forgets a key (it was revoked), so that its next request is checked against the database.
    pub fn forget(&self, key_id: Uuid) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, (caller, _)| caller.key_id != key_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Role;

    #[test]
    fn a_key_is_remembered_until_forgotten() {
        let cache = KeyCache::default();
        let caller = Caller {
            key_id: Uuid::now_v7(),
            role: Role::Writer,
        };
        assert!(cache.get("crk_a").is_none());
        assert!(!cache.was_valid("crk_a"));
        cache.put("crk_a", caller);
        assert!(cache.was_valid("crk_a"));
        assert_eq!(cache.get("crk_a").map(|c| c.key_id), Some(caller.key_id));
        assert!(cache.get("crk_b").is_none());
        cache.forget(caller.key_id);
        assert!(cache.get("crk_a").is_none());
        assert!(!cache.was_valid("crk_a"));
    }
}
