//! SQLite's writer: one thread, one connection, and a commit shared by every write that queued
//! while the last commit was being made durable.
//!
//! SQLite lets one transaction write at a time and, with `synchronous = full`, pays an fsync for
//! each commit. Writers that arrive together are therefore run one after the other inside one
//! `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint: a write that fails rolls back only its
//! own work, the others commit. No request is answered before the commit that holds its work
//! returned, so an answered write is on disk exactly as with a commit of its own.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::R2D2Connection;
use tokio::sync::oneshot;

use super::{ConnectionManager, DbConnection};
use crate::error::ApiError;

/// At most this many writes share one commit, so that the first of them is not kept waiting
/// behind an unbounded queue.
const MOST_PER_COMMIT: usize = 64;

/// One queued write: run in a savepoint, then answered once the batch's commit is known.
trait Job: Send {
    /// Runs the work inside the open transaction; whether its savepoint was kept.
    fn run(&mut self, conn: &mut DbConnection) -> Result<bool, diesel::result::Error>;
    /// Answers the request: with its own result when `commit` succeeded, else with `commit`'s error.
    fn answer(self: Box<Self>, commit: Result<(), &ApiError>);
}

struct Typed<T, F> {
    work: Option<F>,
    result: Option<Result<T, ApiError>>,
    reply: oneshot::Sender<Result<T, ApiError>>,
}

impl<T, F> Job for Typed<T, F>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send,
    T: Send,
{
    fn run(&mut self, conn: &mut DbConnection) -> Result<bool, diesel::result::Error> {
        let Some(work) = self.work.take() else {
            return Ok(false);
        };
        begin_savepoint(conn)?;
        // A panic in one request's work must not take the other writes of the batch with it.
        let result = catch_unwind(AssertUnwindSafe(|| work(conn)))
            .unwrap_or_else(|_| Err(ApiError::internal("the write panicked; its work was rolled back")));
        let kept = result.is_ok();
        if kept {
            release_savepoint(conn)?;
        } else {
            rollback_savepoint(conn)?;
        }
        self.result = Some(result);
        Ok(kept)
    }

    fn answer(self: Box<Self>, commit: Result<(), &ApiError>) {
        let answer = match (self.result, commit) {
            // A write that failed on its own says why, whatever became of the others.
            (Some(Err(own)), _) => Err(own),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (_, Err(error)) => Err(same_error(error)),
            (None, Ok(())) => Err(ApiError::internal("the write never ran")),
        };
        // The request may have gone (its client hung up): nothing waits for the answer then.
        let _ = self.reply.send(answer);
    }
}

/// The queue to the writer thread. Cheap to clone.
#[derive(Clone)]
pub struct GroupCommit {
    queue: mpsc::Sender<Box<dyn Job>>,
    /// The commits made, for the tests (the writer logs them at trace level).
    #[cfg(test)]
    commits: Arc<AtomicU64>,
}

impl GroupCommit {
    /// Opens the writer's connection and starts its thread; the thread ends when the last
    /// `GroupCommit` is dropped.
    pub fn start(manager: ConnectionManager, generation: Arc<AtomicU64>) -> anyhow::Result<Self> {
        let conn = manager.establish()?;
        let (queue, jobs) = mpsc::channel();
        let commits = Arc::<AtomicU64>::default();
        let counted = commits.clone();
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            .spawn(move || writer(&manager, conn, &jobs, &generation, &counted))?;
        Ok(Self {
            queue,
            #[cfg(test)]
            commits,
        })
    }

    /// Queues `work` for the next commit at once; the answer resolves when that commit is durable.
    pub fn write<T, F>(&self, work: F) -> impl std::future::Future<Output = Result<T, ApiError>> + use<T, F>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Typed {
            work: Some(work),
            result: None,
            reply,
        };
        let queued = self.queue.send(Box::new(job)).is_ok();
        async move {
            if !queued {
                return Err(ApiError::unavailable("the database writer has stopped"));
            }
            answer
                .await
                .map_err(|_| ApiError::internal("the database writer dropped a write"))?
        }
    }

    /// How many commits the writer has made: fewer than the writes when they shared commits.
    #[cfg(test)]
    fn commits(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }
}

fn writer(
    manager: &ConnectionManager,
    mut conn: DbConnection,
    jobs: &mpsc::Receiver<Box<dyn Job>>,
    generation: &AtomicU64,
    commits: &AtomicU64,
) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MOST_PER_COMMIT {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let (outcome, kept) = commit_batch(&mut conn, &mut batch);
        if outcome.is_ok() {
            generation.fetch_add(kept, Ordering::Release);
            let made = commits.fetch_add(1, Ordering::Release) + 1;
            tracing::trace!(writes = batch.len(), kept, commits = made, "group commit");
        }
        for job in batch {
            job.answer(outcome.as_ref().map(|_| ()));
        }
        // A transaction that could not even be rolled back leaves the connection unusable; the
        // next batch gets a new one (until then, each batch answers 503).
        if outcome.is_err() && conn.is_broken() {
            match manager.establish() {
                Ok(fresh) => conn = fresh,
                Err(error) => tracing::error!(%error, "the SQLite writer cannot reconnect"),
            }
        }
    }
}

