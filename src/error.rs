//! The one error type of the API. Every variant has a stable snake_case `code`, an HTTP status
//! and Fluent messages (`problem-{code}`: the title, with the detail as an attribute); the HTTP
//! layer renders it as localized RFC 9457 problem details (`http::problem`).

use std::fmt::Display;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use fluent_bundle::FluentValue;

use crate::domain::{ActionStatus, Role};
use crate::i18n::{args, Args, Locale};

/// The most field errors one 422 lists; its detail says how many there were in all.
pub const FIELD_ERRORS_MAX: usize = 100;

/// What kind of resource was not found or is in conflict, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Client,
    Incident,
    TimelineEntry,
    Retrospective,
    Gap,
    Action,
    ApiKey,
    Webhook,
    Delivery,
    Share,
}

impl Resource {
    fn key(self) -> &'static str {
        match self {
            Self::Client => "client",
            Self::Incident => "incident",
            Self::TimelineEntry => "timeline_entry",
            Self::Retrospective => "retrospective",
            Self::Gap => "gap",
            Self::Action => "action",
            Self::ApiKey => "api_key",
            Self::Webhook => "webhook",
            Self::Delivery => "delivery",
            Self::Share => "share",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("the body is not valid JSON (line {line}, column {column})")]
    MalformedJson { line: usize, column: usize },
    #[error("the body is not UTF-8 text")]
    InvalidUtf8,
    #[error("unknown field `{field}`")]
    UnknownField { field: String },
    #[error("{} invalid field(s)", .0.len())]
    Validation(Vec<FieldError>),
    #[error("{0:?} `{1}` not found")]
    NotFound(Resource, String),
    #[error("no route")]
    RouteNotFound,
    #[error("method not allowed; allowed: {allowed:?}")]
    MethodNotAllowed { allowed: Vec<String> },
    #[error("body larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("the client still has {incidents} incident(s)")]
    ClientHasIncidents { incidents: i64 },
    /// Its corrective actions outlive its incidents: they are the firm's record too.
    #[error("the client has {actions} corrective actions")]
    ClientHasActions { actions: i64 },
    #[error("external reference {ref_source}/{external_id} belongs to another {resource:?}")]
    ExternalRefTaken {
        resource: Resource,
        ref_source: String,
        external_id: String,
    },
    #[error("no API key was presented")]
    MissingApiKey,
    #[error("the API key is unknown or revoked")]
    InvalidApiKey,
    #[error("the key's role {role:?} does not allow an operation that needs {required:?}")]
    Forbidden { role: Role, required: Role },
    #[error("rate limit reached; retry after {retry_after} s")]
    RateLimited { retry_after: u64 },
    #[error("too many failed authentications from this address; retry after {retry_after} s")]
    TooManyFailedAuthentications { retry_after: u64 },
    #[error("If-Match does not match the current ETag")]
    PreconditionFailed,
    #[error("the header {name} is invalid")]
    InvalidHeader { name: &'static str, max: usize },
    #[error("the first request with this idempotency key is still running")]
    IdempotencyKeyInUse,
    #[error("the idempotency key was used with another request")]
    IdempotencyKeyReused,
    #[error("the request with this idempotency key succeeded, and its response held a secret that is not kept")]
    IdempotencySecretNotReplayed,
    #[error("If-Match is not * or a list of entity tags")]
    InvalidIfMatch,
    #[error("the incident's timeline already has {max} entries")]
    TimelineFull { max: i64 },
    #[error("a key cannot revoke itself")]
    CannotRevokeOwnKey,
    #[error("cannot move an action from {from:?} to {to:?}")]
    InvalidTransition {
        from: ActionStatus,
        to: ActionStatus,
        allowed: Vec<ActionStatus>,
    },
    #[error("the action can be verified from {available_on}")]
    VerificationTooEarly { available_on: chrono::NaiveDate },
    #[error("invalid cursor")]
    InvalidCursor,
    /// A change-feed cursor from before the oldest event kept: events after it were purged.
    #[error("the cursor is older than the events kept")]
    CursorExpired { retention_days: u32 },
    #[error("invalid query string")]
    InvalidQuery,
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("the webhook worker is not running")]
    WorkerStopped,
    #[error("internal error: {0}")]
    Internal(String),
    /// The client's letter needs a published retrospective with a client summary.
    #[error("the client's letter is not ready (draft: {draft})")]
    LetterNotReady { draft: bool },
    /// Share links need `--public-url`: without it no address the client can open is known.
    #[error("no --public-url is configured")]
    PublicUrlMissing,
}

