//! RFC 9457 problem details: every error response, from a handler, an extractor or actix
//! itself, leaves as a localized `application/problem+json` body with a stable `code`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::fallback::{self, RouteTable};
use super::locale;
use crate::domain::{Code, Language};
use crate::error::{ApiError, FieldError};
use crate::i18n::{Locale, Localizer};

pub const CONTENT_TYPE: &str = "application/problem+json";

/// An error, as RFC 9457 problem details. `title` and `detail` are in the response language;
/// `code` is stable and safe to switch on.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(example = json!({
    "type": "urn:clientretro:problem:validation_failed",
    "title": "Invalid input",
    "status": 422,
    "detail": "2 fields are invalid.",
    "code": "validation_failed",
    "instance": "/v1/incidents",
    "errors": [
        {"field": "summary", "code": "required", "message": "This field is required."},
        {"field": "category", "code": "unknown_code", "message": "“late” is not one of the allowed values: late_payment, abusive_conduct, …",
         "allowed": ["late_payment", "abusive_conduct"]}
    ]
}))]
pub struct Problem {
    /// `urn:clientretro:problem:{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable error code, e.g. `not_found`, `validation_failed`.
    pub code: String,
    /// The path of the request that failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// For `validation_failed`: one entry per invalid field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// One invalid field of a request.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProblemField {
    /// The field's path in the body (`external_refs[0].source`) or the query parameter's name.
    pub field: String,
    /// Stable code: `required`, `too_long`, `unknown_code`, `invalid_datetime`, …
    pub code: String,
    /// What is wrong, in the response language.
    pub message: String,
    /// For `unknown_code`: the values the field accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<String>>,
}

impl Problem {
    pub fn new(error: &ApiError, locale: &Locale, instance: Option<String>) -> Self {
        let code = error.code();
        let title = locale.t(&format!("problem-{code}"));
        let detail = locale.t_args(
            &format!("problem-{code}.{}", error.detail_attribute()),
            &error.detail_args(locale),
        );
        Self {
            problem_type: format!("urn:clientretro:problem:{code}"),
            title,
            status: error.status().as_u16(),
            detail,
            code: code.to_owned(),
            instance,
            errors: error
                .field_errors()
                .iter()
                .map(|e| ProblemField::new(e, locale))
                .collect(),
        }
    }
}

impl ProblemField {
    fn new(error: &FieldError, locale: &Locale) -> Self {
        let code = error.problem.code();
        Self {
            field: error.field.clone(),
            code: code.to_owned(),
            message: locale.t_args(&format!("field-{code}"), &error.problem.args()),
            allowed: error
                .problem
                .allowed()
                .map(|a| a.iter().map(|s| (*s).to_owned()).collect()),
        }
    }
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        actix_web::ResponseError::status_code(self)
    }

    /// The closest API error for an error response that actix produced by itself.
    fn from_status(status: StatusCode, allow: Option<&HeaderValue>) -> Self {
        match status.as_u16() {
            404 => Self::RouteNotFound,
            405 => Self::MethodNotAllowed {
                allowed: allow
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.split(',').map(|m| m.trim().to_owned()).collect())
                    .unwrap_or_default(),
            },
            413 => Self::PayloadTooLarge {
                limit: super::json::BODY_LIMIT,
            },
            415 => Self::UnsupportedMediaType,
            503 => Self::Unavailable(status.to_string()),
            400..=499 => Self::InvalidQuery,
            _ => Self::Internal(status.to_string()),
        }
    }
}

/// Marks an error response that carries its own body for a person (the HTML notices of a share
/// link): the problem layer adds its headers but neither replaces the body nor its language.
pub struct OwnBody;

/// Middleware: picks the response language, writes `Content-Language`, and gives every error
/// response a localized problem body. Internal causes are logged here and never sent.
pub async fn problem_details(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = locale::language_of(req.request());
    if let Some(error) = locale::invalid_lang(req.query_string()).or_else(|| undeclared_parameter(&req)) {
        let response = req.error_response(error);
        return Ok(render(response, lang));
    }
    // No clone of the request may live across the call: routing needs it unshared. Errors come
    // back inside the response; an `Err` here would only come from actix itself.
    let response = next.call(req).await?.map_into_boxed_body();
    Ok(render(response, lang))
}

