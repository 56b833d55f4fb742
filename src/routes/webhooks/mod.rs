//! `/v1/webhooks`: where events are sent, signed, and what became of each delivery (admins only).

mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::webhook::{DeliveryBody, WebhookBody, WebhookWithSecretBody};
pub use payload::{CreateWebhook, DeliveryListQuery, RedeliverRange, UpdateWebhook};

use super::responses::{
    BadRequest, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::config::WebhookSettings;
use crate::db::Db;
use crate::error::ApiError;
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::{DeliveryId, WebhookId};
use crate::i18n::Locale;
use crate::models::{delivery, webhook};
use crate::ops::webhooks;
use crate::pagination::Page;
use crate::webhooks::address::AddressPolicy;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_webhook)
        .service(list_webhooks)
        .service(get_webhook)
        .service(update_webhook)
        .service(delete_webhook)
        .service(rotate_secret)
        .service(list_deliveries)
        .service(redeliver_range)
        .service(redeliver);
}

fn policy(settings: &WebhookSettings) -> AddressPolicy {
    AddressPolicy {
        allow_private: settings.allow_private,
    }
}

/// Subscribe a URL to events.
///
/// Each event is POSTed as JSON (`type`, `timestamp`, `data`: the resource as the API returns it,
/// labels in the subscription's `language`), signed as the Standard Webhooks specification says: headers `webhook-id`
/// (the same on every retry; deduplicate by it), `webhook-timestamp` and `webhook-signature`
/// (`v1,` and the base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`, keyed with the secret).
/// Any 2xx answer is a delivery; anything else is retried with growing waits for 24 hours, and
/// `Retry-After` is honoured. The response holds the secret, shown only here and on rotation.
#[utoipa::path(
    tag = "webhooks",
    params(LangQuery),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "The subscription, with its signing secret.", body = WebhookWithSecretBody,
         headers(("Location" = String, description = "The subscription's address."),
                 ("ETag" = String, description = "The subscription's version."))),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/webhooks")]
pub async fn create_webhook(
    db: web::Data<Db>,
    locale: Locale,
    settings: web::Data<WebhookSettings>,
    idempotent: Idempotent,
    body: ApiJson<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0.validate(policy(&settings))?;
    idempotent
        .write(&db, move |conn| {
            let created = webhook::create(conn, new)?;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/webhooks/{}", created.id)))
                .header(etag_header(&created, locale.lang))
                .secret()
                .json(&WebhookWithSecretBody::new(created, &locale))
        })
        .await
}

/// List the webhook subscriptions, the oldest first.
#[utoipa::path(
    tag = "webhooks",
    params(LangQuery),
    responses((status = 200, description = "Every subscription (there are few, so one page).", body = Page<WebhookBody>))
)]
#[get("/webhooks")]
pub async fn list_webhooks(db: web::Data<Db>, locale: Locale) -> Result<HttpResponse, ApiError> {
    let items = db
        .read(webhook::list)
        .await?
        .into_iter()
        .map(|webhook| WebhookBody::new(webhook, &locale))
        .collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Read a webhook subscription (without its secret).
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, LangQuery),
    responses(
        (status = 200, description = "The subscription.", body = WebhookBody,
         headers(("ETag" = String, description = "The subscription's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/webhooks/{id}")]
pub async fn get_webhook(
    db: web::Data<Db>,
    locale: Locale,
    if_none_match: IfNoneMatch,
    id: WebhookId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let found = db.read(move |conn| webhook::find(conn, id)).await?;
    let tag = etag_of(&found, locale.lang);
    Ok(if_none_match.respond(tag, || WebhookBody::new(found, &locale)))
}

/// Change a subscription's URL, events or description.
///
/// With `If-Match`, only at that ETag (else 412). Deliveries still pending go to the new URL.
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, LangQuery),
    request_body = UpdateWebhook,
    responses(
        (status = 200, description = "The updated subscription.", body = WebhookBody,
         headers(("ETag" = String, description = "The subscription's new version."))),
        BadRequest, NotFound, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/webhooks/{id}")]
pub async fn update_webhook(
    db: web::Data<Db>,
    locale: Locale,
    settings: web::Data<WebhookSettings>,
    if_match: IfMatch,
    body: ApiJson<UpdateWebhook>,
    id: WebhookId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let changes = body.0.validate(policy(&settings))?;
    let updated = db
        .write(move |conn| webhooks::update(conn, id, changes, &if_match))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag_header(&updated, locale.lang))
        .json(WebhookBody::new(updated, &locale)))
}