impl ApiError {
    pub fn internal(cause: impl Display) -> Self {
        Self::Internal(cause.to_string())
    }

    pub fn unavailable(cause: impl Display) -> Self {
        Self::Unavailable(cause.to_string())
    }

    pub fn not_found(resource: Resource, id: impl Display) -> Self {
        Self::NotFound(resource, id.to_string())
    }

    /// Stable, machine-readable; a client may switch on it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::MalformedJson { .. } | Self::InvalidUtf8 => "malformed_body",
            Self::UnknownField { .. } => "unknown_field",
            Self::Validation(_) => "validation_failed",
            Self::NotFound(..) | Self::RouteNotFound => "not_found",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::ClientHasIncidents { .. } => "client_has_incidents",
            Self::ClientHasActions { .. } => "client_has_actions",
            Self::ExternalRefTaken { .. } => "external_ref_taken",
            Self::MissingApiKey | Self::InvalidApiKey => "unauthenticated",
            Self::Forbidden { .. } => "forbidden",
            Self::RateLimited { .. } => "rate_limited",
            Self::TooManyFailedAuthentications { .. } => "too_many_failed_authentications",
            Self::PreconditionFailed => "precondition_failed",
            Self::InvalidHeader { .. } | Self::InvalidIfMatch => "invalid_header",
            Self::IdempotencyKeyInUse => "idempotency_key_in_use",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::IdempotencySecretNotReplayed => "idempotency_secret_not_replayed",
            Self::CannotRevokeOwnKey => "cannot_revoke_own_key",
            Self::TimelineFull { .. } => "timeline_full",
            Self::InvalidTransition { .. } => "invalid_transition",
            Self::VerificationTooEarly { .. } => "verification_too_early",
            Self::InvalidCursor => "invalid_cursor",
            Self::CursorExpired { .. } => "cursor_expired",
            Self::InvalidQuery => "invalid_query",
            Self::Unavailable(_) => "service_unavailable",
            Self::WorkerStopped => "worker_stopped",
            Self::Internal(_) => "internal_error",
            Self::LetterNotReady { .. } => "letter_not_ready",
            Self::PublicUrlMissing => "public_url_missing",
        }
    }

    /// The Fluent attribute of `problem-{code}` that holds this error's detail.
    pub fn detail_attribute(&self) -> &'static str {
        match self {
            Self::InvalidUtf8 => "utf8",
            Self::NotFound(resource, _) => resource.key(),
            Self::RouteNotFound => "route",
            Self::ExternalRefTaken { resource, .. } => resource.key(),
            Self::MissingApiKey => "missing",
            Self::InvalidIfMatch => "if_match",
            Self::InvalidApiKey => "invalid",
            Self::Validation(errors) if errors.len() > FIELD_ERRORS_MAX => "truncated",
            Self::LetterNotReady { draft: true } => "draft",
            Self::LetterNotReady { draft: false } => "summary",
            _ => "detail",
        }
    }

    /// The detail's arguments; labels of codes are put in the response language.
    pub fn detail_args(&self, locale: &Locale) -> Args<'_> {
        match self {
            Self::InvalidTransition { from, to, allowed } => {
                let allowed = if allowed.is_empty() {
                    locale.t("problem-invalid_transition.none")
                } else {
                    allowed.iter().map(|s| locale.label(*s)).collect::<Vec<_>>().join(", ")
                };
                args([
                    ("from", locale.label(*from).into()),
                    ("to", locale.label(*to).into()),
                    ("allowed", allowed.into()),
                ])
            }
            Self::VerificationTooEarly { available_on } => args([("date", available_on.to_string().into())]),
            Self::MalformedJson { line, column } => args([("line", (*line).into()), ("column", (*column).into())]),
            Self::UnknownField { field } => args([("field", field.as_str().into())]),
            Self::Validation(errors) => args([("count", errors.len().into()), ("max", FIELD_ERRORS_MAX.into())]),
            Self::NotFound(_, id) => args([("id", id.as_str().into())]),
            Self::MethodNotAllowed { allowed } => args([("allowed", allowed.join(", ").into())]),
            Self::PayloadTooLarge { limit } => args([("limit_kib", (*limit / 1024).into())]),
            Self::ClientHasIncidents { incidents } => args([("count", (*incidents).into())]),
            Self::ClientHasActions { actions } => args([("count", (*actions).into())]),
            Self::TimelineFull { max } => args([("max", (*max).into())]),
            Self::CursorExpired { retention_days } => args([("days", (*retention_days).into())]),
            Self::Forbidden { role, required } => args([
                ("role", locale.label(*role).into()),
                ("required", locale.label(*required).into()),
            ]),
            Self::RateLimited { retry_after } | Self::TooManyFailedAuthentications { retry_after } => {
                args([("seconds", (*retry_after).into())])
            }
            Self::InvalidHeader { name, max } => args([("name", (*name).into()), ("max", (*max).into())]),
            Self::ExternalRefTaken {
                ref_source,
                external_id,
                ..
            } => args([
                ("source", ref_source.as_str().into()),
                ("external_id", external_id.as_str().into()),
            ]),
            _ => Args::new(),
        }
    }

    /// The field errors a response lists: at most `FIELD_ERRORS_MAX`, the first ones.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Validation(errors) => &errors[..errors.len().min(FIELD_ERRORS_MAX)],
            _ => &[],
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::MalformedJson { .. }
            | Self::InvalidUtf8
            | Self::UnknownField { .. }
            | Self::InvalidHeader { .. }
            | Self::InvalidIfMatch
            | Self::InvalidQuery => StatusCode::BAD_REQUEST,
            // A cursor this service did not issue is a query value that names nothing, as an
            // unknown id in a body does.
            Self::Validation(_) | Self::IdempotencyKeyReused | Self::InvalidCursor => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MissingApiKey | Self::InvalidApiKey => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } | Self::TooManyFailedAuthentications { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::IdempotencyKeyInUse | Self::IdempotencySecretNotReplayed | Self::CannotRevokeOwnKey => {
                StatusCode::CONFLICT
            }
            Self::NotFound(..) | Self::RouteNotFound => StatusCode::NOT_FOUND,
            // The events the consumer would need are gone for good: it must copy the lists again.
            Self::CursorExpired { .. } => StatusCode::GONE,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::ClientHasIncidents { .. }
            | Self::ClientHasActions { .. }
            | Self::ExternalRefTaken { .. }
            | Self::InvalidTransition { .. }
            | Self::VerificationTooEarly { .. }
            | Self::LetterNotReady { .. } => StatusCode::CONFLICT,
            // The request is fine; this server was not told the address its links live at.
            Self::PublicUrlMissing => StatusCode::CONFLICT,
            // The request is valid and would be taken by another incident: it is this incident's
            // stored timeline that refuses it, and removing an entry makes the same request pass.
            // That is a conflict with stored data (409), not an invalid field (422).
            Self::TimelineFull { .. } => StatusCode::CONFLICT,
            Self::Unavailable(_) | Self::WorkerStopped => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Only the status and headers: the localized body is written by the `problem_details`
    /// middleware, which knows the request's language.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        match self {
            Self::MethodNotAllowed { allowed } => {
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            Self::MissingApiKey | Self::InvalidApiKey => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"clientretro\""));
            }
            Self::RateLimited { retry_after } | Self::TooManyFailedAuthentications { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            // Busy or briefly unreachable: a retry soon is likely to succeed.
            Self::Unavailable(_) | Self::WorkerStopped => {
                response.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        response.finish()
    }
}

