//! `/v1/clients`: the firm's clients, with their CRM references.

mod payload;

use actix_web::http::header;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use payload::{ClientBody, ClientListQuery, CreateClient, ExternalRefBody, ExternalRefResponse, UpdateClient};

use super::responses::{BadRequest, Conflict, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::error::{ApiError, Resource};
use crate::http::json::ApiJson;
use crate::http::path_id;
use crate::i18n::Locale;
use crate::models::client;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_client)
        .service(list_clients)
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
    body: ApiJson<CreateClient>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0.validate()?;
    let client = db.write(move |conn| client::create(conn, new)).await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/clients/{}", client.id)))
        .json(ClientBody::new(client, &locale)))
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
    params(("id" = uuid::Uuid, Path, description = "The client's id."), LangQuery),
    responses((status = 200, description = "The client.", body = ClientBody), NotFound)
)]
#[get("/clients/{id}")]
pub async fn get_client(db: web::Data<Db>, locale: Locale, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Client)?;
    let client = db.read(move |conn| client::find(conn, id)).await?;
    Ok(HttpResponse::Ok().json(ClientBody::new(client, &locale)))
}

/// Update a client.
///
/// Only the fields sent change; `null` clears `contact_email`; `external_refs` replaces the list.
#[utoipa::path(
    tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "The client's id."), LangQuery),
    request_body = UpdateClient,
    responses(
        (status = 200, description = "The updated client.", body = ClientBody),
        BadRequest, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/clients/{id}")]
pub async fn update_client(
    db: web::Data<Db>,
    locale: Locale,
    id: web::Path<String>,
    body: ApiJson<UpdateClient>,
) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Client)?;
    let changes = body.0.validate()?;
    let client = db.write(move |conn| client::update(conn, id, changes)).await?;
    Ok(HttpResponse::Ok().json(ClientBody::new(client, &locale)))
}

/// Delete a client that has no incidents.
///
/// A client with incidents is kept (409 `client_has_incidents`): its incidents are the firm's
/// record; delete them first if they really must go.
#[utoipa::path(
    tag = "clients",
    params(("id" = uuid::Uuid, Path, description = "The client's id."), LangQuery),
    responses((status = 204, description = "The client was deleted."), NotFound, Conflict)
)]
#[delete("/clients/{id}")]
pub async fn delete_client(db: web::Data<Db>, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = path_id(&id, Resource::Client)?;
    db.write(move |conn| client::delete(conn, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
