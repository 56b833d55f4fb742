//! Clients and their CRM references.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use uuid::Uuid;

use super::{keyset_after, lower, stored_code, stored_id, unchanged};
use crate::db::DbConnection;
use crate::domain::{Code, Language};
use crate::error::{ApiError, Resource};
use crate::pagination::{ChangeWindow, Cursor, PageRequest};
use crate::schema::{actions, client_external_refs, clients, incidents};
use crate::validation::now;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExternalRef {
    pub source: String,
    pub external_id: String,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Client {
    pub id: Uuid,
    pub name: String,
    pub contact_email: Option<String>,
    pub preferred_language: Language,
    pub external_refs: Vec<ExternalRef>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The person at the firm who owns the client (and its retrospectives): the contact the
    /// client's letter names.
    pub account_owner: Option<String>,
}

pub struct NewClient {
    pub name: String,
    pub contact_email: Option<String>,
    pub preferred_language: Language,
    pub external_refs: Vec<ExternalRef>,
    pub account_owner: Option<String>,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Default)]
pub struct ClientChanges {
    pub name: Option<String>,
    pub contact_email: Option<Option<String>>,
    pub preferred_language: Option<Language>,
    pub external_refs: Option<Vec<ExternalRef>>,
    pub account_owner: Option<Option<String>>,
}

#[derive(Default)]
pub struct ClientFilter {
    pub preferred_language: Option<Language>,
    /// Clients with a reference in this CRM.
    pub source: Option<String>,
    /// Case-insensitive part of the name.
    pub name_contains: Option<String>,
    pub changes: ChangeWindow,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = clients)]
struct ClientRow {
    id: String,
    name: String,
    contact_email: Option<String>,
    preferred_language: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    account_owner: Option<String>,
}

#[derive(AsChangeset)]
#[diesel(table_name = clients)]
struct ClientChangeset {
    name: Option<String>,
    contact_email: Option<Option<String>>,
    preferred_language: Option<String>,
    updated_at: NaiveDateTime,
    account_owner: Option<Option<String>>,
}

impl ClientRow {
    fn into_client(self, external_refs: Vec<ExternalRef>) -> Result<Client, ApiError> {
        Ok(Client {
            id: stored_id(&self.id)?,
            name: self.name,
            contact_email: self.contact_email,
            preferred_language: stored_code(&self.preferred_language)?,
            external_refs,
            created_at: self.created_at,
            updated_at: self.updated_at,
            account_owner: self.account_owner,
        })
    }
}

pub fn create(conn: &mut DbConnection, new: NewClient) -> Result<Client, ApiError> {
    let id = Uuid::now_v7();
    let at = now();
    diesel::insert_into(clients::table)
        .values((
            clients::id.eq(id.to_string()),
            clients::name.eq(&new.name),
            clients::contact_email.eq(&new.contact_email),
            clients::preferred_language.eq(new.preferred_language.code()),
            clients::created_at.eq(at),
            clients::updated_at.eq(at),
            clients::account_owner.eq(&new.account_owner),
        ))
        .execute(conn)?;
    replace_refs(conn, &id.to_string(), &new.external_refs)?;
    find(conn, id)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Client, ApiError> {
    let row = clients::table
        .find(id.to_string())
        .select(ClientRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Client, id))?;
    let mine = refs_of(conn, std::slice::from_ref(&row.id))?
        .remove(&row.id)
        .unwrap_or_default();
    row.into_client(mine)
}

/// The client a CRM knows by this reference.
pub fn find_by_ref(conn: &mut DbConnection, reference: &ExternalRef) -> Result<Option<Uuid>, ApiError> {
    let id: Option<String> = client_external_refs::table
        .find((&reference.source, &reference.external_id))
        .select(client_external_refs::client_id)
        .first(conn)
        .optional()?;
    id.as_deref().map(stored_id).transpose()
}

/// The client a CRM knows by this reference; 404 when there is none.
pub fn find_by_reference(conn: &mut DbConnection, reference: &ExternalRef) -> Result<Client, ApiError> {
    match find_by_ref(conn, reference)? {
        Some(id) => find(conn, id),
        None => Err(ApiError::not_found(
            Resource::Client,
            format!("{}/{}", reference.source, reference.external_id),
        )),
    }
}

