//! `/v1/incidents`: what went wrong with a client.

mod payload;

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use payload::{CreateIncident, IncidentBody, IncidentListQuery, UpdateIncident, DESCRIPTION_MAX, SUMMARY_MAX};

use super::responses::{BadRequest, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::error::{ApiError, Resource};
use crate::http::json::ApiJson;
use crate::http::path_id;
use crate::i18n::Locale;
use crate::models::incident;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_incident)
        .service(list_incidents)
        .service(get_incident)
        .service(update_incident)
        .service(delete_incident);
}

/// File an incident.
///
/// An unknown `client_id` is refused with 422 (`unknown_id` on that field).
#[utoipa::path(
    tag = "incidents",
    params(LangQuery),
    request_body = CreateIncident,
    responses(
        (status = 201, description = "The incident was filed.", body = IncidentBody,
         headers(("Location" = String, description = "The new incident's address."))),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/incidents")]
pub async fn create_incident(
    db: web::Data<Db>,
    locale: Locale,
    body: ApiJson<CreateIncident>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0.validate()?;
    let incident = db.write(move |conn| incident::create(conn, new)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/incidents/{}", incident.id)))
        .json(IncidentBody::new(incident, &locale)))
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
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    responses((status = 200, description = "The incident.", body = IncidentBody), NotFound)
)]
#[get("/incidents/{id}")]
pub async fn get_incident(db: web::Data<Db>, locale: Locale, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Incident)?;
    let incident = db.read(move |conn| incident::find(conn, id)).await?;
    Ok(HttpResponse::Ok().json(IncidentBody::new(incident, &locale)))
}

/// Update an incident.
///
/// Only the fields sent change; `null` clears `description`; `tags` replaces the list.
#[utoipa::path(
    tag = "incidents",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    request_body = UpdateIncident,
    responses(
        (status = 200, description = "The updated incident.", body = IncidentBody),
        BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/incidents/{id}")]
pub async fn update_incident(
    db: web::Data<Db>,
    locale: Locale,
    id: web::Path<String>,
    body: ApiJson<UpdateIncident>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Incident)?;
    let changes = body.0.validate()?;
    let incident = db.write(move |conn| incident::update(conn, id, changes)).await?;
    Ok(HttpResponse::Ok().json(IncidentBody::new(incident, &locale)))
}

/// Delete an incident with its tags and timeline.
#[utoipa::path(
    tag = "incidents",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    responses((status = 204, description = "The incident was deleted."), NotFound)
)]
#[delete("/incidents/{id}")]
pub async fn delete_incident(db: web::Data<Db>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Incident)?;
    db.write(move |conn| incident::delete(conn, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
