//! Putting events in the outbox. Call [`emit`] inside the transaction of the change, so that
//! the event exists exactly when the change does; the webhook worker delivers it later.

use serde::Serialize;

use crate::db::DbConnection;
use crate::domain::{EventType, Language};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::{delivery, webhook};
use crate::views::event::EventPayload;

/// Queues the event for every subscription to its type; does nothing (and does not build the
/// resource) when there is none. `data` builds the resource through `views/`, in the locale it
/// is given: webhook payloads are always English, whatever language the change was made in.
pub fn emit<T: Serialize>(
    conn: &mut DbConnection,
    event_type: EventType,
    locale: &Locale,
    data: impl FnOnce(&mut DbConnection, &Locale) -> Result<T, ApiError>,
) -> Result<(), ApiError> {
    let subscribers = webhook::subscribers(conn, event_type)?;
    if subscribers.is_empty() {
        return Ok(());
    }
    let payload = EventPayload {
        event_type,
        timestamp: chrono::Utc::now(),
        data: data(conn, &locale.in_language(Language::En))?,
    };
    let body = serde_json::to_string(&payload).map_err(ApiError::internal)?;
    for webhook_id in subscribers {
        delivery::enqueue(conn, webhook_id, event_type, &body)?;
    }
    Ok(())
}
