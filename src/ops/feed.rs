//! Writing the change feed. Call [`record`] inside the transaction of every change of a client,
//! incident, timeline entry, retrospective or action, after the change: the event exists
//! exactly when the change does, whether or not anyone follows the feed.

use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::{Actor, ChangeType};
use crate::error::ApiError;
use crate::models::action::Action;
use crate::models::client::Client;
use crate::models::feed::{self, Snapshot};
use crate::models::incident::Incident;
use crate::models::retrospective::Retrospective;
use crate::models::timeline::TimelineEntry;

/// Records that a client was created or changed.
pub fn client(conn: &mut DbConnection, actor: Actor, change: ChangeType, client: &Client) -> Result<(), ApiError> {
    changed(conn, actor, change, client.id, Snapshot::Client(client))
}

/// Records that an incident was filed or changed.
pub fn incident(
    conn: &mut DbConnection,
    actor: Actor,
    change: ChangeType,
    incident: &Incident,
) -> Result<(), ApiError> {
    changed(conn, actor, change, incident.id, Snapshot::Incident(incident))
}

/// Records that an entry was added to an incident's timeline.
pub fn timeline_entry(conn: &mut DbConnection, actor: Actor, entry: &TimelineEntry) -> Result<(), ApiError> {
    changed(
        conn,
        actor,
        ChangeType::TimelineEntryCreated,
        entry.id,
        Snapshot::TimelineEntry(entry),
    )
}

/// Records that a retrospective was written or replaced.
pub fn retrospective(
    conn: &mut DbConnection,
    actor: Actor,
    change: ChangeType,
    retro: &Retrospective,
) -> Result<(), ApiError> {
    changed(conn, actor, change, retro.incident_id, Snapshot::Retrospective(retro))
}

/// Records that an action was created or changed.
pub fn action(conn: &mut DbConnection, actor: Actor, change: ChangeType, action: &Action) -> Result<(), ApiError> {
    changed(conn, actor, change, action.id, Snapshot::Action(action))
}

/// Records a deletion: a tombstone, with no data.
pub fn deleted(conn: &mut DbConnection, actor: Actor, change: ChangeType, id: Uuid) -> Result<(), ApiError> {
    debug_assert!(change.is_deletion());
    feed::append(conn, change, &id.to_string(), actor, None)
}

/// The caller holds the resource's row lock (its incident's, for a timeline entry or a
/// retrospective): every change takes it, by writing the row (a new row is no one else's until
/// commit) or with `lock_row`. That orders this event after every earlier event of the
/// resource, whose transaction has committed. (Taking it again here cost a round trip per event
/// on PostgreSQL.)
fn changed(
    conn: &mut DbConnection,
    actor: Actor,
    change: ChangeType,
    id: Uuid,
    snapshot: Snapshot,
) -> Result<(), ApiError> {
    debug_assert!(!change.is_deletion());
    feed::append(conn, change, &id.to_string(), actor, Some(&snapshot))
}
