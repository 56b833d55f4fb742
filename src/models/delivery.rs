//! The webhook outbox: one delivery per event and subscription, written in the transaction of
//! the change, then claimed and attempted by a worker until delivered or given up.

use std::collections::HashMap;

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id, webhook};
use crate::db::DbConnection;
use crate::domain::{Code, DeliveryStatus, EventType};
use crate::error::{ApiError, Resource};
use crate::pagination::{Cursor, PageRequest};
use crate::schema::{webhook_attempts, webhook_deliveries, webhooks};
use crate::validation::now;

#[derive(Clone, Debug)]
pub struct Delivery {
    /// Also the `webhook-id` header: the same on every attempt.
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub event_type: EventType,
    pub payload: String,
    pub status: DeliveryStatus,
    pub created_at: NaiveDateTime,
    /// When the next attempt is due, while pending.
    pub next_attempt_at: Option<NaiveDateTime>,
    pub delivered_at: Option<NaiveDateTime>,
    pub attempts: Vec<Attempt>,
}

#[derive(Clone, Debug)]
pub struct Attempt {
    pub attempted_at: NaiveDateTime,
    /// The receiver's HTTP status, when it answered.
    pub response_status: Option<i32>,
    /// Why it failed, when it did not answer (timeout, refused address, connection error).
    pub error: Option<String>,
    pub duration_ms: i32,
}

/// A delivery a worker has claimed, with what it needs to send it.
#[derive(Clone, Debug)]
pub struct Due {
    pub id: Uuid,
    pub webhook_id: Uuid,
    pub url: String,
    pub secret: String,
    pub payload: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
}

/// What an attempt leads to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Next {
    Delivered,
    RetryAt(NaiveDateTime),
    GiveUp,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
struct DeliveryRow {
    id: String,
    webhook_id: String,
    event_type: String,
    payload: String,
    status: String,
    created_at: NaiveDateTime,
    next_attempt_at: NaiveDateTime,
    delivered_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_attempts)]
struct AttemptRow {
    delivery_id: String,
    attempted_at: NaiveDateTime,
    response_status: Option<i32>,
    error: Option<String>,
    duration_ms: i32,
}

impl DeliveryRow {
    fn into_delivery(self, attempts: Vec<Attempt>) -> Result<Delivery, ApiError> {
        let status: DeliveryStatus = stored_code(&self.status)?;
        Ok(Delivery {
            id: stored_id(&self.id)?,
            webhook_id: stored_id(&self.webhook_id)?,
            event_type: EventType::parse(&self.event_type)
                .ok_or_else(|| ApiError::internal(format!("stored event `{}`", self.event_type)))?,
            payload: self.payload,
            next_attempt_at: (status == DeliveryStatus::Pending).then_some(self.next_attempt_at),
            status,
            created_at: self.created_at,
            delivered_at: self.delivered_at,
            attempts,
        })
    }
}

