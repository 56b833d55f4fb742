//! Repeats: when a published retrospective confirms a gap that an action had already closed
//! (done or verified), the action did not work. The new incident is marked a repeat of the
//! earlier one, the action is reopened with a note in its history, and both are announced. An
//! action the service judges gets the verdict `ineffective` (announced as `action.verdict`).

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use crate::db::{lock_row, DbConnection};
use crate::domain::{ActionStatus, ChangeType, EventType, Gap};
use crate::error::ApiError;
use crate::http::requester::Requester;
use crate::i18n::Locale;
use crate::models::action::{Move, Policy};
use crate::models::{action, incident, recurrence};
use crate::ops::events::emit;
use crate::ops::feed;
use crate::views::action::ActionBody;
use crate::views::incident::IncidentBody;

/// Marks the repeats of `incident_id` for these confirmed gaps, reopens their actions and
/// announces them. Returns the reopened actions.
pub fn notice(
    conn: &mut DbConnection,
    incident_id: Uuid,
    gaps: &[Gap],
    policy: Policy,
    at: NaiveDateTime,
    today: NaiveDate,
    by: &Requester,
) -> Result<Vec<Uuid>, ApiError> {
    let mut reopened = Vec::new();
    let mut judged = Vec::new();
    for &gap in gaps {
        for repeated in recurrence::repeated_actions(conn, incident_id, gap, policy)? {
            let action_id = repeated.action_id;
            // Held to the end, and read again: the housekeeping may have judged it, or another
            // publish reopened it, since it was found; the history names the status it leaves.
            lock_row(conn, "actions", &action_id.to_string())?;
            let current = action::find(conn, action_id)?;
            if !matches!(current.status, ActionStatus::Done | ActionStatus::Verified) {
                continue;
            }
            recurrence::mark(conn, incident_id, action_id, gap, at)?;
            if repeated.judged {
                action::judge_ineffective(conn, &current, incident_id, at)?;
                judged.push(action_id);
            } else {
                action::set_status(conn, action_id, ActionStatus::Reopened, at)?;
                let change = Move::new(None, Some(current.status), ActionStatus::Reopened).repeated_by(incident_id);
                action::record(conn, action_id, change, at)?;
            }
            reopened.push(action_id);
        }
    }
    if !reopened.is_empty() {
        // The incident's `repeat_of` changed: it is changed too, for `updated_since` and the feed.
        incident::touch(conn, incident_id, at)?;
        let repeating = incident::find(conn, incident_id)?;
        feed::incident(conn, by.actor, ChangeType::IncidentUpdated, &repeating)?;
        for id in &reopened {
            let reopened = action::find(conn, *id)?;
            feed::action(conn, by.actor, ChangeType::ActionUpdated, &reopened)?;
        }
        announce(conn, incident_id, &reopened, today, &by.locale)?;
        for id in &judged {
            emit(conn, EventType::ActionVerdict, &by.locale, |conn, labels| {
                Ok(ActionBody::new(action::find(conn, *id)?, labels, today))
            })?;
        }
    }
    Ok(reopened)
}

/// A repeat: the incident (with its `repeat_of`) and every action it reopened.
fn announce(
    conn: &mut DbConnection,
    incident_id: Uuid,
    reopened: &[Uuid],
    today: NaiveDate,
    locale: &Locale,
) -> Result<(), ApiError> {
    emit(conn, EventType::IncidentRepeatDetected, locale, |conn, labels| {
        Ok(IncidentBody::new(incident::find(conn, incident_id)?, labels))
    })?;
    for id in reopened {
        emit(conn, EventType::ActionStatusChanged, locale, |conn, labels| {
            Ok(ActionBody::new(action::find(conn, *id)?, labels, today))
        })?;
    }
    Ok(())
}
