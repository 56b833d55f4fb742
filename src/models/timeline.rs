//! Timeline entries: the evidence attached to an incident.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::{incident, stored_code, stored_id};
use crate::db::{lock_row, DbConnection};
use crate::domain::{Code, EntryKind};
use crate::error::{ApiError, Resource};
use crate::pagination::{Cursor, PageRequest};
use crate::schema::timeline_entries;
use crate::validation::now;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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

/// The most entries one incident's timeline holds: what its readers (the document, the gap
/// finder, a listing) load stays bounded.
pub const ENTRIES_MAX: i64 = 10_000;

/// Adds an entry; refused with 409 `timeline_full` when the incident already has `ENTRIES_MAX`.
pub fn add(conn: &mut DbConnection, incident_id: Uuid, new: NewTimelineEntry) -> Result<TimelineEntry, ApiError> {
    require_incident(conn, incident_id)?;
    // Two adds at once must not both count 9,999: the incident's row lock orders them on
    // PostgreSQL (SQLite has one writer at a time already).
    lock_row(conn, "incidents", &incident_id.to_string())?;
    let entries: i64 = timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .count()
        .get_result(conn)?;
    if entries >= ENTRIES_MAX {
        return Err(ApiError::TimelineFull { max: ENTRIES_MAX });
    }
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
    Ok(page.finish(entries, |e| Cursor::by_time(e.occurred_at, e.id)))
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

diesel::define_sql_function! {
    /// SQL `length()` of a text: its characters, on both backends.
    fn length(x: diesel::sql_types::Text) -> diesel::sql_types::Integer;
}

/// The bodies of the incident's newest entries that fit in `budget` characters, the last one
/// perhaps in part (for the gap finder), in time order. Only the entries' lengths are read for
/// the rest, so what is loaded stays near the budget however long the timeline is.
pub fn recent_bodies(conn: &mut DbConnection, incident_id: Uuid, budget: usize) -> Result<Vec<String>, ApiError> {
    let lengths: Vec<(String, i32)> = timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .order((timeline_entries::occurred_at.desc(), timeline_entries::id.desc()))
        .select((timeline_entries::id, length(timeline_entries::body)))
        .limit(ENTRIES_MAX)
        .load(conn)?;
    let mut chosen = Vec::new();
    let mut used = 0usize;
    for (id, chars) in lengths {
        if used >= budget {
            break;
        }
        used += usize::try_from(chars).unwrap_or_default();
        chosen.push(id);
    }
    let mut bodies: Vec<(String, NaiveDateTime, String)> = timeline_entries::table
        .filter(timeline_entries::id.eq_any(&chosen))
        .select((
            timeline_entries::id,
            timeline_entries::occurred_at,
            timeline_entries::body,
        ))
        .load(conn)?;
    bodies.sort_by(|a, b| (b.1, &b.0).cmp(&(a.1, &a.0)));
    let mut left = budget;
    let mut out: Vec<String> = bodies
        .into_iter()
        .map_while(|(_, _, body)| {
            (left > 0).then(|| {
                let cut: String = body.chars().take(left).collect();
                left -= cut.chars().count();
                cut
            })
        })
        .collect();
    out.reverse();
    Ok(out)
}

/// The ids of the incident's entries (for the feed when the incident goes).
pub fn ids(conn: &mut DbConnection, incident_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    timeline_entries::table
        .filter(timeline_entries::incident_id.eq(incident_id.to_string()))
        .select(timeline_entries::id)
        .order(timeline_entries::id)
        .load::<String>(conn)?
        .iter()
        .map(|id| stored_id(id))
        .collect()
}
