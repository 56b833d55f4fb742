//! Putting events in the outbox. Call [`emit`] inside the transaction of the change, so that
//! the event exists exactly when the change does; the webhook worker delivers it later.
//! Each subscription gets the resource with labels in its own language.

use serde::Serialize;

use crate::db::DbConnection;
use crate::domain::{EventType, Language};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::{delivery, webhook};
use crate::views::event::EventPayload;

/// Queues the event for every subscription to its type that receives events; does nothing (and
/// does not build the resource) when there is none. `data` builds the resource through `views/`,
/// once per language the subscriptions chose for their labels, whatever language the change was
/// made in.
pub fn emit<T: Serialize>(
    conn: &mut DbConnection,
    event_type: EventType,
    locale: &Locale,
    data: impl Fn(&mut DbConnection, &Locale) -> Result<T, ApiError>,
) -> Result<(), ApiError> {
    let subscribers = webhook::subscribers(conn, event_type)?;
    if subscribers.is_empty() {
        return Ok(());
    }
    let timestamp = chrono::Utc::now();
    let mut bodies: Vec<(Language, String)> = Vec::new();
    for (webhook_id, language) in subscribers {
        let body = match bodies.iter().find(|(l, _)| *l == language) {
            Some((_, body)) => body.clone(),
            None => {
                let payload = EventPayload {
                    event_type,
                    timestamp,
                    data: data(conn, &locale.in_language(language))?,
                };
                let body = serde_json::to_string(&payload).map_err(ApiError::internal)?;
                bodies.push((language, body.clone()));
                body
            }
        };
        delivery::enqueue(conn, webhook_id, event_type, &body)?;
    }
    Ok(())
}
