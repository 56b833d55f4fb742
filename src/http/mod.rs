//! HTTP plumbing shared by every route: the JSON body extractor, problem-details responses,
//! the answer for unknown routes and methods, and path ids.

pub mod etag;
pub mod fallback;
pub mod idempotency;
pub mod json;
pub mod problem;

use uuid::Uuid;

use crate::error::{ApiError, Resource};

/// Parses the id in a path; an id that is not a UUID names nothing, so it is a 404 as well.
pub fn path_id(raw: &str, resource: Resource) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(resource, raw))
}
