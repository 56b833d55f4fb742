//! `/v1/incidents`: what went wrong with a client.

mod batch;
mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::incident::IncidentBody;
pub use payload::{CreateIncident, IncidentListQuery, UpdateIncident, DESCRIPTION_MAX, SUMMARY_MAX};

use super::clients::{external_ref_lookup, external_ref_path, RefPath};
use super::responses::{
    BadRequest, Conflict, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::db::Db;
use crate::domain::Actor;
use crate::error::{ApiError, FieldError, FieldProblem, Resource};
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::IncidentId;
use crate::http::requester::Requester;
use crate::i18n::Locale;
use crate::models::incident;
use crate::ops::incidents;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    // The batch before `/incidents/{id}`, whose id would not read `batch`.
    cfg.service(create_incident)
        .service(batch::upsert_incidents)
        .service(list_incidents)
        .service(put_incident_by_ref)
        .service(get_incident_by_ref)
        .service(get_incident)
        .service(update_incident)
        .service(delete_incident);
}

/// File an incident.
///
/// Name the client by `client_id`, or by `client_ref`, the reference its CRM knows it by. An
/// unknown client is refused with 422 (`unknown_id` on `client_id`, `unknown_reference` on
/// `client_ref`). `external_ref`, the CRM's own record of the incident, is unique per source
/// (409 `external_ref_taken`).
#[utoipa::path(
    tag = "incidents",
    params(LangQuery),
    request_body = CreateIncident,
    responses(
        (status = 201, description = "The incident was filed.", body = IncidentBody,
         headers(("Location" = String, description = "The new incident's address."),
                 ("ETag" = String, description = "The incident's version."))),
        BadRequest, Conflict, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/incidents")]
pub async fn create_incident(
    db: web::Data<Db>,
    by: Requester,
    idempotent: Idempotent,
    body: ApiJson<CreateIncident>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let incident = incidents::create(conn, new, &by)?;
            let locale = &by.locale;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/incidents/{}", incident.id)))
                .header(etag_header(&incident, locale.lang))
                .json(&IncidentBody::new(incident, locale))
        })
        .await
}

