//! Webhook subscriptions: where to send which events, and the secret that signs them.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::stored_id;
use crate::db::DbConnection;
use crate::domain::secret;
use crate::domain::EventType;
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
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub struct NewWebhook {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<EventType>,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears the description.
#[derive(Default)]
pub struct WebhookChanges {
    pub url: Option<String>,
    pub description: Option<Option<String>>,
    pub event_types: Option<Vec<EventType>>,
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
}

impl WebhookRow {
    fn into_webhook(self) -> Result<Webhook, ApiError> {
        let event_types = self
            .event_types
            .split_whitespace()
            .map(|code| EventType::parse(code).ok_or_else(|| ApiError::internal(format!("stored event `{code}`"))))
            .collect::<Result<_, _>>()?;
        Ok(Webhook {
            id: stored_id(&self.id)?,
            url: self.url,
            description: self.description,
            event_types,
            secret: self.secret,
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

/// The subscriptions to one event type.
pub fn subscribers(conn: &mut DbConnection, event: EventType) -> Result<Vec<Uuid>, ApiError> {
    Ok(list(conn)?
        .into_iter()
        .filter(|w| w.event_types.contains(&event))
        .map(|w| w.id)
        .collect())
}

pub fn update(conn: &mut DbConnection, id: Uuid, changes: WebhookChanges) -> Result<Webhook, ApiError> {
    find(conn, id)?;
    diesel::update(webhooks::table.find(id.to_string()))
        .set((
            changes.url.map(|url| webhooks::url.eq(url)),
            changes.description.map(|d| webhooks::description.eq(d)),
            changes
                .event_types
                .map(|events| webhooks::event_types.eq(stored_events(&events))),
            webhooks::updated_at.eq(now()),
        ))
        .execute(conn)?;
    find(conn, id)
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
