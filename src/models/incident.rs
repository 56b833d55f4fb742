//! Incidents and their tags.

use std::collections::HashMap;

use chrono::{NaiveDateTime, SubsecRound};
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text};
use uuid::Uuid;

use super::recurrence::{self, Repeat};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::client::ExternalRef;
use super::{client, keyset_after, stored_code, stored_id, unchanged};
use crate::db::DbConnection;
use crate::domain::{Category, Code, Gap, IncidentStatus, Language, Severity};
use crate::error::{ApiError, FieldError, FieldProblem, Resource};
use crate::pagination::{ChangeWindow, Cursor, PageRequest};
use crate::schema::{incident_tags, incidents, retrospective_gaps};
use crate::validation::now;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Incident {
    pub id: Uuid,
    pub client_id: Uuid,
    pub category: Category,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub occurred_at: NaiveDateTime,
    pub reported_by: String,
    pub language: Language,
    pub summary: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// The corrective actions this incident showed did not work.
    pub repeat_of: Vec<Repeat>,
    /// The CRM's own record of the incident (its ticket).
    pub external_ref: Option<ExternalRef>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Which client an incident is for: by id, or by the reference a CRM knows it by.
pub enum ClientChoice {
    Id(Uuid),
    Ref(ExternalRef),
}

pub struct NewIncident {
    pub client: ClientChoice,
    pub external_ref: Option<ExternalRef>,
    pub category: Category,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub occurred_at: NaiveDateTime,
    pub reported_by: String,
    /// The language of the text; `None` means the client's preferred language.
    pub language: Option<Language>,
    pub summary: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
}

/// A partial update: `None` leaves a field as it is; `Some(None)` clears an optional one.
#[derive(Default)]
pub struct IncidentChanges {
    pub category: Option<Category>,
    pub severity: Option<Severity>,
    pub status: Option<IncidentStatus>,
    pub occurred_at: Option<NaiveDateTime>,
    pub reported_by: Option<String>,
    pub language: Option<Language>,
    pub summary: Option<String>,
    pub description: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub external_ref: Option<Option<ExternalRef>>,
}

#[derive(Default)]
pub struct IncidentFilter {
    pub client_id: Option<Uuid>,
    pub category: Option<Category>,
    pub severity: Option<Severity>,
    pub status: Option<IncidentStatus>,
    /// Occurred at or after.
    pub occurred_from: Option<NaiveDateTime>,
    /// Occurred before.
    pub occurred_to: Option<NaiveDateTime>,
    pub changes: ChangeWindow,
    pub tag: Option<String>,
    /// Only incidents whose retrospective confirmed this gap.
    pub gap: Option<Gap>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = incidents)]
struct IncidentRow {
    id: String,
    client_id: String,
    category: String,
    severity: String,
    status: String,
    occurred_at: NaiveDateTime,
    reported_by: String,
    language: String,
    summary: String,
    description: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    external_source: Option<String>,
    external_id: Option<String>,
}

#[derive(AsChangeset)]
#[diesel(table_name = incidents)]
struct IncidentChangeset {
    category: Option<&'static str>,
    severity: Option<&'static str>,
    status: Option<&'static str>,
    occurred_at: Option<NaiveDateTime>,
    reported_by: Option<String>,
    language: Option<&'static str>,
    summary: Option<String>,
    description: Option<Option<String>>,
    external_source: Option<Option<String>>,
    external_id: Option<Option<String>>,
    updated_at: NaiveDateTime,
}

