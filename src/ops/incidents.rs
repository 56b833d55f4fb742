//! Filing and changing incidents. A change that changes nothing is not announced.

use uuid::Uuid;

use crate::db::{lock_key, DbConnection};
use crate::domain::EventType;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::i18n::Locale;
use crate::models::client::ExternalRef;
use crate::models::incident::{self, Incident, IncidentChanges, NewIncident};
use crate::ops::events::emit;
use crate::views::incident::IncidentBody;

pub fn create(conn: &mut DbConnection, new: NewIncident, locale: &Locale) -> Result<Incident, ApiError> {
    let incident = incident::create(conn, new)?;
    emit(conn, EventType::IncidentCreated, locale, |_, labels| {
        Ok(IncidentBody::new(incident.clone(), labels))
    })?;
    Ok(incident)
}

pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: IncidentChanges,
    if_match: &IfMatch,
    locale: &Locale,
) -> Result<Incident, ApiError> {
    if_match.guard(conn, "incidents", id, incident::find)?;
    let updated = incident::update(conn, id, changes)?;
    announce_change(conn, updated, locale)
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
    locale: &Locale,
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
        return create(conn, new, locale).map(|incident| (incident, true));
    };
    if_match.guard(conn, "incidents", id, incident::find)?;
    let replaced = incident::replace(conn, id, new)?;
    Ok((announce_change(conn, replaced, locale)?, false))
}

/// Announces an incident's update when it changed something.
fn announce_change(
    conn: &mut DbConnection,
    (incident, changed): (Incident, bool),
    locale: &Locale,
) -> Result<Incident, ApiError> {
    if changed {
        emit(conn, EventType::IncidentUpdated, locale, |_, labels| {
            Ok(IncidentBody::new(incident.clone(), labels))
        })?;
    }
    Ok(incident)
}
