//! `POST /v1/clients/batch`: a CRM's first sync, up to 100 clients per request.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use super::payload::CreateClient;
use crate::db::Db;
use crate::domain::Actor;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::http::etag::IfMatch;
use crate::http::idempotency::Idempotent;
use crate::http::json::ApiJson;
use crate::i18n::Locale;
use crate::models::client::{ExternalRef, NewClient};
use crate::ops::{batch, clients};
use crate::routes::responses::{BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use crate::routes::LangQuery;
use crate::validation::capped;
use crate::views::batch::BatchResults;
use crate::views::client::ClientBody;

/// Up to 100 clients, each keyed by its first `external_refs` entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientBatch {
    #[serde(deserialize_with = "capped::<{ batch::ITEMS_MAX }, _, _>")]
    #[schema(value_type = Vec<CreateClient>, min_items = 1, max_items = 100)]
    pub items: Vec<serde_json::Value>,
}

/// Create or update up to 100 clients at once, each by the CRM reference it is known by.
///
/// Each item is a whole client, as for `POST /v1/clients`, with at least one `external_refs`
/// entry: the first names the client, and the item does what `PUT
/// /v1/clients/by-ref/{source}/{external_id}` does with it (the listed references replace the
/// client's).
///
/// A batch in which an item does not fit the document (a wrong type, a text too long, an unknown
/// field) is refused whole, as any body would be (422, or 400 `unknown_field`), each error naming
/// its item (`items[3].name`), and nothing is stored. The others run in one transaction, each in
/// a savepoint of its own: `results` says, item by item in order, what happened: 201 created,
/// 200 replaced (or already so), or the item's own problem when it has no reference (422) or stored data
/// refuses it (409 `external_ref_taken`: another client has one of its references); such an item changes nothing and the others are stored. The body may be
/// up to 8 MiB. With an `Idempotency-Key`, a retry gets the same results and stores nothing again.
#[utoipa::path(
    tag = "clients",
    params(LangQuery),
    request_body = ClientBatch,
    responses(
        (status = 200, description = "What became of each item.", body = BatchResults<ClientBody>),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/clients/batch")]
pub async fn upsert_clients(
    db: web::Data<Db>,
    locale: Locale,
    idempotent: Idempotent,
    actor: Actor,
    body: ApiJson<ClientBatch>,
) -> Result<HttpResponse, ApiError> {
    crate::routes::batch::upsert(
        &db,
        idempotent,
        locale,
        body.0.items,
        crate::routes::batch::ItemReader {
            form: |value| crate::routes::batch::item::<CreateClient>(value)?.validate(),
            key: keyed_client,
        },
        move |conn, (reference, new)| clients::upsert_by_ref(conn, &reference, new, true, &IfMatch::absent(), actor),
        ClientBody::new,
    )
    .await
}

/// One item: a valid client with the reference that names it.
fn keyed_client(new: NewClient) -> Result<(ExternalRef, NewClient), ApiError> {
    let Some(reference) = new.external_refs.first().cloned() else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "external_refs",
            FieldProblem::Required,
        )]));
    };
    Ok((reference, new))
}
