//! Repeats: when a published retrospective confirms a gap that an action had already closed
//! (done or verified), the action did not work. The new incident is marked a repeat of the
//! earlier one, the action is reopened with a note in its history, and both are announced.

use chrono::{NaiveDate, NaiveDateTime};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::{ActionStatus, ChangeType, EventType, Gap};
use crate::error::ApiError;
use crate::http::requester::Requester;
use crate::i18n::Locale;
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
    across_clients: bool,
    at: NaiveDateTime,
    today: NaiveDate,
    by: &Requester,
) -> Result<Vec<Uuid>, ApiError> {
    let mut reopened = Vec::new();
    for &gap in gaps {
        for (action_id, from) in recurrence::repeated_actions(conn, incident_id, gap, across_clients)? {
            recurrence::mark(conn, incident_id, action_id, gap, at)?;
            action::set_status(conn, action_id, ActionStatus::Reopened, at)?;
            action::record(
                conn,
                action_id,
                None,
                Some(from),
                ActionStatus::Reopened,
                None,
                Some(incident_id),
                at,
            )?;
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
