//! Clients: changing one under `If-Match`, and the CRM's upsert by reference.

use crate::db::{lock_key, DbConnection};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use uuid::Uuid;

use crate::models::client::{self, Client, ClientChanges, ExternalRef, NewClient};

pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: ClientChanges,
    if_match: &IfMatch,
) -> Result<Client, ApiError> {
    if_match.guard(conn, "clients", id, client::find)?;
    client::update(conn, id, changes).map(|(client, _)| client)
}

/// Creates the client the reference names, or replaces the one it names (its references too
/// when `replace_refs`); `true` when it was created. With `If-Match`, an existing client is
/// updated only at that ETag, and a missing one is not created (412).
pub fn upsert_by_ref(
    conn: &mut DbConnection,
    reference: &ExternalRef,
    new: NewClient,
    replace_refs: bool,
    if_match: &IfMatch,
) -> Result<(Client, bool), ApiError> {
    // Two first PUTs of one reference at once must not create two clients.
    lock_key(
        conn,
        &format!("client-ref:{}/{}", reference.source, reference.external_id),
    )?;
    let existing = client::find_by_ref(conn, reference)?;
    match existing {
        Some(id) => if_match.guard(conn, "clients", id, client::find)?,
        None if if_match.is_present() => return Err(ApiError::PreconditionFailed),
        None => {}
    }
    client::upsert_by_ref(conn, existing, reference, new, replace_refs)
}
