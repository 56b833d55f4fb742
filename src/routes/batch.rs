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

/// An item's field error as a field of the whole body.
fn within(n: usize, error: FieldError) -> FieldError {
    let field = match error.field.as_str() {
        "body" => format!("items[{n}]"),
        field => format!("items[{n}].{field}"),
    };
    FieldError { field, ..error }
}

/// Reads one item as a body of its own; field paths in its errors are within the item.
pub fn item<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    let text = serde_json::to_vec(&value).map_err(ApiError::internal)?;
    json::parse(&text)
}

/// How a batch route reads an item: `form` checks it against its schema (parse and validate, as
/// the single-record route does), `key` finds the CRM reference that names it.
pub struct ItemReader<F, I> {
    pub form: fn(serde_json::Value) -> Result<F, ApiError>,
    pub key: fn(F) -> Result<I, ApiError>,
}

/// Reads every item, upserts them with `upsert` in one write transaction, and answers 200 with
/// each item's result, its stored value shown with `view`.
///
/// A batch in which any item does not fit the document (a field of the wrong type or form, an
/// unknown field) is refused whole, as any body would be, every error naming its item
/// (`items[3].name`): nothing is stored. An item that fits but cannot be keyed, or that stored
/// data refuses (a reference another record holds, an unknown client), is refused alone.
pub async fn upsert<F, I, S, T>(
    db: &Db,
    idempotent: Idempotent,
    locale: Locale,
    items: Vec<serde_json::Value>,
    reader: ItemReader<F, I>,
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
    let mut keyed = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    let mut unknown = None;
    for (n, value) in items.into_iter().enumerate() {
        match (reader.form)(value) {
            Ok(item) => keyed.push((reader.key)(item)),
            Err(ApiError::Validation(errors)) => problems.extend(errors.into_iter().map(|e| within(n, e))),
            Err(ApiError::UnknownField { field }) => {
                unknown.get_or_insert(format!("items[{n}].{field}"));
            }
            Err(other) => return Err(other),
        }
    }
    if let Some(field) = unknown {
        return Err(ApiError::UnknownField { field });
    }
    if !problems.is_empty() {
        return Err(ApiError::Validation(problems));
    }
    let items = keyed;
    idempotent
        .write(db, move |conn| {
            let outcomes = batch::each(conn, items, upsert)?;
            Written::build(StatusCode::OK).json(&BatchResults::new(outcomes, &locale, |value| view(value, &locale)))
        })
        .await
}
