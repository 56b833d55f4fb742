//! Write transactions that take SQLite's write lock up front.

use diesel::connection::{AnsiTransactionManager, TransactionManager};

use super::DbConnection;

/// Runs `work` in a transaction and commits it when `work` succeeds.
///
/// On SQLite it begins with `BEGIN IMMEDIATE`: a deferred transaction that reads first and
/// writes later can fail with SQLITE_BUSY at its first write, whatever the busy timeout, when
/// another writer got there between; taking the lock at the start makes writers queue instead.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match work(conn) {
        Ok(value) => {
            commit(conn)?;
            Ok(value)
        }
        Err(error) => match rollback(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::commit_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::commit_transaction(c),
    }
}

fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => AnsiTransactionManager::rollback_transaction(c),
        DbConnection::Postgresql(c) => AnsiTransactionManager::rollback_transaction(c),
    }
}

/// Serialises the writers that pass the same `name` until the transaction ends. SQLite needs
/// nothing: `BEGIN IMMEDIATE` already lets one writer in at a time. On PostgreSQL it is a
/// transaction-scoped advisory lock, for work that must see no concurrent insert of its kind
/// (an upsert by CRM reference, the first API key).
pub fn lock_key(conn: &mut DbConnection, name: &str) -> diesel::QueryResult<()> {
    use diesel::{sql_types::Text, RunQueryDsl};
    if let DbConnection::Postgresql(c) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))::text AS locked")
            .bind::<Text, _>(name)
            .execute(c)?;
    }
    Ok(())
}

/// Whether the row still exists, and on PostgreSQL a key-share lock on it for the rest of the
/// transaction, so that it cannot be deleted before a row that refers to it is inserted (a
/// transaction deleting it first makes this wait, then answer `false`). SQLite's single writer
/// needs no lock.
pub fn keep_row(conn: &mut DbConnection, table: &'static str, id: &str) -> diesel::QueryResult<bool> {
    use diesel::{sql_types::Text, OptionalExtension, RunQueryDsl};
    #[derive(diesel::QueryableByName)]
    struct Kept {
        #[diesel(sql_type = Text)]
        #[allow(dead_code)]
        id: String,
    }
    let lock = match conn {
        DbConnection::Postgresql(_) => " FOR KEY SHARE",
        DbConnection::Sqlite(_) => "",
    };
    let kept = diesel::sql_query(format!("SELECT id FROM {table} WHERE id = $1{lock}"))
        .bind::<Text, _>(id)
        .get_result::<Kept>(conn)
        .optional()?;
    Ok(kept.is_some())
}

/// Locks one row for the rest of the transaction, so that a read-check-write (an `If-Match`
/// precondition) cannot interleave with another. SQLite's `BEGIN IMMEDIATE` already does.
pub fn lock_row(conn: &mut DbConnection, table: &'static str, id: &str) -> diesel::QueryResult<()> {
    use diesel::{sql_types::Text, RunQueryDsl};
    if let DbConnection::Postgresql(c) = conn {
        diesel::sql_query(format!("SELECT id FROM {table} WHERE id = $1 FOR UPDATE"))
            .bind::<Text, _>(id)
            .execute(c)?;
    }
    Ok(())
}
