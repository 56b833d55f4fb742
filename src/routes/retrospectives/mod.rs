//! `/v1/incidents/{id}/retrospective`: the blameless review of an incident, and its document.

mod payload;
mod shares;

use actix_web::http::header;
use actix_web::{get, put, web, HttpRequest, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::retrospective::RetrospectiveBody;
pub use payload::{ConfirmedGapInput, DocumentQuery, PutRetrospective};
pub use shares::CreateShare;

use super::responses::{
    BadRequest, Conflict, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::db::Db;
use crate::documents::retrospective::RetrospectiveDocument;
use crate::domain::clock::Clock;
use crate::domain::{DocumentAudience, DocumentFormat};
use crate::error::ApiError;
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::json::ApiJson;
use crate::http::locale::explicit_lang;
use crate::http::path::IncidentId;
use crate::http::requester::Requester;
use crate::i18n::Locale;
use crate::models::action::Policy;
use crate::models::retrospective::{self, Written};
use crate::models::{client, incident, timeline};
use crate::ops::{retrospectives, shares as letters};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(put_retrospective)
        .service(get_retrospective)
        .service(get_document)
        .service(shares::create_share)
        .service(shares::list_shares)
        .service(shares::get_share)
        .service(shares::revoke_share);
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
    params(IncidentId, LangQuery),
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
    clock: web::Data<Clock>,
    policy: web::Data<Policy>,
    by: Requester,
    if_match: IfMatch,
    body: ApiJson<PutRetrospective>,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let draft = body.0.validate()?;
    let policy = **policy;
    let today = clock.today();
    // The use case's events are rendered in their own language, from this locale's messages.
    let events = by.clone();
    let locale = by.locale;
    let (retro, written) = db
        .write(move |conn| retrospectives::put(conn, incident_id, draft, policy, today, &if_match, &events))
        .await?;
    let mut response = match written {
        Written::Created => HttpResponse::Created(),
        Written::Replaced => HttpResponse::Ok(),
    };
    Ok(response
        .insert_header(etag_header(&retro, locale.lang))
        .json(RetrospectiveBody::new(retro, &locale)))
}

/// Read an incident's retrospective.
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, LangQuery),
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
    if_none_match: IfNoneMatch,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let retro = db.read(move |conn| retrospective::find(conn, incident_id)).await?;
    let tag = etag_of(&retro, locale.lang);
    Ok(if_none_match.respond(tag, || RetrospectiveBody::new(retro, &locale)))
}

/// The retrospective as a document: Markdown, or a self-contained, printable HTML page.
///
/// `audience=internal` (the default) is the whole review in the response language.
/// `audience=client` is the client's letter: the client's name, the incident's date and
/// category, the `client_summary`, the corrective actions' titles with their due dates (cancelled
/// ones left out), `next_answer_on` and the client's `account_owner` as the contact; never the
/// views, whys, gaps, notes, lessons, action owners, timeline or who reported the incident. It is
/// written in the client's preferred language unless `lang` names another (`Accept-Language` is
/// not read), and needs a published retrospective with a `client_summary` (else 409
/// `letter_not_ready`).
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, DocumentQuery, LangQuery),
    responses(
        (status = 200, description = "The document.", content(
            (String = "text/markdown", example = "# Retrospective: Invoice unpaid after 60 days\n…"),
            (String = "text/html", example = "<!DOCTYPE html><html lang=\"en\">…</html>")
        )),
        NotFound, Conflict, Unprocessable
    )
)]
#[get("/incidents/{id}/retrospective/document")]
pub async fn get_document(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<DocumentQuery>,
    req: HttpRequest,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let (format, audience) = query.into_inner().validate()?;
    if audience == DocumentAudience::Client {
        let asked = explicit_lang(&req);
        let (letter, preferred) = db.read(move |conn| letters::letter(conn, incident_id)).await?;
        let letter_locale = locale.in_language(asked.unwrap_or(preferred));
        return Ok(super::shared::letter_response(&letter, format, &letter_locale));
    }
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
        DocumentFormat::Markdown => document.markdown(&locale),
        DocumentFormat::Html => document.html(&locale),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, format.content_type()))
        .insert_header((header::CONTENT_SECURITY_POLICY, crate::http::CSP_DOCUMENT))
        .body(body))
}