/// A query parameter the operation does not declare is refused, as an unknown body field is:
/// ignoring it would let a misspelt `updated_sinse` silently list everything.
fn undeclared_parameter(req: &ServiceRequest) -> Option<ApiError> {
    // Most requests have no query: no route to look up.
    if req.query_string().is_empty() {
        return None;
    }
    let routes = req.app_data::<web::Data<RouteTable>>()?;
    let path = fallback::routed_path(req.request());
    routes
        .undeclared_parameter(req.method().as_str(), path, req.query_string())
        .map(|field| ApiError::UnknownField { field })
}

/// Gives an error response its localized problem body, every response its `Content-Language`
/// and `X-Content-Type-Options: nosniff`, and every response whose body depends on the language
/// `Vary: Accept-Language`: problems, everything under `/v1` (a replayed response too), and
/// whatever a handler wrote with a `Locale`.
fn render(response: ServiceResponse<BoxBody>, lang: Language) -> ServiceResponse<BoxBody> {
    let request = response.request().clone();
    let status = response.status();
    let already_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(CONTENT_TYPE.as_bytes()));
    let own_body = response.response().extensions().contains::<OwnBody>();
    let is_problem = !own_body && (already_problem || status.is_client_error() || status.is_server_error());
    let localized = is_problem || request.path().starts_with("/v1/") || locale::was_used(&request);
    let mut response = match request.app_data::<web::Data<Localizer>>() {
        Some(localizer) if (status.is_client_error() || status.is_server_error()) && !already_problem && !own_body => {
            let locale = Locale::new(lang, localizer.clone().into_inner());
            let problem = {
                let http = response.response();
                let own = http.error().and_then(|e| e.as_error::<ApiError>());
                let fallback;
                let error = match own {
                    Some(error) => error,
                    None => {
                        fallback = ApiError::from_status(status, http.headers().get(header::ALLOW));
                        &fallback
                    }
                };
                match error {
                    ApiError::Internal(cause) => tracing::error!(%cause, path = request.path(), "internal error"),
                    ApiError::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
                    _ => {}
                }
                Problem::new(error, &locale, Some(request.path().to_owned()))
            };
            let mut body = HttpResponse::build(status);
            for (name, value) in response.headers() {
                if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                    body.append_header((name.clone(), value.clone()));
                }
            }
            body.content_type(CONTENT_TYPE);
            response.into_response(body.json(problem))
        }
        _ => response,
    };
    let headers = response.headers_mut();
    // A replayed response states the language of its stored body; everything else, problems
    // included, is in this request's language.
    if is_problem || !headers.contains_key(header::CONTENT_LANGUAGE) {
        headers.insert(header::CONTENT_LANGUAGE, HeaderValue::from_static(lang.code()));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if localized {
        add_vary(headers, "Accept-Language");
    }
    response
}

/// Adds a name to `Vary`, keeping the names already there.
fn add_vary(headers: &mut header::HeaderMap, name: &'static str) {
    let present = headers
        .get_all(header::VARY)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case(name) || v.trim() == "*");
    if !present {
        headers.append(header::VARY, HeaderValue::from_static(name));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{FieldProblem, FIELD_ERRORS_MAX};

    fn problem(errors: usize, lang: Language) -> Problem {
        let localizer = std::sync::Arc::new(Localizer::load().expect("messages load"));
        let error = ApiError::Validation(
            (0..errors)
                .map(|i| FieldError::new(format!("tags[{i}]"), FieldProblem::Blank))
                .collect(),
        );
        Problem::new(&error, &Locale::new(lang, localizer), None)
    }

    #[test]
    fn a_422_lists_at_most_100_fields_and_says_how_many_there_were() {
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let cut = problem(250, lang);
            assert_eq!(cut.errors.len(), FIELD_ERRORS_MAX, "{lang:?}");
            assert_eq!(cut.errors[99].field, "tags[99]");
            assert!(
                cut.detail.contains("250") && cut.detail.contains("100"),
                "{lang:?}: {}",
                cut.detail
            );
            let whole = problem(FIELD_ERRORS_MAX, lang);
            assert_eq!(whole.errors.len(), FIELD_ERRORS_MAX);
            assert!(!whole.detail.contains("250"), "{lang:?}: {}", whole.detail);
            assert_ne!(cut.detail, whole.detail.replace("100", "250"), "{lang:?}");
        }
        assert_eq!(
            problem(101, Language::Ro).detail,
            "101 câmpuri sunt invalide; „errors” le arată doar pe primele 100."
        );
        assert_eq!(
            problem(105, Language::Pl).detail,
            "105 pól jest nieprawidłowych; pole „errors” wymienia tylko pierwsze 100."
        );
    }
}
