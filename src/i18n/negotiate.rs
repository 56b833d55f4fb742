//! Which language a request is answered in.

use crate::domain::{Code, Language};

/// `?lang=` when it names a supported language; else the best supported language of
/// `Accept-Language` by q-value (`ro-RO` counts as `ro`); else English.
pub fn negotiate(query_lang: Option<&str>, accept_language: Option<&str>) -> Language {
    // `?lang=` is exact (a wrong one is refused elsewhere); the header is negotiated.
    query_lang
        .and_then(Language::parse)
        .or_else(|| {
            accept_language.and_then(|header| {
                accept_language::parse_with_quality(header)
                    .iter()
                    .filter(|(_, quality)| *quality > 0.0)
                    .find_map(|(tag, _)| primary_language(tag))
            })
        })
        .unwrap_or(Language::En)
}

fn primary_language(tag: &str) -> Option<Language> {
    let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    Language::parse(&primary)
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
    fn english_by_default() {
        assert_eq!(negotiate(None, None), Language::En);
        assert_eq!(negotiate(None, Some("fr-FR, de")), Language::En);
        assert_eq!(negotiate(None, Some("*")), Language::En);
    }
}
