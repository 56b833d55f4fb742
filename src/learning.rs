//! What the gap finder learned from this installation's published retrospectives, kept fresh in
//! every replica: each looks at most every `REFRESH` whether the confirmed incidents changed
//! (one cheap query) and rebuilds its memory when they did. No restart, no coordination.

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

use actix_web::web;
use chrono::NaiveDateTime;

use crate::db::Db;
use crate::error::ApiError;
use crate::gapfinder::memory::Memory;
use crate::gapfinder::GapFinder;
use crate::models::finder_example;

/// How stale a replica's memory may be.
pub const REFRESH: Duration = Duration::from_secs(2);

type Version = (i64, Option<NaiveDateTime>);

#[derive(Default)]
pub struct Learned {
    memory: RwLock<Arc<Memory>>,
    checked: Mutex<Option<(Instant, Version)>>,
}

impl Learned {
    /// The memory, refreshed first when it may be stale.
    pub async fn current(&self, db: &Db, finder: &web::Data<GapFinder>) -> Result<Arc<Memory>, ApiError> {
        let due = {
            let checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
            checked.is_none_or(|(at, _)| at.elapsed() >= REFRESH)
        };
        if due {
            self.refresh(db, finder).await?;
        }
        Ok(self.memory.read().unwrap_or_else(PoisonError::into_inner).clone())
    }

    async fn refresh(&self, db: &Db, finder: &web::Data<GapFinder>) -> Result<(), ApiError> {
        let version = db.read(finder_example::version).await?;
        let known = {
            let mut checked = self.checked.lock().unwrap_or_else(PoisonError::into_inner);
            let known = checked.map(|(_, v)| v);
            // Others skip the check for a while; the version is kept only once the memory is.
            *checked = known.map(|v| (Instant::now(), v));
            known
        };
        if known == Some(version) {
            return Ok(());
        }
        let finder = finder.clone();
        let memory = db
            .read(move |conn| {
                let examples = finder_example::all(conn)?;
                Ok(Memory::new(
                    examples
                        .iter()
                        .map(|e| finder.remember(e.incident_id, e.gap, e.language, &[&e.text]))
                        .collect(),
                ))
            })
            .await?;
        *self.memory.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(memory);
        *self.checked.lock().unwrap_or_else(PoisonError::into_inner) = Some((Instant::now(), version));
        Ok(())
    }
}
