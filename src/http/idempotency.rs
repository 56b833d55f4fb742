//! `Idempotency-Key` on every POST: a retry of a request that succeeded gets the first response
//! again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first still
//! runs gets 409; the key reused for another request gets 422. Keys are per API key and kept in
//! the database for 24 hours, so they hold across restarts and replicas.
//!
//! Only successful responses are kept: a request that failed changed nothing (its transaction
//! rolled back), so running it again is the same as replaying its error.

use actix_web::body::{self, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpResponse};
use hmac::digest::Digest;
use sha2::Sha256;

use crate::auth::{secret::hex, Caller};
use crate::db::Db;
use crate::error::ApiError;
use crate::http::json::BODY_LIMIT;
use crate::models::idempotency::{self, Claim, StoredResponse};

pub const HEADER: &str = "Idempotency-Key";
pub const REPLAYED: &str = "Idempotent-Replayed";
/// Longest key accepted; UUIDs and ULIDs fit many times over.
pub const KEY_MAX: usize = 255;
/// Response headers that a replay repeats; the others are about the connection or the moment.
const KEPT_HEADERS: [HeaderName; 3] = [header::CONTENT_TYPE, header::LOCATION, header::ETAG];

fn idempotency_key(req: &ServiceRequest) -> Option<Result<String, ApiError>> {
    let value = req.headers().get(HEADER)?;
    let invalid = ApiError::InvalidHeader {
        name: HEADER,
        max: KEY_MAX,
    };
    Some(match value.to_str() {
        Ok(key) if !key.is_empty() && key.len() <= KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(key.to_owned())
        }
        _ => Err(invalid),
    })
}

/// The request as far as "the same request" goes: method, path and query, body.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method);
    hasher.update(b"\n");
    hasher.update(path_and_query);
    hasher.update(b"\n");
    hasher.update(body);
    hex(&hasher.finalize())
}

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let caller = req.extensions().get::<Caller>().copied();
    let (Some(caller), Some(key), true) = (caller, idempotency_key(&req), req.method() == Method::POST) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(key) => key,
        Err(error) => return Ok(req.error_response(error)),
    };
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(_) => return Ok(req.error_response(ApiError::PayloadTooLarge { limit: BODY_LIMIT })),
    };
    let Some(db) = req.app_data::<web::Data<Db>>().cloned() else {
        return Ok(req.error_response(ApiError::internal("no database in app data")));
    };
    let print = fingerprint(
        req.method().as_str(),
        req.uri().path_and_query().map_or("", |p| p.as_str()),
        &body,
    );
    let claim = {
        let key = key.clone();
        db.write(move |conn| idempotency::claim(conn, caller.key_id, &key, &print))
            .await
    };
    match claim {
        Err(error) => return Ok(req.error_response(error)),
        Ok(Claim::InUse) => return Ok(req.error_response(ApiError::IdempotencyKeyInUse)),
        Ok(Claim::Reused) => return Ok(req.error_response(ApiError::IdempotencyKeyReused)),
        Ok(Claim::Replay(stored)) => return Ok(req.into_response(replay(&stored))),
        Ok(Claim::Run) => {}
    }
    req.set_payload(Payload::from(body));
    let outcome = next.call(req).await;
    let response = match outcome {
        Ok(response) if response.status().is_success() => response,
        other => {
            // Failed, so nothing changed: free the key for a retry.
            let release = db
                .write(move |conn| idempotency::release(conn, caller.key_id, &key))
                .await;
            if let Err(error) = release {
                tracing::warn!(%error, "cannot release an idempotency key");
            }
            return other.map(ServiceResponse::map_into_boxed_body);
        }
    };
    let (request, response) = response.map_into_boxed_body().into_parts();
    let status = response.status();
    let headers: Vec<(String, String)> = KEPT_HEADERS
        .iter()
        .filter_map(|name| {
            let value = response.headers().get(name)?.to_str().ok()?;
            Some((name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    let (head, body) = response.into_parts();
    let bytes = body::to_bytes(body)
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let stored = StoredResponse {
        status: status.as_u16(),
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    };
    let store = db
        .write(move |conn| idempotency::complete(conn, caller.key_id, &key, &stored))
        .await;
    if let Err(error) = store {
        tracing::error!(%error, "cannot store the response of an idempotent request");
    }
    Ok(ServiceResponse::new(
        request,
        head.set_body(bytes).map_into_boxed_body(),
    ))
}

fn replay(stored: &StoredResponse) -> HttpResponse {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, "true"));
    response.body(stored.body.clone())
}
