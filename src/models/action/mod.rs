//! Corrective actions: what the firm changes so that a gap is closed. Their lifecycle is in
//! `lifecycle`, the record of every status change in `history`.

mod history;
mod lifecycle;
mod verdict;

pub use history::{history, record, HistoryEntry, Move};
pub use lifecycle::{update, Policy};
pub use verdict::{awaiting_verdict, judge_effective, judge_ineffective};

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::{incident, keyset_after, stored_code, stored_id};
use crate::db::{keep_row, DbConnection};
use crate::domain::{ActionKind, ActionStatus, Code, Effectiveness, Gap, Verdict};
use crate::error::{ApiError, FieldError, FieldProblem, Resource};
use crate::pagination::{ChangeWindow, Cursor, PageRequest};
use crate::schema::{action_incidents, actions, incidents};
use crate::validation::{now, Validator};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Action {
    pub id: Uuid,
    pub client_id: Uuid,
    pub gap: Gap,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub completion_note: Option<String>,
    pub verification_note: Option<String>,
    pub done_at: Option<NaiveDateTime>,
    pub incident_ids: Vec<Uuid>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    // The corrective-action record (defaults: the change feed keeps actions stored before it).
    #[serde(default)]
    pub kind: ActionKind,
    #[serde(default)]
    pub effectiveness: Effectiveness,
    /// Days after completion a repeat counts against it (a judged criterion only).
    #[serde(default)]
    pub window_days: Option<i32>,
    /// The firm's day it was last done.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    /// The last day of its effectiveness window (judged, and done at least once).
    #[serde(default)]
    pub window_ends_on: Option<NaiveDate>,
    #[serde(default)]
    pub verdict: Option<Verdict>,
    #[serde(default)]
    pub verdict_at: Option<NaiveDateTime>,
}

impl Action {
    /// Not finished and past its due date.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.status.is_pending() && self.due_date < today
    }
}

pub struct NewAction {
    pub gap: Gap,
    pub kind: ActionKind,
    pub effectiveness: Effectiveness,
    pub window_days: Option<i32>,
    pub incident_ids: Vec<Uuid>,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    pub due_date: NaiveDate,
    pub created_by: Option<String>,
}

/// A partial update; a `status` change is checked against the lifecycle and kept in the history.
#[derive(Default)]
pub struct ActionChanges {
    pub title: Option<String>,
    pub description: Option<Option<String>>,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: Option<ActionStatus>,
    pub kind: Option<ActionKind>,
    /// A new criterion; leaving `manual` needs a window, going to `manual` drops it.
    pub effectiveness: Option<Effectiveness>,
    pub window_days: Option<i64>,
    pub completion_note: Option<String>,
    pub verification_note: Option<String>,
    /// Why the status changed, for the history.
    pub note: Option<String>,
    pub changed_by: Option<String>,
}

#[derive(Default)]
pub struct ActionFilter {
    pub status: Option<ActionStatus>,
    pub gap: Option<Gap>,
    pub owner: Option<String>,
    pub client_id: Option<Uuid>,
    pub incident_id: Option<Uuid>,
    pub overdue: Option<bool>,
    /// Due on or before.
    pub due_before: Option<NaiveDate>,
    /// Due on or after.
    pub due_after: Option<NaiveDate>,
    pub changes: ChangeWindow,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = actions)]
struct ActionRow {
    id: String,
    client_id: String,
    gap: String,
    title: String,
    description: Option<String>,
    owner: String,
    due_date: NaiveDate,
    status: String,
    completion_note: Option<String>,
    verification_note: Option<String>,
    done_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    kind: String,
    effectiveness: String,
    window_days: Option<i32>,
    completed_on: Option<NaiveDate>,
    window_ends_on: Option<NaiveDate>,
    verdict: Option<String>,
    verdict_at: Option<NaiveDateTime>,
}

impl ActionRow {
    fn into_action(self, incident_ids: Vec<Uuid>) -> Result<Action, ApiError> {
        Ok(Action {
            id: stored_id(&self.id)?,
            client_id: stored_id(&self.client_id)?,
            gap: stored_code(&self.gap)?,
            title: self.title,
            description: self.description,
            owner: self.owner,
            due_date: self.due_date,
            status: stored_code(&self.status)?,
            completion_note: self.completion_note,
            verification_note: self.verification_note,
            done_at: self.done_at,
            incident_ids,
            created_at: self.created_at,
            updated_at: self.updated_at,
            kind: stored_code(&self.kind)?,
            effectiveness: stored_code(&self.effectiveness)?,
            window_days: self.window_days,
            completed_on: self.completed_on,
            window_ends_on: self.window_ends_on,
            verdict: self.verdict.as_deref().map(stored_code).transpose()?,
            verdict_at: self.verdict_at,
        })
    }
}

/// Days an effectiveness window may last: up to two years.
pub const WINDOW_DAYS_MAX: i64 = 730;

