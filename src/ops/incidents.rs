//! Filing, changing and deleting incidents. A change that changes nothing is not announced
//! (no webhook, nothing in the change feed).

use uuid::Uuid;

use crate::db::{lock_key, DbConnection};
use crate::domain::{Actor, ChangeType, EventType};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::http::requester::Requester;
use crate::models::client::ExternalRef;
use crate::models::incident::{self, Incident, IncidentChanges, NewIncident};
use crate::models::{action, recurrence, retrospective, timeline};
use crate::ops::events::emit;
use crate::ops::feed;
use crate::validation::now;
use crate::views::incident::IncidentBody;

pub fn create(conn: &mut DbConnection, new: NewIncident, by: &Requester) -> Result<Incident, ApiError> {
    let incident = incident::create(conn, new)?;
    feed::incident(conn, by.actor, ChangeType::IncidentCreated, &incident)?;
    emit(conn, EventType::IncidentCreated, &by.locale, |_, labels| {
        Ok(IncidentBody::new(incident.clone(), labels))
    })?;
    Ok(incident)
}

pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: IncidentChanges,
    if_match: &IfMatch,
    by: &Requester,
) -> Result<Incident, ApiError> {
    if_match.guard(conn, "incidents", id, incident::find)?;
    let updated = incident::update(conn, id, changes)?;
    announce_change(conn, updated, by)
}

/// Creates the incident a CRM knows by `reference`, or replaces the one that has it; `true`
/// when it was created. The client of an existing incident cannot change (422). With
/// `If-Match`, an existing incident is replaced only at that ETag, and a missing one is not
/// created (412). A replacement that changes nothing is not announced.
pub fn upsert_by_ref(
    conn: &mut DbConnection,
    reference: &ExternalRef,
    mut new: NewIncident,
    if_match: &IfMatch,
    by: &Requester,
) -> Result<(Incident, bool), ApiError> {
    // Two first PUTs of one identifier at once must not file two incidents.
    lock_key(
        conn,
        &format!("incident-ref:{}/{}", reference.source, reference.external_id),
    )?;
    new.external_ref = Some(reference.clone());
    let Some(id) = incident::id_by_ref(conn, reference)? else {
        if if_match.is_present() {
            return Err(ApiError::PreconditionFailed);
        }
        return create(conn, new, by).map(|incident| (incident, true));
    };
    if_match.guard(conn, "incidents", id, incident::find)?;
    let replaced = incident::replace(conn, id, new)?;
    Ok((announce_change(conn, replaced, by)?, false))
}

/// Deletes the incident with its timeline and retrospective, leaving a tombstone for each in
/// the change feed. What the incident's going changes elsewhere is recorded too: the actions
/// that answered it lose it from `incident_ids`, and the incidents that named it as the earlier
/// incident of a repeat lose that name.
///
/// Locks go in the order a publish takes them (the repeating incident, then the earlier one it
/// names, then the actions), so that the two do not deadlock on PostgreSQL: first the
/// incidents that name this one, then this one, then its actions.
pub fn delete(conn: &mut DbConnection, id: Uuid, actor: Actor) -> Result<(), ApiError> {
    let at = now();
    let mut repeating = recurrence::repeating(conn, id)?;
    repeating.retain(|other| *other != id);
    for incident_id in &repeating {
        incident::touch(conn, *incident_id, at)?;
    }
    crate::db::lock_row(conn, "incidents", &id.to_string())?;
    // A repeat naming it committed between the read above and the lock: touched now.
    for incident_id in recurrence::repeating(conn, id)? {
        if incident_id != id && !repeating.contains(&incident_id) {
            incident::touch(conn, incident_id, at)?;
            repeating.push(incident_id);
        }
    }
    let entries = timeline::ids(conn, id)?;
    let had_retrospective = retrospective::status(conn, id)?.is_some();
    let actions = action::ids_answering(conn, id)?;
    incident::delete(conn, id)?;
    for entry in entries {
        feed::deleted(conn, actor, ChangeType::TimelineEntryDeleted, entry)?;
    }
    if had_retrospective {
        feed::deleted(conn, actor, ChangeType::RetrospectiveDeleted, id)?;
    }
    feed::deleted(conn, actor, ChangeType::IncidentDeleted, id)?;
    for action_id in actions {
        action::touch(conn, action_id, at)?;
        let changed = action::find(conn, action_id)?;
        feed::action(conn, actor, ChangeType::ActionUpdated, &changed)?;
    }
    for incident_id in repeating {
        let changed = incident::find(conn, incident_id)?;
        feed::incident(conn, actor, ChangeType::IncidentUpdated, &changed)?;
    }
    Ok(())
}

/// Announces an incident's update when it changed something.
fn announce_change(
    conn: &mut DbConnection,
    (incident, changed): (Incident, bool),
    by: &Requester,
) -> Result<Incident, ApiError> {
    if changed {
        feed::incident(conn, by.actor, ChangeType::IncidentUpdated, &incident)?;
        emit(conn, EventType::IncidentUpdated, &by.locale, |_, labels| {
            Ok(IncidentBody::new(incident.clone(), labels))
        })?;
    }
    Ok(incident)
}
