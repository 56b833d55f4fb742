//! Idempotency keys: the first request's fingerprint and, once it succeeded, its response.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::schema::idempotency_keys;
use crate::validation::now;

/// How long a key is remembered.
pub const RETENTION: TimeDelta = TimeDelta::hours(24);
/// A request that holds its key longer than this died with its server (no request runs this
/// long: the pool and body timeouts end it sooner), so a retry may run it again.
const ABANDONED_AFTER: TimeDelta = TimeDelta::seconds(60);

/// A stored response: status, the headers worth replaying, and the body.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What to do with a request that carries an idempotency key.
#[derive(Debug, PartialEq)]
pub enum Claim {
    /// First time (or the earlier holder is gone): run it; the key is now held.
    Run,
    /// Done before: answer with the stored response.
    Replay(StoredResponse),
    /// The first request with this key is still running.
    InUse,
    /// The key was used for a different request.
    Reused,
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

/// Takes the key for a request with this fingerprint, or says why not. Call it in a write
/// transaction: the insert that wins is the one request that runs.
pub fn claim(conn: &mut DbConnection, api_key: Uuid, key: &str, fingerprint: &str) -> Result<Claim, ApiError> {
    let at = now();
    let insert = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::api_key_id.eq(api_key.to_string()),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::fingerprint.eq(fingerprint),
            idempotency_keys::started_at.eq(at),
        ))
        .on_conflict_do_nothing();
    // `ON CONFLICT` does not go through the multi-backend connection; both backends spell it alike.
    let inserted = match conn {
        DbConnection::Sqlite(c) => insert.execute(c)?,
        DbConnection::Postgresql(c) => insert.execute(c)?,
    };
    if inserted == 1 {
        return Ok(Claim::Run);
    }
    let target = || idempotency_keys::table.find((api_key.to_string(), key));
    let row: Row = target().select(Row::as_select()).first(conn)?;
    let expired = at - row.started_at >= RETENTION;
    let abandoned = row.response_status.is_none() && at - row.started_at >= ABANDONED_AFTER;
    if expired || (abandoned && row.fingerprint == fingerprint) {
        diesel::update(target())
            .set((
                idempotency_keys::fingerprint.eq(fingerprint),
                idempotency_keys::started_at.eq(at),
                idempotency_keys::response_status.eq(None::<i32>),
                idempotency_keys::response_headers.eq(None::<String>),
                idempotency_keys::response_body.eq(None::<String>),
            ))
            .execute(conn)?;
        return Ok(Claim::Run);
    }
    if row.fingerprint != fingerprint {
        return Ok(Claim::Reused);
    }
    match (row.response_status, row.response_headers, row.response_body) {
        (Some(status), Some(headers), Some(body)) => Ok(Claim::Replay(StoredResponse {
            status: u16::try_from(status).map_err(ApiError::internal)?,
            headers: serde_json::from_str(&headers).map_err(ApiError::internal)?,
            body,
        })),
        _ => Ok(Claim::InUse),
    }
}

/// Keeps the response of the request that held the key.
pub fn complete(conn: &mut DbConnection, api_key: Uuid, key: &str, response: &StoredResponse) -> Result<(), ApiError> {
    let headers = serde_json::to_string(&response.headers).map_err(ApiError::internal)?;
    diesel::update(idempotency_keys::table.find((api_key.to_string(), key)))
        .set((
            idempotency_keys::response_status.eq(i32::from(response.status)),
            idempotency_keys::response_headers.eq(headers),
            idempotency_keys::response_body.eq(&response.body),
        ))
        .execute(conn)?;
    Ok(())
}

/// Lets the key go: the request failed and changed nothing, so a retry may run it again.
pub fn release(conn: &mut DbConnection, api_key: Uuid, key: &str) -> Result<(), ApiError> {
    diesel::delete(idempotency_keys::table.find((api_key.to_string(), key))).execute(conn)?;
    Ok(())
}

/// Forgets the keys older than the retention; returns how many.
pub fn purge_expired(conn: &mut DbConnection) -> Result<usize, ApiError> {
    let before = now() - RETENTION;
    Ok(diesel::delete(idempotency_keys::table.filter(idempotency_keys::started_at.lt(before))).execute(conn)?)
}
