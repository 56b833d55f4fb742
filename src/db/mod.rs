//! The database: one connection type over SQLite and PostgreSQL, the pool, migrations, and the
//! async entry points that keep blocking diesel work off the actix workers.

mod connection;
pub mod migrations;
mod transaction;

use actix_web::web;
use diesel::r2d2::Pool;

pub use connection::{ConnectionManager, DbConnection};
pub use transaction::{lock_key, lock_row, write_transaction};

use crate::config::Config;
use crate::error::ApiError;

/// The pool and the async ways to use it. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    backend: &'static str,
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
        let pool = Pool::builder()
            .max_size(config.pool_size)
            .min_idle(Some(1))
            .connection_timeout(config.pool_timeout)
            .error_handler(Box::new(connection::LogErrors))
            .build(manager)?;
        Ok(Self { pool, backend })
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

    /// Runs `work` in one write transaction (`BEGIN IMMEDIATE` on SQLite): all of it or nothing.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.read(move |conn| write_transaction(conn, work)).await
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
