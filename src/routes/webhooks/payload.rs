//! What the webhook routes read and write.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::{DeliveryStatus, EventType};
use crate::error::{ApiError, FieldProblem};
use crate::i18n::Locale;
use crate::models::delivery::{Attempt, Delivery};
use crate::models::webhook::{NewWebhook, Webhook, WebhookChanges};
use crate::pagination::PageRequest;
use crate::routes::utc;
use crate::validation::{capped_double_option, capped_option, double_option, lines, Lines, Rule, Rules, Validator};
use crate::webhooks::address::AddressPolicy;

const URL_MAX: usize = 2000;
const DESCRIPTION_MAX: usize = 500;
/// Each event type at most once.
const EVENT_TYPES_MAX: usize = <EventType as strum::VariantArray>::VARIANTS.len();

/// A new webhook subscription.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "url": "https://crm.example.com/hooks/clientretro",
    "event_types": ["incident.created", "retrospective.published"],
    "description": "HubSpot timeline sync"
}))]
pub struct CreateWebhook {
    /// An absolute http(s) URL, at most 2,000 characters. Loopback and private addresses are
    /// refused unless the server allows them; link-local ones always.
    #[schema(value_type = String, required = true)]
    pub url: Option<String>,
    /// At least one; each at most once (so at most 7).
    #[serde(default, deserialize_with = "capped_option::<{ EVENT_TYPES_MAX }, _, _>")]
    #[schema(value_type = Vec<EventType>, required = true)]
    pub event_types: Option<Vec<String>>,
    /// At most 500 characters.
    pub description: Option<String>,
}

/// Changes to a webhook: absent fields stay as they are, `null` clears `description`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"event_types": ["incident.created"]}))]
pub struct UpdateWebhook {
    /// An absolute http(s) URL, at most 2,000 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub url: Option<Option<String>>,
    /// At least one; each at most once (so at most 7); replaces the list.
    #[serde(default, deserialize_with = "capped_double_option::<{ EVENT_TYPES_MAX }, _, _>")]
    #[schema(value_type = Vec<EventType>)]
    pub event_types: Option<Option<Vec<String>>>,
    /// At most 500 characters; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
}

/// A webhook subscription (without its secret).
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019a9a20-7d1e-7c3b-9a4f-1e2d3c4b5a69",
    "url": "https://crm.example.com/hooks/clientretro",
    "description": "HubSpot timeline sync",
    "event_types": ["incident.created", "retrospective.published"],
    "created_at": "2026-11-24T08:00:00Z",
    "updated_at": "2026-11-24T08:00:00Z"
}))]
pub struct WebhookBody {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
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

/// Paging of the deliveries (newest first).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DeliveryListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl WebhookBody {
    pub fn new(webhook: Webhook) -> Self {
        Self {
            id: webhook.id,
            url: webhook.url,
            description: webhook.description,
            event_types: webhook.event_types,
            created_at: utc(webhook.created_at),
            updated_at: utc(webhook.updated_at),
        }
    }
}

impl WebhookWithSecretBody {
    pub fn new(webhook: Webhook) -> Self {
        let secret = webhook.secret.clone();
        Self {
            webhook: WebhookBody::new(webhook),
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

/// The texts and lists of a new webhook and of its changes.
const WEBHOOK_RULES: &[(&str, Rule)] = &[
    ("url", Rule::Url { max: URL_MAX }),
    ("description", lines(DESCRIPTION_MAX)),
    (
        "event_types",
        Rule::List {
            min: 1,
            max: EVENT_TYPES_MAX,
            unique: true,
        },
    ),
];

impl Rules for CreateWebhook {
    const RULES: &'static [(&'static str, Rule)] = WEBHOOK_RULES;
}

impl Rules for UpdateWebhook {
    const RULES: &'static [(&'static str, Rule)] = WEBHOOK_RULES;
}

fn url(v: &mut Validator, raw: String, policy: AddressPolicy) -> Option<String> {
    let raw = v.text("url", raw, URL_MAX, Lines::One)?;
    match policy.check_url(&raw) {
        Ok(_) => Some(raw),
        Err(problem) => {
            v.push("url", problem);
            None
        }
    }
}

fn event_types(v: &mut Validator, codes: Vec<String>) -> Option<Vec<EventType>> {
    if codes.is_empty() {
        v.push("event_types", FieldProblem::Blank);
        return None;
    }
    let mut out = Vec::with_capacity(codes.len());
    let mut valid = true;
    for (i, code) in codes.iter().enumerate() {
        let field = format!("event_types[{i}]");
        match EventType::parse(code) {
            Some(event) if out.contains(&event) => {
                v.push(field, FieldProblem::Duplicate);
                valid = false;
            }
            Some(event) => out.push(event),
            None => {
                v.push(
                    field,
                    FieldProblem::UnknownCode {
                        value: code.chars().take(100).collect(),
                        allowed: EventType::allowed(),
                    },
                );
                valid = false;
            }
        }
    }
    valid.then_some(out)
}

impl CreateWebhook {
    pub fn validate(self, policy: AddressPolicy) -> Result<NewWebhook, ApiError> {
        let mut v = Validator::new();
        let url = v.required("url", self.url).and_then(|u| url(&mut v, u, policy));
        let event_types = v
            .required("event_types", self.event_types)
            .and_then(|e| event_types(&mut v, e));
        let description = v.optional_text("description", self.description, DESCRIPTION_MAX, Lines::Many);
        v.finish()?;
        match (url, event_types, description) {
            (Some(url), Some(event_types), Some(description)) => Ok(NewWebhook {
                url,
                description,
                event_types,
            }),
            _ => Err(ApiError::internal("validation passed with a missing value")),
        }
    }
}

impl UpdateWebhook {
    pub fn validate(self, policy: AddressPolicy) -> Result<WebhookChanges, ApiError> {
        let mut v = Validator::new();
        let changes = WebhookChanges {
            url: v.not_null("url", self.url).and_then(|u| url(&mut v, u, policy)),
            event_types: v
                .not_null("event_types", self.event_types)
                .and_then(|e| event_types(&mut v, e)),
            description: self
                .description
                .map(|d| d.and_then(|d| v.text("description", d, DESCRIPTION_MAX, Lines::Many))),
        };
        v.finish()?;
        Ok(changes)
    }
}

impl DeliveryListQuery {
    pub fn validate(self) -> Result<PageRequest, ApiError> {
        let mut v = Validator::new();
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok(page)
    }
}
