//! Writing an incident's retrospective, and what publishing it changes: the incident goes to
//! review, the primary gap teaches the gap finder, repeats reopen the actions that did not work.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::{ChangeType, EventType, Gap, IncidentStatus, RetrospectiveStatus};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::requester::Requester;
use crate::models::retrospective::{self, Retrospective, RetrospectiveDraft, Written};
use crate::models::{finder_example, incident};
use crate::ops::events::emit;
use crate::ops::feed;
use crate::ops::recurrence;
use crate::validation::now;
use crate::views::retrospective::RetrospectiveBody;

/// Creates or replaces the retrospective. Publishing moves an open incident to `in_review` (a
/// closed one stays closed) and is announced once, when it happens; with
/// `repeats_across_clients`, a published gap reopens actions of any client.
pub fn put(
    conn: &mut DbConnection,
    incident_id: Uuid,
    draft: RetrospectiveDraft,
    repeats_across_clients: bool,
    today: NaiveDate,
    if_match: &IfMatch,
    by: &Requester,
) -> Result<(Retrospective, Written), ApiError> {
    // The retrospective has no row of its own to lock before it exists: its incident's serves.
    if_match.guard(conn, "incidents", incident_id, retrospective::find)?;
    let incident = incident::find(conn, incident_id)?;
    // Written again as it is (a CRM syncing both ways): nothing is stored or announced.
    let current = match retrospective::find(conn, incident_id) {
        Ok(current) => Some(current),
        Err(ApiError::NotFound(..)) => None,
        Err(error) => return Err(error),
    };
    if let Some(current) = current.filter(|r| r.is_as(&draft)) {
        return Ok((current, Written::Replaced));
    }
    let was_published = retrospective::status(conn, incident_id)? == Some(RetrospectiveStatus::Published);
    let at = now();
    let (retro, written) = retrospective::put(conn, incident_id, &draft, at)?;
    let change = match written {
        Written::Created => ChangeType::RetrospectiveCreated,
        Written::Replaced => ChangeType::RetrospectiveUpdated,
    };
    feed::retrospective(conn, by.actor, change, &retro)?;
    let published = draft.status == RetrospectiveStatus::Published;
    if published && incident.status == IncidentStatus::Open {
        incident::set_status(conn, incident_id, IncidentStatus::InReview, at)?;
        let in_review = incident::find(conn, incident_id)?;
        feed::incident(conn, by.actor, ChangeType::IncidentUpdated, &in_review)?;
    }
    // A published retrospective's primary gap teaches the gap finder; a draft teaches nothing.
    let text = match &incident.description {
        Some(description) => format!("{}\n{description}", incident.summary),
        None => incident.summary.clone(),
    };
    let primary = draft.gaps.iter().find(|g| g.primary).map(|g| g.gap);
    let confirmed = primary
        .filter(|_| published)
        .map(|gap| (gap, incident.language, text.as_str()));
    finder_example::record(conn, incident_id, confirmed, at)?;
    if published && !was_published {
        emit(conn, EventType::RetrospectivePublished, &by.locale, |_, labels| {
            Ok(RetrospectiveBody::new(retro.clone(), labels))
        })?;
    }
    if published {
        let gaps: Vec<Gap> = draft.gaps.iter().map(|g| g.gap).collect();
        recurrence::notice(conn, incident_id, &gaps, repeats_across_clients, at, today, by)?;
    }
    Ok((retro, written))
}
