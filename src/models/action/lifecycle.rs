//! The lifecycle of an action: which status may follow which, and what each move needs.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::{invalid, record, Action, ActionChanges, Move};
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code, Effectiveness};
use crate::error::{ApiError, FieldProblem};
use crate::models::unchanged;
use crate::schema::actions;
use crate::validation::{now, Validator};

/// The rules a deployment may tune.
#[derive(Clone, Copy, Debug)]
pub struct Policy {
    /// Days after `done` before an action may be `verified`.
    pub verification_window_days: i64,
    /// Whether a repeat counts across clients (an action of any client is reopened), for the
    /// actions a person verifies; a judged action's criterion says it for itself.
    pub repeat_across_clients: bool,
    /// The firm's time zone: the day an incident occurred on, for an effectiveness window.
    pub zone: chrono_tz::Tz,
}

/// Applies a change to `current`, the action as read in this transaction (its row locked): a
/// status change must follow the lifecycle and is kept in the history. One `UPDATE` writes every
/// column that changes; the action comes back as stored, without reading it again.
pub fn update(
    conn: &mut DbConnection,
    current: Action,
    changes: ActionChanges,
    policy: Policy,
    today: NaiveDate,
) -> Result<Action, ApiError> {
    let at = now();
    let key = current.id.to_string();
    let to = changes.status.filter(|to| *to != current.status);
    // No move and every field as it is: nothing is written, `updated_at` stays (notes sent
    // without a move are not kept anyway).
    let same_fields = unchanged(&changes.title, &current.title)
        && unchanged(&changes.description, &current.description)
        && unchanged(&changes.owner, &current.owner)
        && unchanged(&changes.due_date, &current.due_date)
        && unchanged(&changes.kind, &current.kind)
        && unchanged(&changes.effectiveness, &current.effectiveness)
        && changes
            .window_days
            .is_none_or(|days| Some(days) == current.window_days.map(i64::from));
    if to.is_none() && same_fields {
        return Ok(current);
    }
    if let Some(to) = to {
        check_move(&current, to, &changes, policy, at, today)?;
    }
    let done = to == Some(ActionStatus::Done);
    let done_at = if done { Some(at) } else { current.done_at };
    let (effectiveness, window_days) = criterion_after(&current, &changes)?;
    // Done (again): its window runs from today, and its last verdict belongs to the earlier
    // completion. A changed criterion moves the end of the running window.
    let completed_on = if done { Some(today) } else { current.completed_on };
    let window_ends_on = match (effectiveness.is_judged(), completed_on, window_days) {
        (true, Some(day), Some(days)) => Some(day + Duration::days(i64::from(days))),
        _ => None,
    };
    let verdict = if done { None } else { current.verdict };
    let verdict_at = if done { None } else { current.verdict_at };
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
            changes.kind.map(|k| actions::kind.eq(k.code())),
            actions::effectiveness.eq(effectiveness.code()),
            actions::window_days.eq(window_days),
            actions::completed_on.eq(completed_on),
            actions::window_ends_on.eq(window_ends_on),
            actions::verdict.eq(verdict.map(|v| v.code())),
            actions::verdict_at.eq(verdict_at),
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
            Move::new(changes.changed_by, Some(current.status), to).noting(note),
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
        kind: changes.kind.unwrap_or(current.kind),
        effectiveness,
        window_days,
        completed_on,
        window_ends_on,
        verdict,
        verdict_at,
        updated_at: at,
        ..current
    })
}

/// The criterion and window after the change: a window sent alone applies to the current
/// criterion; a move to `manual` drops the window, a move away from it needs one.
fn criterion_after(current: &Action, changes: &ActionChanges) -> Result<(Effectiveness, Option<i32>), ApiError> {
    let effectiveness = changes.effectiveness.unwrap_or(current.effectiveness);
    let window_days = match (changes.window_days, changes.effectiveness) {
        (Some(days), _) => Some(days),
        (None, Some(Effectiveness::Manual)) => None,
        (None, _) => current.window_days.map(i64::from),
    };
    let mut v = Validator::new();
    let criterion = super::criterion(&mut v, effectiveness, window_days);
    let (criterion,) = v.done((criterion,))?;
    Ok(criterion)
}

/// Whether `current` may move to `to` with these changes, now.
fn check_move(
    current: &Action,
    to: ActionStatus,
    changes: &ActionChanges,
    policy: Policy,
    at: NaiveDateTime,
    today: NaiveDate,
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
            // A judged action is verified by the service when its window ends with no repeat; a
            // person may do it then too, not before.
            if current.effectiveness.is_judged() {
                if let Some(last_day) = current.window_ends_on.filter(|last| today <= *last) {
                    return Err(ApiError::VerificationTooEarly {
                        available_on: last_day + Duration::days(1),
                    });
                }
                return Ok(());
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
