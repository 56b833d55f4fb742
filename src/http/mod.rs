//! HTTP plumbing shared by every route: the JSON body extractor, problem-details responses,
//! the answer for unknown routes and methods, path ids, the response language, and who is calling.

pub mod auth;
pub mod etag;
pub mod fallback;
pub mod idempotency;
pub mod json;
pub mod locale;
pub mod path;
pub mod problem;
pub mod requester;
pub mod written;

/// `Content-Security-Policy` of the retrospective document: the HTML page has its own inline
/// `<style>` and nothing else (no script, image, font or frame), so that is all it may use.
pub const CSP_DOCUMENT: &str = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/// `Content-Security-Policy` of the SVG chart: plotters writes presentation attributes only (no
/// `<style>`, no `style=`, no link), so the chart may load and run nothing at all.
pub const CSP_IMAGE: &str = "default-src 'none'; base-uri 'none'; form-action 'none'";
