//! API keys: who may call the API, with which role. Only a hash of each key is stored.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::db::{lock_key, DbConnection};
use crate::domain::secret;
use crate::domain::{Code, Role};
use crate::error::{ApiError, Resource};
use crate::schema::api_keys;
use crate::validation::now;

/// `last_used_at` is written at most this often per key, so that reads do not become writes.
const LAST_USED_RESOLUTION: TimeDelta = TimeDelta::seconds(60);

#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    /// The key's first characters, to recognise it.
    pub prefix: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_keys)]
struct ApiKeyRow {
    id: String,
    name: String,
    role: String,
    prefix: String,
    secret_hash: String,
    created_at: NaiveDateTime,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl ApiKeyRow {
    fn into_key(self) -> Result<ApiKey, ApiError> {
        Ok(ApiKey {
            id: stored_id(&self.id)?,
            name: self.name,
            role: stored_code(&self.role)?,
            prefix: self.prefix,
            created_at: self.created_at,
            last_used_at: self.last_used_at,
            revoked_at: self.revoked_at,
        })
    }
}

/// Creates a key and returns it with the secret, which is not stored and cannot be shown again.
pub fn create(conn: &mut DbConnection, name: &str, role: Role) -> Result<(ApiKey, String), ApiError> {
    let id = Uuid::now_v7();
    let token = secret::new_api_key();
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(id.to_string()),
            api_keys::name.eq(name),
            api_keys::role.eq(role.code()),
            api_keys::prefix.eq(secret::lookup_part(&token)),
            api_keys::secret_hash.eq(secret::hash_api_key(&token)),
            api_keys::created_at.eq(now()),
        ))
        .execute(conn)?;
    Ok((find(conn, id)?, token))
}

/// On a database without keys, creates an admin key so that a first user can start; `None` when
/// keys exist. Several replicas starting at once create one key between them.
pub fn bootstrap(conn: &mut DbConnection) -> Result<Option<(ApiKey, String)>, ApiError> {
    lock_key(conn, "api_keys.bootstrap")?;
    let existing: i64 = api_keys::table.count().get_result(conn)?;
    if existing > 0 {
        return Ok(None);
    }
    create(conn, "bootstrap admin", Role::Admin).map(Some)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<ApiKey, ApiError> {
    api_keys::table
        .find(id.to_string())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::ApiKey, id))?
        .into_key()
}

/// Every key, the oldest first (there are few).
pub fn list(conn: &mut DbConnection) -> Result<Vec<ApiKey>, ApiError> {
    api_keys::table
        .select(ApiKeyRow::as_select())
        .order(api_keys::id.asc())
        .load(conn)?
        .into_iter()
        .map(ApiKeyRow::into_key)
        .collect()
}

/// Revokes a key from now on; revoking it again keeps the first revocation time.
pub fn revoke(conn: &mut DbConnection, id: Uuid) -> Result<ApiKey, ApiError> {
    find(conn, id)?;
    diesel::update(api_keys::table.find(id.to_string()))
        .filter(api_keys::revoked_at.is_null())
        .set(api_keys::revoked_at.eq(now()))
        .execute(conn)?;
    find(conn, id)
}

/// The live key that `token` is, if any. A read: noting its use is `touch`'s, through a write.
pub fn authenticate(conn: &mut DbConnection, token: &str) -> Result<Option<ApiKey>, ApiError> {
    if !token.starts_with(secret::KEY_PREFIX) || token.len() < secret::LOOKUP_LEN {
        return Ok(None);
    }
    let row = api_keys::table
        .filter(api_keys::prefix.eq(secret::lookup_part(token)))
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row.filter(|row| secret::key_matches(token, &row.secret_hash)) else {
        return Ok(None);
    };
    if row.revoked_at.is_some() {
        return Ok(None);
    }
    row.into_key().map(Some)
}

/// Whether the key's use is worth noting now: `last_used_at` is written at most once a minute.
pub fn needs_touch(key: &ApiKey, at: NaiveDateTime) -> bool {
    key.last_used_at.is_none_or(|last| at - last >= LAST_USED_RESOLUTION)
}

/// Notes that the key was used at `at`.
pub fn touch(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(api_keys::table.find(id.to_string()))
        .set(api_keys::last_used_at.eq(at))
        .execute(conn)?;
    Ok(())
}
