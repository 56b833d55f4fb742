//! Writing the change feed. Call [`record`] inside the transaction of every change of a client,
//! incident, timeline entry, retrospective or action, after the change: the event exists
//! exactly when the change does, whether or not anyone follows the feed.

use uuid::Uuid;

use crate::db::{lock_row, DbConnection};
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
    changed(
        conn,
        actor,
        change,
        ("clients", client.id),
        client.id,
        Snapshot::Client(client),
    )
}

/// Records that an incident was filed or changed.
pub fn incident(
    conn: &mut DbConnection,
    actor: Actor,
    change: ChangeType,
    incident: &Incident,
) -> Result<(), ApiError> {
    changed(
        conn,
        actor,
        change,
        ("incidents", incident.id),
        incident.id,
        Snapshot::Incident(incident),
    )
}

/// Records that an entry was added to an incident's timeline.
pub fn timeline_entry(conn: &mut DbConnection, actor: Actor, entry: &TimelineEntry) -> Result<(), ApiError> {
    changed(
        conn,
        actor,
        ChangeType::TimelineEntryCreated,
        ("incidents", entry.incident_id),
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
    changed(
        conn,
        actor,
        change,
        ("incidents", retro.incident_id),
        retro.incident_id,
        Snapshot::Retrospective(retro),
    )
}

/// Records that an action was created or changed.
pub fn action(conn: &mut DbConnection, actor: Actor, change: ChangeType, action: &Action) -> Result<(), ApiError> {
    changed(
        conn,
        actor,
        change,
        ("actions", action.id),
        action.id,
        Snapshot::Action(action),
    )
}

/// Records a deletion: a tombstone, with no data.
pub fn deleted(conn: &mut DbConnection, actor: Actor, change: ChangeType, id: Uuid) -> Result<(), ApiError> {
    debug_assert!(change.is_deletion());
    feed::append(conn, change, &id.to_string(), actor, None)
}

/// The row lock (a no-op where the change already took it) orders this event after every
/// earlier event of the resource: a transaction that changed it before us has committed.
fn changed(
    conn: &mut DbConnection,
    actor: Actor,
    change: ChangeType,
    (table, locked): (&'static str, Uuid),
    id: Uuid,
    snapshot: Snapshot,
) -> Result<(), ApiError> {
    debug_assert!(!change.is_deletion());
    lock_row(conn, table, &locked.to_string())?;
    feed::append(conn, change, &id.to_string(), actor, Some(&snapshot))
}
