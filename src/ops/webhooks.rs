//! Webhook subscriptions: changing one under `If-Match`.

use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::models::webhook::{self, Webhook, WebhookChanges};

pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: WebhookChanges,
    if_match: &IfMatch,
) -> Result<Webhook, ApiError> {
    if_match.guard(conn, "webhooks", id, webhook::find)?;
    webhook::update(conn, id, changes)
}
