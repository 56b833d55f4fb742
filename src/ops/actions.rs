//! Corrective actions: creating one, moving it along its lifecycle, judging it at the end of
//! its effectiveness window.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::{lock_row, DbConnection};
use crate::domain::{Actor, ChangeType, EventType};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::requester::Requester;
use crate::i18n::Locale;
use crate::models::action::{self, Action, ActionChanges, NewAction, Policy};
use crate::ops::events::emit;
use crate::ops::feed;
use crate::views::action::{version, ActionBody};

pub fn create(conn: &mut DbConnection, new: NewAction, today: NaiveDate, by: &Requester) -> Result<Action, ApiError> {
    let action = action::create(conn, new)?;
    feed::action(conn, by.actor, ChangeType::ActionCreated, &action)?;
    emit(conn, EventType::ActionCreated, &by.locale, |_, labels| {
        Ok(ActionBody::new(action.clone(), labels, today))
    })?;
    Ok(action)
}

/// Reads the action once (its row locked), checks `If-Match` against that read, and applies the
/// change in one `UPDATE`; a status change is announced.
pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: ActionChanges,
    policy: Policy,
    today: NaiveDate,
    if_match: &IfMatch,
    by: &Requester,
) -> Result<Action, ApiError> {
    lock_row(conn, "actions", &id.to_string())?;
    let current = action::find(conn, id)?;
    if_match.check(&version(&current, today))?;
    let (before, stored_at) = (current.status, current.updated_at);
    let action = action::update(conn, current, changes, policy, today)?;
    // An update that changes nothing keeps `updated_at`, and is not in the feed.
    if action.updated_at != stored_at {
        feed::action(conn, by.actor, ChangeType::ActionUpdated, &action)?;
    }
    if action.status != before {
        emit(conn, EventType::ActionStatusChanged, &by.locale, |_, labels| {
            Ok(ActionBody::new(action.clone(), labels, today))
        })?;
    }
    Ok(action)
}

/// Judges the done actions whose effectiveness window ended before `today` with no repeat:
/// each becomes `verified` with the verdict `effective`, in the feed and announced (as
/// `action.verdict` and `action.status_changed`) by exactly one replica. Returns how many.
pub fn judge_ended_windows(conn: &mut DbConnection, today: NaiveDate, locale: &Locale) -> Result<usize, ApiError> {
    let at = crate::validation::now();
    let mut judged = 0;
    for id in action::awaiting_verdict(conn, today)? {
        let Some(verified) = action::judge_effective(conn, id, today, at)? else {
            continue;
        };
        feed::action(conn, Actor::SERVICE, ChangeType::ActionUpdated, &verified)?;
        for event in [EventType::ActionVerdict, EventType::ActionStatusChanged] {
            emit(conn, event, locale, |_, labels| {
                Ok(ActionBody::new(verified.clone(), labels, today))
            })?;
        }
        judged += 1;
    }
    Ok(judged)
}
