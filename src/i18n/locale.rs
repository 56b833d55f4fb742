//! The `Locale` extractor: the language of this request and the messages to speak it with.

use std::future::{ready, Ready};

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpMessage, HttpRequest};
use serde::Deserialize;

use super::{english_only, negotiate, Args, Localizer};
use crate::domain::{Code, Language};
use crate::error::ApiError;

/// Marks a request whose handler took a `Locale`.
struct Used;

#[derive(Clone)]
pub struct Locale {
    pub lang: Language,
    localizer: web::Data<Localizer>,
}

impl Locale {
    pub fn new(lang: Language, localizer: web::Data<Localizer>) -> Self {
        Self { lang, localizer }
    }

    /// The same messages in another language (webhook payloads are in English).
    pub fn in_language(&self, lang: Language) -> Self {
        Self::new(lang, self.localizer.clone())
    }

    /// The language a request asked for, remembered in its extensions once chosen.
    pub fn language_of(req: &HttpRequest) -> Language {
        if let Some(lang) = req.extensions().get::<Language>() {
            return *lang;
        }
        #[derive(Deserialize)]
        struct LangQuery {
            lang: Option<String>,
        }
        let query_lang = web::Query::<LangQuery>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.into_inner().lang);
        let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
        let lang = if english_only(req.path()) {
            Language::En
        } else {
            negotiate(query_lang.as_deref(), accept)
        };
        req.extensions_mut().insert(lang);
        lang
    }

    /// Whether a handler of this request took a `Locale`: its response is in that language.
    pub fn was_used(req: &HttpRequest) -> bool {
        req.extensions().contains::<Used>()
    }

    pub fn t(&self, id: &str) -> String {
        self.localizer.format(self.lang, id, None)
    }

    pub fn t_args(&self, id: &str, args: &Args) -> String {
        self.localizer.format(self.lang, id, Some(args))
    }

    pub fn label<C: Code>(&self, code: C) -> String {
        self.localizer.label(self.lang, code)
    }
}

impl FromRequest for Locale {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<Localizer>>() {
            Some(localizer) => {
                req.extensions_mut().insert(Used);
                Ok(Locale::new(Locale::language_of(req), localizer.clone()))
            }
            None => Err(ApiError::internal("the localizer is not registered as app data")),
        })
    }
}
