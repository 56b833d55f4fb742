//! The corrective-action record of each incident with a published retrospective, for the CAPA
//! export (ISO 9001 10.2): what happened and how bad, what was done at once, the confirmed gaps
//! (the causes), the decision on action, the actions and the service's verdicts on them.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::reports::Scope;
use super::retrospective::{CapaRecord, ConfirmedGap};
use super::{stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::{
    ActionKind, ActionStatus, Category, Code, Effectiveness, Gap, RetrospectiveStatus, Severity, Verdict,
};
use crate::error::ApiError;
use crate::schema::{action_incidents, actions, clients, incidents, retrospective_gaps, retrospectives};

/// The most incidents one export holds: a firm's decade, well within one response.
pub const MAX_ROWS: i64 = 50_000;

/// One incident's record.
#[derive(Clone, Debug)]
pub struct CapaEntry {
    pub incident_id: Uuid,
    pub external_ref: Option<String>,
    pub client_id: Uuid,
    pub client_name: String,
    pub occurred_at: NaiveDateTime,
    pub category: Category,
    pub severity: Severity,
    pub summary: String,
    pub record: CapaRecord,
    /// The primary gap first.
    pub gaps: Vec<ConfirmedGap>,
    pub actions: Vec<CapaAction>,
    /// When the retrospective was last written (published).
    pub published_at: NaiveDateTime,
}

/// An action answering the incident, as the record shows it.
#[derive(Clone, Debug)]
pub struct CapaAction {
    pub id: Uuid,
    pub title: String,
    pub kind: ActionKind,
    pub gap: Gap,
    pub status: ActionStatus,
    pub due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub effectiveness: Effectiveness,
    pub window_ends_on: Option<NaiveDate>,
    pub verdict: Option<Verdict>,
}

type IncidentRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    NaiveDateTime,
    String,
    String,
    String,
    (
        Option<String>,
        Option<String>,
        Option<bool>,
        Option<String>,
        NaiveDateTime,
    ),
);

type ActionRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
    Option<String>,
);

/// The records of the incidents in `scope` whose retrospective is published, oldest first.
pub fn records(conn: &mut DbConnection, scope: &Scope) -> Result<Vec<CapaEntry>, ApiError> {
    let mut query = incidents::table
        .inner_join(clients::table)
        .inner_join(retrospectives::table)
        .filter(retrospectives::status.eq(RetrospectiveStatus::Published.code()))
        .select((
            incidents::id,
            incidents::external_source,
            incidents::external_id,
            incidents::client_id,
            clients::name,
            incidents::occurred_at,
            incidents::category,
            incidents::severity,
            incidents::summary,
            (
                retrospectives::correction,
                retrospectives::escape_point,
                retrospectives::action_needed,
                retrospectives::action_needed_rationale,
                retrospectives::updated_at,
            ),
        ))
        .into_boxed();
    if let Some(from) = scope.from {
        query = query.filter(incidents::occurred_at.ge(from));
    }
    if let Some(to) = scope.to {
        query = query.filter(incidents::occurred_at.lt(to));
    }
    if let Some(client) = scope.client_id {
        query = query.filter(incidents::client_id.eq(client.to_string()));
    }
    let rows: Vec<IncidentRow> = query
        .order((incidents::occurred_at.asc(), incidents::id.asc()))
        .limit(MAX_ROWS)
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|row| row.0.clone()).collect();
    let mut gaps = gaps_of(conn, &ids)?;
    let mut actions = actions_of(conn, &ids)?;
    rows.into_iter()
        .map(
            |(id, source, external_id, client_id, client_name, occurred_at, category, severity, summary, retro)| {
                let (correction, escape_point, action_needed, action_needed_rationale, published_at) = retro;
                Ok(CapaEntry {
                    incident_id: stored_id(&id)?,
                    external_ref: source.zip(external_id).map(|(s, e)| format!("{s}:{e}")),
                    client_id: stored_id(&client_id)?,
                    client_name,
                    occurred_at,
                    category: stored_code(&category)?,
                    severity: stored_code(&severity)?,
                    summary,
                    record: CapaRecord {
                        correction,
                        escape_point,
                        action_needed,
                        action_needed_rationale,
                    },
                    gaps: gaps.remove(&id).unwrap_or_default(),
                    actions: actions.remove(&id).unwrap_or_default(),
                    published_at,
                })
            },
        )
        .collect()
}

/// The ids in chunks a statement's parameters can hold on either backend.
fn chunks(ids: &[String]) -> impl Iterator<Item = &[String]> {
    ids.chunks(10_000)
}

fn gaps_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<ConfirmedGap>>, ApiError> {
    let mut by_incident: HashMap<String, Vec<ConfirmedGap>> = HashMap::new();
    for chunk in chunks(ids) {
        let rows: Vec<(String, String, bool, Option<String>)> = retrospective_gaps::table
            .filter(retrospective_gaps::incident_id.eq_any(chunk))
            .order((
                retrospective_gaps::incident_id,
                retrospective_gaps::is_primary.desc(),
                retrospective_gaps::gap,
            ))
            .select((
                retrospective_gaps::incident_id,
                retrospective_gaps::gap,
                retrospective_gaps::is_primary,
                retrospective_gaps::note,
            ))
            .load(conn)?;
        for (incident, gap, primary, note) in rows {
            by_incident.entry(incident).or_default().push(ConfirmedGap {
                gap: stored_code(&gap)?,
                primary,
                note,
            });
        }
    }
    Ok(by_incident)
}

fn actions_of(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, Vec<CapaAction>>, ApiError> {
    let mut by_incident: HashMap<String, Vec<CapaAction>> = HashMap::new();
    for chunk in chunks(ids) {
        let rows: Vec<ActionRow> = action_incidents::table
            .inner_join(actions::table)
            .filter(action_incidents::incident_id.eq_any(chunk))
            .order((action_incidents::incident_id, actions::id))
            .select((
                action_incidents::incident_id,
                actions::id,
                actions::title,
                actions::kind,
                actions::gap,
                actions::status,
                actions::due_date,
                actions::completed_on,
                actions::effectiveness,
                actions::window_ends_on,
                actions::verdict,
            ))
            .load(conn)?;
        for (incident, id, title, kind, gap, status, due_date, completed_on, effectiveness, window_ends_on, verdict) in
            rows
        {
            by_incident.entry(incident).or_default().push(CapaAction {
                id: stored_id(&id)?,
                title,
                kind: stored_code(&kind)?,
                gap: stored_code(&gap)?,
                status: stored_code(&status)?,
                due_date,
                completed_on,
                effectiveness: stored_code(&effectiveness)?,
                window_ends_on,
                verdict: verdict.as_deref().map(stored_code).transpose()?,
            });
        }
    }
    Ok(by_incident)
}
