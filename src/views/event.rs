//! What a webhook receives: the event around the resource as the API shows it.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::EventType;

/// What a webhook receives: the event type, when it happened, and the resource as the API
/// returns it (labels in the subscription's `language`, English unless it chose another).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "incident.created",
    "timestamp": "2026-11-24T09:30:00.123456Z",
    "data": {"id": "019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01", "category": "late_payment", "summary": "…"}
}))]
pub struct EventPayload<T> {
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub timestamp: chrono::DateTime<chrono::Utc>,
    #[schema(value_type = Object)]
    pub data: T,
}
