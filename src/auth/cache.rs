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
        cache.put("crk_a", caller);
        assert_eq!(cache.get("crk_a").map(|c| c.key_id), Some(caller.key_id));
        assert!(cache.get("crk_b").is_none());
        cache.forget(caller.key_id);
        assert!(cache.get("crk_a").is_none());
    }
}
