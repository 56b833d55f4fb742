//! Webhook subscriptions: where to send which events, in which language, the secret that signs
//! them, and whether the service still sends them (a receiver that is gone or fails for too
//! long is disabled until an admin turns it on again).

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::secret;
use crate::domain::{Code, DisabledReason, EventType, Language};
use crate::error::{ApiError, Resource};
use crate::schema::webhooks;
use crate::validation::now;

#[derive(Clone, Debug)]
pub struct Webhook {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
    /// `whsec_…`; shown only when created or rotated.
    pub secret: String,
    /// The language of the labels in its payloads.
    pub language: Language,
    /// When and why it stopped receiving events; `None` while it receives them.
    pub disabled: Option<(NaiveDateTime, DisabledReason)>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub struct NewWebhook {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
    pub language: Language,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears the description.
#[derive(Default)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub description: Option<Option<String>>,
    pub event_types: Option<Vec<EventType>>,
    pub language: Option<Language>,
    /// `true` turns a disabled subscription on again; `false` pauses it.
    pub enabled: Option<bool>,
}

/// What one attempt of a delivery says of its subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// 410 Gone: the receiver says it will never take events again.
    Gone,
    Failed,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = webhooks)]
struct WebhookRow {
    id: String,
    url: String,
    description: Option<String>,
    event_types: String,
    secret: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    language: String,
    disabled_at: Option<NaiveDateTime>,
    disabled_reason: Option<String>,
}