impl IncidentRow {
    fn into_incident(self, tags: Vec<String>, repeat_of: Vec<Repeat>) -> Result<Incident, ApiError> {
        Ok(Incident {
            id: stored_id(&self.id)?,
            client_id: stored_id(&self.client_id)?,
            category: stored_code(&self.category)?,
            severity: stored_code(&self.severity)?,
            status: stored_code(&self.status)?,
            occurred_at: self.occurred_at,
            reported_by: self.reported_by,
            language: stored_code(&self.language)?,
            summary: self.summary,
            description: self.description,
            tags,
            repeat_of,
            external_ref: match (self.external_source, self.external_id) {
                (Some(source), Some(external_id)) => Some(ExternalRef { source, external_id }),
                _ => None,
            },
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Files an incident. An unknown client is an invalid `client_id` (422), not a missing resource:
/// the address of the request exists.
pub fn create(conn: &mut DbConnection, new: NewIncident) -> Result<Incident, ApiError> {
    let client_id = client_of(conn, &new.client)?;
    let client_language = client::preferred_language(conn, client_id)?
        .ok_or_else(|| ApiError::Validation(vec![FieldError::new("client_id", FieldProblem::UnknownId)]))?;
    if let Some(reference) = &new.external_ref {
        ensure_ref_free(conn, reference, None)?;
    }
    let language = new.language.unwrap_or(client_language);
    let id = Uuid::now_v7();
    let at = now();
    diesel::insert_into(incidents::table)
        .values((
            incidents::id.eq(id.to_string()),
            incidents::client_id.eq(client_id.to_string()),
            incidents::category.eq(new.category.code()),
            incidents::severity.eq(new.severity.code()),
            incidents::status.eq(new.status.code()),
            incidents::occurred_at.eq(new.occurred_at),
            incidents::reported_by.eq(&new.reported_by),
            incidents::language.eq(language.code()),
            incidents::summary.eq(&new.summary),
            incidents::description.eq(&new.description),
            incidents::external_source.eq(new.external_ref.as_ref().map(|r| &r.source)),
            incidents::external_id.eq(new.external_ref.as_ref().map(|r| &r.external_id)),
            incidents::created_at.eq(at),
            incidents::updated_at.eq(at),
        ))
        .execute(conn)
        .map_err(|error| ref_taken_on_conflict(error, new.external_ref.as_ref()))?;
    replace_tags(conn, &id.to_string(), &new.tags)?;
    find(conn, id)
}

pub fn find(conn: &mut DbConnection, id: Uuid) -> Result<Incident, ApiError> {
    if matches!(conn, DbConnection::Postgresql(_)) {
        return find_in_one_round_trip(conn, id);
    }
    let row = incidents::table
        .find(id.to_string())
        .select(IncidentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Incident, id))?;
    let ids = std::slice::from_ref(&row.id);
    let tags = tags_of(conn, ids)?.remove(&row.id).unwrap_or_default();
    let repeats = recurrence::of_incidents(conn, ids)?.remove(&row.id).unwrap_or_default();
    row.into_incident(tags, repeats)
}

/// The same read as one statement, for PostgreSQL: one round trip instead of three.
fn find_in_one_round_trip(conn: &mut DbConnection, id: Uuid) -> Result<Incident, ApiError> {
    let (tags, repeats) = children_columns(conn);
    let (row, tags, repeats) = incidents::table
        .find(id.to_string())
        .select((IncidentRow::as_select(), tags, repeats))
        .first::<(IncidentRow, Option<String>, Option<String>)>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found(Resource::Incident, id))?;
    row.with_json_children(tags, repeats)
}

/// An incident's tags and repeats as JSON columns of its row, on PostgreSQL: a read is one round
/// trip. On SQLite two NULLs: there the children are read by cached statements of their own,
/// cheaper than aggregating JSON (measured 0.84x for a GET).
fn children_columns(conn: &DbConnection) -> (SqlLiteral<Nullable<Text>>, SqlLiteral<Nullable<Text>>) {
    match conn {
        DbConnection::Postgresql(_) => (
            sql("(SELECT json_agg(t.tag ORDER BY t.tag)::text FROM incident_tags t WHERE t.incident_id = incidents.id)"),
            sql("(SELECT json_agg(json_build_array(r.action_id, r.earlier_incident_id, r.gap) ORDER BY r.action_id)::text \
                 FROM incident_repeats r WHERE r.incident_id = incidents.id)"),
        ),
        DbConnection::Sqlite(_) => (sql("NULL"), sql("NULL")),
    }
}

impl IncidentRow {
    /// The incident, its children from the JSON columns of [`children_columns`] (NULL: none).
    fn with_json_children(self, tags: Option<String>, repeats: Option<String>) -> Result<Incident, ApiError> {
        let tags = tags
            .map_or(Ok(Vec::new()), |json| serde_json::from_str(&json))
            .map_err(|e| ApiError::internal(format!("stored tags: {e}")))?;
        self.into_incident(tags, recurrence::parse_repeats(repeats)?)
    }
}

/// Moves the incident to `status` (a rule of another resource decided it).
pub fn set_status(
    conn: &mut DbConnection,
    id: Uuid,
    status: IncidentStatus,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::update(incidents::table.find(id.to_string()))
        .set((incidents::status.eq(status.code()), incidents::updated_at.eq(at)))
        .execute(conn)?;
    Ok(())
}

pub fn exists(conn: &mut DbConnection, id: Uuid) -> Result<bool, ApiError> {
    let count: i64 = incidents::table
        .filter(incidents::id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// Incidents, the most recent first (by when they occurred, then by id).
pub fn list(
    conn: &mut DbConnection,
    filter: &IncidentFilter,
    page: &PageRequest,
) -> Result<(Vec<Incident>, Option<String>), ApiError> {
    let (tags, repeats) = children_columns(conn);
    let mut query = incidents::table
        .select((IncidentRow::as_select(), tags, repeats))
        .into_boxed();
    if let Some(client) = filter.client_id {
        query = query.filter(incidents::client_id.eq(client.to_string()));
    }
    if let Some(category) = filter.category {
        query = query.filter(incidents::category.eq(category.code()));
    }
    if let Some(severity) = filter.severity {
        query = query.filter(incidents::severity.eq(severity.code()));
    }
    if let Some(status) = filter.status {
        query = query.filter(incidents::status.eq(status.code()));
    }
    if let Some(from) = filter.occurred_from {
        query = query.filter(incidents::occurred_at.ge(from));
    }
    if let Some(to) = filter.occurred_to {
        query = query.filter(incidents::occurred_at.lt(to));
    }
    if let Some(tag) = &filter.tag {
        let tagged = incident_tags::table
            .filter(incident_tags::tag.eq(tag.clone()))
            .select(incident_tags::incident_id);
        query = query.filter(incidents::id.eq_any(tagged));
    }
    if let Some(gap) = filter.gap {
        let confirmed = retrospective_gaps::table
            .filter(retrospective_gaps::gap.eq(gap.code()))
            .select(retrospective_gaps::incident_id);
        query = query.filter(incidents::id.eq_any(confirmed));
    }
    if let Some(since) = filter.changes.updated_since {
        query = query.filter(incidents::updated_at.ge(since));
    }
    let by_change = filter.changes.by_change;
    if let Some(after) = page.after {
        query = query.filter(if by_change {
            let (at, id) = after.changed()?;
            keyset_after("incidents.updated_at, incidents.id", ">", at, id)
        } else {
            let (at, id) = after.timed()?;
            keyset_after("incidents.occurred_at, incidents.id", "<", at, id)
        });
    }
    query = if by_change {
        query.order((incidents::updated_at.asc(), incidents::id.asc()))
    } else {
        query.order((incidents::occurred_at.desc(), incidents::id.desc()))
    };
    let rows: Vec<(IncidentRow, Option<String>, Option<String>)> = query.limit(page.fetch()).load(conn)?;
    let rows = rows
        .into_iter()
        .map(|row| Ok((stored_id(&row.0.id)?, row)))
        .collect::<Result<Vec<_>, ApiError>>()?;
    let (rows, next) = page.finish(rows, |(id, (row, ..))| {
        if by_change {
            Cursor::by_change(row.updated_at, *id)
        } else {
            Cursor::by_time(row.occurred_at, *id)
        }
    });
    if let DbConnection::Postgresql(_) = conn {
        let incidents = rows
            .into_iter()
            .map(|(_, (row, tags, repeats))| row.with_json_children(tags, repeats))
            .collect::<Result<_, _>>()?;
        return Ok((incidents, next));
    }
    let ids: Vec<String> = rows.iter().map(|(_, (row, ..))| row.id.clone()).collect();
    let mut tags = tags_of(conn, &ids)?;
    let mut repeats = recurrence::of_incidents(conn, &ids)?;
    let incidents = rows
        .into_iter()
        .map(|(_, (row, ..))| {
            let mine = tags.remove(&row.id).unwrap_or_default();
            let repeat_of = repeats.remove(&row.id).unwrap_or_default();
            row.into_incident(mine, repeat_of)
        })
        .collect::<Result<_, _>>()?;
    Ok((incidents, next))
}

/// 409 when another incident has this CRM reference.
/// The id of the incident with this CRM identifier, if one has it.
pub fn id_by_ref(conn: &mut DbConnection, reference: &ExternalRef) -> Result<Option<Uuid>, ApiError> {
    incidents::table
        .filter(incidents::external_source.eq(&reference.source))
        .filter(incidents::external_id.eq(&reference.external_id))
        .select(incidents::id)
        .first::<String>(conn)
        .optional()?
        .map(|id| stored_id(&id))
        .transpose()
}

/// The client a new incident names, by id or by CRM identifier; 422 when there is none.
fn client_of(conn: &mut DbConnection, choice: &ClientChoice) -> Result<Uuid, ApiError> {
    match choice {
        ClientChoice::Id(id) if client::exists(conn, *id)? => Ok(*id),
        ClientChoice::Id(_) => Err(ApiError::Validation(vec![FieldError::new(
            "client_id",
            FieldProblem::UnknownId,
        )])),
        ClientChoice::Ref(reference) => client::find_by_ref(conn, reference)?
            .ok_or_else(|| ApiError::Validation(vec![FieldError::new("client_ref", FieldProblem::UnknownReference)])),
    }
}

fn ensure_ref_free(conn: &mut DbConnection, reference: &ExternalRef, except: Option<&str>) -> Result<(), ApiError> {
    let holder: Option<String> = incidents::table
        .filter(incidents::external_source.eq(&reference.source))
        .filter(incidents::external_id.eq(&reference.external_id))
        .select(incidents::id)
        .first(conn)
        .optional()?;
    match holder {
        Some(holder) if Some(holder.as_str()) != except => Err(ref_taken(reference)),
        _ => Ok(()),
    }
}

fn ref_taken(reference: &ExternalRef) -> ApiError {
    ApiError::ExternalRefTaken {
        resource: Resource::Incident,
        ref_source: reference.source.clone(),
        external_id: reference.external_id.clone(),
    }
}

/// A unique violation on insert or update means another writer took the reference meanwhile.
fn ref_taken_on_conflict(error: DieselError, reference: Option<&ExternalRef>) -> ApiError {
    match (error, reference) {
        (DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _), Some(reference)) => ref_taken(reference),
        (other, _) => other.into(),
    }
}

/// The incident a CRM knows by this reference.
pub fn find_by_ref(conn: &mut DbConnection, reference: &ExternalRef) -> Result<Incident, ApiError> {
    let id: Option<String> = incidents::table
        .filter(incidents::external_source.eq(&reference.source))
        .filter(incidents::external_id.eq(&reference.external_id))
        .select(incidents::id)
        .first(conn)
        .optional()?;
    match id {
        Some(id) => find(conn, stored_id(&id)?),
        None => Err(ApiError::not_found(
            Resource::Incident,
            format!("{}/{}", reference.source, reference.external_id),
        )),
    }
}

impl IncidentChanges {
    /// Whether these changes would leave the incident as it is (tags compared as a set, times
    /// to the microsecond the database keeps).
    fn change_nothing(&self, incident: &Incident) -> bool {
        let same_tags = |tags: &Vec<String>| {
            let mut wanted: Vec<&String> = tags.iter().collect();
            let mut stored: Vec<&String> = incident.tags.iter().collect();
            wanted.sort();
            wanted.dedup();
            stored.sort();
            wanted == stored
        };
        let same_time = |at: &NaiveDateTime| at.trunc_subsecs(6) == incident.occurred_at.trunc_subsecs(6);
        unchanged(&self.category, &incident.category)
            && unchanged(&self.severity, &incident.severity)
            && unchanged(&self.status, &incident.status)
            && self.occurred_at.as_ref().is_none_or(same_time)
            && unchanged(&self.reported_by, &incident.reported_by)
            && unchanged(&self.language, &incident.language)
            && unchanged(&self.summary, &incident.summary)
            && unchanged(&self.description, &incident.description)
            && self.tags.as_ref().is_none_or(same_tags)
            && unchanged(&self.external_ref, &incident.external_ref)
    }
}

/// Applies the changes; one that changes nothing writes nothing and keeps `updated_at`.
/// Whether anything changed is returned beside the incident.
pub fn update(conn: &mut DbConnection, id: Uuid, changes: IncidentChanges) -> Result<(Incident, bool), ApiError> {
    let current = find(conn, id)?;
    apply(conn, current, changes)
}

/// Makes incident `id` what `new` describes: every field but its client, which cannot change
/// (422 `client_cannot_change` on the field that named it), and its CRM identifier. `None`
/// language means the client's preferred one. Whether anything changed is returned beside it.
pub fn replace(conn: &mut DbConnection, id: Uuid, new: NewIncident) -> Result<(Incident, bool), ApiError> {
    let current = find(conn, id)?;
    if client_of(conn, &new.client)? != current.client_id {
        let field = match new.client {
            ClientChoice::Id(_) => "client_id",
            ClientChoice::Ref(_) => "client_ref",
        };
        return Err(ApiError::Validation(vec![FieldError::new(
            field,
            FieldProblem::ClientCannotChange,
        )]));
    }
    let client_language = client::preferred_language(conn, current.client_id)?.unwrap_or(current.language);
    let changes = IncidentChanges {
        category: Some(new.category),
        severity: Some(new.severity),
        status: Some(new.status),
        occurred_at: Some(new.occurred_at),
        reported_by: Some(new.reported_by),
        language: Some(new.language.unwrap_or(client_language)),
        summary: Some(new.summary),
        description: Some(new.description),
        tags: Some(new.tags),
        external_ref: None,
    };
    apply(conn, current, changes)
}

/// Applies the changes to the incident as read; one that changes nothing writes nothing.
fn apply(conn: &mut DbConnection, current: Incident, changes: IncidentChanges) -> Result<(Incident, bool), ApiError> {
    if changes.change_nothing(&current) {
        return Ok((current, false));
    }
    let id = current.id;
    let key = id.to_string();
    if let Some(Some(reference)) = &changes.external_ref {
        ensure_ref_free(conn, reference, Some(&key))?;
    }
    let new_ref = changes.external_ref.as_ref().and_then(|r| r.clone());
    let updated = diesel::update(incidents::table.find(&key))
        .set(IncidentChangeset {
            category: changes.category.map(Code::code),
            severity: changes.severity.map(Code::code),
            status: changes.status.map(Code::code),
            occurred_at: changes.occurred_at,
            reported_by: changes.reported_by,
            language: changes.language.map(Code::code),
            summary: changes.summary,
            description: changes.description,
            external_source: changes
                .external_ref
                .as_ref()
                .map(|r| r.as_ref().map(|r| r.source.clone())),
            external_id: changes.external_ref.map(|r| r.map(|r| r.external_id)),
            updated_at: now(),
        })
        .execute(conn)
        .map_err(|error| ref_taken_on_conflict(error, new_ref.as_ref()))?;
    if updated == 0 {
        return Err(ApiError::not_found(Resource::Incident, id));
    }
    if let Some(tags) = changes.tags {
        replace_tags(conn, &key, &tags)?;
    }
    Ok((find(conn, id)?, true))
}

/// Deletes the incident with its tags and timeline (the foreign keys cascade).
pub fn delete(conn: &mut DbConnection, id: Uuid) -> Result<(), ApiError> {
    let deleted = diesel::delete(incidents::table.find(id.to_string())).execute(conn)?;
    if deleted == 0 {
        return Err(ApiError::not_found(Resource::Incident, id));
    }
    Ok(())
}

fn tags_of(conn: &mut DbConnection, incident_ids: &[String]) -> Result<HashMap<String, Vec<String>>, ApiError> {
    let mut by_incident: HashMap<String, Vec<String>> = HashMap::new();
    if incident_ids.is_empty() {
        return Ok(by_incident);
    }
    let rows: Vec<(String, String)> = incident_tags::table
        .filter(incident_tags::incident_id.eq_any(incident_ids))
        .select((incident_tags::incident_id, incident_tags::tag))
        .order(incident_tags::tag)
        .load(conn)?;
    for (incident, tag) in rows {
        by_incident.entry(incident).or_default().push(tag);
    }
    Ok(by_incident)
}

fn replace_tags(conn: &mut DbConnection, incident_id: &str, tags: &[String]) -> Result<(), ApiError> {
    diesel::delete(incident_tags::table.filter(incident_tags::incident_id.eq(incident_id))).execute(conn)?;
    for tag in tags {
        diesel::insert_into(incident_tags::table)
            .values((incident_tags::incident_id.eq(incident_id), incident_tags::tag.eq(tag)))
            .execute(conn)?;
    }
    Ok(())
}

/// Marks the incident changed by a change elsewhere (a repeat found, an earlier incident gone).
pub fn touch(conn: &mut DbConnection, id: Uuid, at: NaiveDateTime) -> Result<(), ApiError> {
    diesel::update(incidents::table.find(id.to_string()))
        .set(incidents::updated_at.eq(at))
        .execute(conn)?;
    Ok(())
}
