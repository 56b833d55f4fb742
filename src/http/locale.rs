//! The response language, decided once per request and only here: English for the API's own
//! documentation, else `?lang=` (a language tag; one the API does not speak is refused), else
//! `Accept-Language`, else English. The problem layer writes it into
//! `Content-Language`, handlers receive it as a [`Locale`], and an idempotent write stores it
//! with the response it replays.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use super::fallback::routed_path;
use crate::domain::{Code, Language};
use crate::error::{ApiError, FieldError, FieldProblem};
use crate::i18n::{english_only, language_of_tag, negotiate, Locale, Localizer};

/// The response language, on every operation.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct LangQuery {
    /// Response language, a tag read as `Accept-Language` reads it (`ro-RO`, `EL`; one the API does not speak is 422); when absent, `Accept-Language` decides (q-values honoured), else English.
    lang: Option<Language>,
}

/// Marks a request whose handler took a `Locale`.
struct Used;

/// The language a request asked for, remembered in its extensions once chosen.
pub fn language_of(req: &HttpRequest) -> Language {
    if let Some(lang) = req.extensions().get::<Language>() {
        return *lang;
    }
    // A query that names `lang` twice reads as none here (and is refused by `invalid_lang`).
    #[derive(Deserialize)]
    struct Lang {
        lang: Option<String>,
    }
    let query_lang = web::Query::<Lang>::from_query(req.query_string())
        .ok()
        .and_then(|q| q.into_inner().lang);
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    // The path the router read, as authentication does: `/%64ocs` is the documentation too.
    let lang = if english_only(routed_path(req)) {
        Language::En
    } else {
        negotiate(query_lang.as_deref(), accept)
    };
    req.extensions_mut().insert(lang);
    lang
}

/// The language `?lang=` names, if it names one; `Accept-Language` is not read. For what is
/// written for someone other than the caller (the client's letter), whose language the caller
/// chooses explicitly or the reader's own preference decides.
pub fn explicit_lang(req: &HttpRequest) -> Option<Language> {
    form_urlencoded_pairs(req.query_string())
        .find(|(name, _)| name == "lang")
        .and_then(|(_, value)| language_of_tag(&value))
}

/// Whether a handler of this request took a `Locale`: its response is in that language.
pub fn was_used(req: &HttpRequest) -> bool {
    req.extensions().contains::<Used>()
}

/// An explicit `?lang=` must name one language the API speaks, once: a mistyped one is an
/// error, not a silent fallback (only `Accept-Language` is negotiated leniently).
pub fn invalid_lang(query: &str) -> Option<ApiError> {
    let values: Vec<String> = form_urlencoded_pairs(query)
        .filter(|(name, _)| name == "lang")
        .map(|(_, value)| value)
        .collect();
    match values.as_slice() {
        [] => None,
        [one] if language_of_tag(one).is_some() => None,
        [one] => Some(ApiError::Validation(vec![FieldError::new(
            "lang",
            FieldProblem::UnknownCode {
                value: one.chars().take(100).collect(),
                allowed: Language::allowed(),
            },
        )])),
        _ => Some(ApiError::Validation(vec![FieldError::new(
            "lang",
            FieldProblem::Duplicate,
        )])),
    }
}

fn form_urlencoded_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

impl FromRequest for Locale {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<Localizer>>() {
            Some(localizer) => {
                req.extensions_mut().insert(Used);
                Ok(Locale::new(language_of(req), localizer.clone().into_inner()))
            }
            None => Err(ApiError::internal("the localizer is not registered as app data")),
        })
    }
}
