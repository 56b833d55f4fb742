//! Timeline entries: the evidence attached to an incident.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::{incident, stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::{Code, EntryKind};
use crate::error::{ApiError, Resource};
use crate::pagination::{Cursor, PageRequest};
use crate::schema::timeline_entries;
use crate::validation::now;

#[derive(Clone, Debug)]
pub struct TimelineEntry {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub kind: EntryKind,
    pub occurred_at: NaiveDateTime,
    pub author: String,
    pub body: String,
    pub source_ref: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct NewTimelineEntry {
    pub kind: EntryKind,
    pub occurred_at: NaiveDateTime,
    pub author: String,
    pub body: String,
    pub source_ref: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = timeline_entries)]
struct EntryRow {
    id: String,
    incident_id: String,
    kind: String,
    occurred_at: NaiveDateTime,
    author: String,
    body: String,
    source_ref: Option<String>,
    created_at: NaiveDateTime,
}

impl EntryRow {
    fn into_entry(self) -> Result<TimelineEntry, ApiError> {
        Ok(TimelineEntry {
            id: stored_id(&self.id)?,
            incident_id: stored_id(&self.incident_id)?,
            kind: stored_code(&self.kind)?,
            occurred_at: self.occurred_at,
            author: self.author,
            body: self.body,
            source_ref: self.source_ref,
            created_at: self.created_at,
        })
    }
}

fn require_incident(conn: &mut DbConnection, incident_id: Uuid) -> Result<(), ApiError> {
    if incident::exists(conn, incident_id)? {
        Ok(())
    } else {
        Err(ApiError::not_found(Resource::Incident, incident_id))
    }
}

pub fn add(conn: &mut DbConnection, incident_id: Uuid, new: NewTimelineEntry) -> Result<TimelineEntry, ApiError> {
    require_incident(conn, incident_id)?;
    let id = Uuid::now_v7();
    diesel::insert_into(timeline_entries::table)
        .values((
            timeline_entries::id.eq(id.to_string()),
            timeline_entries::incident_id.eq(incident_id.to_string()),
            timeline_entries::kind.eq(new.kind.code()),
            timeline_entries::occurred_at.eq(new.occurred_at),
            timeline_entries::author.eq(&new.author),
            timeline_entries::body.eq(&new.body),
            timeline_entries::source_ref.eq(&new.source_ref),
            timeline_entries::created_at.eq(now()),
        ))
        .execute(conn)?;
    timeline_entries::table
        .find(id.to_string())
        .select(EntryRow::as_select())
        .first(conn)?
        .into_entry()
}

/// The incident's entries in the order they happened.
pub fn list(
    conn: &mut DbConnection,
    incident_id: Uuid,
    page: &PageRequest,
) -> Result<(Vec<TimelineEntry>, Option<String>), ApiError> {
    require_incident(conn, incident_id)?;
    let mut query = timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .select(EntryRow::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        let (at, id) = after.timed()?;
        query = query.filter(
            timeline_entries::occurred_at
                .gt(at)
                .or(timeline_entries::occurred_at.eq(at).and(timeline_entries::id.gt(id))),
        );
    }
    let entries = query
        .order((timeline_entries::occurred_at.asc(), timeline_entries::id.asc()))
        .limit(page.fetch())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(EntryRow::into_entry)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(entries, |e| Cursor {
        at: Some(e.occurred_at),
        id: e.id,
    }))
}

/// Deletes one entry of this incident; an entry of another incident is not found here.
pub fn delete(conn: &mut DbConnection, incident_id: Uuid, entry_id: Uuid) -> Result<(), ApiError> {
    require_incident(conn, incident_id)?;
    let deleted = diesel::delete(
        timeline_entries::table
            .filter(timeline_entries::id.eq(entry_id.to_string()))
            .filter(timeline_entries::incident_id.eq(incident_id.to_string())),
    )
    .execute(conn)?;
    if deleted == 0 {
        return Err(ApiError::not_found(Resource::TimelineEntry, entry_id));
    }
    Ok(())
}

/// All the incident's entries, in time order (for documents).
pub fn all(conn: &mut DbConnection, incident_id: Uuid) -> Result<Vec<TimelineEntry>, ApiError> {
    timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .order((timeline_entries::occurred_at.asc(), timeline_entries::id.asc()))
        .select(EntryRow::as_select())
        .load::<EntryRow>(conn)?
        .into_iter()
        .map(EntryRow::into_entry)
        .collect()
}

/// The bodies of all the incident's entries, in time order (for the gap finder).
pub fn bodies(conn: &mut DbConnection, incident_id: Uuid) -> Result<Vec<String>, ApiError> {
    Ok(timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .order((timeline_entries::occurred_at.asc(), timeline_entries::id.asc()))
        .select(timeline_entries::body)
        .load(conn)?)
}
