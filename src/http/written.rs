//! The response of a write, built inside its transaction so that an idempotent POST can store
//! it in that same transaction (see `http::idempotency`).

use actix_web::http::header::{self, HeaderName, HeaderValue, TryIntoHeaderPair};
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

use crate::domain::{Code, Language};
use crate::error::ApiError;
use crate::models::idempotency::StoredResponse;

/// The response of a write, built inside its transaction so that it can be stored there. It is
/// `Send`, unlike `HttpResponse`, to come back from the blocking pool.
pub struct Written {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: web::Bytes,
    secret: bool,
}

/// Builds a `Written`, as `HttpResponseBuilder` builds an `HttpResponse`.
pub struct WrittenBuilder {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    secret: bool,
    error: Option<ApiError>,
}

impl Written {
    pub fn build(status: StatusCode) -> WrittenBuilder {
        WrittenBuilder {
            status,
            headers: Vec::new(),
            secret: false,
            error: None,
        }
    }

    /// What the idempotency table keeps of it: never the body of a response with a secret, and
    /// always the language of its body, which a replay states again.
    pub(crate) fn stored(&self, lang: Language) -> StoredResponse {
        let mut headers: Vec<(String, String)> = self
            .headers
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
            .collect();
        headers.push((header::CONTENT_LANGUAGE.as_str().to_owned(), lang.code().to_owned()));
        StoredResponse {
            status: self.status.as_u16(),
            headers,
            body: (!self.secret).then(|| String::from_utf8_lossy(&self.body).into_owned()),
        }
    }

    pub fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for header in self.headers {
            response.insert_header(header);
        }
        response.body(self.body)
    }
}

impl WrittenBuilder {
    pub fn header(mut self, header: impl TryIntoHeaderPair) -> Self {
        match header.try_into_pair() {
            Ok(pair) => self.headers.push(pair),
            Err(error) => {
                let error: actix_web::error::HttpError = error.into();
                self.error.get_or_insert(ApiError::internal(error));
            }
        }
        self
    }

    /// The body holds a secret shown only this once: a retry with the same key is told so
    /// (409 `idempotency_secret_not_replayed`) instead of getting a copy, and the body is not
    /// stored.
    pub fn secret(mut self) -> Self {
        self.secret = true;
        self
    }

    pub fn json(self, body: &impl Serialize) -> Result<Written, ApiError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let body = serde_json::to_vec(body).map_err(ApiError::internal)?;
        let mut headers = self.headers;
        headers.push((header::CONTENT_TYPE, HeaderValue::from_static("application/json")));
        Ok(Written {
            status: self.status,
            headers,
            body: body.into(),
            secret: self.secret,
        })
    }
}
