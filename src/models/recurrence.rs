//! Repeats: when a published retrospective confirms a gap that an action had already closed
//! (done or verified) for the same client, the action did not work. The new incident is marked a
//! repeat of the earlier one and the action is reopened, with a note in its history.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::db::{keep_row, DbConnection};
use crate::domain::{ActionStatus, Code, Effectiveness, Gap};
use crate::error::ApiError;
use crate::models::action::Policy;
use crate::schema::{action_incidents, actions, incident_repeats, incidents};

/// An incident repeats a gap an action was meant to close.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Repeat {
    pub action_id: Uuid,
    /// The latest incident the action answered (none when it was deleted since).
    pub earlier_incident_id: Option<Uuid>,
    pub gap: Gap,
}

/// A closed action that an incident repeats, and how it is to be reopened.
#[derive(Clone, Copy, Debug)]
pub struct Repeated {
    pub action_id: Uuid,
    /// The service judges it: the repeat makes it ineffective (else a person verifies it).
    pub judged: bool,
}

/// The closed (done or verified) actions for `gap` that a published retrospective of
/// `incident_id` repeats: not the incident's own, and not those it already reopened once.
/// An action the service judges counts when the incident occurred inside its window (its
/// criterion says whether another client's incident counts); one a person verifies counts for
/// any later repeat, of the same client unless `policy.repeat_across_clients`.
pub fn repeated_actions(
    conn: &mut DbConnection,
    incident_id: Uuid,
    gap: Gap,
    policy: Policy,
) -> Result<Vec<Repeated>, ApiError> {
    let key = incident_id.to_string();
    let (client, occurred_at): (String, NaiveDateTime) = incidents::table
        .find(&key)
        .select((incidents::client_id, incidents::occurred_at))
        .first(conn)?;
    let occurred_on = occurred_at.and_utc().with_timezone(&policy.zone).date_naive();
    let closed = [ActionStatus::Done.code(), ActionStatus::Verified.code()];
    let own = action_incidents::table
        .filter(action_incidents::incident_id.eq(&key))
        .select(action_incidents::action_id);
    let reopened = incident_repeats::table
        .filter(incident_repeats::incident_id.eq(&key))
        .select(incident_repeats::action_id);
    let mut query = actions::table
        .filter(actions::gap.eq(gap.code()))
        .filter(actions::status.eq_any(closed))
        .filter(diesel::dsl::not(actions::id.eq_any(own)))
        .filter(diesel::dsl::not(actions::id.eq_any(reopened)))
        .select((
            actions::id,
            actions::client_id,
            actions::effectiveness,
            actions::completed_on,
            actions::window_ends_on,
        ))
        .into_boxed();
    if !policy.repeat_across_clients {
        query = query.filter(
            actions::client_id
                .eq(client.clone())
                .or(actions::effectiveness.eq(Effectiveness::NoRepeatAnyClient.code())),
        );
    }
    // In id order: two publishes reopening the same actions lock them in the same order, so
    // neither waits on the other for a row it holds (a deadlock on PostgreSQL).
    let found: Vec<CandidateRow> = query.order(actions::id).load(conn)?;
    let mut repeated = Vec::new();
    for (id, action_client, effectiveness, completed_on, window_ends_on) in found {
        let effectiveness: Effectiveness = stored_code(&effectiveness)?;
        let inside = completed_on
            .zip(window_ends_on)
            .is_some_and(|(first, last)| (first..=last).contains(&occurred_on));
        let counts = match effectiveness {
            Effectiveness::Manual => policy.repeat_across_clients || action_client == client,
            Effectiveness::NoRepeatForClient => inside && action_client == client,
            Effectiveness::NoRepeatAnyClient => inside,
        };
        if counts {
            repeated.push(Repeated {
                action_id: stored_id(&id)?,
                judged: effectiveness.is_judged(),
            });
        }
    }
    Ok(repeated)
}

type CandidateRow = (String, String, String, Option<NaiveDate>, Option<NaiveDate>);

