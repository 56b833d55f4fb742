//! One connection type for both backends, and the pool manager that opens the right one.

use diesel::connection::SimpleConnection;
use diesel::r2d2::{HandleError, ManageConnection, R2D2Connection};
use diesel::{Connection, ConnectionError, PgConnection, SqliteConnection};

use crate::config::{Config, DatabaseTarget, SqliteSynchronous};

/// A connection to either backend; queries written once run on both.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgresql(PgConnection),
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] ConnectionError),
    #[error("cannot prepare the database connection: {0}")]
    Setup(#[from] diesel::result::Error),
}

/// Opens connections for the pool. The derived `MultiConnection::establish` tries every backend
/// in turn and hides why they failed; this one opens the configured backend and says why not.
pub struct ConnectionManager {
    target: DatabaseTarget,
    synchronous: SqliteSynchronous,
    busy_timeout_ms: u128,
}

impl ConnectionManager {
    pub fn new(config: &Config) -> Self {
        Self {
            target: config.database.clone(),
            synchronous: config.sqlite_synchronous,
            busy_timeout_ms: config.busy_timeout.as_millis().max(1),
        }
    }

    pub fn backend_name(&self) -> &'static str {
        self.target.backend_name()
    }

    pub fn establish(&self) -> Result<DbConnection, ConnectError> {
        match &self.target {
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(path)?;
                // WAL lets readers work beside the writer; the busy timeout makes a writer wait
                // for the lock instead of failing at once, and past it the request answers 503.
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                     PRAGMA busy_timeout = {}; PRAGMA synchronous = {};",
                    self.busy_timeout_ms,
                    self.synchronous.pragma_value()
                ))?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseTarget::Postgres(url) => {
                let mut conn = PgConnection::establish(url)?;
                // A lock held elsewhere (a row another update holds, an advisory lock) is waited
                // for this long, as SQLite's busy timeout; then the request answers 503.
                conn.batch_execute(&format!("SET lock_timeout = {}", self.busy_timeout_ms))?;
                Ok(DbConnection::Postgresql(conn))
            }
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        self.establish()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        Ok(conn.batch_execute("SELECT 1")?)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// r2d2 reports failed connection attempts here; they go to the log, not to stderr.
#[derive(Debug)]
pub struct LogErrors;

impl HandleError<ConnectError> for LogErrors {
    fn handle_error(&self, error: ConnectError) {
        tracing::warn!(%error, "database connection failed");
    }
}
