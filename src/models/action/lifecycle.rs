//! The lifecycle of an action: which status may follow which, and what each move needs.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::{find, invalid, record, Action, ActionChanges};
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code};
use crate::error::{ApiError, FieldProblem};
use crate::schema::actions;
use crate::validation::now;

/// The rules a deployment may tune.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Days after `done` before an action may be `verified`.
    pub verification_window_days: i64,
    /// Whether a repeat counts across clients (an action of any client is reopened).
    pub repeat_across_clients: bool,
}

/// Applies a change; a status change must follow the lifecycle.
pub fn update(conn: &mut DbConnection, id: Uuid, changes: ActionChanges, policy: Policy) -> Result<Action, ApiError> {
    let current = find(conn, id)?;
    let at = now();
    let key = id.to_string();
    if let Some(to) = changes.status.filter(|to| *to != current.status) {
        if !current.status.next().contains(&to) {
            return Err(ApiError::InvalidTransition {
                from: current.status,
                to,
                allowed: current.status.next().to_vec(),
            });
        }
        match to {
            ActionStatus::Done if changes.completion_note.is_none() => {
                return Err(invalid("completion_note", FieldProblem::Required));
            }
            ActionStatus::Verified => {
                if changes.verification_note.is_none() {
                    return Err(invalid("verification_note", FieldProblem::Required));
                }
                let window_ends = current.done_at.unwrap_or(at) + Duration::days(policy.verification_window_days);
                if at < window_ends {
                    return Err(ApiError::VerificationTooEarly {
                        available_on: window_ends.date(),
                    });
                }
            }
            _ => {}
        }
        diesel::update(actions::table.find(&key))
            .set((
                actions::status.eq(to.code()),
                actions::done_at.eq(if to == ActionStatus::Done {
                    Some(at)
                } else {
                    current.done_at
                }),
            ))
            .execute(conn)?;
        if to == ActionStatus::Done {
            // Days from the earliest incident to done, for the per-gap median.
            let first: Option<NaiveDateTime> = actions::table
                .find(&key)
                .select(actions::first_incident_at)
                .first(conn)?;
            let days = first.map(|first| (at - first).num_milliseconds() as f64 / 86_400_000.0);
            diesel::update(actions::table.find(&key))
                .set(actions::days_to_done.eq(days))
                .execute(conn)?;
        }
        if let Some(note) = &changes.completion_note {
            diesel::update(actions::table.find(&key))
                .set(actions::completion_note.eq(note))
                .execute(conn)?;
        }
        if let Some(note) = &changes.verification_note {
            diesel::update(actions::table.find(&key))
                .set(actions::verification_note.eq(note))
                .execute(conn)?;
        }
        let note = changes.note.clone().or_else(|| match to {
            ActionStatus::Done => changes.completion_note.clone(),
            ActionStatus::Verified => changes.verification_note.clone(),
            _ => None,
        });
        record(
            conn,
            id,
            changes.changed_by.clone(),
            Some(current.status),
            to,
            note,
            None,
            at,
        )?;
    }
    diesel::update(actions::table.find(&key))
        .set((
            changes.title.map(|t| actions::title.eq(t)),
            changes.description.map(|d| actions::description.eq(d)),
            changes.owner.map(|o| actions::owner.eq(o)),
            changes.due_date.map(|d| actions::due_date.eq(d)),
            // A new due date may be missed again: announce it again then.
            changes
                .due_date
                .map(|_| actions::overdue_notified_at.eq(None::<chrono::NaiveDateTime>)),
            actions::updated_at.eq(at),
        ))
        .execute(conn)?;
    find(conn, id)
}
