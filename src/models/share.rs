//! Share links: a token that opens an incident's client letter without an API key. Only the
//! token's SHA-256 is stored, and a presented token is found by that hash (one indexed lookup,
//! whatever the token), so the table never holds what opens a letter.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::{incident, stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::{secret, Code, DocumentFormat, Language};
use crate::error::{ApiError, Resource};
use crate::schema::retrospective_shares;

#[derive(Clone, Debug, serde::Serialize)]
pub struct Share {
    pub id: Uuid,
    pub incident_id: Uuid,
    /// The letter's format and language, fixed when the link was made: the reader has no say.
    pub format: DocumentFormat,
    pub language: Language,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// What a new link is made of.
pub struct NewShare {
    pub format: DocumentFormat,
    pub language: Language,
    pub expires_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = retrospective_shares)]
struct ShareRow {
    id: String,
    incident_id: String,
    format: String,
    language: String,
    expires_at: NaiveDateTime,
    revoked_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
}

impl ShareRow {
    fn into_share(self) -> Result<Share, ApiError> {
        Ok(Share {
            id: stored_id(&self.id)?,
            incident_id: stored_id(&self.incident_id)?,
            format: stored_code(&self.format)?,
            language: stored_code(&self.language)?,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            created_at: self.created_at,
        })
    }
}

/// Makes a link to the incident's letter; returns it with its token, which is not stored and
/// cannot be shown again.
pub fn create(
    conn: &mut DbConnection,
    incident_id: Uuid,
    new: &NewShare,
    at: NaiveDateTime,
) -> Result<(Share, String), ApiError> {
    let id = Uuid::now_v7();
    let token = secret::new_share_token();
    diesel::insert_into(retrospective_shares::table)
        .values((
            retrospective_shares::id.eq(id.to_string()),
            retrospective_shares::incident_id.eq(incident_id.to_string()),
            retrospective_shares::token_hash.eq(secret::hash_api_key(&token)),
            retrospective_shares::format.eq(new.format.code()),
            retrospective_shares::language.eq(new.language.code()),
            retrospective_shares::expires_at.eq(new.expires_at),
            retrospective_shares::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok((find(conn, incident_id, id)?, token))
}

/// The incident's link with this id; 404 when the incident has none such.
pub fn find(conn: &mut DbConnection, incident_id: Uuid, id: Uuid) -> Result<Share, ApiError> {
    retrospective_shares::table
        .find(id.to_string())
        .filter(retrospective_shares::incident_id.eq(incident_id.to_string()))
        .select(ShareRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Share, id))?
        .into_share()
}

/// The incident's links, oldest first (an incident has few); 404 when the incident does not exist.
pub fn list(conn: &mut DbConnection, incident_id: Uuid) -> Result<Vec<Share>, ApiError> {
    if !incident::exists(conn, incident_id)? {
        return Err(ApiError::not_found(Resource::Incident, incident_id));
    }
    retrospective_shares::table
        .filter(retrospective_shares::incident_id.eq(incident_id.to_string()))
        .order(retrospective_shares::id.asc())
        .select(ShareRow::as_select())
        .load(conn)?
        .into_iter()
        .map(ShareRow::into_share)
        .collect()
}

/// Revokes the link from now on; revoking it again keeps the first revocation time.
pub fn revoke(conn: &mut DbConnection, incident_id: Uuid, id: Uuid, at: NaiveDateTime) -> Result<Share, ApiError> {
    find(conn, incident_id, id)?;
    diesel::update(retrospective_shares::table.find(id.to_string()))
        .filter(retrospective_shares::revoked_at.is_null())
        .set(retrospective_shares::revoked_at.eq(at))
        .execute(conn)?;
    find(conn, incident_id, id)
}

/// The link a presented token opens, found by the token's hash; `None` for a token no link has.
/// Expired and revoked links are returned too: the caller tells them apart from unknown ones.
pub fn by_token(conn: &mut DbConnection, token: &str) -> Result<Option<Share>, ApiError> {
    retrospective_shares::table
        .filter(retrospective_shares::token_hash.eq(secret::hash_api_key(token)))
        .select(ShareRow::as_select())
        .first(conn)
        .optional()?
        .map(ShareRow::into_share)
        .transpose()
}
