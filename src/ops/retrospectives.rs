//! Writing an incident's retrospective, and what publishing it changes: the incident goes to
//! review, the primary gap teaches the gap finder, repeats reopen the actions that did not work.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::{ChangeType, EventType, Gap, IncidentStatus, RetrospectiveStatus};
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::http::etag::IfMatch;
use crate::http::requester::Requester;
use crate::models::action::{self, Policy};
use crate::models::retrospective::{self, Retrospective, RetrospectiveDraft, Written};
use crate::models::{finder_example, incident};
use crate::ops::events::emit;
use crate::ops::feed;
use crate::ops::recurrence;
use crate::validation::now;
use crate::views::retrospective::RetrospectiveBody;

/// Creates or replaces the retrospective. Publishing with action declared needed needs an action
/// for one of its confirmed gaps; it moves an open incident to `in_review` (a closed one stays
/// closed) and is announced once, when it happens; a published gap reopens the actions it
/// repeats (see `recurrence`).
pub fn put(
    conn: &mut DbConnection,
    incident_id: Uuid,
    draft: RetrospectiveDraft,
    policy: Policy,
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
    let published = draft.status == RetrospectiveStatus::Published;
    if published && draft.record.action_needed == Some(true) {
        let gaps: Vec<Gap> = draft.gaps.iter().map(|g| g.gap).collect();
        if !action::answers_with_gap(conn, incident_id, &gaps)? {
            return Err(ApiError::Validation(vec![FieldError::new(
                "action_needed",
                FieldProblem::NoActionForGap,
            )]));
        }
    }
    let was_published = retrospective::status(conn, incident_id)? == Some(RetrospectiveStatus::Published);
    let at = now();
    let (retro, written) = retrospective::put(conn, incident_id, &draft, at)?;
    let change = match written {
        Written::Created => ChangeType::RetrospectiveCreated,
        Written::Replaced => ChangeType::RetrospectiveUpdated,
    };
    feed::retrospective(conn, by.actor, change, &retro)?;
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
        recurrence::notice(conn, incident_id, &gaps, policy, at, today, by)?;
    }
    Ok((retro, written))
}
