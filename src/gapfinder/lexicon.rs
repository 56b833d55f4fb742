//! The concepts the finder recognises (`data/gapfinder/concepts.toml`) and the words of each
//! language that express them (`data/gapfinder/lexicon/<language>.toml`), indexed for a fast
//! scan: every word of a text looks up only the phrases anchored on it.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::normalize::{fold, key_of, tokenize, Token, KEY_CHARS};
use super::KnowledgeError;
use crate::domain::{Code, Gap, Language};

const CONCEPTS: &str = include_str!("../../data/gapfinder/concepts.toml");

fn lexicon_source(lang: Language) -> &'static str {
    match lang {
        Language::En => include_str!("../../data/gapfinder/lexicon/en.toml"),
        Language::Ro => include_str!("../../data/gapfinder/lexicon/ro.toml"),
        Language::Pl => include_str!("../../data/gapfinder/lexicon/pl.toml"),
        Language::El => include_str!("../../data/gapfinder/lexicon/el.toml"),
    }
}

/// How strongly a concept points to its gap when no training data says otherwise.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Strong,
    Medium,
    Weak,
}

impl Tier {
    /// The default weight, on the model's logit scale.
    pub fn weight(self) -> f64 {
        match self {
            Self::Strong => 2.0,
            Self::Medium => 1.0,
            Self::Weak => 0.5,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptFile {
    gap: String,
    tier: Tier,
    #[serde(default)]
    absence: bool,
    meaning: String,
}

/// One concept: its id (as in the files), the gap it points to by default, and whether its
/// absence is what matters.
#[derive(Clone, Debug)]
pub struct Concept {
    pub id: String,
    pub gap: Gap,
    pub tier: Tier,
    pub absence: bool,
    pub meaning: String,
}

/// One word of a phrase: a prefix of a text's word, or (short words, `=word`) the whole word.
#[derive(Clone, Debug, PartialEq)]
pub struct Term {
    pub text: String,
    pub exact: bool,
}

impl Term {
    pub fn matches(&self, word: &str) -> bool {
        if self.exact {
            word == self.text
        } else {
            word.starts_with(&self.text)
        }
    }
}

/// The phrases that share one anchor word: a text's word is compared with the anchor once, not
/// once per phrase (the lexicons hold thousands of phrases, many on the same stem).
struct Anchor {
    term: Term,
    /// (index into [`PhraseIndex::phrases`], the anchor's position in the phrase)
    phrases: Vec<(usize, usize)>,
}

#[derive(Clone, Debug)]
pub struct Phrase {
    /// Index into [`Lexicon::concepts`].
    pub concept: usize,
    pub terms: Vec<Term>,
}

/// The phrases of one language keyed by their anchor (see [`PhraseIndex::add`]), and its cues.
#[derive(Default)]
pub struct PhraseIndex {
    pub phrases: Vec<Phrase>,
    by_key: FxHashMap<u64, Vec<Anchor>>,
    /// Words that negate the phrase after them ("never", "nu", "nie", "δεν").
    pub negation: Vec<Term>,
    /// Words that start a contrast ("but", "dar", "ale", "αλλά").
    pub contrast: Vec<Term>,
}

impl PhraseIndex {
    /// Anchors a phrase on its least common word: not a common word of the language, then a
    /// prefix rather than an exact word, then the longest.
    fn add(&mut self, phrase: Phrase, common: &FxHashSet<String>) {
        let anchor = phrase
            .terms
            .iter()
            .enumerate()
            .max_by_key(|(i, t)| (!common.contains(&t.text), !t.exact, t.text.chars().count(), *i))
            .map(|(i, _)| i);
        let Some(anchor) = anchor else { return };
        let term = &phrase.terms[anchor];
        let groups = self.by_key.entry(key_of(&term.text)).or_default();
        let at = match groups.iter().position(|g| g.term == *term) {
            Some(at) => at,
            None => {
                groups.push(Anchor {
                    term: term.clone(),
                    phrases: Vec::new(),
                });
                groups.len() - 1
            }
        };
        groups[at].phrases.push((self.phrases.len(), anchor));
        self.phrases.push(phrase);
    }

    /// The phrases whose anchor word matches `word` (whose key is `key`), with the anchor's
    /// position in each: the other words of the phrase are still to be found around it.
    pub fn anchored_at<'a>(&'a self, key: u64, word: &'a str) -> impl Iterator<Item = (usize, &'a Phrase, usize)> + 'a {
        self.by_key
            .get(&key)
            .into_iter()
            .flatten()
            .filter(move |group| group.term.matches(word))
            .flat_map(move |group| {
                group
                    .phrases
                    .iter()
                    .map(move |&(i, anchor)| (i, &self.phrases[i], anchor))
            })
    }

    pub fn is_negation(&self, token: &Token) -> bool {
        self.negation.iter().any(|t| t.matches(&token.folded))
    }

    pub fn is_contrast(&self, token: &Token) -> bool {
        self.contrast.iter().any(|t| t.matches(&token.folded))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cues {
    #[serde(default)]
    negation: Vec<String>,
    #[serde(default)]
    contrast: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct LexiconFile {
    #[serde(default)]
    cues: Cues,
    #[serde(flatten)]
    concepts: BTreeMap<String, Entry>,
}

/// Every concept, and each language's phrases for them.
pub struct Lexicon {
    pub concepts: Vec<Concept>,
    index: FxHashMap<Language, PhraseIndex>,
}

/// Parses one written phrase: `late fee`, `=no reminder`, `nu-i`. Words of fewer than four
/// letters (`KEY_CHARS`) are whole words; `=word` makes a longer one whole too.
pub fn parse_phrase(written: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    for chunk in written.split_whitespace() {
        let exact_marked = chunk.starts_with('=');
        let words = tokenize(chunk.trim_start_matches('='));
        for (i, word) in words.into_iter().enumerate() {
            let short = word.folded.chars().count() < KEY_CHARS;
            let exact = (exact_marked && i == 0) || short;
            terms.push(Term {
                text: word.folded.to_string(),
                exact,
            });
        }
    }
    terms
}

impl Lexicon {
    /// Loads the concepts and every language's phrases; `common` are each language's common
    /// words, which never anchor a phrase.
    pub fn load(common: &FxHashMap<Language, FxHashSet<String>>) -> Result<Self, KnowledgeError> {
        let files: BTreeMap<String, ConceptFile> =
            toml::from_str(CONCEPTS).map_err(|e| KnowledgeError(format!("concepts.toml: {e}")))?;
        let mut concepts = Vec::with_capacity(files.len());
        for (id, file) in files {
            let gap = Gap::parse(&file.gap)
                .ok_or_else(|| KnowledgeError(format!("concepts.toml: {id}: unknown gap `{}`", file.gap)))?;
            concepts.push(Concept {
                id,
                gap,
                tier: file.tier,
                absence: file.absence,
                meaning: file.meaning,
            });
        }
        let by_id: FxHashMap<&str, usize> = concepts.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
        let no_words = FxHashSet::default();
        let mut index = FxHashMap::default();
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let place = format!("lexicon/{}.toml", lang.code());
            let file: LexiconFile =
                toml::from_str(lexicon_source(lang)).map_err(|e| KnowledgeError(format!("{place}: {e}")))?;
            let common = common.get(&lang).unwrap_or(&no_words);
            let mut phrases = PhraseIndex {
                negation: file.cues.negation.iter().flat_map(|w| parse_phrase(w)).collect(),
                contrast: file.cues.contrast.iter().flat_map(|w| parse_phrase(w)).collect(),
                ..PhraseIndex::default()
            };
            for (id, entry) in file.concepts {
                let concept = *by_id
                    .get(id.as_str())
                    .ok_or_else(|| KnowledgeError(format!("{place}: unknown concept `{id}`")))?;
                for written in entry.phrases {
                    let terms = parse_phrase(&written);
                    if terms.is_empty() {
                        return Err(KnowledgeError(format!("{place}: {id}: empty phrase")));
                    }
                    phrases.add(Phrase { concept, terms }, common);
                }
            }
            index.insert(lang, phrases);
        }
        Ok(Self { concepts, index })
    }

    pub fn phrases(&self, lang: Language) -> &PhraseIndex {
        &self.index[&lang]
    }
}

/// Folds a list of common words into a set.
pub fn folded_set(words: &[String]) -> FxHashSet<String> {
    words.iter().map(|w| fold(w)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_and_marked_words_are_whole_words() {
        let terms = parse_phrase("late fee =never nu-i");
        let shown: Vec<_> = terms.iter().map(|t| (t.text.as_str(), t.exact)).collect();
        assert_eq!(
            shown,
            [
                ("late", false),
                ("fee", true),
                ("never", true),
                ("nu", true),
                ("i", true)
            ]
        );
    }
}
