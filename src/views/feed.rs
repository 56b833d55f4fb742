//! The change feed as the API shows it: each event with its resource as that resource's GET
//! returned it at the change, labels in the reader's language.

use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::action::ActionBody;
use super::client::ClientBody;
use super::incident::IncidentBody;
use super::retrospective::RetrospectiveBody;
use super::timeline::TimelineEntryBody;
use crate::domain::{ChangeType, ResourceType};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::action::Action;
use crate::models::client::Client;
use crate::models::feed::StoredEvent;
use crate::models::incident::Incident;
use crate::models::retrospective::Retrospective;
use crate::models::timeline::TimelineEntry;

/// Fields of a resource that change with no write (an action's `overdue` turns true when its due
/// date passes): they are left out of `data`, since no event says when they change.
pub const DERIVED_FIELDS: &[(ResourceType, &str)] = &[(ResourceType::Action, "overdue")];

/// One committed change.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "1042",
    "type": "incident.updated",
    "occurred_at": "2026-11-24T09:30:00.123456Z",
    "resource_type": "incident",
    "resource_id": "019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01",
    "actor": "019a8f3e-0000-7000-8000-000000000001",
    "data": {"id": "019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01", "category": "late_payment", "summary": "…"}
}))]
pub struct ChangeEventBody {
    /// Unique; not an order (follow `next_cursor` for that).
    pub id: String,
    #[serde(rename = "type")]
    pub change_type: ChangeType,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    pub resource_type: ResourceType,
    /// The resource's id; for a retrospective, its incident's id.
    pub resource_id: String,
    /// The API key that made the change; null when the service made it on its own.
    pub actor: Option<Uuid>,
    /// The resource as its GET returned it at this change (without derived fields such as an
    /// action's `overdue`), labels in the requested language; null for a `.deleted` event.
    #[schema(value_type = Option<Object>)]
    pub data: Option<serde_json::Value>,
}

/// One page of the feed. `next_cursor` is always given: pass it as `after` to continue (an empty
/// page returns the same cursor, to ask again later).
#[derive(Debug, Serialize, ToSchema)]
pub struct ChangeFeedPage {
    pub items: Vec<ChangeEventBody>,
    pub next_cursor: String,
}

impl ChangeEventBody {
    pub fn new(event: StoredEvent, locale: &Locale, today: chrono::NaiveDate) -> Result<Self, ApiError> {
        let resource_type = event.change.resource_type();
        let data = event
            .data
            .as_deref()
            .map(|json| render(resource_type, json, locale, today))
            .transpose()?;
        Ok(Self {
            id: event.id.to_string(),
            change_type: event.change,
            occurred_at: super::utc(event.occurred_at),
            resource_type,
            resource_id: event.resource_id,
            actor: event.actor,
            data,
        })
    }
}

/// The stored model, shown through the resource's own view.
fn render(
    resource_type: ResourceType,
    json: &str,
    locale: &Locale,
    today: chrono::NaiveDate,
) -> Result<serde_json::Value, ApiError> {
    fn read<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, ApiError> {
        serde_json::from_str(json).map_err(|e| ApiError::internal(format!("stored event data: {e}")))
    }
    let view = match resource_type {
        ResourceType::Client => serde_json::to_value(ClientBody::new(read::<Client>(json)?, locale)),
        ResourceType::Incident => serde_json::to_value(IncidentBody::new(read::<Incident>(json)?, locale)),
        ResourceType::TimelineEntry => {
            serde_json::to_value(TimelineEntryBody::new(read::<TimelineEntry>(json)?, locale))
        }
        ResourceType::Retrospective => {
            serde_json::to_value(RetrospectiveBody::new(read::<Retrospective>(json)?, locale))
        }
        ResourceType::Action => serde_json::to_value(ActionBody::new(read::<Action>(json)?, locale, today)),
    };
    let mut view = view.map_err(ApiError::internal)?;
    if let Some(fields) = view.as_object_mut() {
        for (_, field) in DERIVED_FIELDS.iter().filter(|(of, _)| *of == resource_type) {
            fields.remove(*field);
        }
    }
    Ok(view)
}
