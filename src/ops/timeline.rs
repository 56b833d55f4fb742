//! An incident's timeline: adding and removing evidence, each recorded in the change feed.

use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::{Actor, ChangeType};
use crate::error::ApiError;
use crate::models::timeline::{self, NewTimelineEntry, TimelineEntry};
use crate::ops::feed;

pub fn add(
    conn: &mut DbConnection,
    incident_id: Uuid,
    new: NewTimelineEntry,
    actor: Actor,
) -> Result<TimelineEntry, ApiError> {
    let entry = timeline::add(conn, incident_id, new)?;
    feed::timeline_entry(conn, actor, &entry)?;
    Ok(entry)
}

pub fn delete(conn: &mut DbConnection, incident_id: Uuid, entry_id: Uuid, actor: Actor) -> Result<(), ApiError> {
    timeline::delete(conn, incident_id, entry_id)?;
    feed::deleted(conn, actor, ChangeType::TimelineEntryDeleted, entry_id)
}