/// Runs every job of the batch in one transaction; the commit's outcome and how many writes it
/// kept.
fn commit_batch(conn: &mut DbConnection, batch: &mut [Box<dyn Job>]) -> (Result<(), ApiError>, u64) {
    if let Err(error) = begin_immediate(conn) {
        return (Err(error.into()), 0);
    }
    let mut kept = 0;
    for job in batch.iter_mut() {
        match job.run(conn) {
            Ok(true) => kept += 1,
            Ok(false) => {}
            // The transaction itself broke (a savepoint could not be rolled back): nothing of
            // the batch can be trusted, so none of it commits.
            Err(error) => {
                let _ = rollback(conn);
                return (Err(error.into()), 0);
            }
        }
    }
    match commit(conn) {
        Ok(()) => (Ok(()), kept),
        Err(error) => {
            let _ = rollback(conn);
            (Err(error.into()), 0)
        }
    }
}

/// An error for each request of a batch whose commit failed: the same status and words.
fn same_error(error: &ApiError) -> ApiError {
    match error {
        ApiError::Unavailable(cause) => ApiError::Unavailable(cause.clone()),
        other => ApiError::internal(other),
    }
}

fn sqlite(conn: &mut DbConnection) -> &mut diesel::SqliteConnection {
    match conn {
        DbConnection::Sqlite(c) => c,
        DbConnection::Postgresql(_) => unreachable!("the group commit serves SQLite only"),
    }
}

fn begin_immediate(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::begin_transaction_sql(sqlite(conn), "BEGIN IMMEDIATE")
}

/// Inside the open transaction diesel makes these savepoints.
fn begin_savepoint(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::begin_transaction(sqlite(conn))
}

fn release_savepoint(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::commit_transaction(sqlite(conn))
}

fn rollback_savepoint(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::rollback_transaction(sqlite(conn))
}

fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::commit_transaction(sqlite(conn))
}

fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    AnsiTransactionManager::rollback_transaction(sqlite(conn))
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::channel;

    use diesel::connection::SimpleConnection;
    use diesel::sql_types::BigInt;
    use diesel::RunQueryDsl;

    use super::*;
    use crate::config::{Config, DatabaseArgs, SqliteSynchronous};

    fn manager(dir: &tempfile::TempDir) -> ConnectionManager {
        let args = DatabaseArgs {
            database_url: dir.path().join("commit.db").to_str().expect("utf-8").to_owned(),
            sqlite_synchronous: SqliteSynchronous::Full,
            pool_size: 1,
            busy_timeout: 5.0,
        };
        ConnectionManager::new(&Config::new(&args, "127.0.0.1:0".into()))
    }

    fn note(conn: &mut DbConnection, n: i64) -> Result<(), ApiError> {
        diesel::sql_query("INSERT INTO notes (n) VALUES (?)")
            .bind::<BigInt, _>(n)
            .execute(conn)?;
        Ok(())
    }

    #[derive(diesel::QueryableByName)]
    struct Note {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    /// Writes queued while another commit is made share the next one; one that fails, or
    /// panics, after writing rolls back only its own row and says why.
    #[actix_web::test]
    async fn writes_that_queue_together_share_one_commit_and_fail_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        manager(&dir)
            .establish()
            .expect("open")
            .batch_execute("CREATE TABLE notes (n INTEGER NOT NULL)")
            .expect("table");
        let writer = GroupCommit::start(manager(&dir), Arc::default()).expect("writer starts");

        // The first write holds the writer until the others are queued behind it.
        let (started, has_started) = channel();
        let (release, wait) = channel::<()>();
        let first = writer.write(move |conn| {
            started.send(()).expect("test waits");
            wait.recv().expect("test releases");
            note(conn, 0)
        });
        has_started.recv().expect("the first write runs");
        let queued: Vec<_> = (1..=30)
            .map(|n| {
                writer.write(move |conn| {
                    note(conn, n)?;
                    match n % 10 {
                        3 => Err(ApiError::internal(format!("refused {n}"))),
                        7 => panic!("write {n} panics"),
                        _ => Ok(n),
                    }
                })
            })
            .collect();
        release.send(()).expect("writer waits");
        first.await.expect("the first write commits");
        let answers = futures_util::future::join_all(queued).await;

        for (n, answer) in (1..=30).zip(&answers) {
            match (n % 10, answer) {
                (3, Err(ApiError::Internal(why))) => assert_eq!(why, &format!("refused {n}")),
                (7, Err(ApiError::Internal(why))) => assert!(why.contains("panicked"), "{why}"),
                (3 | 7, other) => panic!("write {n} should fail alone, got {other:?}"),
                (_, Ok(value)) => assert_eq!(*value, n),
                (_, Err(error)) => panic!("write {n} should commit, got {error:?}"),
            }
        }
        assert_eq!(writer.commits(), 2, "the 30 queued writes share one commit");
        let mut conn = manager(&dir).establish().expect("open");
        let stored: Vec<i64> = diesel::sql_query("SELECT n FROM notes ORDER BY n")
            .load::<Note>(&mut conn)
            .expect("read")
            .into_iter()
            .map(|note| note.n)
            .collect();
        let expected: Vec<i64> = (0..=30).filter(|n| !matches!(n % 10, 3 | 7)).collect();
        assert_eq!(stored, expected);
    }
}
