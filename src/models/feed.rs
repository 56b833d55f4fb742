//! The change feed's log: one row per committed change, written in the change's transaction,
//! read in an order a consumer can follow without missing or repeating an event.
//!
//! SQLite has one writer at a time: the autoincrement id is commit order. PostgreSQL commits many
//! transactions at once, so an id (or a time) taken at insert is not: a transaction holding id
//! 10 can commit after a reader has passed id 11, and the reader would never see it. Each event
//! is placed at its transaction's id instead (raised to the resource's previous event, so one
//! resource's events keep the order its row lock gave them), and a reader is served only the
//! positions below the oldest transaction still running: nothing can appear there any more.
//! Writers pay one indexed lookup per event; readers lag behind the longest open transaction.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Text};
use serde::Serialize;
use uuid::Uuid;

use super::action::Action;
use super::client::Client;
use super::incident::Incident;
use super::retrospective::Retrospective;
use super::timeline::TimelineEntry;
use super::{stored_id, DbConnection};
use crate::domain::{Actor, ChangeType};
use crate::error::ApiError;
use crate::schema::{event_horizon, events};
use crate::validation::now;

/// What a reader asks for `after=` to start at the present: no past event, every later one.
pub const LATEST: &str = "latest";

/// The place of the last event a reader was served: its position and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FeedCursor {
    pub position: i64,
    pub id: i64,
}

impl FeedCursor {
    /// Before every event.
    pub const START: FeedCursor = FeedCursor { position: 0, id: 0 };

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("e{}.{}", self.position, self.id))
    }

    pub fn decode(raw: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| ApiError::InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| ApiError::InvalidCursor)?;
        let (position, id) = text
            .strip_prefix('e')
            .and_then(|rest| rest.split_once('.'))
            .ok_or(ApiError::InvalidCursor)?;
        let number = |raw: &str| raw.parse::<i64>().ok().filter(|n| *n >= 0);
        match (number(position), number(id)) {
            (Some(position), Some(id)) => Ok(Self { position, id }),
            _ => Err(ApiError::InvalidCursor),
        }
    }
}