/// Queues one delivery of `payload` to a subscription, due now.
pub fn enqueue(conn: &mut DbConnection, webhook_id: Uuid, event: EventType, payload: &str) -> Result<Uuid, ApiError> {
    let id = Uuid::now_v7();
    let at = now();
    diesel::insert_into(webhook_deliveries::table)
        .values((
            webhook_deliveries::id.eq(id.to_string()),
            webhook_deliveries::webhook_id.eq(webhook_id.to_string()),
            webhook_deliveries::event_type.eq(event.code()),
            webhook_deliveries::payload.eq(payload),
            webhook_deliveries::status.eq(DeliveryStatus::Pending.code()),
            webhook_deliveries::attempts.eq(0),
            webhook_deliveries::created_at.eq(at),
            webhook_deliveries::next_attempt_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

fn attempts_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<Attempt>>, ApiError> {
    let rows: Vec<AttemptRow> = webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(ids))
        .select(AttemptRow::as_select())
        .order((webhook_attempts::attempted_at.asc(), webhook_attempts::id.asc()))
        .load(conn)?;
    let mut by_delivery: HashMap<String, Vec<Attempt>> = HashMap::new();
    for row in rows {
        by_delivery.entry(row.delivery_id).or_default().push(Attempt {
            attempted_at: row.attempted_at,
            response_status: row.response_status,
            error: row.error,
            duration_ms: row.duration_ms,
        });
    }
    Ok(by_delivery)
}

fn with_attempts(conn: &mut DbConnection, rows: Vec<DeliveryRow>) -> Result<Vec<Delivery>, ApiError> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut attempts = attempts_of(conn, &ids)?;
    rows.into_iter()
        .map(|row| {
            let mine = attempts.remove(&row.id).unwrap_or_default();
            row.into_delivery(mine)
        })
        .collect()
}

/// A subscription's deliveries, the newest first.
pub fn list(
    conn: &mut DbConnection,
    webhook_id: Uuid,
    page: &PageRequest,
) -> Result<(Vec<Delivery>, Option<String>), ApiError> {
    super::webhook::find(conn, webhook_id)?;
    let mut query = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id.to_string()))
        .select(DeliveryRow::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(webhook_deliveries::id.lt(after.untimed()?));
    }
    let rows = query
        .order(webhook_deliveries::id.desc())
        .limit(page.fetch())
        .load(conn)?
        .into_iter()
        .map(|row| Ok((stored_id(&row.id)?, row)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let (rows, next) = page.finish(rows, |(id, _)| Cursor::by_id(*id));
    let deliveries = with_attempts(conn, rows.into_iter().map(|(_, row)| row).collect())?;
    Ok((deliveries, next))
}

pub fn find(conn: &mut DbConnection, webhook_id: Uuid, id: Uuid) -> Result<Delivery, ApiError> {
    super::webhook::find(conn, webhook_id)?;
    let row = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id.to_string()))
        .filter(webhook_deliveries::id.eq(id.to_string()))
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Delivery, id))?;
    with_attempts(conn, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::internal("delivery vanished"))
}

/// Sends a delivery again (whatever its status) as soon as a worker is free, with the same
/// `webhook-id`: a receiver that already has it can tell.
pub fn redeliver(conn: &mut DbConnection, webhook_id: Uuid, id: Uuid) -> Result<Delivery, ApiError> {
    find(conn, webhook_id, id)?;
    diesel::update(webhook_deliveries::table.find(id.to_string()))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Pending.code()),
            webhook_deliveries::next_attempt_at.eq(now()),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    find(conn, webhook_id, id)
}

/// Queues again, at once and with their `webhook-id`s, the failed deliveries of this webhook
/// whose events fall in `[from, to)`; returns how many. 404 when the webhook does not exist.
pub fn redeliver_failed(
    conn: &mut DbConnection,
    webhook_id: Uuid,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
) -> Result<usize, ApiError> {
    webhook::find(conn, webhook_id)?;
    let mut failed = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id.to_string()))
        .filter(webhook_deliveries::status.eq(DeliveryStatus::Failed.code()))
        .select(webhook_deliveries::id)
        .into_boxed();
    if let Some(from) = from {
        failed = failed.filter(webhook_deliveries::created_at.ge(from));
    }
    if let Some(to) = to {
        failed = failed.filter(webhook_deliveries::created_at.lt(to));
    }
    let ids: Vec<String> = failed.load(conn)?;
    Ok(
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Pending.code()),
                webhook_deliveries::next_attempt_at.eq(now()),
                webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?,
    )
}

