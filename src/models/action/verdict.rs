//! The service's verdict on an action it judges (criterion `no_repeat_for_client` or
//! `no_repeat_any_client`): effective when its window ends with no repeat, ineffective when an
//! incident that occurred inside the window repeats its gap. Both are status moves kept in the
//! history with the window they were judged over.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::{find, record, Action, Move};
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code, Effectiveness, Verdict};
use crate::error::ApiError;
use crate::models::stored_id;
use crate::schema::actions;

/// Judged actions still `done` whose window ended before `today`, a few hundred at a time.
pub fn awaiting_verdict(conn: &mut DbConnection, today: NaiveDate) -> Result<Vec<Uuid>, ApiError> {
    actions::table
        .filter(actions::status.eq(ActionStatus::Done.code()))
        .filter(actions::effectiveness.ne(Effectiveness::Manual.code()))
        .filter(actions::window_ends_on.lt(today))
        .order(actions::id)
        .select(actions::id)
        .limit(500)
        .load::<String>(conn)?
        .iter()
        .map(|id| stored_id(id))
        .collect()
}

/// Judges the action effective if it is still done and its window ended before `today`: one
/// conditional `UPDATE`, so that of several replicas judging at once exactly one changes the
/// row (PostgreSQL re-checks the condition after the other's commit), and only that one records
/// and announces the verdict. The action as judged, or `None` when another got there first or
/// it moved meanwhile.
pub fn judge_effective(
    conn: &mut DbConnection,
    id: Uuid,
    today: NaiveDate,
    at: NaiveDateTime,
) -> Result<Option<Action>, ApiError> {
    let changed = diesel::update(
        actions::table
            .filter(actions::id.eq(id.to_string()))
            .filter(actions::status.eq(ActionStatus::Done.code()))
            .filter(actions::effectiveness.ne(Effectiveness::Manual.code()))
            .filter(actions::window_ends_on.lt(today)),
    )
    .set((
        actions::status.eq(ActionStatus::Verified.code()),
        actions::verdict.eq(Verdict::Effective.code()),
        actions::verdict_at.eq(at),
        actions::updated_at.eq(at),
    ))
    .execute(conn)?;
    if changed == 0 {
        return Ok(None);
    }
    let action = find(conn, id)?;
    let change =
        Move::new(None, Some(ActionStatus::Done), ActionStatus::Verified).judged(Verdict::Effective, window(&action));
    record(conn, id, change, at)?;
    Ok(Some(action))
}

/// `incident` occurred inside the action's window and repeated its gap: the verdict is
/// ineffective and the action is reopened, also when it had been judged effective already
/// (the history keeps both verdicts).
pub fn judge_ineffective(
    conn: &mut DbConnection,
    action: &Action,
    incident: Uuid,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(actions::table.find(action.id.to_string()))
        .set((
            actions::status.eq(ActionStatus::Reopened.code()),
            actions::verdict.eq(Verdict::Ineffective.code()),
            actions::verdict_at.eq(at),
            actions::updated_at.eq(at),
        ))
        .execute(conn)?;
    let change = Move::new(None, Some(action.status), ActionStatus::Reopened)
        .repeated_by(incident)
        .judged(Verdict::Ineffective, window(action));
    record(conn, action.id, change, at)
}

/// The action's effectiveness window: from its completion to the last day.
fn window(action: &Action) -> Option<(NaiveDate, NaiveDate)> {
    action.completed_on.zip(action.window_ends_on)
}