/// Records that `incident_id` repeats `gap`, which `action_id` was meant to close, naming the
/// latest other incident the action answered.
pub fn mark(
    conn: &mut DbConnection,
    incident_id: Uuid,
    action_id: Uuid,
    gap: Gap,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let (key, action_key) = (incident_id.to_string(), action_id.to_string());
    let answered = action_incidents::table
        .filter(action_incidents::action_id.eq(&action_key))
        .select(action_incidents::incident_id);
    // Several answered incidents may be deleted while this runs: the latest one that is still
    // there, held so until this transaction ends (an insert naming a deleted one would fail).
    let candidates: Vec<String> = incidents::table
        .filter(incidents::id.eq_any(answered))
        .filter(incidents::id.ne(&key))
        .order((incidents::occurred_at.desc(), incidents::id.desc()))
        .select(incidents::id)
        .load(conn)?;
    let mut earlier = None;
    for candidate in candidates {
        if keep_row(conn, "incidents", &candidate)? {
            earlier = Some(candidate);
            break;
        }
    }
    diesel::insert_into(incident_repeats::table)
        .values((
            incident_repeats::incident_id.eq(&key),
            incident_repeats::action_id.eq(&action_key),
            incident_repeats::earlier_incident_id.eq(earlier),
            incident_repeats::gap.eq(gap.code()),
            incident_repeats::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The repeats of these incidents, by incident id.
pub fn of_incidents(
    conn: &mut DbConnection,
    incident_ids: &[String],
) -> Result<std::collections::HashMap<String, Vec<Repeat>>, ApiError> {
    let mut by_incident: std::collections::HashMap<String, Vec<Repeat>> = std::collections::HashMap::new();
    if incident_ids.is_empty() {
        return Ok(by_incident);
    }
    let rows: Vec<(String, String, Option<String>, String)> = incident_repeats::table
        .filter(incident_repeats::incident_id.eq_any(incident_ids))
        .order((incident_repeats::incident_id, incident_repeats::action_id))
        .select((
            incident_repeats::incident_id,
            incident_repeats::action_id,
            incident_repeats::earlier_incident_id,
            incident_repeats::gap,
        ))
        .load(conn)?;
    for (incident, action_id, earlier, gap) in rows {
        by_incident
            .entry(incident)
            .or_default()
            .push(stored_repeat(&action_id, earlier.as_deref(), &gap)?);
    }
    Ok(by_incident)
}

/// An incident's repeats from a JSON column (`[[action, earlier, gap], …]`, NULL for none), as
/// PostgreSQL's one-statement read of an incident selects them.
pub fn parse_repeats(column: Option<String>) -> Result<Vec<Repeat>, ApiError> {
    let Some(json) = column else { return Ok(Vec::new()) };
    let rows: Vec<(String, Option<String>, String)> =
        serde_json::from_str(&json).map_err(|e| ApiError::internal(format!("stored repeats: {e}")))?;
    rows.iter()
        .map(|(action_id, earlier, gap)| stored_repeat(action_id, earlier.as_deref(), gap))
        .collect()
}

/// A repeat from its stored columns.
fn stored_repeat(action_id: &str, earlier: Option<&str>, gap: &str) -> Result<Repeat, ApiError> {
    Ok(Repeat {
        action_id: stored_id(action_id)?,
        earlier_incident_id: earlier.map(stored_id).transpose()?,
        gap: stored_code(gap)?,
    })
}

/// A corrective action that was done before, for a gap.
#[derive(Clone, Debug)]
pub struct EarlierAction {
    pub gap: Gap,
    pub id: Uuid,
    pub title: String,
    pub status: ActionStatus,
    pub done_at: NaiveDateTime,
}

/// The client's actions for these gaps that were done at some point (done, verified or
/// reopened since), for the person confirming a gap: "this was supposed to be fixed by …".
pub fn earlier_actions(conn: &mut DbConnection, client_id: Uuid, gaps: &[Gap]) -> Result<Vec<EarlierAction>, ApiError> {
    let codes: Vec<&str> = gaps.iter().map(|g| g.code()).collect();
    let rows: Vec<(String, String, String, String, Option<NaiveDateTime>)> = actions::table
        .filter(actions::client_id.eq(client_id.to_string()))
        .filter(actions::gap.eq_any(codes))
        .filter(actions::done_at.is_not_null())
        .order(actions::done_at.desc())
        .select((
            actions::gap,
            actions::id,
            actions::title,
            actions::status,
            actions::done_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .filter_map(|(gap, id, title, status, done_at)| done_at.map(|d| (gap, id, title, status, d)))
        .map(|(gap, id, title, status, done_at)| {
            Ok(EarlierAction {
                gap: stored_code(&gap)?,
                id: stored_id(&id)?,
                title,
                status: stored_code(&status)?,
                done_at,
            })
        })
        .collect()
}

/// The incidents whose repeats name `earlier_incident_id` as the earlier incident.
pub fn repeating(conn: &mut DbConnection, earlier_incident_id: Uuid) -> Result<Vec<Uuid>, ApiError> {
    incident_repeats::table
        .filter(incident_repeats::earlier_incident_id.eq(earlier_incident_id.to_string()))
        .select(incident_repeats::incident_id)
        .distinct()
        .order(incident_repeats::incident_id)
        .load::<String>(conn)?
        .iter()
        .map(|id| stored_id(id))
        .collect()
}
