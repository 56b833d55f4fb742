//! `/v1/api-keys`: who may call the API (admins only).

mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{get, post, web, HttpMessage, HttpRequest, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::api_key::{ApiKeyBody, CreatedApiKeyBody};
pub use payload::CreateApiKey;

use super::responses::{BadRequest, Conflict, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::error::ApiError;
use crate::http::auth::{Caller, KeyCache};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::ApiKeyId;
use crate::i18n::Locale;
use crate::models::api_key;
use crate::ops::keys;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_api_key)
        .service(list_api_keys)
        .service(get_api_key)
        .service(revoke_api_key);
}

/// Create an API key.
///
/// The response holds the key itself, which is shown only this once: only its hash is stored.
#[utoipa::path(
    tag = "api-keys",
    params(LangQuery),
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "The key was created; `key` is its secret.", body = CreatedApiKeyBody,
         headers(("Location" = String, description = "The new key's address."))),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    body: ApiJson<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let (name, role) = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let (created, key) = api_key::create(conn, &name, role)?;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/api-keys/{}", created.id)))
                .secret()
                .json(&CreatedApiKeyBody {
                    api_key: ApiKeyBody::new(created, &locale),
                    key,
                })
        })
        .await
}

/// List the API keys, the oldest first, revoked ones included.
#[utoipa::path(
    tag = "api-keys",
    params(LangQuery),
    responses((status = 200, description = "Every key (there are few, so one page).", body = Page<ApiKeyBody>))
)]
#[get("/api-keys")]
pub async fn list_api_keys(db: web::Data<Db>, locale: Locale) -> Result<HttpResponse, ApiError> {
    let keys = db.read(api_key::list).await?;
    let items = keys.into_iter().map(|k| ApiKeyBody::new(k, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Read an API key (never its secret).
#[utoipa::path(
    tag = "api-keys",
    params(ApiKeyId, LangQuery),
    responses((status = 200, description = "The key.", body = ApiKeyBody), NotFound)
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(db: web::Data<Db>, locale: Locale, id: ApiKeyId) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let key = db.read(move |conn| api_key::find(conn, id)).await?;
    Ok(HttpResponse::Ok().json(ApiKeyBody::new(key, &locale)))
}

/// Revoke an API key: from now on it is refused with 401 (by other replicas within 10 seconds).
/// Revoking twice changes nothing.
///
/// A key cannot revoke itself (409 `cannot_revoke_own_key`): an admin would lock themselves out.
/// To replace a leaked admin key, create a new one and revoke the old one with it.
#[utoipa::path(
    tag = "api-keys",
    params(ApiKeyId, LangQuery),
    responses((status = 200, description = "The revoked key.", body = ApiKeyBody), NotFound, Conflict)
)]
#[post("/api-keys/{id}/revoke")]
pub async fn revoke_api_key(
    db: web::Data<Db>,
    locale: Locale,
    cache: web::Data<KeyCache>,
    req: HttpRequest,
    idempotent: Idempotent,
    id: ApiKeyId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let caller = req.extensions().get::<Caller>().map(|caller| caller.key_id);
    let response = idempotent
        .write(&db, move |conn| {
            let key = keys::revoke(conn, id, caller)?;
            Written::build(StatusCode::OK).json(&ApiKeyBody::new(key, &locale))
        })
        .await?;
    cache.forget(id);
    Ok(response)
}
