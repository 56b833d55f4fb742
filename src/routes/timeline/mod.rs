//! `/v1/incidents/{id}/timeline`: the evidence attached to an incident.

mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::timeline::TimelineEntryBody;
pub use payload::{CreateTimelineEntry, TimelineQuery};

use super::responses::{BadRequest, Conflict, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::domain::Actor;
use crate::error::ApiError;
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::{EntryId, IncidentId};
use crate::i18n::Locale;
use crate::models::timeline;
use crate::ops;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(add_entry).service(list_entries).service(delete_entry);
}

/// Add evidence to an incident's timeline.
///
/// An incident holds at most 10,000 entries; one more is refused with 409 `timeline_full`.
#[utoipa::path(
    tag = "timeline",
    params(IncidentId, LangQuery),
    request_body = CreateTimelineEntry,
    responses(
        (status = 201, description = "The entry was added.", body = TimelineEntryBody,
         headers(("Location" = String, description = "The incident's timeline."))),
        BadRequest, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/incidents/{id}/timeline")]
pub async fn add_entry(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    actor: Actor,
    body: ApiJson<CreateTimelineEntry>,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let new = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let entry = ops::timeline::add(conn, incident_id, new, actor)?;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/incidents/{incident_id}/timeline")))
                .json(&TimelineEntryBody::new(entry, &locale))
        })
        .await
}

/// List an incident's timeline in the order things happened.
#[utoipa::path(
    tag = "timeline",
    params(IncidentId, TimelineQuery, LangQuery),
    responses(
        (status = 200, description = "One page of the timeline.", body = Page<TimelineEntryBody>),
        BadRequest, NotFound, Unprocessable
    )
)]
#[get("/incidents/{id}/timeline")]
pub async fn list_entries(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<TimelineQuery>,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let page = query.into_inner().validate()?;
    let (entries, next_cursor) = db.read(move |conn| timeline::list(conn, incident_id, &page)).await?;
    let items = entries
        .into_iter()
        .map(|e| TimelineEntryBody::new(e, &locale))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Remove an entry from an incident's timeline.
#[utoipa::path(
    tag = "timeline",
    params(
        IncidentId,
        EntryId,
        LangQuery
    ),
    responses((status = 204, description = "The entry was removed."), NotFound)
)]
#[delete("/incidents/{id}/timeline/{entry_id}")]
pub async fn delete_entry(
    db: web::Data<Db>,
    actor: Actor,
    incident: IncidentId,
    entry: EntryId,
) -> Result<HttpResponse, ApiError> {
    let (incident_id, entry_id) = (incident.get(), entry.get());
    db.write(move |conn| ops::timeline::delete(conn, incident_id, entry_id, actor))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
