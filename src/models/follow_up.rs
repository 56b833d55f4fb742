//! What is due: retrospectives not yet published for incidents filed some days ago, and
//! actions not finished by their due date. Read by `GET /v1/follow-up` and by the reminders.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use chrono_tz::Tz;
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::config::FollowUp;
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Code, IncidentStatus, RetrospectiveStatus, Severity};
use crate::error::ApiError;
use crate::schema::{actions, clients, incidents, retrospectives};

/// The most items of each kind one look returns.
pub const MAX_ITEMS: i64 = 1000;

/// An incident whose retrospective is due (or overdue) and not published.
#[derive(Clone, Debug)]
pub struct DueRetrospective {
    pub incident_id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    /// The client's account owner, who owns its retrospectives.
    pub owner: Option<String>,
    pub summary: String,
    pub severity: Severity,
    pub due_on: NaiveDate,
}

/// An unfinished action due on or before `until`.
#[derive(Clone, Debug)]
pub struct DueAction {
    pub action_id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub owner: String,
    pub title: String,
    pub due_on: NaiveDate,
}

/// id, client id, client name, account owner, summary, severity, filed at.
type IncidentRow = (String, String, String, Option<String>, String, String, NaiveDateTime);

/// The firm's day a stored UTC time falls on.
fn day_of(time: NaiveDateTime, zone: Tz) -> NaiveDate {
    time.and_utc().with_timezone(&zone).date_naive()
}

/// Retrospectives due on or before `until`, soonest first: of open or in-review incidents with
/// no published retrospective, due `rules` days (by severity) after the firm's day the incident
/// was filed (`created_at`, so that an imported history is not all overdue at once).
pub fn retrospectives_due(
    conn: &mut DbConnection,
    rules: &FollowUp,
    zone: Tz,
    until: NaiveDate,
    owner: Option<&str>,
) -> Result<Vec<DueRetrospective>, ApiError> {
    let published = retrospectives::table
        .filter(retrospectives::status.eq(RetrospectiveStatus::Published.code()))
        .select(retrospectives::incident_id);
    // Filed no later than the shortest rule allows (a day's margin for the zone): the rest
    // cannot be due yet.
    let shortest = rules.retrospective_due_days.iter().copied().min().unwrap_or(1);
    let latest_filing = (until - Duration::days(i64::from(shortest)) + Duration::days(2))
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let mut query = incidents::table
        .inner_join(clients::table)
        .filter(incidents::status.ne(IncidentStatus::Closed.code()))
        .filter(diesel::dsl::not(incidents::id.eq_any(published)))
        .filter(incidents::created_at.lt(latest_filing))
        .select((
            incidents::id,
            incidents::client_id,
            clients::name,
            clients::account_owner,
            incidents::summary,
            incidents::severity,
            incidents::created_at,
        ))
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(clients::account_owner.eq(owner.to_owned()));
    }
    let rows: Vec<IncidentRow> = query
        .order((incidents::created_at.asc(), incidents::id.asc()))
        .limit(MAX_ITEMS * 4)
        .load(conn)?;
    let mut due = Vec::new();
    for (id, client_id, client_name, owner, summary, severity, created_at) in rows {
        let severity: Severity = stored_code(&severity)?;
        let due_on = day_of(created_at, zone) + Duration::days(i64::from(rules.retrospective_due_days(severity)));
        if due_on <= until {
            due.push(DueRetrospective {
                incident_id: stored_id(&id)?,
                client_id: stored_id(&client_id)?,
                client_name,
                owner,
                summary,
                severity,
                due_on,
            });
        }
    }
    due.sort_by_key(|d| (d.due_on, d.incident_id));
    due.truncate(MAX_ITEMS as usize);
    Ok(due)
}

/// Unfinished actions due on or before `until`, soonest first.
pub fn actions_due(conn: &mut DbConnection, until: NaiveDate, owner: Option<&str>) -> Result<Vec<DueAction>, ApiError> {
    let pending: Vec<&str> = [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Reopened]
        .iter()
        .map(|s| s.code())
        .collect();
    let mut query = actions::table
        .inner_join(clients::table.on(clients::id.eq(actions::client_id)))
        .filter(actions::status.eq_any(pending))
        .filter(actions::due_date.le(until))
        .select((
            actions::id,
            actions::client_id,
            clients::name,
            actions::owner,
            actions::title,
            actions::due_date,
        ))
        .into_boxed();
    if let Some(owner) = owner {
        query = query.filter(actions::owner.eq(owner.to_owned()));
    }
    let rows: Vec<(String, String, String, String, String, NaiveDate)> = query
        .order((actions::due_date.asc(), actions::id.asc()))
        .limit(MAX_ITEMS)
        .load(conn)?;
    rows.into_iter()
        .map(|(id, client_id, client_name, owner, title, due_on)| {
            Ok(DueAction {
                action_id: stored_id(&id)?,
                client_id: stored_id(&client_id)?,
                client_name,
                owner,
                title,
                due_on,
            })
        })
        .collect()
}
