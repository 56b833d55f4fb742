//! `Locale`: a language and the messages to speak it with. Which language a request gets is
//! decided in `http::locale`; everything below the HTTP layer only receives the answer.

use std::sync::Arc;

use super::{Args, Localizer};
use crate::domain::{Code, Language};

#[derive(Clone)]
pub struct Locale {
    pub lang: Language,
    localizer: Arc<Localizer>,
}

impl Locale {
    pub fn new(lang: Language, localizer: Arc<Localizer>) -> Self {
        Self { lang, localizer }
    }

    /// The same messages in another language (webhook payloads are in English).
    pub fn in_language(&self, lang: Language) -> Self {
        Self::new(lang, self.localizer.clone())
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
