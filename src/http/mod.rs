//! HTTP plumbing shared by every route: the JSON body extractor, problem-details responses,
//! the answer for unknown routes and methods, and path ids.

pub mod etag;
pub mod fallback;
pub mod idempotency;
pub mod json;
pub mod problem;

use uuid::Uuid;

/// `Content-Security-Policy` of the retrospective document: the HTML page has its own inline
/// `<style>` and nothing else (no script, image, font or frame), so that is all it may use.
pub const CSP_DOCUMENT: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// `Content-Security-Policy` of the SVG chart: plotters writes presentation attributes only (no
/// `<style>`, no `style=`, no link), so the chart may load and run nothing at all.
pub const CSP_IMAGE: &str = "default-src 'none'; base-uri 'none'; form-action 'none'";

use crate::error::{ApiError, Resource};

/// Parses the id in a path; an id that is not a UUID names nothing, so it is a 404 as well.
pub fn path_id(raw: &str, resource: Resource) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(resource, raw))
}