/// A criterion with its window: a judged one needs `window_days` (1 to 730), `manual` takes none.
pub fn criterion(
    v: &mut Validator,
    effectiveness: Effectiveness,
    window_days: Option<i64>,
) -> Option<(Effectiveness, Option<i32>)> {
    match (effectiveness.is_judged(), window_days) {
        (true, None) => {
            v.push("window_days", FieldProblem::Required);
            None
        }
        (true, Some(days)) => match i32::try_from(days)
            .ok()
            .filter(|d| (1..=WINDOW_DAYS_MAX).contains(&i64::from(*d)))
        {
            Some(days) => Some((effectiveness, Some(days))),
            None => {
                v.push(
                    "window_days",
                    FieldProblem::OutOfRange {
                        min: 1,
                        max: WINDOW_DAYS_MAX,
                    },
                );
                None
            }
        },
        (false, Some(_)) => {
            v.push("window_days", FieldProblem::WindowNeedsCriterion);
            None
        }
        (false, None) => Some((effectiveness, None)),
    }
}

fn invalid(field: impl Into<String>, problem: FieldProblem) -> ApiError {
    ApiError::Validation(vec![FieldError::new(field, problem)])
}

pub fn create(conn: &mut DbConnection, new: NewAction) -> Result<Action, ApiError> {
    let mut client: Option<String> = None;
    for (i, incident_id) in new.incident_ids.iter().enumerate() {
        // Held until the action's links are written: an incident deleted meanwhile would make
        // the insert fail; it is an unknown id instead.
        if !keep_row(conn, "incidents", &incident_id.to_string())? {
            return Err(invalid(format!("incident_ids[{i}]"), FieldProblem::UnknownId));
        }
        let owner: Option<String> = incidents::table
            .find(incident_id.to_string())
            .select(incidents::client_id)
            .first(conn)
            .optional()?;
        let owner = owner.ok_or_else(|| invalid(format!("incident_ids[{i}]"), FieldProblem::UnknownId))?;
        match &client {
            Some(first) if *first != owner => return Err(invalid("incident_ids", FieldProblem::DifferentClients)),
            _ => client = Some(owner),
        }
    }
    let client = client.ok_or_else(|| invalid("incident_ids", FieldProblem::Required))?;
    let keys: Vec<String> = new.incident_ids.iter().map(Uuid::to_string).collect();
    let first_incident_at: Option<NaiveDateTime> = incidents::table
        .filter(incidents::id.eq_any(&keys))
        .select(diesel::dsl::min(incidents::occurred_at))
        .first(conn)?;
    let id = Uuid::now_v7();
    let at = now();
    diesel::insert_into(actions::table)
        .values((
            actions::id.eq(id.to_string()),
            actions::client_id.eq(&client),
            actions::gap.eq(new.gap.code()),
            actions::title.eq(&new.title),
            actions::description.eq(&new.description),
            actions::owner.eq(&new.owner),
            actions::due_date.eq(new.due_date),
            actions::status.eq(ActionStatus::Open.code()),
            actions::kind.eq(new.kind.code()),
            actions::effectiveness.eq(new.effectiveness.code()),
            actions::window_days.eq(new.window_days),
            actions::created_at.eq(at),
            actions::updated_at.eq(at),
            actions::first_incident_at.eq(first_incident_at),
        ))
        .execute(conn)?;
    for incident_id in &new.incident_ids {
        diesel::insert_into(action_incidents::table)
            .values((
                action_incidents::action_id.eq(id.to_string()),
                action_incidents::incident_id.eq(incident_id.to_string()),
            ))
            .execute(conn)?;
    }
    record(conn, id, Move::new(new.created_by, None, ActionStatus::Open), at)?;
    find(conn, id)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Action, ApiError> {
    let row = actions::table
        .find(id.to_string())
        .select(ActionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Action, id))?;
    let incidents = incidents_of(conn, std::slice::from_ref(&row.id))?
        .remove(&row.id)
        .unwrap_or_default();
    row.into_action(incidents)
}

/// The incidents each of these actions answers, by action id, in one query.
fn incidents_of(conn: &mut DbConnection, action_ids: &[String]) -> Result<HashMap<String, Vec<Uuid>>, ApiError> {
    let mut by_action: HashMap<String, Vec<Uuid>> = HashMap::new();
    if action_ids.is_empty() {
        return Ok(by_action);
    }
    let rows: Vec<(String, String)> = action_incidents::table
        .filter(action_incidents::action_id.eq_any(action_ids))
        .order(action_incidents::incident_id)
        .select((action_incidents::action_id, action_incidents::incident_id))
        .load(conn)?;
    for (action, incident) in rows {
        by_action.entry(action).or_default().push(stored_id(&incident)?);
    }
    Ok(by_action)
}

