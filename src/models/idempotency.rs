//! Idempotency keys: a request's fingerprint and its response, written in the same transaction
//! as the change the request made (see `Db::write_response`), so that a key is either unknown
//! (the change did not happen) or holds the response of the change that did.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::idempotency_keys;
use crate::validation::now;

/// How long a key is remembered.
pub const RETENTION: TimeDelta = TimeDelta::hours(24);
/// Servers before the one-transaction design claimed a key in a row without a response and
/// stored the response later. Such a row younger than this may belong to a request an older
/// replica still runs (during a rolling upgrade); an older one was abandoned. No row without a
/// response is written any more.
const ABANDONED_AFTER: TimeDelta = TimeDelta::seconds(60);
/// Separates this module's advisory locks from `db::lock_key`'s: PostgreSQL keeps the two-key
/// and the one-key lock spaces apart, and this class id names ours within the two-key one.
pub const LOCK_CLASS: i32 = 0x1de0;

/// A stored response: status, the headers worth replaying, and the body.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// `None` when the response carried a secret (a new API key, a webhook signing secret):
    /// only the first answer may show it, so a retry is told that instead of getting a copy.
    pub body: Option<String>,
}

/// What the table says about a key, for a request with this fingerprint.
#[derive(Debug, PartialEq)]
pub enum Found {
    /// Unknown (or expired): the request has not been done; run it.
    Nothing,
    /// Done before: answer with the stored response.
    Replay(StoredResponse),
    /// Done before, and the response carried a secret that is not kept.
    SecretNotReplayed,
    /// The key was used for a different request.
    Reused,
    /// A server of the previous design claimed it moments ago and may still run it.
    InUse,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = idempotency_keys)]
struct Row {
    fingerprint: String,
    started_at: NaiveDateTime,
    response_status: Option<i32>,
    response_headers: Option<String>,
    response_body: Option<String>,
}

/// Looks the key up. Outside a transaction it is a hint (the middleware answers a replay
/// without running the handler); inside the write transaction, after `try_lock`, it is the
/// decision.
pub fn find(conn: &mut DbConnection, api_key: Uuid, key: &str, fingerprint: &str) -> Result<Found, ApiError> {
    let row: Option<Row> = idempotency_keys::table
        .find((api_key.to_string(), key))
        .select(Row::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        return Ok(Found::Nothing);
    };
    let age = now() - row.started_at;
    if age >= RETENTION {
        return Ok(Found::Nothing);
    }
    let Some(status) = row.response_status else {
        // A claim of the previous design (see `ABANDONED_AFTER`).
        return Ok(if age < ABANDONED_AFTER {
            if row.fingerprint == fingerprint {
                Found::InUse
            } else {
                Found::Reused
            }
        } else {
            Found::Nothing
        });
    };
    if row.fingerprint != fingerprint {
        return Ok(Found::Reused);
    }
    let Some(body) = row.response_body else {
        return Ok(Found::SecretNotReplayed);
    };
    Ok(Found::Replay(StoredResponse {
        status: u16::try_from(status).map_err(ApiError::internal)?,
        headers: serde_json::from_str(row.response_headers.as_deref().unwrap_or("[]")).map_err(ApiError::internal)?,
        body: Some(body),
    }))
}

/// Takes the key for the rest of the write transaction, or says it is taken (`false`): another
/// request with it runs now, on this server or another. Never waits.
///
/// PostgreSQL: a transaction-scoped advisory lock, tried, not awaited, on a hash of the API key
/// and the key; it is released by the commit that also makes the stored response visible, so
/// whoever takes it next finds that response. A hash collision between two keys in flight at
/// the same moment only answers one of them 409, which a retry clears.
///
/// SQLite: `BEGIN IMMEDIATE` already lets one writer in at a time (across processes too), so
/// whoever gets in next finds the stored response; the 409 for a retry that comes while the
/// first runs is given before the transaction, by the server's in-flight set (`Db::hold_key`),
/// because waiting for the lock is exactly the wait the 409 is there to spare.
pub fn try_lock(conn: &mut DbConnection, api_key: Uuid, key: &str) -> Result<bool, ApiError> {
    use diesel::sql_types::{Bool, Integer, Text};
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = Bool)]
        locked: bool,
    }
    let DbConnection::Postgresql(c) = conn else {
        return Ok(true);
    };
    let locked: Locked = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS locked")
        .bind::<Integer, _>(LOCK_CLASS)
        .bind::<Text, _>(format!("{api_key}\n{key}"))
        .get_result(c)?;
    Ok(locked.locked)
}

/// Keeps the response of the request that ran with the key, in its write transaction (replacing
/// an expired or abandoned row that `find` let through).
pub fn store(
    conn: &mut DbConnection,
    api_key: Uuid,
    key: &str,
    fingerprint: &str,
    response: &StoredResponse,
) -> Result<(), ApiError> {
    let headers = serde_json::to_string(&response.headers).map_err(ApiError::internal)?;
    diesel::delete(idempotency_keys::table.find((api_key.to_string(), key))).execute(conn)?;
    diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::api_key_id.eq(api_key.to_string()),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::started_at.eq(now()),
            idempotency_keys::response_status.eq(i32::from(response.status)),
            idempotency_keys::response_headers.eq(headers),
            idempotency_keys::response_body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Forgets the keys older than the retention; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let before = now() - RETENTION;
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::started_at.lt(before))).execute(conn)?)
}
