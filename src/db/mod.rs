//! The database: one connection type over SQLite and PostgreSQL, the pool, migrations, and the
//! async entry points that keep blocking diesel work off the actix workers.

mod connection;
mod group_commit;
pub mod migrations;
mod transaction;

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use group_commit::GroupCommit;

use actix_web::web;
use diesel::r2d2::Pool;
use uuid::Uuid;

pub use connection::{ConnectionManager, DbConnection};
pub use transaction::{keep_row, lock_key, lock_row, write_transaction};

use crate::config::Config;
use crate::error::ApiError;

/// The pool and the async ways to use it. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    backend: &'static str,
    /// SQLite takes one writer at a time: its writes queue for one writer thread, which commits
    /// together the writes that arrived together (see `group_commit`). PostgreSQL writes run on
    /// the pool, each in its own transaction.
    sqlite_writer: Option<GroupCommit>,
    /// Counts committed write transactions, so that a cache can tell whether it is still true.
    generation: Arc<AtomicU64>,
    /// The idempotency keys (with their API key) of the requests this server runs now.
    in_flight: Arc<Mutex<HashSet<(Uuid, String)>>>,
}

/// A request's mark in `Db::hold_key`'s in-flight set; dropping it clears the mark.
pub struct KeyHold {
    set: Arc<Mutex<HashSet<(Uuid, String)>>>,
    entry: (Uuid, String),
}

impl Drop for KeyHold {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.entry);
    }
}

impl Db {
    /// Connects (reporting the real cause when it cannot) and applies pending migrations.
    pub fn open(config: &Config) -> anyhow::Result<Self> {
        let manager = ConnectionManager::new(config);
        let backend = manager.backend_name();
        // The pool retries quietly; one direct attempt first turns a wrong URL or a stopped
        // server into a clear start-up error.
        let mut first = manager.establish()?;
        migrations::run_pending(&mut first).map_err(|e| anyhow::anyhow!("cannot apply the migrations: {e}"))?;
        drop(first);
        let generation = Arc::<AtomicU64>::default();
        let sqlite_writer = (backend == "sqlite")
            .then(|| GroupCommit::start(ConnectionManager::new(config), generation.clone()))
            .transpose()?;
        let pool = Pool::builder()
            // r2d2 would run `SELECT 1` before handing out each connection: a statement parsed
            // anew, and on PostgreSQL a round trip, on every request. A connection that broke
            // while idle fails its one request instead, and `has_broken` drops it on return.
            .test_on_check_out(false)
            .max_size(config.pool_size)
            .min_idle(Some(1))
            .connection_timeout(config.pool_timeout)
            .error_handler(Box::new(connection::LogErrors))
            .build(manager)?;
        Ok(Self {
            pool,
            backend,
            sqlite_writer,
            generation,
            in_flight: Arc::default(),
        })
    }

    pub fn backend_name(&self) -> &'static str {
        self.backend
    }

    /// Runs `work` with a connection on the blocking thread pool.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get().map_err(ApiError::unavailable)?;
            work(&mut conn)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs `work` in one write transaction: all of it or nothing. On SQLite the transaction may
    /// be shared with writes that arrived at the same time, each in its own savepoint; the
    /// answer comes after the commit either way.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        if let Some(writer) = &self.sqlite_writer {
            return writer.write(work).await;
        }
        let pool = self.pool.clone();
        let generation = self.generation.clone();
        web::block(move || {
            let mut conn = pool.get().map_err(ApiError::unavailable)?;
            let done = write_transaction(&mut conn, work);
            if done.is_ok() {
                generation.fetch_add(1, Ordering::Release);
            }
            done
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Marks an idempotency key as running on this server, or `None` when a request with it
    /// already runs here: the caller answers 409 at once. On SQLite this is the whole of that
    /// answer (a second request would otherwise queue behind the first for the write lock, and
    /// then replay: the wait a 409 spares); on PostgreSQL it spares a connection, and the
    /// advisory lock in the transaction covers the other replicas.
    pub fn hold_key(&self, api_key: Uuid, key: &str) -> Option<KeyHold> {
        let entry = (api_key, key.to_owned());
        let inserted = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(entry.clone());
        inserted.then(|| KeyHold {
            set: self.in_flight.clone(),
            entry,
        })
    }

    /// Whether a request with this idempotency key runs on this server now.
    pub fn holds_key(&self, api_key: Uuid, key: &str) -> bool {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(&(api_key, key.to_owned()))
    }

    /// How many write transactions this server has committed: a cached read made at the same
    /// generation is still what the database would answer (for this server's own writes).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Whether the database answers a trivial query now.
    pub async fn ping(&self) -> Result<(), ApiError> {
        self.read(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(ApiError::unavailable)
        })
        .await
    }
}
