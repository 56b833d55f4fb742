//! `/v1/clients`: the firm's clients, with their CRM references.

mod batch;
mod contact_payload;
mod contacts;
mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::client::ClientBody;
pub use contact_payload::CreateContact;
pub use payload::{
    external_ref, external_ref_lookup, external_ref_path, ClientListQuery, CreateClient, ExternalRefBody, RefPath,
    UpdateClient,
};

use super::responses::{
    BadRequest, Conflict, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::db::Db;
use crate::domain::Actor;
use crate::error::{ApiError, Resource};
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::ClientId;
use crate::i18n::Locale;
use crate::models::client;
use crate::ops::clients;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    // The batch and the clients at risk before `/clients/{id}`, whose id would not read them.
    cfg.service(create_client)
        .service(batch::upsert_clients)
        .service(list_clients)
        .service(contacts::list_at_risk)
        .service(contacts::add_contact)
        .service(contacts::list_contacts)
        .service(put_client_by_ref)
        .service(get_client_by_ref)
        .service(get_client)
        .service(update_client)
        .service(delete_client);
}

/// Create a client.
///
/// `external_refs` links the client to its CRM records; a reference already held by another
/// client is refused with 409 `external_ref_taken`.
#[utoipa::path(
    tag = "clients",
    params(LangQuery),
    request_body = CreateClient,
    responses(
        (status = 201, description = "The client was created.", body = ClientBody,
         headers(("Location" = String, description = "The new client's address."))),
        BadRequest, Conflict, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/clients")]
pub async fn create_client(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    actor: Actor,
    body: ApiJson<CreateClient>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let client = clients::create(conn, new, actor)?;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/clients/{}", client.id)))
                .header(etag_header(&client, locale.lang))
                .json(&ClientBody::new(client, &locale))
        })
        .await
}

/// List clients, oldest first.
#[utoipa::path(
    tag = "clients",
    params(ClientListQuery, LangQuery),
    responses((status = 200, description = "One page of clients.", body = Page<ClientBody>), BadRequest, Unprocessable)
)]
#[get("/clients")]
pub async fn list_clients(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<ClientListQuery>,
) -> Result<HttpResponse, ApiError> {
    let (filter, page) = query.into_inner().validate()?;
    let (clients, next_cursor) = db.read(move |conn| client::list(conn, &filter, &page)).await?;
    let items = clients.into_iter().map(|c| ClientBody::new(c, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Read a client.
#[utoipa::path(
    tag = "clients",
    params(ClientId, LangQuery),
    responses(
        (status = 200, description = "The client.", body = ClientBody,
         headers(("ETag" = String, description = "The client's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/clients/{id}")]
pub async fn get_client(
    db: web::Data<Db>,
    locale: Locale,
    if_none_match: IfNoneMatch,
    id: ClientId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let client = db.read(move |conn| client::find(conn, id)).await?;
    let tag = etag_of(&client, locale.lang);
    Ok(if_none_match.respond(tag, || ClientBody::new(client, &locale)))
}

/// Update a client.
///
/// Only the fields sent change; `null` clears `contact_email`; `external_refs` replaces the list.
/// With `If-Match`, the update happens only if the client is still at that ETag (else 412).
#[utoipa::path(
    tag = "clients",
    params(ClientId, LangQuery),
    request_body = UpdateClient,
    responses(
        (status = 200, description = "The updated client.", body = ClientBody,
         headers(("ETag" = String, description = "The client's new version."))),
        BadRequest, NotFound, Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/clients/{id}")]
pub async fn update_client(
    db: web::Data<Db>,
    locale: Locale,
    if_match: IfMatch,
    actor: Actor,
    body: ApiJson<UpdateClient>,
    id: ClientId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let changes = body.0.validate()?;
    let client = db
        .write(move |conn| clients::update(conn, id, changes, &if_match, actor))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag_header(&client, locale.lang))
        .json(ClientBody::new(client, &locale)))
}

/// Create or update the client a CRM knows by this reference.
///
/// The body is a whole client, as for `POST /v1/clients`. When no client has the reference yet,
/// one is created with it (201); otherwise that client's name, e-mail, language and account
/// owner are replaced (200), and its `external_refs` too when the body lists any. The path's reference is always
/// kept. With `If-Match`, an existing client is updated only at that ETag (else 412), and a
/// missing one is not created (412).
#[utoipa::path(
    tag = "clients",
    params(RefPath, LangQuery),
    request_body = CreateClient,
    responses(
        (status = 200, description = "The existing client was updated.", body = ClientBody,
         headers(("ETag" = String, description = "The client's new version."))),
        (status = 201, description = "The client was created.", body = ClientBody,
         headers(("Location" = String, description = "The new client's address."),
                 ("ETag" = String, description = "The client's version."))),
        BadRequest, Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[put("/clients/by-ref/{source}/{external_id}")]
pub async fn put_client_by_ref(
    db: web::Data<Db>,
    locale: Locale,
    path: web::Path<RefPath>,
    if_match: IfMatch,
    actor: Actor,
    body: ApiJson<CreateClient>,
) -> Result<HttpResponse, ApiError> {
    let RefPath { source, external_id } = path.into_inner();
    let reference = external_ref_path(source, external_id)?;
    let replace_refs = !body.0.external_refs.is_empty();
    let new = body.0.validate()?;
    let (client, created) = db
        .write(move |conn| clients::upsert_by_ref(conn, &reference, new, replace_refs, &if_match, actor))
        .await?;
    Ok(
        super::created_or_replaced(created, format!("/v1/clients/{}", client.id))
            .insert_header(etag_header(&client, locale.lang))
            .json(ClientBody::new(client, &locale)),
    )
}

/// Read the client a CRM knows by this reference.
#[utoipa::path(
    tag = "clients",
    params(RefPath, LangQuery),
    responses(
        (status = 200, description = "The client.", body = ClientBody,
         headers(("ETag" = String, description = "The client's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/clients/by-ref/{source}/{external_id}")]
pub async fn get_client_by_ref(
    db: web::Data<Db>,
    locale: Locale,
    path: web::Path<RefPath>,
    if_none_match: IfNoneMatch,
) -> Result<HttpResponse, ApiError> {
    let RefPath { source, external_id } = path.into_inner();
    let reference = external_ref_lookup(source, external_id, Resource::Client)?;
    let client = db.read(move |conn| client::find_by_reference(conn, &reference)).await?;
    let tag = etag_of(&client, locale.lang);
    Ok(if_none_match.respond(tag, || ClientBody::new(client, &locale)))
}

/// Delete a client that has no incidents and no corrective actions.
///
/// A client with incidents is kept (409 `client_has_incidents`), and so is one with corrective
/// actions (409 `client_has_actions`; an action stays when its incidents are deleted): they are
/// the firm's record.
#[utoipa::path(
    tag = "clients",
    params(ClientId, LangQuery),
    responses((status = 204, description = "The client was deleted."), NotFound, Conflict)
)]
#[delete("/clients/{id}")]
pub async fn delete_client(db: web::Data<Db>, actor: Actor, id: ClientId) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    db.write(move |conn| clients::delete(conn, id, actor)).await?;
    Ok(HttpResponse::NoContent().finish())
}
