//! `/v1/incidents/{id}/retrospective`: the blameless review of an incident, and its document.

mod payload;

use actix_web::http::header;
use actix_web::{get, put, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use payload::{ConfirmedGapBody, ConfirmedGapInput, DocumentQuery, PutRetrospective, RetrospectiveBody};

use super::actions::ActionBody;
use super::incidents::IncidentBody;
use super::responses::{
    BadRequest, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::db::{Db, DbConnection};
use crate::documents::retrospective::RetrospectiveDocument;
use crate::domain::{EventType, Language, RetrospectiveStatus};
use crate::error::{ApiError, Resource};
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::json::ApiJson;
use crate::http::path_id;
use crate::i18n::Locale;
use crate::models::action::Policy;
use crate::models::retrospective::{self, Written};
use crate::models::{action, client, incident, timeline};
use crate::webhooks::emit;

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
/// (`repeat_of` on the incident) and reopens that action. With `If-Match`, an existing
/// retrospective is replaced only at that ETag (else 412).
#[utoipa::path(
    tag = "retrospectives",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    request_body = PutRetrospective,
    responses(
        (status = 201, description = "The retrospective was created.", body = RetrospectiveBody,
         headers(("ETag" = String, description = "The retrospective's version."))),
        (status = 200, description = "The retrospective was replaced.", body = RetrospectiveBody,
         headers(("ETag" = String, description = "The retrospective's new version."))),
        BadRequest, NotFound, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[put("/incidents/{id}/retrospective")]
pub async fn put_retrospective(
    db: web::Data<Db>,
    policy: web::Data<Policy>,
    locale: Locale,
    id: web::Path<String>,
    if_match: IfMatch,
    body: ApiJson<PutRetrospective>,
) -> Result<HttpResponse, ApiError> {
    let incident_id = path_id(&id, Resource::Incident)?;
    let draft = body.0.validate()?;
    let across_clients = policy.repeat_across_clients;
    let english = locale.in_language(Language::En);
    let (retro, written) = db
        .write(move |conn| {
            // The retrospective has no row of its own to lock before it exists: its incident's serves.
            if_match.guard(conn, "incidents", incident_id, retrospective::find)?;
            let was_published =
                retrospective::find(conn, incident_id).is_ok_and(|r| r.status == RetrospectiveStatus::Published);
            let (retro, written, reopened) = retrospective::put(conn, incident_id, draft, across_clients)?;
            if retro.status == RetrospectiveStatus::Published && !was_published {
                emit(conn, EventType::RetrospectivePublished, |_| {
                    Ok(RetrospectiveBody::new(retro.clone(), &english))
                })?;
            }
            if !reopened.is_empty() {
                announce_repeat(conn, incident_id, &reopened, &english)?;
            }
            Ok((retro, written))
        })
        .await?;
    let mut response = match written {
        Written::Created => HttpResponse::Created(),
        Written::Replaced => HttpResponse::Ok(),
    };
    Ok(response
        .insert_header(etag_header(&retro, locale.lang))
        .json(RetrospectiveBody::new(retro, &locale)))
}

/// A repeat: the incident (with its `repeat_of`) and every action it reopened.
fn announce_repeat(
    conn: &mut DbConnection,
    incident_id: uuid::Uuid,
    reopened: &[uuid::Uuid],
    english: &Locale,
) -> Result<(), ApiError> {
    emit(conn, EventType::IncidentRepeatDetected, |conn| {
        Ok(IncidentBody::new(incident::find(conn, incident_id)?, english))
    })?;
    let today = super::today();
    for id in reopened {
        emit(conn, EventType::ActionStatusChanged, |conn| {
            Ok(ActionBody::new(action::find(conn, *id)?, english, today))
        })?;
    }
    Ok(())
}

/// Read an incident's retrospective.
#[utoipa::path(
    tag = "retrospectives",
    params(("id" = uuid::Uuid, Path, description = "The incident's id."), LangQuery),
    responses(
        (status = 200, description = "The retrospective.", body = RetrospectiveBody,
         headers(("ETag" = String, description = "The retrospective's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/incidents/{id}/retrospective")]
pub async fn get_retrospective(
    db: web::Data<Db>,
    locale: Locale,
    id: web::Path<String>,
    if_none_match: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    let incident_id = path_id(&id, Resource::Incident)?;
    let retro = db.read(move |conn| retrospective::find(conn, incident_id)).await?;
    let tag = etag_of(&retro, locale.lang);
    if let Some(not_modified) = if_none_match.not_modified(&tag) {
        return Ok(not_modified);
    }
    Ok(HttpResponse::Ok()
        .insert_header(header::ETag(tag))
        .json(RetrospectiveBody::new(retro, &locale)))
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
        .insert_header((header::CONTENT_SECURITY_POLICY, crate::http::CSP_DOCUMENT))
        .body(body))
}
