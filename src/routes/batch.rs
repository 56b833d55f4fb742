//! What the batch routes (`POST /v1/clients/batch`, `/v1/incidents/batch`) share: reading each
//! item on its own, so that one bad item is refused alone instead of failing the whole body,
//! and running the items in one transaction with a savepoint each.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::{Db, DbConnection};
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json;
use crate::i18n::Locale;
use crate::ops::batch;
use crate::views::batch::BatchResults;

/// Reads one item as a body of its own; field paths in its errors are within the item.
pub fn item<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    let text = serde_json::to_vec(&value).map_err(ApiError::internal)?;
    json::parse(&text)
}

/// Reads every item with `read` (an item it refuses is answered as refused), upserts the others
/// with `upsert` in one write transaction, and answers 200 with each item's result, its stored
/// value shown with `view`.
pub async fn upsert<I, S, T>(
    db: &Db,
    idempotent: Idempotent,
    locale: Locale,
    items: Vec<serde_json::Value>,
    read: fn(serde_json::Value) -> Result<I, ApiError>,
    upsert: impl FnMut(&mut DbConnection, I) -> Result<(S, bool), ApiError> + Send + 'static,
    view: fn(S, &Locale) -> T,
) -> Result<HttpResponse, ApiError>
where
    I: Send + 'static,
    S: 'static,
    T: Serialize + ToSchema + 'static,
{
    if items.is_empty() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "items",
            FieldProblem::Required,
        )]));
    }
    let items: Vec<_> = items.into_iter().map(read).collect();
    idempotent
        .write(db, move |conn| {
            let outcomes = batch::each(conn, items, upsert)?;
            Written::build(StatusCode::OK).json(&BatchResults::new(outcomes, &locale, |value| view(value, &locale)))
        })
        .await
}