/// Creates or updates the client the CRM knows by `reference` (`existing`, as [`find_by_ref`]
/// found it): the reference is always kept among its `external_refs`. Returns the client,
/// whether it was created, and whether anything changed (an update may change nothing).
pub fn upsert_by_ref(
    conn: &mut DbConnection,
    existing: Option<Uuid>,
    reference: &ExternalRef,
    mut new: NewClient,
    replace_refs_too: bool,
) -> Result<(Client, bool, bool), ApiError> {
    if !new.external_refs.contains(reference) {
        new.external_refs.push(reference.clone());
    }
    match existing {
        None => Ok((create(conn, new)?, true, true)),
        Some(id) => {
            let changes = ClientChanges {
                name: Some(new.name),
                contact_email: Some(new.contact_email),
                preferred_language: Some(new.preferred_language),
                external_refs: replace_refs_too.then_some(new.external_refs),
                account_owner: Some(new.account_owner),
            };
            let (client, changed) = update(conn, id, changes)?;
            Ok((client, false, changed))
        }
    }
}

/// Whether a client with this id exists.
pub fn exists(conn: &mut DbConnection, id: Uuid) -> Result<bool, ApiError> {
    let count: i64 = clients::table
        .filter(clients::id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// The client's preferred language, or `None` when there is no such client.
pub fn preferred_language(conn: &mut DbConnection, id: Uuid) -> Result<Option<Language>, ApiError> {
    clients::table
        .find(id.to_string())
        .select(clients::preferred_language)
        .first::<String>(conn)
        .optional()?
        .map(|code| stored_code(&code))
        .transpose()
}

/// Clients in the order they were created, or last changed (`sort=updated_at`).
pub fn list(
    conn: &mut DbConnection,
    filter: &ClientFilter,
    page: &PageRequest,
) -> Result<(Vec<Client>, Option<String>), ApiError> {
    let mut query = clients::table.select(ClientRow::as_select()).into_boxed();
    if let Some(lang) = filter.preferred_language {
        query = query.filter(clients::preferred_language.eq(lang.code()));
    }
    if let Some(source) = &filter.source {
        let with_source = client_external_refs::table
            .filter(client_external_refs::source.eq(source.clone()))
            .select(client_external_refs::client_id);
        query = query.filter(clients::id.eq_any(with_source));
    }
    if let Some(text) = &filter.name_contains {
        query = query.filter(lower(clients::name).like(super::like_pattern(text)).escape('\\'));
    }
    if let Some(since) = filter.changes.updated_since {
        query = query.filter(clients::updated_at.ge(since));
    }
    let by_change = filter.changes.by_change;
    if let Some(after) = page.after {
        query = if by_change {
            let (at, id) = after.changed()?;
            query.filter(keyset_after("clients.updated_at, clients.id", ">", at, id))
        } else {
            query.filter(clients::id.gt(after.untimed()?))
        };
    }
    query = if by_change {
        query.order((clients::updated_at.asc(), clients::id.asc()))
    } else {
        query.order(clients::id.asc())
    };
    let rows: Vec<ClientRow> = query.limit(page.fetch()).load(conn)?;
    let rows = rows
        .into_iter()
        .map(|row| Ok((stored_id(&row.id)?, row)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let (rows, next) = page.finish(rows, |(id, row)| {
        if by_change {
            Cursor::by_change(row.updated_at, *id)
        } else {
            Cursor::by_id(*id)
        }
    });
    let ids: Vec<String> = rows.iter().map(|(_, row)| row.id.clone()).collect();
    let mut refs = refs_of(conn, &ids)?;
    let clients = rows
        .into_iter()
        .map(|(_, row)| {
            let mine = refs.remove(&row.id).unwrap_or_default();
            row.into_client(mine)
        })
        .collect::<Result<_, _>>()?;
    Ok((clients, next))
}

impl ClientChanges {
    /// Whether these changes would leave the client as it is (references compared as a set).
    fn change_nothing(&self, client: &Client) -> bool {
        let same_refs = |refs: &Vec<ExternalRef>| {
            let mut wanted: Vec<&ExternalRef> = refs.iter().collect();
            let mut stored: Vec<&ExternalRef> = client.external_refs.iter().collect();
            let key = |r: &&ExternalRef| (r.source.clone(), r.external_id.clone());
            wanted.sort_by_key(key);
            wanted.dedup();
            stored.sort_by_key(key);
            wanted == stored
        };
        unchanged(&self.name, &client.name)
            && unchanged(&self.contact_email, &client.contact_email)
            && unchanged(&self.preferred_language, &client.preferred_language)
            && self.external_refs.as_ref().is_none_or(same_refs)
            && unchanged(&self.account_owner, &client.account_owner)
    }
}

/// Applies the changes; one that changes nothing writes nothing and keeps `updated_at`.
/// Whether anything changed is returned beside the client.
pub fn update(conn: &mut DbConnection, id: Uuid, changes: ClientChanges) -> Result<(Client, bool), ApiError> {
    let current = find(conn, id)?;
    if changes.change_nothing(&current) {
        return Ok((current, false));
    }
    let key = id.to_string();
    let updated = diesel::update(clients::table.find(&key))
        .set(ClientChangeset {
            name: changes.name,
            contact_email: changes.contact_email,
            preferred_language: changes.preferred_language.map(|l| l.code().to_owned()),
            updated_at: now(),
            account_owner: changes.account_owner,
        })
        .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::not_found(Resource::Client, id));
    }
    if let Some(refs) = changes.external_refs {
        replace_refs(conn, &key, &refs)?;
    }
    Ok((find(conn, id)?, true))
}

/// Deletes a client with no incidents and no corrective actions; one with either is kept (409),
/// since they are the firm's record (actions stay when their incidents are deleted).
pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let key = id.to_string();
    if !exists(conn, id)? {
        return Err(ApiError::not_found(Resource::Client, id));
    }
    let incidents: i64 = incidents::table
        .filter(incidents::client_id.eq(&key))
        .count()
        .get_result(conn)?;
    if incidents > 0 {
        return Err(ApiError::ClientHasIncidents { incidents });
    }
    let actions: i64 = actions::table
        .filter(actions::client_id.eq(&key))
        .count()
        .get_result(conn)?;
    if actions > 0 {
        return Err(ApiError::ClientHasActions { actions });
    }
    diesel::delete(client_external_refs::table.filter(client_external_refs::client_id.eq(&key))).execute(conn)?;
    diesel::delete(clients::table.find(&key)).execute(conn)?;
    Ok(())
}

/// The references of these clients, by client id, each list ordered.
fn refs_of(conn: &mut DbConnection, client_ids: &[String]) -> Result<HashMap<String, Vec<ExternalRef>>, ApiError> {
    let mut by_client: HashMap<String, Vec<ExternalRef>> = HashMap::new();
    if client_ids.is_empty() {
        return Ok(by_client);
    }
    let rows: Vec<(String, String, String)> = client_external_refs::table
        .filter(client_external_refs::client_id.eq_any(client_ids))
        .select((
            client_external_refs::client_id,
            client_external_refs::source,
            client_external_refs::external_id,
        ))
        .order((client_external_refs::source, client_external_refs::external_id))
        .load(conn)?;
    for (client, source, external_id) in rows {
        by_client
            .entry(client)
            .or_default()
            .push(ExternalRef { source, external_id });
    }
    Ok(by_client)
}

/// Makes `refs` the client's whole list. A reference held by another client is a conflict:
/// one CRM record names one client.
fn replace_refs(conn: &mut DbConnection, client_id: &str, refs: &[ExternalRef]) -> Result<(), ApiError> {
    diesel::delete(client_external_refs::table.filter(client_external_refs::client_id.eq(client_id))).execute(conn)?;
    for r in refs {
        let taken = || ApiError::ExternalRefTaken {
            resource: Resource::Client,
            ref_source: r.source.clone(),
            external_id: r.external_id.clone(),
        };
        let holder: Option<String> = client_external_refs::table
            .find((&r.source, &r.external_id))
            .select(client_external_refs::client_id)
            .first(conn)
            .optional()?;
        if holder.is_some() {
            return Err(taken());
        }
        diesel::insert_into(client_external_refs::table)
            .values((
                client_external_refs::source.eq(&r.source),
                client_external_refs::external_id.eq(&r.external_id),
                client_external_refs::client_id.eq(client_id),
            ))
            .execute(conn)
            .map_err(|error| match error {
                // Another writer took it between our check and our insert (PostgreSQL).
                DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => taken(),
                other => other.into(),
            })?;
    }
    Ok(())
}
