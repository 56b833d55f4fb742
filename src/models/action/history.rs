//! The history of an action: every status change, who made it, when, and why.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::find;
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code};
use crate::error::ApiError;
use crate::models::{stored_code, stored_id};
use crate::schema::action_history;

#[derive(Clone, Debug)]
pub struct HistoryEntry {
    pub at: NaiveDateTime,
    pub changed_by: Option<String>,
    pub from: Option<ActionStatus>,
    pub to: ActionStatus,
    pub note: Option<String>,
    /// Set when the system reopened the action because this incident repeated its gap.
    pub repeat_incident: Option<Uuid>,
}

/// Keeps a status change in the action's history.
#[allow(clippy::too_many_arguments)]
pub fn record(
    conn: &mut DbConnection,
    action_id: Uuid,
    changed_by: Option<String>,
    from: Option<ActionStatus>,
    to: ActionStatus,
    note: Option<String>,
    repeat_incident: Option<Uuid>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(action_history::table)
        .values((
            action_history::id.eq(Uuid::now_v7().to_string()),
            action_history::action_id.eq(action_id.to_string()),
            action_history::at.eq(at),
            action_history::changed_by.eq(changed_by),
            action_history::from_status.eq(from.map(|f| f.code())),
            action_history::to_status.eq(to.code()),
            action_history::note.eq(note),
            action_history::repeat_incident_id.eq(repeat_incident.map(|i| i.to_string())),
        ))
        .execute(conn)?;
    Ok(())
}

/// Every status change of the action, oldest first.
pub fn history(conn: &mut DbConnection, id: Uuid) -> Result<Vec<HistoryEntry>, ApiError> {
    find(conn, id)?;
    action_history::table
        .filter(action_history::action_id.eq(id.to_string()))
        .order((action_history::at.asc(), action_history::id.asc()))
        .select((
            action_history::at,
            action_history::changed_by,
            action_history::from_status,
            action_history::to_status,
            action_history::note,
            action_history::repeat_incident_id,
        ))
        .load::<(
            NaiveDateTime,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(|(at, changed_by, from, to, note, repeat)| {
            Ok(HistoryEntry {
                at,
                changed_by,
                from: from.map(|f| stored_code(&f)).transpose()?,
                to: stored_code(&to)?,
                note,
                repeat_incident: repeat.as_deref().map(stored_id).transpose()?,
            })
        })
        .collect()
}
