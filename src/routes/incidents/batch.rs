//! `POST /v1/incidents/batch`: a CRM's first sync, up to 100 incidents per request.

use actix_web::{post, web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use super::payload::CreateIncident;
use crate::db::Db;
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::http::etag::IfMatch;
use crate::http::idempotency::Idempotent;
use crate::http::json::ApiJson;
use crate::http::requester::Requester;
use crate::models::client::ExternalRef;
use crate::models::incident::NewIncident;
use crate::ops::{batch, incidents};
use crate::routes::responses::{BadRequest, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use crate::routes::LangQuery;
use crate::validation::capped;
use crate::views::batch::BatchResults;
use crate::views::incident::IncidentBody;

/// Up to 100 incidents, each keyed by its `external_ref`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentBatch {
    #[serde(deserialize_with = "capped::<{ batch::ITEMS_MAX }, _, _>")]
    #[schema(value_type = Vec<CreateIncident>, min_items = 1, max_items = 100)]
    pub items: Vec<serde_json::Value>,
}

/// File or replace up to 100 incidents at once, each by the CRM identifier it is known by.
///
/// Each item is a whole incident, as for `POST /v1/incidents`, with its `external_ref`
/// required: the item does what `PUT /v1/incidents/by-ref/{source}/{external_id}` does with
/// it (an existing incident keeps its client: 422 `client_cannot_change`). Name the client by
/// `client_ref` to import incidents of clients imported just before.
///
/// A batch in which an item does not fit the document (a wrong type, a text too long, an unknown
/// field) is refused whole, as any body would be (422, or 400 `unknown_field`), each error naming
/// its item (`items[3].name`), and nothing is stored. The others run in one transaction, each in
/// a savepoint of its own: `results` says, item by item in order, what happened: 201 filed,
/// 200 replaced (or already so), or the item's own problem when it has no `external_ref` (422) or stored data
/// refuses it (422 `unknown_reference` or `client_cannot_change`, 409 `external_ref_taken`); such an item changes nothing and the others are stored. The body may be
/// up to 8 MiB. With an `Idempotency-Key`, a retry gets the same results and stores nothing again.
#[utoipa::path(
    tag = "incidents",
    params(LangQuery),
    request_body = IncidentBatch,
    responses(
        (status = 200, description = "What became of each item.", body = BatchResults<IncidentBody>),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/incidents/batch")]
pub async fn upsert_incidents(
    db: web::Data<Db>,
    by: Requester,
    idempotent: Idempotent,
    body: ApiJson<IncidentBatch>,
) -> Result<HttpResponse, ApiError> {
    let locale = by.locale.clone();
    crate::routes::batch::upsert(
        &db,
        idempotent,
        locale,
        body.0.items,
        crate::routes::batch::ItemReader {
            form: |value| crate::routes::batch::item::<CreateIncident>(value)?.validate(),
            key: keyed_incident,
        },
        move |conn, (reference, new)| incidents::upsert_by_ref(conn, &reference, new, &IfMatch::absent(), &by),
        IncidentBody::new,
    )
    .await
}

/// One item: a valid incident with the identifier that names it.
fn keyed_incident(new: NewIncident) -> Result<(ExternalRef, NewIncident), ApiError> {
    let Some(reference) = new.external_ref.clone() else {
        return Err(ApiError::Validation(vec![FieldError::new(
            "external_ref",
            FieldProblem::Required,
        )]));
    };
    Ok((reference, new))
}