/// Delete a subscription with its deliveries; nothing more is sent to it.
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, LangQuery),
    responses((status = 204, description = "The subscription was deleted."), NotFound)
)]
#[delete("/webhooks/{id}")]
pub async fn delete_webhook(db: web::Data<Db>, id: WebhookId) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    db.write(move |conn| webhook::delete(conn, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Replace the signing secret; the old one stops signing at once. The new one is in the response.
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, LangQuery),
    responses(
        (status = 200, description = "The subscription with its new secret.", body = WebhookWithSecretBody),
        NotFound
    )
)]
#[post("/webhooks/{id}/rotate-secret")]
pub async fn rotate_secret(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    id: WebhookId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    idempotent
        .write(&db, move |conn| {
            let rotated = webhook::rotate_secret(conn, id)?;
            Written::build(StatusCode::OK)
                .header(etag_header(&rotated, locale.lang))
                .secret()
                .json(&WebhookWithSecretBody::new(rotated, &locale))
        })
        .await
}

/// The events sent to a subscription, the newest first, with every attempt and its outcome.
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, DeliveryListQuery, LangQuery),
    responses(
        (status = 200, description = "One page of deliveries.", body = Page<DeliveryBody>),
        BadRequest, NotFound, Unprocessable
    )
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_deliveries(
    db: web::Data<Db>,
    locale: Locale,
    query: web::Query<DeliveryListQuery>,
    id: WebhookId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let page = query.into_inner().validate()?;
    let (deliveries, next_cursor) = db.read(move |conn| delivery::list(conn, id, &page)).await?;
    let items = deliveries.into_iter().map(|d| DeliveryBody::new(d, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// How many failed deliveries were queued again.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct RedeliveredBody {
    pub redelivered: usize,
}

/// Send again every failed delivery of events in a time range, as soon as possible and each
/// with its own `webhook-id` (a receiver that deduplicates by it takes each event once).
///
/// For a receiver that was down past the retry window. A disabled subscription's deliveries
/// wait until it is turned on again (`PATCH {"enabled": true}`).
#[utoipa::path(
    tag = "webhooks",
    params(WebhookId, LangQuery),
    request_body = RedeliverRange,
    responses(
        (status = 202, description = "The failed deliveries in the range are queued again.", body = RedeliveredBody),
        BadRequest, NotFound, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/webhooks/{id}/deliveries/redeliver")]
pub async fn redeliver_range(
    db: web::Data<Db>,
    idempotent: Idempotent,
    webhook: WebhookId,
    body: ApiJson<RedeliverRange>,
) -> Result<HttpResponse, ApiError> {
    let id = webhook.get();
    let (from, to) = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let redelivered = delivery::redeliver_failed(conn, id, from, to)?;
            Written::build(StatusCode::ACCEPTED).json(&RedeliveredBody { redelivered })
        })
        .await
}

/// Send a delivery again, whatever its status, as soon as possible and with the same
/// `webhook-id`.
#[utoipa::path(
    tag = "webhooks",
    params(
        WebhookId,
        DeliveryId,
        LangQuery
    ),
    responses(
        (status = 202, description = "The delivery is queued again.", body = DeliveryBody),
        NotFound
    )
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    webhook: WebhookId,
    delivery: DeliveryId,
) -> Result<HttpResponse, ApiError> {
    let (id, delivery_id) = (webhook.get(), delivery.get());
    idempotent
        .write(&db, move |conn| {
            let queued = delivery::redeliver(conn, id, delivery_id)?;
            Written::build(StatusCode::ACCEPTED).json(&DeliveryBody::new(queued, &locale))
        })
        .await
}