/// The resource as it stood at the change, stored as its model so that the feed can show it in
/// any language later.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Snapshot<'a> {
    Client(&'a Client),
    Incident(&'a Incident),
    TimelineEntry(&'a TimelineEntry),
    Retrospective(&'a Retrospective),
    Action(&'a Action),
}

/// One event as stored.
#[derive(Debug)]
pub struct StoredEvent {
    pub id: i64,
    pub position: i64,
    pub change: ChangeType,
    pub resource_id: String,
    pub actor: Option<Uuid>,
    /// The model's JSON; none for a deletion.
    pub data: Option<String>,
    pub occurred_at: NaiveDateTime,
}

impl StoredEvent {
    pub fn cursor(&self) -> FeedCursor {
        FeedCursor {
            position: self.position,
            id: self.id,
        }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = events)]
struct EventRow {
    id: i64,
    position: i64,
    event_type: String,
    resource_id: String,
    actor: Option<String>,
    data: Option<String>,
    occurred_at: NaiveDateTime,
}

impl EventRow {
    fn into_event(self) -> Result<StoredEvent, ApiError> {
        let change = ChangeType::parse(&self.event_type)
            .ok_or_else(|| ApiError::internal(format!("stored event type `{}` is unknown", self.event_type)))?;
        Ok(StoredEvent {
            id: self.id,
            position: self.position,
            change,
            resource_id: self.resource_id,
            actor: self.actor.as_deref().map(stored_id).transpose()?,
            data: self.data,
            occurred_at: self.occurred_at,
        })
    }
}

/// Appends one event to the log, in the caller's transaction. The caller holds the resource's
/// row lock (or, for a deletion, has deleted the row), so no other transaction can write an
/// event of the same resource until this one ends.
pub fn append(
    conn: &mut DbConnection,
    change: ChangeType,
    resource_id: &str,
    actor: Actor,
    data: Option<&Snapshot>,
) -> Result<(), ApiError> {
    let data = data
        .map(serde_json::to_string)
        .transpose()
        .map_err(ApiError::internal)?;
    let actor = actor.0.map(|id| id.to_string());
    let values = (
        events::event_type.eq(change.code()),
        events::resource_type.eq(change.resource_type().code()),
        events::resource_id.eq(resource_id),
        events::actor.eq(actor),
        events::data.eq(data),
        events::occurred_at.eq(now()),
    );
    match conn {
        DbConnection::Sqlite(_) => {
            diesel::insert_into(events::table)
                .values((events::position.eq(0), values))
                .execute(conn)?;
        }
        DbConnection::Postgresql(_) => {
            let position = sql::<BigInt>(
                "GREATEST(pg_current_xact_id()::text::bigint, \
                 COALESCE((SELECT max(e.position) FROM events e WHERE e.resource_id = ",
            )
            .bind::<Text, _>(resource_id.to_owned())
            .sql("), 0))");
            diesel::insert_into(events::table)
                .values((events::position.eq(position), values))
                .execute(conn)?;
        }
    }
    Ok(())
}

/// The positions below this one are final: every transaction that could still add one has
/// ended. On SQLite every committed event is final.
fn visible_below() -> &'static str {
    "events.position < pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
}

/// At most `limit` events after `after`, of these types (all when empty), in feed order.
pub fn page(
    conn: &mut DbConnection,
    after: FeedCursor,
    limit: i64,
    types: &[ChangeType],
) -> Result<Vec<StoredEvent>, ApiError> {
    let mut query = events::table.select(EventRow::as_select()).into_boxed();
    query = match conn {
        // Every position is 0 here: the order is the rowid's, and a seek on it is the fastest
        // there is (SQLite seeks a row value on its first column only, and would scan every
        // event of position 0 before the cursor: 40 ms at a million events).
        DbConnection::Sqlite(_) => query.filter(events::id.gt(after.id)).order(events::id.asc()),
        DbConnection::Postgresql(_) => query
            .filter(
                sql::<Bool>("(events.position, events.id) > (")
                    .bind::<BigInt, _>(after.position)
                    .sql(", ")
                    .bind::<BigInt, _>(after.id)
                    .sql(")"),
            )
            .filter(sql::<Bool>(visible_below()))
            .order((events::position.asc(), events::id.asc())),
    };
    if !types.is_empty() {
        query = query.filter(events::event_type.eq_any(types.iter().map(|t| t.code())));
    }
    query
        .limit(limit)
        .load::<EventRow>(conn)?
        .into_iter()
        .map(EventRow::into_event)
        .collect()
}

/// A cursor after every event a reader can be served now, for a consumer that has just copied
/// the lists and follows the feed from here.
pub fn latest(conn: &mut DbConnection) -> Result<FeedCursor, ApiError> {
    match conn {
        DbConnection::Sqlite(_) => {
            let id: Option<i64> = events::table.select(diesel::dsl::max(events::id)).first(conn)?;
            Ok(FeedCursor {
                position: 0,
                id: id.unwrap_or(0),
            })
        }
        DbConnection::Postgresql(_) => {
            let below: i64 =
                diesel::select(sql::<BigInt>("pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).first(conn)?;
            Ok(FeedCursor {
                position: below - 1,
                id: i64::MAX,
            })
        }
    }
}

/// The last event purged, if any: a cursor before it may have missed events.
pub fn horizon(conn: &mut DbConnection) -> Result<Option<FeedCursor>, ApiError> {
    Ok(event_horizon::table
        .select((event_horizon::position, event_horizon::event_id))
        .first::<(i64, i64)>(conn)
        .optional()?
        .map(|(position, id)| FeedCursor { position, id }))
}

/// Deletes the oldest events, in feed order, up to `limit` and up to the first one younger than
/// `cutoff` (so that no younger event goes, and the deleted ones are a prefix of the feed);
/// moves the horizon to the last one deleted.
pub fn purge(conn: &mut DbConnection, cutoff: NaiveDateTime, limit: i64) -> Result<usize, ApiError> {
    let oldest = events::table
        .select((events::position, events::id, events::occurred_at))
        .limit(limit)
        .into_boxed();
    let oldest: Vec<(i64, i64, NaiveDateTime)> = match conn {
        DbConnection::Sqlite(_) => oldest.order(events::id.asc()).load(conn)?,
        DbConnection::Postgresql(_) => oldest
            .filter(sql::<Bool>(visible_below()))
            .order((events::position.asc(), events::id.asc()))
            .load(conn)?,
    };
    let doomed: Vec<(i64, i64)> = oldest
        .into_iter()
        .take_while(|(_, _, at)| *at < cutoff)
        .map(|(position, id, _)| (position, id))
        .collect();
    let Some(&(position, event_id)) = doomed.last() else {
        return Ok(0);
    };
    let ids: Vec<i64> = doomed.iter().map(|(_, id)| *id).collect();
    let deleted = diesel::delete(events::table.filter(events::id.eq_any(&ids))).execute(conn)?;
    let moved = diesel::update(event_horizon::table.find(1))
        .set((
            event_horizon::position.eq(position),
            event_horizon::event_id.eq(event_id),
        ))
        .execute(conn)?;
    if moved == 0 {
        diesel::insert_into(event_horizon::table)
            .values((
                event_horizon::id.eq(1),
                event_horizon::position.eq(position),
                event_horizon::event_id.eq(event_id),
            ))
            .execute(conn)?;
    }
    Ok(deleted)
}
