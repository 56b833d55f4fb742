//! The lifecycle of an action: which status may follow which, and what each move needs.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{invalid, record, Action, ActionChanges};
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code};
use crate::error::{ApiError, FieldProblem};
use crate::models::unchanged;
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

/// Applies a change to `current`, the action as read in this transaction (its row locked): a
/// status change must follow the lifecycle and is kept in the history. One `UPDATE` writes every
/// column that changes; the action comes back as stored, without reading it again.
pub fn update(
    conn: &mut DbConnection,
    current: Action,
    changes: ActionChanges,
    policy: Policy,
) -> Result<Action, ApiError> {
    let at = now();
    let key = current.id.to_string();
    let to = changes.status.filter(|to| *to != current.status);
    // No move and every field as it is: nothing is written, `updated_at` stays (notes sent
    // without a move are not kept anyway).
    let same_fields = unchanged(&changes.title, &current.title)
        && unchanged(&changes.description, &current.description)
        && unchanged(&changes.owner, &current.owner)
        && unchanged(&changes.due_date, &current.due_date);
    if to.is_none() && same_fields {
        return Ok(current);
    }
    if let Some(to) = to {
        check_move(&current, to, &changes, policy, at)?;
    }
    let done = to == Some(ActionStatus::Done);
    let done_at = if done { Some(at) } else { current.done_at };
    // Days from the earliest incident to done, for the per-gap median.
    let days_to_done = if done {
        let first: Option<NaiveDateTime> = actions::table
            .find(&key)
            .select(actions::first_incident_at)
            .first(conn)?;
        Some(first.map(|first| (at - first).num_milliseconds() as f64 / 86_400_000.0))
    } else {
        None
    };
    // The notes belong to a move: sent without one, they are not kept.
    let completion_note = to.and(changes.completion_note.clone());
    let verification_note = to.and(changes.verification_note.clone());
    diesel::update(actions::table.find(&key))
        .set((
            to.map(|to| actions::status.eq(to.code())),
            to.map(|_| actions::done_at.eq(done_at)),
            days_to_done.map(|days| actions::days_to_done.eq(days)),
            completion_note.clone().map(|n| actions::completion_note.eq(n)),
            verification_note.clone().map(|n| actions::verification_note.eq(n)),
            changes.title.clone().map(|t| actions::title.eq(t)),
            changes.description.clone().map(|d| actions::description.eq(d)),
            changes.owner.clone().map(|o| actions::owner.eq(o)),
            changes.due_date.map(|d| actions::due_date.eq(d)),
            // A new due date may be missed again: announce it again then.
            changes
                .due_date
                .map(|_| actions::overdue_notified_at.eq(None::<NaiveDateTime>)),
            actions::updated_at.eq(at),
        ))
        .execute(conn)?;
    if let Some(to) = to {
        let note = changes.note.clone().or_else(|| match to {
            ActionStatus::Done => changes.completion_note.clone(),
            ActionStatus::Verified => changes.verification_note.clone(),
            _ => None,
        });
        record(
            conn,
            current.id,
            changes.changed_by,
            Some(current.status),
            to,
            note,
            None,
            at,
        )?;
    }
    Ok(Action {
        status: to.unwrap_or(current.status),
        done_at,
        completion_note: completion_note.or(current.completion_note),
        verification_note: verification_note.or(current.verification_note),
        title: changes.title.unwrap_or(current.title),
        description: changes.description.unwrap_or(current.description),
        owner: changes.owner.unwrap_or(current.owner),
        due_date: changes.due_date.unwrap_or(current.due_date),
        updated_at: at,
        ..current
    })
}

/// Whether `current` may move to `to` with these changes, now.
fn check_move(
    current: &Action,
    to: ActionStatus,
    changes: &ActionChanges,
    policy: Policy,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    if !current.status.next().contains(&to) {
        return Err(ApiError::InvalidTransition {
            from: current.status,
            to,
            allowed: current.status.next().to_vec(),
        });
    }
    match to {
        ActionStatus::Done if changes.completion_note.is_none() => {
            Err(invalid("completion_note", FieldProblem::Required))
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
            Ok(())
        }
        _ => Ok(()),
    }
}
