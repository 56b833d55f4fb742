//! `/v1/incidents/{id}/retrospective`: the blameless review of an incident, and its document.

mod payload;

use actix_web::http::header;
use actix_web::{get, put, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use payload::{ConfirmedGapBody, ConfirmedGapInput, DocumentQuery, PutRetrospective, RetrospectiveBody};

use super::responses::{BadRequest, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::documents::retrospective::RetrospectiveDocument;
use crate::error::{ApiError, Resource};
use crate::http::json::ApiJson;
use crate::http::path_id;
use crate::i18n::Locale;
use crate::models::action::Policy;
use crate::models::retrospective::{self, Written};
use crate::models::{client, incident, timeline};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_retrospective)
        .service(get_retrospective)
        .service(get_document);
}

/// Create or replace an incident's retrospective.
///
/// Publishing (`status: published`) needs at least one confirmed gap and exactly one primary;
/// it moves an open incident to `in_review` (a closed one stays closed). A published gap for
/// which the client already has a `done` or `verified` action makes this incident a repeat
/// (`repeat_of` on the incident) and reopens that action.
#[utoipa::path(
    tag = "retrospectives",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    request_body = PutRetrospective,
    responses(
        (status = 201, description = "The retrospective was created.", body = RetrospectiveBody),
        (status = 200, description = "The retrospective was replaced.", body = RetrospectiveBody),
        BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[put("/incidents/{id}/retrospective")]
pub async fn put_retrospective(
    db: web::Data<Db>,
    policy: web::Data<Policy>,
    locale: Locale,
    id: web::Path<String>,
    body: ApiJson<PutRetrospective>,
) -> Result<HttpResponse, ApiError> {
    let incident_id = path_id(&id, Resource::Incident)?;
    let draft = body.0.validate()?;
    let across_clients = policy.repeat_across_clients;
    let (retro, written) = db
        .write(move |conn| retrospective::put(conn, incident_id, draft, across_clients))
        .await?;
    let mut response = match written {
        Written::Created => HttpResponse::Created(),
        Written::Replaced => HttpResponse::Ok(),
    };
    Ok(response.json(RetrospectiveBody::new(retro, &locale)))
}

/// Read an incident's retrospective.
#[utoipa::path(
    tag = "retrospectives",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    responses((status = 200, description = "The retrospective.", body = RetrospectiveBody), NotFound)
)]
#[get("/incidents/{id}/retrospective")]
pub async fn get_retrospective(
    db: web::Data<Db>,
    locale: Locale,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let incident_id = path_id(&id, Resource::Incident)?;
    let retro = db.read(move |conn| retrospective::find(conn, incident_id)).await?;
    Ok(HttpResponse::Ok().json(RetrospectiveBody::new(retro, &locale)))
}

/// The retrospective as a document in the response language: Markdown, or a self-contained,
/// printable HTML page.
#[utoipa::path(
    tag = "retrospectives",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), DocumentQuery, LangQuery),
    responses(
        (status = 200, description = "The document.", content(
            (String = "text/markdown", example = "# Retrospective: Invoice unpaid after 60 days\n…"),
            (String = "text/html", example = "<!DOCTYPE html><html lang=\"en\">…</html>")
        )),
        NotFound, Unprocessable
    )
)]
#[get("/incidents/{id}/retrospective/document")]
pub async fn get_document(
    db: web::Data<Db>,
    locale: Locale,
    id: web::Path<String>,
    query: web::Query<DocumentQuery>,
) -> Result<HttpResponse, ApiError> {
    let incident_id = path_id(&id, Resource::Incident)?;
    let format = query.into_inner().validate()?;
    let document = db
        .read(move |conn| {
            let retrospective = retrospective::find(conn, incident_id)?;
            let incident = incident::find(conn, incident_id)?;
            let client_name = client::find(conn, incident.client_id)?.name;
            let timeline = timeline::all(conn, incident_id)?;
            Ok(RetrospectiveDocument {
                client_name,
                incident,
                timeline,
                retrospective,
            })
        })
        .await?;
    let body = match format {
        crate::domain::DocumentFormat::Markdown => document.markdown(&locale),
        crate::domain::DocumentFormat::Html => document.html(&locale),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.content_type()))
        .body(body))
}
