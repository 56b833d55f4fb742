//! The history of an action: every status change, who made it, when, and why; and the service's
//! verdicts on its effectiveness, with the window they were judged over.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::find;
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code, Verdict};
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
    /// The service's verdict, when this move is one.
    pub verdict: Option<Verdict>,
    /// The effectiveness window the verdict was judged over (first and last day).
    pub window: Option<(NaiveDate, NaiveDate)>,
}

/// One status change, as it is kept.
pub struct Move {
    pub changed_by: Option<String>,
    pub from: Option<ActionStatus>,
    pub to: ActionStatus,
    pub note: Option<String>,
    pub repeat_incident: Option<Uuid>,
    pub verdict: Option<Verdict>,
    pub window: Option<(NaiveDate, NaiveDate)>,
}

impl Move {
    /// A move a person (or the creation) made.
    pub fn new(changed_by: Option<String>, from: Option<ActionStatus>, to: ActionStatus) -> Self {
        Self {
            changed_by,
            from,
            to,
            note: None,
            repeat_incident: None,
            verdict: None,
            window: None,
        }
    }

    pub fn noting(self, note: Option<String>) -> Self {
        Self { note, ..self }
    }

    /// The service reopening the action because `incident` repeated its gap.
    pub fn repeated_by(self, incident: Uuid) -> Self {
        Self {
            repeat_incident: Some(incident),
            ..self
        }
    }

    /// The service's verdict over this window.
    pub fn judged(self, verdict: Verdict, window: Option<(NaiveDate, NaiveDate)>) -> Self {
        Self {
            verdict: Some(verdict),
            window,
            ..self
        }
    }
}

/// Keeps a status change in the action's history.
pub fn record(conn: &mut DbConnection, action_id: Uuid, change: Move, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::insert_into(action_history::table)
        .values((
            action_history::id.eq(Uuid::now_v7().to_string()),
            action_history::action_id.eq(action_id.to_string()),
            action_history::at.eq(at),
            action_history::changed_by.eq(change.changed_by),
            action_history::from_status.eq(change.from.map(|f| f.code())),
            action_history::to_status.eq(change.to.code()),
            action_history::note.eq(change.note),
            action_history::repeat_incident_id.eq(change.repeat_incident.map(|i| i.to_string())),
            action_history::verdict.eq(change.verdict.map(|v| v.code())),
            action_history::window_from.eq(change.window.map(|w| w.0)),
            action_history::window_until.eq(change.window.map(|w| w.1)),
        ))
        .execute(conn)?;
    Ok(())
}

type HistoryRow = (
    NaiveDateTime,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

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
            action_history::verdict,
            action_history::window_from,
            action_history::window_until,
        ))
        .load::<HistoryRow>(conn)?
        .into_iter()
        .map(
            |(at, changed_by, from, to, note, repeat, verdict, window_from, window_until)| {
                Ok(HistoryEntry {
                    at,
                    changed_by,
                    from: from.map(|f| stored_code(&f)).transpose()?,
                    to: stored_code(&to)?,
                    note,
                    repeat_incident: repeat.as_deref().map(stored_id).transpose()?,
                    verdict: verdict.as_deref().map(stored_code).transpose()?,
                    window: window_from.zip(window_until),
                })
            },
        )
        .collect()
}
