//! API keys: revoking one.

use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::api_key::{self, ApiKey};

/// Revokes `id` from now on. A key cannot revoke itself (`caller`): an admin would lock
/// themselves out; a leaked admin key is replaced by creating a new one and revoking the old
/// one with it.
pub fn revoke(conn: &mut DbConnection, id: Uuid, caller: Option<Uuid>) -> Result<ApiKey, ApiError> {
    if caller == Some(id) {
        return Err(ApiError::CannotRevokeOwnKey);
    }
    api_key::revoke(conn, id)
}
