//! `ApiJson<T>`: the JSON body extractor. Unlike actix's `Json`, its errors say exactly what is
//! wrong (where the syntax breaks, which field is unknown or has the wrong type) in a way the
//! problem-details layer can put into any of the four languages.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::header;
use actix_web::{dev::Payload, web, FromRequest, HttpRequest};
use serde::de::{DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{ApiError, FieldError, FieldProblem};
use crate::validation::TOO_MANY_ITEMS;

/// Largest accepted request body.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// Largest body of a batch (`POST /v1/clients/batch`, `/v1/incidents/batch`): 100 items of
/// up to ~80 KiB each.
pub const BATCH_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The largest body the route at `path` takes.
pub fn body_limit(path: &str) -> usize {
    if path.ends_with("/batch") {
        BATCH_BODY_LIMIT
    } else {
        BODY_LIMIT
    }
}

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
            // The route's own limit, not the app-wide one (which lets batches through).
            let limit = body_limit(req.match_pattern().as_deref().unwrap_or(req.path()));
            let body = read_body(&req, &mut payload, limit).await?;
            parse(&body).map(ApiJson)
        })
    }
}

/// The whole body, refused with 413 as soon as it is known to exceed `limit`: at once when its
/// `Content-Length` says so, otherwise when the bytes received pass it.
async fn read_body(req: &HttpRequest, payload: &mut Payload, limit: usize) -> Result<web::Bytes, ApiError> {
    use futures_util::StreamExt;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let mut body = web::BytesMut::with_capacity(declared.unwrap_or(8192).min(limit));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| ApiError::MalformedJson { line: 1, column: 0 })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
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
/// The text's syntax is checked as a whole first (without building anything), so a syntax error
/// anywhere is reported as such even when a field before it is wrong; and every request body
/// must be a JSON object. The body is then read straight into `T`: no JSON tree of it is built,
/// so a capped list (`validation::capped`) stops at its cap while the body is read.
pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| ApiError::InvalidUtf8)?;
    serde_json::from_str::<Syntax>(text).map_err(|error| ApiError::MalformedJson {
        line: error.line(),
        column: error.column(),
    })?;
    if !text.trim_start().starts_with('{') {
        return Err(ApiError::Validation(vec![FieldError::new(
            "body",
            FieldProblem::WrongType,
        )]));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        classify(path, error.into_inner())
    })
}

/// Any JSON value, read and dropped: checks a body's syntax, and serde_json's nesting limit (128),
/// without building anything.
struct Syntax;

impl<'de> Deserialize<'de> for Syntax {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SyntaxVisitor)
    }
}

struct SyntaxVisitor;

impl<'de> Visitor<'de> for SyntaxVisitor {
    type Value = Syntax;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_str<E>(self, _: &str) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_unit<E>(self) -> Result<Syntax, E> {
        Ok(Syntax)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Syntax, A::Error> {
        while seq.next_element::<Syntax>()?.is_some() {}
        Ok(Syntax)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Syntax, A::Error> {
        while map.next_entry::<IgnoredAny, Syntax>()?.is_some() {}
        Ok(Syntax)
    }
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
    } else if message.starts_with("duplicate field") {
        (join(&path, &quoted()), FieldProblem::Duplicate)
    } else if let Some(rest) = message.strip_prefix(TOO_MANY_ITEMS) {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        (
            join(&path, ""),
            FieldProblem::TooMany {
                max: digits.parse().unwrap_or_default(),
            },
        )
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

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Capped {
        #[serde(default, deserialize_with = "crate::validation::capped::<3, _, _>")]
        items: Vec<String>,
        #[serde(default, deserialize_with = "crate::validation::capped_double_option::<2, _, _>")]
        refs: Option<Option<Vec<Inner>>>,
    }

    #[test]
    fn capped_lists_stop_at_their_cap_and_name_the_field() {
        let ok = parse::<Capped>(br#"{"items":["a","b","c"],"refs":null}"#).unwrap();
        assert_eq!(ok.items.len(), 3);
        assert!(matches!(ok.refs, Some(None)));
        let over = parse::<Capped>(br#"{"items":["a","b","c","d"]}"#).unwrap_err();
        let ApiError::Validation(errors) = over else {
            panic!("expected 422")
        };
        assert_eq!(errors, [FieldError::new("items", FieldProblem::TooMany { max: 3 })]);
        // The item past the cap is skipped unread: a wrong one there is still `too_many`.
        let nested = parse::<Capped>(br#"{"refs":[{"source":"a"},{"source":"b"},{"nope":1}]}"#).unwrap_err();
        assert_eq!(field_of(nested), ("refs".into(), "too_many"));
        assert_eq!(
            field_of(parse::<Capped>(br#"{"items":"a"}"#).unwrap_err()),
            ("items".into(), "wrong_type")
        );
    }

    #[test]
    fn a_field_sent_twice_is_a_duplicate() {
        assert_eq!(
            field_of(parse::<Outer>(br#"{"name":"a","name":"b"}"#).unwrap_err()),
            ("name".into(), "duplicate")
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
