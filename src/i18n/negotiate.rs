//! Which language a request is answered in.

use unic_langid::LanguageIdentifier;

use crate::domain::{Code, Language};

/// `?lang=` when it names a supported language; else the best supported language of
/// `Accept-Language` by q-value; else English. Both take language tags the same way: any case,
/// region and script subtags ignored (`ro-RO`, `EL`, `pl-pl`).
pub fn negotiate(query_lang: Option<&str>, accept_language: Option<&str>) -> Language {
    // A `?lang=` the service does not speak is refused before this (422); the header is lenient.
    query_lang
        .and_then(language_of_tag)
        .or_else(|| {
            accept_language.and_then(|header| {
                accept_language::parse_with_quality(header)
                    .iter()
                    .filter(|(_, quality)| *quality > 0.0)
                    .find_map(|(tag, _)| language_of_tag(tag))
            })
        })
        .unwrap_or(Language::En)
}

/// The language a BCP 47 tag names, when the service speaks it: `ro`, `ro-RO`, `EL`, `pl_PL`.
/// `None` for a malformed tag, `*`, or a language the service does not speak.
pub fn language_of_tag(tag: &str) -> Option<Language> {
    let id = LanguageIdentifier::from_bytes(tag.trim().as_bytes()).ok()?;
    Language::parse(id.language.as_str())
}

/// Paths whose responses are written in English only, whatever the request asks: the OpenAPI
/// document and the documentation UI that shows it.
pub fn english_only(path: &str) -> bool {
    path == "/openapi.json" || path == "/docs" || path.starts_with("/docs/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameter_wins() {
        assert_eq!(negotiate(Some("pl"), Some("ro")), Language::Pl);
    }

    #[test]
    fn unsupported_query_falls_back_to_header() {
        assert_eq!(negotiate(Some("de"), Some("el-GR")), Language::El);
    }

    #[test]
    fn q_values_are_honoured() {
        assert_eq!(negotiate(None, Some("de;q=1.0, en;q=0.3, ro-RO;q=0.8")), Language::Ro);
        assert_eq!(negotiate(None, Some("pl;q=0.1, el;q=0.9")), Language::El);
    }

    #[test]
    fn refused_languages_are_skipped() {
        assert_eq!(negotiate(None, Some("ro;q=0, pl;q=0.5")), Language::Pl);
    }

    #[test]
    fn tags_are_read_like_the_header_reads_them() {
        for (tag, lang) in [
            ("ro", Some(Language::Ro)),
            ("ro-RO", Some(Language::Ro)),
            ("RO-ro", Some(Language::Ro)),
            ("ro_RO", Some(Language::Ro)),
            ("EL", Some(Language::El)),
            ("el-GR", Some(Language::El)),
            ("pl-pl", Some(Language::Pl)),
            ("en-GB", Some(Language::En)),
            (" pl ", Some(Language::Pl)),
            ("sr-Latn-RS", None),
            ("xx", None),
            ("de-DE", None),
            ("", None),
            ("*", None),
            ("ro-", None),
            ("r", None),
            ("ro--RO", None),
            ("ro,pl", None),
        ] {
            assert_eq!(language_of_tag(tag), lang, "{tag:?}");
        }
    }

    #[test]
    fn a_query_tag_with_a_region_chooses() {
        assert_eq!(negotiate(Some("ro-RO"), Some("pl")), Language::Ro);
        assert_eq!(negotiate(Some("EL"), None), Language::El);
        assert_eq!(negotiate(None, Some("PL-pl;q=0.9, en;q=0.1")), Language::Pl);
    }

    #[test]
    fn the_api_documentation_is_english_only() {
        for path in ["/openapi.json", "/docs", "/docs/", "/docs/index.html"] {
            assert!(english_only(path), "{path}");
        }
        for path in ["/v1/gaps", "/docsx", "/v1/docs", "/openapi.json/x"] {
            assert!(!english_only(path), "{path}");
        }
    }

    #[test]
    fn english_by_default() {
        assert_eq!(negotiate(None, None), Language::En);
        assert_eq!(negotiate(None, Some("fr-FR, de")), Language::En);
        assert_eq!(negotiate(None, Some("*")), Language::En);
    }
}