/// List incidents, the most recent first.
#[utoipa::path(
    tag = "incidents",
    params(IncidentListQuery, LangQuery),
    responses((status = 200, description = "One page of incidents.", body = Page<IncidentBody>), BadRequest, Unprocessable)
)]
#[get("/incidents")]
pub async fn list_incidents(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<IncidentListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, page) = query.into_inner().validate()?;
    let (incidents, next_cursor) = db.read(move |conn| incident::list(conn, &filter, &page)).await?;
    let items = incidents.into_iter().map(|i| IncidentBody::new(i, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Read an incident.
#[utoipa::path(
    tag = "incidents",
    params(IncidentId, LangQuery),
    responses(
        (status = 200, description = "The incident.", body = IncidentBody,
         headers(("ETag" = String, description = "The incident's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/incidents/{id}")]
pub async fn get_incident(
    db: web::Data<Db>,
    locale: Locale,
    if_none_match: IfNoneMatch,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let incident = db.read(move |conn| incident::find(conn, id)).await?;
    let tag = etag_of(&incident, locale.lang);
    Ok(if_none_match.respond(tag, || IncidentBody::new(incident, &locale)))
}

/// Create or replace the incident a CRM knows by this identifier (its `external_ref`).
///
/// The body is a whole incident, as for `POST /v1/incidents`; its `external_ref`, if given, must
/// be the path's. When no incident has the identifier, one is filed with it (201); otherwise
/// every field of that incident is replaced (200), but not its client: an incident stays with the
/// client it was filed for (422 `client_cannot_change`). A replacement that changes nothing
/// stores nothing and sends no webhook. With `If-Match`, an existing incident is replaced only at
/// that ETag (else 412), and a missing one is not created (412).
#[utoipa::path(
    tag = "incidents",
    params(RefPath, LangQuery),
    request_body = CreateIncident,
    responses(
        (status = 200, description = "The existing incident was replaced.", body = IncidentBody,
         headers(("ETag" = String, description = "The incident's new version."))),
        (status = 201, description = "The incident was filed.", body = IncidentBody,
         headers(("Location" = String, description = "The new incident's address."),
                 ("ETag" = String, description = "The incident's version."))),
        BadRequest, Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[put("/incidents/by-ref/{source}/{external_id}")]
pub async fn put_incident_by_ref(
    db: web::Data<Db>,
    by: Requester,
    path: web::Path<RefPath>,
    if_match: IfMatch,
    body: ApiJson<CreateIncident>,
) -> Result<HttpResponse, ApiError> {
    let RefPath { source, external_id } = path.into_inner();
    let reference = external_ref_path(source, external_id)?;
    let new = body.0.validate()?;
    if new.external_ref.as_ref().is_some_and(|given| *given != reference) {
        return Err(ApiError::Validation(vec![FieldError::new(
            "external_ref",
            FieldProblem::NotThePathReference,
        )]));
    }
    let labels = by.clone();
    let locale = by.locale;
    let (incident, created) = db
        .write(move |conn| incidents::upsert_by_ref(conn, &reference, new, &if_match, &labels))
        .await?;
    Ok(
        super::created_or_replaced(created, format!("/v1/incidents/{}", incident.id))
            .insert_header(etag_header(&incident, locale.lang))
            .json(IncidentBody::new(incident, &locale)),
    )
}

/// Read the incident a CRM knows by this reference (its `external_ref`).
#[utoipa::path(
    tag = "incidents",
    params(RefPath, LangQuery),
    responses(
        (status = 200, description = "The incident.", body = IncidentBody,
         headers(("ETag" = String, description = "The incident's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/incidents/by-ref/{source}/{external_id}")]
pub async fn get_incident_by_ref(
    db: web::Data<Db>,
    locale: Locale,
    path: web::Path<RefPath>,
    if_none_match: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    let RefPath { source, external_id } = path.into_inner();
    let reference = external_ref_lookup(source, external_id, Resource::Incident)?;
    let incident = db.read(move |conn| incident::find_by_ref(conn, &reference)).await?;
    let tag = etag_of(&incident, locale.lang);
    Ok(if_none_match.respond(tag, || IncidentBody::new(incident, &locale)))
}

/// Update an incident.
///
/// Only the fields sent change; `null` clears `description` and `external_ref`; `tags` replaces
/// the list. With `If-Match`, the update happens only if the incident is still at that ETag:
/// of two updates sent with the same ETag, one wins and the other gets 412.
#[utoipa::path(
    tag = "incidents",
    params(IncidentId, LangQuery),
    request_body = UpdateIncident,
    responses(
        (status = 200, description = "The updated incident.", body = IncidentBody,
         headers(("ETag" = String, description = "The incident's new version."))),
        BadRequest, NotFound, Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/incidents/{id}")]
pub async fn update_incident(
    db: web::Data<Db>,
    by: Requester,
    if_match: IfMatch,
    body: ApiJson<UpdateIncident>,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let changes = body.0.validate()?;
    // The use case's events are rendered in their own language, from this locale's messages.
    let events = by.clone();
    let locale = by.locale;
    let incident = db
        .write(move |conn| incidents::update(conn, id, changes, &if_match, &events))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag_header(&incident, locale.lang))
        .json(IncidentBody::new(incident, &locale)))
}

/// Delete an incident with its tags and timeline.
#[utoipa::path(
    tag = "incidents",
    params(IncidentId, LangQuery),
    responses((status = 204, description = "The incident was deleted."), NotFound)
)]
#[delete("/incidents/{id}")]
pub async fn delete_incident(db: web::Data<Db>, actor: Actor, id: IncidentId) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    db.write(move |conn| incidents::delete(conn, id, actor)).await?;
    Ok(HttpResponse::NoContent().finish())
}
