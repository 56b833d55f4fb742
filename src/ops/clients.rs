//! Clients: creating one, changing one under `If-Match`, the CRM's upsert by reference, and
//! deleting one. Every change goes into the change feed; a change that changes nothing does not.

use crate::db::{lock_key, DbConnection};
use crate::domain::{Actor, ChangeType};
use crate::error::ApiError;
use crate::http::etag::IfMatch;
use crate::ops::feed;
use uuid::Uuid;

use crate::models::client::{self, Client, ClientChanges, ExternalRef, NewClient};

pub fn create(conn: &mut DbConnection, new: NewClient, actor: Actor) -> Result<Client, ApiError> {
    let client = client::create(conn, new)?;
    feed::client(conn, actor, ChangeType::ClientCreated, &client)?;
    Ok(client)
}

pub fn update(
    conn: &mut DbConnection,
    id: Uuid,
    changes: ClientChanges,
    if_match: &IfMatch,
    actor: Actor,
) -> Result<Client, ApiError> {
    if_match.guard(conn, "clients", id, client::find)?;
    let (client, changed) = client::update(conn, id, changes)?;
    if changed {
        feed::client(conn, actor, ChangeType::ClientUpdated, &client)?;
    }
    Ok(client)
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
    actor: Actor,
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
    let (client, created, changed) = client::upsert_by_ref(conn, existing, reference, new, replace_refs)?;
    if changed {
        let change = if created {
            ChangeType::ClientCreated
        } else {
            ChangeType::ClientUpdated
        };
        feed::client(conn, actor, change, &client)?;
    }
    Ok((client, created))
}

/// Deletes a client with no incidents (409 otherwise), leaving a tombstone in the feed.
pub fn delete(conn: &mut DbConnection, id: Uuid, actor: Actor) -> Result<(), ApiError> {
    client::delete(conn, id)?;
    feed::deleted(conn, actor, ChangeType::ClientDeleted, id)
}
