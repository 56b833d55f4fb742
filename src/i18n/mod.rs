//! Every text a person reads: Fluent messages in `locales/{en,ro,pl,el}`, embedded in the binary,
//! and the choice of language for each request.

mod locale;
mod negotiate;
mod romanian;

use std::sync::RwLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rustc_hash::FxHashMap;
use unic_langid::LanguageIdentifier;

pub use locale::Locale;
pub use negotiate::{english_only, language_of_tag, negotiate};

#[cfg(test)]
mod plural_forms;
#[cfg(test)]
mod tests;

use crate::domain::{Code, Language};

/// The Fluent files of each locale, in the order they are loaded.
pub const FILES: [&str; 6] = [
    "documents.ftl",
    "errors.ftl",
    "fields.ftl",
    "gaps.ftl",
    "labels.ftl",
    "warning.ftl",
];

macro_rules! sources {
    ($lang:literal) => {
        [
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/locales/",
                $lang,
                "/documents.ftl"
            )),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $lang, "/errors.ftl")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $lang, "/fields.ftl")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $lang, "/gaps.ftl")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $lang, "/labels.ftl")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/locales/", $lang, "/warning.ftl")),
        ]
    };
}

fn embedded_sources(lang: Language) -> [&'static str; FILES.len()] {
    match lang {
        Language::En => sources!("en"),
        Language::Ro => sources!("ro"),
        Language::Pl => sources!("pl"),
        Language::El => sources!("el"),
    }
}

/// Named arguments of a message.
pub type Args<'a> = FluentArgs<'a>;

/// Builds message arguments: `args([("count", 3.into())])`.
pub fn args<'a, const N: usize>(pairs: [(&'a str, FluentValue<'a>); N]) -> Args<'a> {
    let mut out = FluentArgs::new();
    for (name, value) in pairs {
        out.set(name, value);
    }
    out
}

/// The loaded messages of all four languages. Built once at start and shared by every worker.
pub struct Localizer {
    bundles: Vec<(Language, FluentBundle<FluentResource>)>,
    /// Labels take no arguments, so each is formatted once: a page of 50 incidents shows 200.
    labels: RwLock<FxHashMap<(Language, &'static str, &'static str), String>>,
}

/// A problem found while loading the messages; the service refuses to start with one.
#[derive(Debug, thiserror::Error)]
#[error("{lang}/{file}: {problem}")]
pub struct LoadError {
    pub lang: &'static str,
    pub file: &'static str,
    pub problem: String,
}

impl Localizer {
    pub fn load() -> Result<Self, LoadError> {
        let mut bundles = Vec::new();
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let id: LanguageIdentifier = lang.code().parse().map_err(|e| LoadError {
                lang: lang.code(),
                file: "-",
                problem: format!("{e}"),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // API text is JSON, not bidirectional UI text: no U+2068/U+2069 around arguments.
            bundle.set_use_isolating(false);
            if lang == Language::Ro {
                bundle.add_function("PLURAL", romanian::plural).map_err(|e| LoadError {
                    lang: lang.code(),
                    file: "-",
                    problem: format!("{e:?}"),
                })?;
            }
            for (file, source) in FILES.iter().zip(embedded_sources(lang)) {
                let problem = |problem: String| LoadError {
                    lang: lang.code(),
                    file,
                    problem,
                };
                let resource =
                    FluentResource::try_new(source.to_owned()).map_err(|(_, errors)| problem(format!("{errors:?}")))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errors| problem(format!("{errors:?}")))?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Self {
            bundles,
            labels: RwLock::default(),
        })
    }

    fn bundle(&self, lang: Language) -> &FluentBundle<FluentResource> {
        self.bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .or_else(|| self.bundles.first())
            .map(|(_, bundle)| bundle)
            .expect("the four bundles are loaded at start")
    }

    /// Formats message `id` (or `id.attribute`) in `lang`, falling back to English when the
    /// message is missing there, and to the id itself when it is missing everywhere (a test
    /// makes sure that never happens).
    pub fn format(&self, lang: Language, id: &str, args: Option<&Args>) -> String {
        self.try_format(lang, id, args)
            .or_else(|| self.try_format(Language::En, id, args))
            .unwrap_or_else(|| {
                tracing::error!(id, lang = lang.code(), "missing message");
                id.to_owned()
            })
    }

    /// Formats message `id` in `lang`; `None` when it does not exist or does not format cleanly.
    pub fn try_format(&self, lang: Language, id: &str, args: Option<&Args>) -> Option<String> {
        let bundle = self.bundle(lang);
        let (message_id, attribute) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let message = bundle.get_message(message_id)?;
        let pattern = match attribute {
            Some(name) => message.get_attribute(name)?.value(),
            None => message.value()?,
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if errors.is_empty() {
            Some(text.into_owned())
        } else {
            tracing::error!(id, lang = lang.code(), ?errors, "message does not format");
            None
        }
    }

    /// The localized label of a code.
    pub fn label<C: Code>(&self, lang: Language, code: C) -> String {
        let key = (lang, C::LABEL_PREFIX, code.code());
        if let Some(label) = self.labels.read().ok().and_then(|labels| labels.get(&key).cloned()) {
            return label;
        }
        let label = self.format(lang, &code.label_id(), None);
        if let Ok(mut labels) = self.labels.write() {
            labels.insert(key, label.clone());
        }
        label
    }

    /// Every message id (with `.attribute` ids) defined in `lang`, for completeness checks.
    pub fn message_ids(&self, lang: Language) -> Vec<String> {
        embedded_sources(lang)
            .iter()
            .flat_map(|source| {
                let resource = FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(r, _)| r);
                let mut ids = Vec::new();
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        ids.push(m.id.name.to_owned());
                        ids.extend(m.attributes.iter().map(|a| format!("{}.{}", m.id.name, a.id.name)));
                    }
                }
                ids
            })
            .collect()
    }
}
