//! The per-gap figures, kept for a few seconds: a dashboard asks for them often, they take
//! milliseconds to count, and nobody needs them fresher than that.
//!
//! An entry serves only while this server has committed no write since it was counted
//! ([`Db::generation`]), so what this server changes shows at once; what other replicas change
//! shows within the time they are kept (`--report-cache-seconds`, [`DEFAULT_REPORT_CACHE`]; zero
//! counts them for every request, as the load bench measures the SQL itself).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustc_hash::FxHashMap;

use crate::config::DEFAULT_REPORT_CACHE;
use crate::db::Db;
use crate::error::ApiError;
use crate::models::reports::GapFigures;

/// Distinct scopes kept; past this the cache starts over.
const CAPACITY: usize = 1_000;

struct Entry {
    generation: u64,
    counted_at: Instant,
    figures: Arc<Vec<GapFigures>>,
    /// One request is counting anew; the others meanwhile take these figures.
    refreshing: bool,
}

pub struct FiguresCache {
    ttl: Duration,
    entries: Mutex<FxHashMap<String, Entry>>,
}

impl Default for FiguresCache {
    fn default() -> Self {
        Self::new(DEFAULT_REPORT_CACHE)
    }
}

impl FiguresCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::default(),
        }
    }

    /// The figures for `key`, counted by `count` unless still fresh.
    pub async fn get_or_count<F>(&self, db: &Db, key: String, count: F) -> Result<Arc<Vec<GapFigures>>, ApiError>
    where
        F: std::future::Future<Output = Result<Vec<GapFigures>, ApiError>>,
    {
        if self.ttl.is_zero() {
            return count.await.map(Arc::new);
        }
        let generation = db.generation();
        if let Ok(mut entries) = self.entries.lock() {
            if let Some(entry) = entries.get_mut(&key).filter(|e| e.generation == generation) {
                // Past its time but no write of ours since: one request counts again, and the
                // others answer with these figures meanwhile instead of all counting at once.
                if entry.counted_at.elapsed() < self.ttl || entry.refreshing {
                    return Ok(entry.figures.clone());
                }
                entry.refreshing = true;
            }
        }
        let counted = count.await;
        let Ok(mut entries) = self.entries.lock() else {
            return counted.map(Arc::new);
        };
        let figures = match counted {
            Ok(figures) => Arc::new(figures),
            Err(error) => {
                if let Some(entry) = entries.get_mut(&key) {
                    entry.refreshing = false;
                }
                return Err(error);
            }
        };
        if entries.len() >= CAPACITY {
            entries.clear();
        }
        let entry = Entry {
            generation,
            counted_at: Instant::now(),
            figures: figures.clone(),
            refreshing: false,
        };
        entries.insert(key, entry);
        Ok(figures)
    }
}
