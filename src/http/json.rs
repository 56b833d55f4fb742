//! `ApiJson<T>`: the JSON body extractor. Unlike actix's `Json`, its errors say exactly what is
//! wrong (where the syntax breaks, which field is unknown or has the wrong type) in a way the
//! problem-details layer can put into any of the four languages.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, FieldError, FieldProblem};

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 1024 * 1024;

pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json(&req) {
                return Err(ApiError::UnsupportedMediaType);
            }
            let body = web::Bytes::from_request(&req, &mut payload).await.map_err(|error| {
                match error.as_response_error().status_code().as_u16() {
                    413 => ApiError::PayloadTooLarge { limit: BODY_LIMIT },
                    _ => ApiError::MalformedJson { line: 1, column: 0 },
                }
            })?;
            parse(&body).map(ApiJson)
        })
    }
}

/// `application/json`, or any `+json` type; a missing Content-Type is refused too, so that a
/// form post is never read as JSON by accident.
fn is_json(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Deserializes a body, turning serde's errors into API errors that name the field.
///
/// The text is parsed as a whole first, so a syntax error anywhere is reported as such even when
/// a field before it is wrong; and every request body must be a JSON object.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::InvalidUtf8)?;
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| ApiError::MalformedJson {
        line: error.line(),
        column: error.column(),
    })?;
    if !value.is_object() {
        return Err(ApiError::Validation(vec![FieldError::new(
            "body",
            FieldProblem::WrongType,
        )]));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        classify(path, error.into_inner())
    })
}

fn classify(path: String, error: serde_json::Error) -> ApiError {
    // serde's data errors carry their facts only in the message, in a format stable for years:
    // "unknown field `x`, expected …", "missing field `x`", "invalid type: …".
    let message = error.to_string();
    let quoted = || message.split('`').nth(1).unwrap_or_default().to_owned();
    if message.starts_with("unknown field") {
        return ApiError::UnknownField {
            field: join(&path, &quoted()),
        };
    }
    let (field, problem) = if message.starts_with("missing field") {
        (join(&path, &quoted()), FieldProblem::Required)
    } else {
        (join(&path, ""), FieldProblem::WrongType)
    };
    ApiError::Validation(vec![FieldError::new(field, problem)])
}

/// `external_refs[0]` + `source` → `external_refs[0].source`; the body itself is `body`.
fn join(path: &str, name: &str) -> String {
    let path = if path == "." { "" } else { path };
    match (path.is_empty(), name.is_empty()) {
        (true, true) => "body".to_owned(),
        (true, false) => name.to_owned(),
        (false, true) => path.to_owned(),
        (false, false) if path.ends_with(name) => path.to_owned(),
        (false, false) => format!("{path}.{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        source: String,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        #[serde(default)]
        refs: Vec<Inner>,
    }

    fn field_of(error: ApiError) -> (String, &'static str) {
        match error {
            ApiError::Validation(errors) => (errors[0].field.clone(), errors[0].problem.code()),
            ApiError::UnknownField { field } => (field, "unknown_field"),
            other => (format!("{other:?}"), "other"),
        }
    }

    #[test]
    fn names_unknown_fields_also_nested() {
        let top = parse::<Outer>(br#"{"name":"a","admin":true}"#).unwrap_err();
        assert_eq!(field_of(top), ("admin".into(), "unknown_field"));
        let nested = parse::<Outer>(br#"{"name":"a","refs":[{"source":"x","id":1}]}"#).unwrap_err();
        assert_eq!(field_of(nested), ("refs[0].id".into(), "unknown_field"));
    }

    #[test]
    fn names_missing_and_mistyped_fields() {
        assert_eq!(
            field_of(parse::<Outer>(b"{}").unwrap_err()),
            ("name".into(), "required")
        );
        assert_eq!(
            field_of(parse::<Outer>(br#"{"name":5}"#).unwrap_err()),
            ("name".into(), "wrong_type")
        );
        assert_eq!(
            field_of(parse::<Outer>(b"\"text\"").unwrap_err()),
            ("body".into(), "wrong_type")
        );
        assert_eq!(
            field_of(parse::<Outer>(b"[1]").unwrap_err()),
            ("body".into(), "wrong_type")
        );
    }

    #[test]
    fn syntax_errors_are_malformed() {
        assert!(matches!(
            parse::<Outer>(br#"{"name":"#),
            Err(ApiError::MalformedJson { .. })
        ));
        assert!(matches!(
            parse::<Outer>(br#"{"name":"a"} x"#),
            Err(ApiError::MalformedJson { .. })
        ));
        assert!(matches!(parse::<Outer>(b"\xff"), Err(ApiError::InvalidUtf8)));
        let deep = "[".repeat(10_000);
        assert!(matches!(
            parse::<serde_json::Value>(deep.as_bytes()),
            Err(ApiError::MalformedJson { .. })
        ));
    }
}
