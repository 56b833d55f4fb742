//! Webhook subscriptions and their deliveries, as the API shows them.

use super::utc;
use crate::domain::{DeliveryStatus, DisabledReason, EventType, Language};
use crate::i18n::Locale;
use crate::models::delivery::{Attempt, Delivery};
use crate::models::webhook::Webhook;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A webhook subscription (without its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019a9a20-7d1e-7c3b-9a4f-1e2d3c4b5a69",
    "url": "https://crm.example.com/hooks/clientretro",
    "description": "HubSpot timeline sync",
    "event_types": ["incident.created", "retrospective.published"],
    "language": "ro",
    "enabled": false,
    "disabled_at": "2026-11-30T17:02:11Z",
    "disabled_reason": "gone",
    "disabled_reason_label": "Receiver gone (410)",
    "created_at": "2026-11-24T08:00:00Z",
    "updated_at": "2026-11-30T17:02:11Z"
}))]
pub struct WebhookBody {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
    /// The language of the labels in its payloads.
    pub language: Language,
    /// Whether it receives events. The service turns it off when its receiver answers 410 Gone
    /// (`gone`) or its deliveries fail with no success for too long (`failing`, 72 hours by
    /// default); an admin pauses it (`paused`). `PATCH {"enabled": true}` turns it on again;
    /// deliveries that were waiting are then sent, events meanwhile were not queued.
    pub enabled: bool,
    pub disabled_at: Option<DateTime<Utc>>,
    pub disabled_reason: Option<DisabledReason>,
    pub disabled_reason_label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A webhook with its signing secret: shown when it is created and when the secret is rotated.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookWithSecretBody {
    #[serde(flatten)]
    pub webhook: WebhookBody,
    /// `whsec_` and the base64 signing key, as Standard Webhooks libraries expect it.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
}

/// One attempt to deliver an event.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptBody {
    pub attempted_at: DateTime<Utc>,
    /// The receiver's HTTP status, when it answered.
    pub response_status: Option<i32>,
    /// Why there was no answer: timeout, connection failure, refused address.
    pub error: Option<String>,
    pub duration_ms: i32,
}

/// One event sent (or being sent) to a webhook, with every attempt.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryBody {
    /// The `webhook-id` header: the same on every attempt and redelivery.
    pub id: Uuid,
    pub event_type: EventType,
    pub status: DeliveryStatus,
    pub status_label: String,
    pub created_at: DateTime<Utc>,
    /// When the next attempt is due, while `pending`.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub attempts: Vec<AttemptBody>,
    /// The body sent: `type`, `timestamp` and `data`.
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
}

impl WebhookBody {
    pub fn new(webhook: Webhook, locale: &Locale) -> Self {
        Self {
            id: webhook.id,
            url: webhook.url,
            description: webhook.description,
            event_types: webhook.event_types,
            language: webhook.language,
            enabled: webhook.disabled.is_none(),
            disabled_at: webhook.disabled.map(|(at, _)| utc(at)),
            disabled_reason: webhook.disabled.map(|(_, reason)| reason),
            disabled_reason_label: webhook.disabled.map(|(_, reason)| locale.label(reason)),
            created_at: utc(webhook.created_at),
            updated_at: utc(webhook.updated_at),
        }
    }
}

impl WebhookWithSecretBody {
    pub fn new(webhook: Webhook, locale: &Locale) -> Self {
        let secret = webhook.secret.clone();
        Self {
            webhook: WebhookBody::new(webhook, locale),
            secret,
        }
    }
}

impl DeliveryBody {
    pub fn new(delivery: Delivery, locale: &Locale) -> Self {
        Self {
            id: delivery.id,
            event_type: delivery.event_type,
            status: delivery.status,
            status_label: locale.label(delivery.status),
            created_at: utc(delivery.created_at),
            next_attempt_at: delivery.next_attempt_at.map(utc),
            delivered_at: delivery.delivered_at.map(utc),
            attempts: delivery.attempts.into_iter().map(AttemptBody::new).collect(),
            payload: serde_json::from_str(&delivery.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

impl AttemptBody {
    fn new(attempt: Attempt) -> Self {
        Self {
            attempted_at: utc(attempt.attempted_at),
            response_status: attempt.response_status,
            error: attempt.error,
            duration_ms: attempt.duration_ms,
        }
    }
}
