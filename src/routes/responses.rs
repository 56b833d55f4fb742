//! The problem responses an operation can give, for the OpenAPI document. Each is a type so
//! that an operation lists the ones it can return by name.

use crate::http::problem::Problem;

macro_rules! problem_responses {
    ($($name:ident $status:literal $description:literal;)+) => {
        $(
            #[derive(utoipa::IntoResponses)]
            #[response(status = $status, description = $description, content_type = "application/problem+json")]
            #[allow(dead_code)]
            pub struct $name(Problem);
        )+
    };
}

problem_responses! {
    BadRequest 400 "The body is not valid JSON or names an unknown field (`malformed_body`, `unknown_field`), or the query string cannot be read (`invalid_query`) or names a parameter this operation does not take (`unknown_field`).";
    NotFound 404 "Nothing has this id (`not_found`).";
    Conflict 409 "The change conflicts with stored data; `code` says how.";
    Gone 410 "The cursor is older than the events kept (`cursor_expired`): copy the lists again, then follow the feed from `after=latest`.";
    PreconditionFailed 412 "`If-Match` names a version that is no longer current (`precondition_failed`): read the resource again.";
    PayloadTooLarge 413 "The body is larger than 1 MiB (`payload_too_large`).";
    UnsupportedMediaType 415 "The body is not `application/json` (`unsupported_media_type`).";
    Unprocessable 422 "Some fields are invalid (`validation_failed`); `errors` names each one. Or the `cursor` was not issued by this service (`invalid_cursor`).";
    Unavailable 503 "The database cannot be reached or is busy (`service_unavailable`), or the webhook worker is being started again (`worker_stopped`); `Retry-After` says when to retry.";
}