/// Claims up to `limit` due deliveries for `lease`: no other worker takes them meanwhile, and if
/// this one dies they are due again when the lease runs out. On PostgreSQL the rows are picked
/// with `FOR UPDATE SKIP LOCKED`, so replicas claiming at once take different rows without waiting.
pub fn claim_due(conn: &mut DbConnection, limit: i64, lease: TimeDelta) -> Result<Vec<Due>, ApiError> {
    use diesel::sql_types::{BigInt, Text, Timestamp};
    #[derive(QueryableByName)]
    struct Claimed {
        #[diesel(sql_type = Text)]
        id: String,
    }
    // One statement picks and leases the rows, so the claim holds within the caller's
    // transaction or without one (a statement is atomic on both backends). On PostgreSQL the
    // rows are picked with `FOR UPDATE SKIP LOCKED`: replicas claiming at once skip each other's.
    const CLAIM: &str = "UPDATE webhook_deliveries SET locked_until = $1 WHERE id IN (\
        SELECT id FROM webhook_deliveries WHERE status = $2 AND next_attempt_at <= $3 \
        AND (locked_until IS NULL OR locked_until < $3) \
        AND webhook_id IN (SELECT w.id FROM webhooks w WHERE w.disabled_at IS NULL) \
        ORDER BY next_attempt_at ASC LIMIT $4";
    let at = now();
    let pending = DeliveryStatus::Pending.code();
    let claimed: Vec<Claimed> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(format!("{CLAIM}) RETURNING id"))
            .bind::<Timestamp, _>(at + lease)
            .bind::<Text, _>(pending)
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(limit)
            .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(format!("{CLAIM} FOR UPDATE SKIP LOCKED) RETURNING id"))
            .bind::<Timestamp, _>(at + lease)
            .bind::<Text, _>(pending)
            .bind::<Timestamp, _>(at)
            .bind::<BigInt, _>(limit)
            .load(c)?,
    };
    let ids: Vec<String> = claimed.into_iter().map(|c| c.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, String, String, String, NaiveDateTime, i32)> = webhook_deliveries::table
        .inner_join(webhooks::table.on(webhooks::id.eq(webhook_deliveries::webhook_id)))
        .filter(webhook_deliveries::id.eq_any(&ids))
        .order(webhook_deliveries::next_attempt_at.asc())
        .select((
            webhook_deliveries::id,
            webhook_deliveries::webhook_id,
            webhooks::url,
            webhooks::secret,
            webhook_deliveries::payload,
            webhook_deliveries::created_at,
            webhook_deliveries::attempts,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, webhook_id, url, secret, payload, created_at, attempts)| {
            Ok(Due {
                id: stored_id(&id)?,
                webhook_id: stored_id(&webhook_id)?,
                url,
                secret,
                payload,
                created_at,
                attempts,
            })
        })
        .collect()
}

/// Records one attempt and what follows from it, and releases the claim.
pub fn record_attempt(conn: &mut DbConnection, id: Uuid, attempt: &Attempt, next: Next) -> Result<(), ApiError> {
    diesel::insert_into(webhook_attempts::table)
        .values((
            webhook_attempts::id.eq(Uuid::now_v7().to_string()),
            webhook_attempts::delivery_id.eq(id.to_string()),
            webhook_attempts::attempted_at.eq(attempt.attempted_at),
            webhook_attempts::response_status.eq(attempt.response_status),
            webhook_attempts::error.eq(&attempt.error),
            webhook_attempts::duration_ms.eq(attempt.duration_ms),
        ))
        .execute(conn)?;
    let (status, next_at, delivered_at) = match next {
        Next::Delivered => (DeliveryStatus::Delivered, attempt.attempted_at, Some(now())),
        Next::RetryAt(at) => (DeliveryStatus::Pending, at, None),
        Next::GiveUp => (DeliveryStatus::Failed, attempt.attempted_at, None),
    };
    diesel::update(webhook_deliveries::table.find(id.to_string()))
        .set((
            webhook_deliveries::status.eq(status.code()),
            webhook_deliveries::attempts.eq(webhook_deliveries::attempts + 1),
            webhook_deliveries::next_attempt_at.eq(next_at),
            webhook_deliveries::locked_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::delivered_at.eq(delivered_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes up to `limit` deliveries that are finished (delivered or failed) and whose last
/// attempt was before `cutoff`, with their attempts; returns how many. Pending ones stay, however
/// old: they are still to be sent.
pub fn purge_finished(conn: &mut DbConnection, cutoff: NaiveDateTime, limit: i64) -> Result<usize, ApiError> {
    // A finished delivery's `next_attempt_at` is the time of its last attempt.
    let ids: Vec<String> = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq_any([DeliveryStatus::Delivered.code(), DeliveryStatus::Failed.code()]))
        .filter(webhook_deliveries::next_attempt_at.lt(cutoff))
        .select(webhook_deliveries::id)
        .limit(limit)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::delete(webhook_attempts::table.filter(webhook_attempts::delivery_id.eq_any(&ids))).execute(conn)?;
    Ok(diesel::delete(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids))).execute(conn)?)
}