impl WebhookRow {
    fn into_webhook(self) -> Result<Webhook, ApiError> {
        let event_types = self
            .event_types
            .split_whitespace()
            .map(|code| EventType::parse(code).ok_or_else(|| ApiError::internal(format!("stored event `{code}`"))))
            .collect::<Result<_, _>>()?;
        let disabled = match (self.disabled_at, self.disabled_reason) {
            (Some(at), Some(reason)) => Some((at, stored_code(&reason)?)),
            _ => None,
        };
        Ok(Webhook {
            id: stored_id(&self.id)?,
            url: self.url,
            description: self.description,
            event_types,
            secret: self.secret,
            language: stored_code(&self.language)?,
            disabled,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

fn stored_events(events: &[EventType]) -> String {
    events.iter().map(|e| e.code()).collect::<Vec<_>>().join(" ")
}

pub fn create(conn: &mut DbConnection, new: NewWebhook) -> Result<Webhook, ApiError> {
    let id = Uuid::now_v7();
    let at = now();
    diesel::insert_into(webhooks::table)
        .values((
            webhooks::id.eq(id.to_string()),
            webhooks::url.eq(&new.url),
            webhooks::description.eq(&new.description),
            webhooks::event_types.eq(stored_events(&new.event_types)),
            webhooks::secret.eq(secret::new_webhook_secret()),
            webhooks::language.eq(new.language.code()),
            webhooks::created_at.eq(at),
            webhooks::updated_at.eq(at),
        ))
        .execute(conn)?;
    find(conn, id)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Webhook, ApiError> {
    webhooks::table
        .find(id.to_string())
        .select(WebhookRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Webhook, id))?
        .into_webhook()
}

/// Every subscription, the oldest first (there are few).
pub fn list(conn: &mut DbConnection) -> Result<Vec<Webhook>, ApiError> {
    webhooks::table
        .select(WebhookRow::as_select())
        .order(webhooks::id.asc())
        .load(conn)?
        .into_iter()
        .map(WebhookRow::into_webhook)
        .collect()
}

/// The subscriptions to one event type that receive events, with the language of each.
pub fn subscribers(conn: &mut DbConnection, event: EventType) -> Result<Vec<(Uuid, Language)>, ApiError> {
    Ok(list(conn)?
        .into_iter()
        .filter(|w| w.disabled.is_none() && w.event_types.contains(&event))
        .map(|w| (w.id, w.language))
        .collect())
}

pub fn update(conn: &mut DbConnection, id: Uuid, changes: WebhookChanges) -> Result<Webhook, ApiError> {
    let current = find(conn, id)?;
    let at = now();
    // Turned on: it receives events again, and its failures start over. Paused: only when on.
    let (disabled_at, reason) = match (changes.enabled, current.disabled) {
        (Some(true), Some(_)) => (Some(None), Some(None)),
        (Some(false), None) => (Some(Some(at)), Some(Some(DisabledReason::Paused.code()))),
        _ => (None, None),
    };
    diesel::update(webhooks::table.find(id.to_string()))
        .set((
            changes.url.map(|url| webhooks::url.eq(url)),
            changes.description.map(|d| webhooks::description.eq(d)),
            changes
                .event_types
                .map(|events| webhooks::event_types.eq(stored_events(&events))),
            changes.language.map(|l| webhooks::language.eq(l.code())),
            disabled_at.map(|d| webhooks::disabled_at.eq(d)),
            reason.map(|r| webhooks::disabled_reason.eq(r)),
            disabled_at.map(|_| webhooks::failing_since.eq(None::<NaiveDateTime>)),
            webhooks::updated_at.eq(at),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Notes what an attempt says of the subscription: a success ends its failing time; 410 Gone
/// disables it; a failure starts its failing time, and disables it once that has lasted
/// `disable_after` with no success between. Deliveries of a disabled subscription wait.
pub fn note_outcome(
    conn: &mut DbConnection,
    id: Uuid,
    outcome: Outcome,
    at: NaiveDateTime,
    disable_after: TimeDelta,
) -> Result<(), ApiError> {
    let key = id.to_string();
    let this = webhooks::table.find(&key);
    let disable = |conn: &mut DbConnection, reason: DisabledReason, failing_before: Option<NaiveDateTime>| {
        let mut target = webhooks::table
            .filter(webhooks::id.eq(&key))
            .filter(webhooks::disabled_at.is_null())
            .into_boxed();
        if let Some(before) = failing_before {
            target = target.filter(webhooks::failing_since.le(before));
        }
        let ids: Vec<String> = target.select(webhooks::id).load(conn)?;
        diesel::update(webhooks::table.filter(webhooks::id.eq_any(ids)))
            .set((
                webhooks::disabled_at.eq(Some(at)),
                webhooks::disabled_reason.eq(Some(reason.code())),
                webhooks::updated_at.eq(at),
            ))
            .execute(conn)
            .map_err(ApiError::from)
    };
    match outcome {
        Outcome::Delivered => {
            diesel::update(this.filter(webhooks::failing_since.is_not_null()))
                .set(webhooks::failing_since.eq(None::<NaiveDateTime>))
                .execute(conn)?;
        }
        Outcome::Gone => {
            disable(conn, DisabledReason::Gone, None)?;
        }
        Outcome::Failed => {
            diesel::update(this.filter(webhooks::failing_since.is_null()))
                .set(webhooks::failing_since.eq(Some(at)))
                .execute(conn)?;
            let before = at.checked_sub_signed(disable_after).unwrap_or(NaiveDateTime::MIN);
            disable(conn, DisabledReason::Failing, Some(before))?;
        }
    }
    Ok(())
}

/// A new secret; the old one stops signing at once.
pub fn rotate_secret(conn: &mut DbConnection, id: Uuid) -> Result<Webhook, ApiError> {
    find(conn, id)?;
    diesel::update(webhooks::table.find(id.to_string()))
        .set((
            webhooks::secret.eq(secret::new_webhook_secret()),
            webhooks::updated_at.eq(now()),
        ))
        .execute(conn)?;
    find(conn, id)
}

/// Deletes the subscription with its pending and past deliveries.
pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let deleted = diesel::delete(webhooks::table.find(id.to_string())).execute(conn)?;
    if deleted == 0 {
        return Err(ApiError::not_found(Resource::Webhook, id));
    }
    Ok(())
}