/// Actions, the newest first.
pub fn list(
    conn: &mut DbConnection,
    filter: &ActionFilter,
    page: &PageRequest,
    today: NaiveDate,
) -> Result<(Vec<Action>, Option<String>), ApiError> {
    let pending: Vec<&str> = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Reopened]
        .iter()
        .map(|s| s.code())
        .collect();
    let mut query = actions::table.select(ActionRow::as_select()).into_boxed();
    if let Some(status) = filter.status {
        query = query.filter(actions::status.eq(status.code()));
    }
    if let Some(gap) = filter.gap {
        query = query.filter(actions::gap.eq(gap.code()));
    }
    if let Some(owner) = &filter.owner {
        query = query.filter(actions::owner.eq(owner.clone()));
    }
    if let Some(client) = filter.client_id {
        query = query.filter(actions::client_id.eq(client.to_string()));
    }
    if let Some(incident) = filter.incident_id {
        let answering = action_incidents::table
            .filter(action_incidents::incident_id.eq(incident.to_string()))
            .select(action_incidents::action_id);
        query = query.filter(actions::id.eq_any(answering));
    }
    match filter.overdue {
        Some(true) => query = query.filter(actions::status.eq_any(pending.clone()).and(actions::due_date.lt(today))),
        Some(false) => query = query.filter(actions::status.ne_all(pending.clone()).or(actions::due_date.ge(today))),
        None => {}
    }
    if let Some(before) = filter.due_before {
        query = query.filter(actions::due_date.le(before));
    }
    if let Some(after) = filter.due_after {
        query = query.filter(actions::due_date.ge(after));
    }
    if let Some(since) = filter.changes.updated_since {
        query = query.filter(actions::updated_at.ge(since));
    }
    let by_change = filter.changes.by_change;
    if let Some(after) = page.after {
        query = if by_change {
            let (at, id) = after.changed()?;
            query.filter(keyset_after("actions.updated_at, actions.id", ">", at, id))
        } else {
            query.filter(actions::id.lt(after.untimed()?))
        };
    }
    query = if by_change {
        query.order((actions::updated_at.asc(), actions::id.asc()))
    } else {
        query.order(actions::id.desc())
    };
    let rows: Vec<ActionRow> = query.limit(page.fetch()).load(conn)?;
    let rows = rows
        .into_iter()
        .map(|row| Ok((stored_id(&row.id)?, row)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let (rows, next) = page.finish(rows, |(id, row)| {
        if by_change {
            Cursor::by_change(row.updated_at, *id)
        } else {
            Cursor::by_id(*id)
        }
    });
    let actions = rows
        .into_iter()
        .map(|(_, row)| {
            let incidents = incidents_of(conn, std::slice::from_ref(&row.id))?
                .remove(&row.id)
                .unwrap_or_default();
            row.into_action(incidents)
        })
        .collect::<Result<_, _>>()?;
    Ok((actions, next))
}

/// The actions answering an incident; 404 when the incident does not exist.
pub fn for_incident(conn: &mut DbConnection, incident_id: Uuid, today: NaiveDate) -> Result<Vec<Action>, ApiError> {
    if !incident::exists(conn, incident_id)? {
        return Err(ApiError::not_found(Resource::Incident, incident_id));
    }
    let filter = ActionFilter {
        incident_id: Some(incident_id),
        ..ActionFilter::default()
    };
    let page = PageRequest {
        limit: crate::pagination::MAX_LIMIT,
        after: None,
    };
    Ok(list(conn, &filter, &page, today)?.0)
}

/// Sets the action's status without a lifecycle check (the service reopening it); the caller
/// records the move in the history.
pub fn set_status(conn: &mut DbConnection, id: Uuid, status: ActionStatus, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(actions::table.find(id.to_string()))
        .set((actions::status.eq(status.code()), actions::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

/// Whether an action that is not cancelled answers the incident for one of these gaps.
pub fn answers_with_gap(conn: &mut DbConnection, incident_id: Uuid, gaps: &[Gap]) -> Result<bool, ApiError> {
    let codes: Vec<&str> = gaps.iter().map(|g| g.code()).collect();
    let answering = action_incidents::table
        .filter(action_incidents::incident_id.eq(incident_id.to_string()))
        .select(action_incidents::action_id);
    let found: Option<String> = actions::table
        .filter(actions::id.eq_any(answering))
        .filter(actions::gap.eq_any(codes))
        .filter(actions::status.ne(ActionStatus::Cancelled.code()))
        .select(actions::id)
        .first(conn)
        .optional()?;
    Ok(found.is_some())
}

/// The ids of the actions answering an incident (for the feed when that incident goes).
pub fn ids_answering(conn: &mut DbConnection, incident_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    action_incidents::table
        .filter(action_incidents::incident_id.eq(incident_id.to_string()))
        .select(action_incidents::action_id)
        .order(action_incidents::action_id)
        .load::<String>(conn)?
        .iter()
        .map(|id| stored_id(id))
        .collect()
}

/// Marks the action changed by a change elsewhere (an incident it answered was deleted).
pub fn touch(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(actions::table.find(id.to_string()))
        .set(actions::updated_at.eq(at))
        .execute(conn)?;
    Ok(())
}