impl From<diesel::result::Error> for ApiError {
    /// A database that is busy (SQLite's lock held past the busy timeout, a PostgreSQL
    /// serialization failure or deadlock) is a 503 to retry, not a fault of ours.
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error};
        match &error {
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => Self::unavailable(error),
            Error::DatabaseError(_, info) if is_busy(info.message()) => Self::unavailable(error),
            _ => Self::internal(error),
        }
    }
}

/// SQLite's SQLITE_BUSY and SQLITE_LOCKED, PostgreSQL's deadlock (40P01) and lock timeout
/// (55P03), by their messages: diesel gives them no kind of their own.
fn is_busy(message: &str) -> bool {
    message.starts_with("database is locked")
        || message.starts_with("database table is locked")
        || message.starts_with("database is busy")
        || message.starts_with("deadlock detected")
        || message.starts_with("canceling statement due to lock timeout")
}

/// One invalid field of a request, before it is put into words.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    /// Where the field is: `summary`, `external_refs[1].source`, or a query parameter name.
    pub field: String,
    pub problem: FieldProblem,
}

impl FieldError {
    pub fn new(field: impl Into<String>, problem: FieldProblem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// Why a field is invalid. Each has a code and a Fluent message `field-{code}`.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldProblem {
    Required,
    NotNullable,
    Blank,
    TooLong {
        max: usize,
    },
    TooMany {
        max: usize,
    },
    ControlCharacters,
    UnknownCode {
        value: String,
        allowed: Vec<&'static str>,
    },
    InvalidDateTime,
    InvalidDate,
    InvalidEmail,
    InvalidId,
    UnknownId,
    /// The incidents named belong to different clients.
    DifferentClients,
    WrongType,
    /// Exactly one confirmed gap must be the primary one.
    OnePrimary,
    /// A published retrospective needs at least one confirmed gap.
    RequiredToPublish,
    OutOfRange {
        min: i64,
        max: i64,
    },
    Duplicate,
    /// No client has this CRM reference.
    UnknownReference,
    /// Two fields that exclude each other were both given.
    Exclusive {
        other: &'static str,
    },
    InvalidUrl,
    /// The URL's host is a loopback or private address, which the operator has not allowed.
    PrivateAddress,
    /// The URL's host is link-local (where cloud metadata services live): never allowed.
    LinkLocalAddress,
    /// An incident stays with the client it was filed for.
    ClientCannotChange,
    /// A body's reference differs from the one its path names.
    NotThePathReference,
    /// A published retrospective needs this field (the corrective-action record).
    NeededToPublish,
    /// Action is declared needed, but no action (not cancelled) answers the incident for one of
    /// its confirmed gaps.
    NoActionForGap,
    /// A window was given for an action a person verifies (effectiveness `manual`).
    WindowNeedsCriterion,
    /// A time later than now (beyond a few minutes of clock skew).
    InFuture,
    /// A field that only a payment has (`days_late`).
    OnlyForPayment,
}

impl FieldProblem {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::NotNullable => "not_nullable",
            Self::Blank => "blank",
            Self::TooLong { .. } => "too_long",
            Self::TooMany { .. } => "too_many",
            Self::ControlCharacters => "control_characters",
            Self::UnknownCode { .. } => "unknown_code",
            Self::InvalidDateTime => "invalid_datetime",
            Self::InvalidDate => "invalid_date",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidId => "invalid_id",
            Self::UnknownId => "unknown_id",
            Self::DifferentClients => "different_clients",
            Self::WrongType => "wrong_type",
            Self::OnePrimary => "one_primary",
            Self::RequiredToPublish => "required_to_publish",
            Self::OutOfRange { .. } => "out_of_range",
            Self::Duplicate => "duplicate",
            Self::UnknownReference => "unknown_reference",
            Self::Exclusive { .. } => "exclusive",
            Self::InvalidUrl => "invalid_url",
            Self::PrivateAddress => "private_address",
            Self::LinkLocalAddress => "link_local_address",
            Self::ClientCannotChange => "client_cannot_change",
            Self::NotThePathReference => "not_the_path_reference",
            Self::NeededToPublish => "needed_to_publish",
            Self::NoActionForGap => "no_action_for_gap",
            Self::WindowNeedsCriterion => "window_needs_criterion",
            Self::InFuture => "in_future",
            Self::OnlyForPayment => "only_for_payment",
        }
    }

    pub fn args(&self) -> Args<'_> {
        match self {
            Self::TooLong { max } | Self::TooMany { max } => args([("max", (*max).into())]),
            Self::UnknownCode { value, allowed } => args([
                ("value", value.as_str().into()),
                ("allowed", FluentValue::from(allowed.join(", "))),
            ]),
            Self::OutOfRange { min, max } => args([("min", (*min).into()), ("max", (*max).into())]),
            Self::Exclusive { other } => args([("other", (*other).into())]),
            _ => Args::new(),
        }
    }

    /// The codes a client may send instead, for `unknown_code`.
    pub fn allowed(&self) -> Option<&[&'static str]> {
        match self {
            Self::UnknownCode { allowed, .. } => Some(allowed),
            _ => None,
        }
    }
}
