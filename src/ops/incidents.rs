//! Filing and changing incidents. A change that changes nothing is not announced.

use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::EventType;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::i18n::Locale;
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
    let (incident, changed) = incident::update(conn, id, changes)?;
    if changed {
        emit(conn, EventType::IncidentUpdated, locale, |_, labels| {
            Ok(IncidentBody::new(incident.clone(), labels))
        })?;
    }
    Ok(incident)
}
