//! What the batch routes (`POST /v1/clients/batch`, `/v1/incidents/batch`) share: reading each
//! item on its own, so that one bad item is refused alone instead of failing the whole body.

use crate::error::ApiError;
use crate::http::json;

/// Reads one item as a body of its own; field paths in its errors are within the item.
pub fn item<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    let text = serde_json::to_vec(&value).map_err(ApiError::internal)?;
    json::parse(&text)
}
