//! `/v1/clients/{id}/contacts` and `/v1/clients/at-risk`: the contacts a CRM reports, and the
//! clients the early warning flags from them.

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpResponse};

use super::contact_payload::{ContactListQuery, CreateContact};
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::error::ApiError;
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::ClientId;
use crate::i18n::Locale;
use crate::models::{at_risk, contact};
use crate::ops::warning;
use crate::pagination::Page;
use crate::routes::responses::{BadRequest, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use crate::routes::LangQuery;
use crate::views::warning::{AtRiskBody, ContactBody};

/// Report a contact with a client.
///
/// A call, a meeting, an e-mail or a payment, as the CRM saw it. `response_minutes` is how long
/// the reply took (the client's on an `inbound` contact, which `slow_replies` measures; ours on an
/// `outbound` one); `days_late` (payments only, 0 when absent) how many days after its
/// due date a payment came. A contact sent again with an `external_ref` the client already has
/// is not counted twice: the answer is 200 with the contact as first stored. A new contact of a
/// client at risk measures it again at once: when it meets no rule any more, its episode ends.
#[utoipa::path(
    tag = "clients",
    params(ClientId, LangQuery),
    request_body = CreateContact,
    responses(
        (status = 201, description = "The contact was recorded.", body = ContactBody,
         headers(("Location" = String, description = "The client's contacts."))),
        (status = 200, description = "A contact with this `external_ref` was already recorded; it is not counted twice.", body = ContactBody),
        BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/clients/{id}/contacts")]
pub async fn add_contact(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    idempotent: Idempotent,
    body: ApiJson<CreateContact>,
    id: ClientId,
) -> Result<HttpResponse, ApiError> {
    let client_id = id.get();
    let new = body.0.validate(clock.now())?;
    let today = clock.today();
    idempotent
        .write(&db, move |conn| {
            let (contact, created) = warning::record_contact(conn, client_id, new, today)?;
            let status = if created { StatusCode::CREATED } else { StatusCode::OK };
            Written::build(status)
                .header((header::LOCATION, format!("/v1/clients/{client_id}/contacts")))
                .json(&ContactBody::new(contact, &locale))
        })
        .await
}

/// List a client's contacts, newest first.
#[utoipa::path(
    tag = "clients",
    params(ClientId, ContactListQuery, LangQuery),
    responses(
        (status = 200, description = "One page of the client's contacts.", body = Page<ContactBody>),
        BadRequest, NotFound, Unprocessable
    )
)]
#[get("/clients/{id}/contacts")]
pub async fn list_contacts(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<ContactListQuery>,
    id: ClientId,
) -> Result<HttpResponse, ApiError> {
    let client_id = id.get();
    let page = query.into_inner().validate()?;
    let (contacts, next_cursor) = db.read(move |conn| contact::list(conn, client_id, &page)).await?;
    let items = contacts.into_iter().map(|c| ContactBody::new(c, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// List the clients at risk, with the reasons in the response language.
///
/// From each client's own history of contacts the service learns its cadence and flags, before
/// an incident is filed, a client that meets one of these rules (`domain::warning::RULES`):
///
/// - `lapse`: days since the last contact > max(3 × the client's median gap between contact
///   days, 14), once the client has 6 days of contact;
/// - `slow_replies`: median response time of the latest 3 replies > max(2 × the median of the
///   earlier ones, 240 minutes), once it has 6 replies;
/// - `late_payments`: each of the latest 2 payments late by more than max(2 × the median delay
///   of the earlier ones, 7 days), once it has 4 payments.
///
/// A client is listed from the day it first meets a rule (`since`) until it meets none (an
/// episode); each episode is announced once with the `client.at_risk` webhook event. The list
/// reads the stored episodes, the same that decide the event, so it shows exactly the clients
/// announced: the service's housekeeping (about every half minute) opens, refreshes
/// (`evaluated_on`) and ends them, and a new contact of a listed client measures it again at once.
#[utoipa::path(
    tag = "clients",
    params(ContactListQuery, LangQuery),
    responses(
        (status = 200, description = "One page of the clients at risk, in the order they were flagged.", body = Page<AtRiskBody>),
        BadRequest, Unprocessable
    )
)]
#[get("/clients/at-risk")]
pub async fn list_at_risk(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<ContactListQuery>,
) -> Result<HttpResponse, ApiError> {
    let page = query.into_inner().validate()?;
    let (episodes, next_cursor) = db.read(move |conn| at_risk::list_open(conn, &page)).await?;
    let items = episodes.iter().map(|e| AtRiskBody::new(e, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
