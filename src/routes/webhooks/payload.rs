//! What the webhook routes read and write.

use chrono::NaiveDateTime;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::{EventType, Language};
use crate::error::{ApiError, FieldProblem};
use crate::models::webhook::{NewWebhook, WebhookChanges};
use crate::pagination::PageRequest;
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
    /// The language of the labels in its payloads; `en` when absent.
    #[schema(value_type = Option<Language>)]
    pub language: Option<String>,
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
    /// The language of the labels in its payloads.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Language)]
    pub language: Option<Option<String>>,
    /// `true` turns on a subscription the service disabled (its receiver answered 410 Gone or
    /// kept failing) or an admin paused, and starts its failures over; `false` pauses it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = bool)]
    pub enabled: Option<Option<bool>>,
}

/// Which failed deliveries to send again: those of events from `from` (inclusive) to `to`
/// (exclusive); either may be left out for an open end.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2026-11-28T00:00:00Z", "to": "2026-12-01T00:00:00Z"}))]
pub struct RedeliverRange {
    /// RFC 3339; events at or after it.
    #[schema(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub from: Option<String>,
    /// RFC 3339; events before it.
    #[schema(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub to: Option<String>,
}

impl RedeliverRange {
    pub fn validate(self) -> Result<(Option<NaiveDateTime>, Option<NaiveDateTime>), ApiError> {
        let mut v = Validator::new();
        let from = self.from.and_then(|t| v.datetime("from", &t));
        let to = self.to.and_then(|t| v.datetime("to", &t));
        v.finish()?;
        Ok((from, to))
    }
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
        let language = match self.language {
            Some(code) => v.code::<Language>("language", &code),
            None => Some(Language::En),
        };
        let (url, event_types, description, language) = v.done((url, event_types, description, language))?;
        Ok(NewWebhook {
            url,
            description,
            event_types,
            language,
        })
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
            language: v
                .not_null("language", self.language)
                .and_then(|code| v.code::<Language>("language", &code)),
            enabled: v.not_null("enabled", self.enabled),
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
