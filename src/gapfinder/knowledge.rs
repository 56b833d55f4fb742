//! The finder's knowledge, read from `data/gapfinder/` (embedded in the binary): how it reads
//! (thresholds, currencies, units, number words, common words), the concepts and their words
//! per language, and the weights learned from the corpus. Loaded once.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::lexicon::{folded_set, Lexicon};
use super::normalize::{fold, key_of, Token};
use crate::domain::{Category, Code, Gap, Language};

const FINDER: &str = include_str!("../../data/gapfinder/finder.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub max_candidates: usize,
    pub max_words_between: usize,
    pub negation_window: usize,
}

/// How the weights are learned (see `finder.toml`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Training {
    pub iterations: usize,
    pub learning_rate: f64,
    pub l2_concepts: f64,
    pub l2_words: f64,
    pub stem_chars: usize,
    pub min_stem_texts: usize,
    pub also_ok_share: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalationFile {
    gap: String,
    threshold_eur: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverdueFile {
    gap: String,
    min_days: u32,
    categories: Vec<String>,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyFile {
    rate: f64,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    days: u32,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FinderFile {
    scoring: Scoring,
    training: Training,
    escalation: EscalationFile,
    overdue: OverdueFile,
    currencies: HashMap<String, CurrencyFile>,
    units: HashMap<String, UnitFile>,
    numbers: HashMap<String, HashMap<String, u32>>,
    languages: HashMap<String, Vec<String>>,
}

/// Escalation threshold: a debt above it points to `gap`.
pub struct Escalation {
    pub gap: Gap,
    pub threshold_eur: f64,
}

/// A long payment delay points to `gap` when the incident is about money.
pub struct Overdue {
    pub gap: Gap,
    pub min_days: u32,
    pub categories: Vec<Category>,
    pub words: Vec<String>,
}

pub struct Knowledge {
    pub scoring: Scoring,
    pub training: Training,
    pub escalation: Escalation,
    pub overdue: Overdue,
    /// Folded currency word → rate to EUR.
    pub currencies: FxHashMap<String, f64>,
    /// Folded unit word → days.
    pub units: FxHashMap<String, u32>,
    /// Number words by key, with their folded spelling and value.
    pub numbers: FxHashMap<u64, Vec<(String, u32)>>,
    /// The common words of each language, by key: (folded word, its languages).
    common_words: FxHashMap<u64, Vec<(String, Vec<Language>)>>,
    /// The common words of each language, folded: they never anchor a phrase nor count as a word.
    pub stop_words: FxHashMap<Language, FxHashSet<String>>,
    pub lexicon: Lexicon,
}

/// A problem in the knowledge files; the service refuses to start with one.
#[derive(Debug, thiserror::Error)]
#[error("gap finder knowledge: {0}")]
pub struct KnowledgeError(pub(super) String);

fn gap_code(code: &str, place: &str) -> Result<Gap, KnowledgeError> {
    Gap::parse(code).ok_or_else(|| KnowledgeError(format!("{place}: unknown gap `{code}`")))
}

impl Knowledge {
    pub fn load() -> Result<Self, KnowledgeError> {
        let file: FinderFile = toml::from_str(FINDER).map_err(|e| KnowledgeError(format!("finder.toml: {e}")))?;
        let stop_words: FxHashMap<Language, FxHashSet<String>> = file
            .languages
            .iter()
            .filter_map(|(code, words)| Language::parse(code).map(|lang| (lang, folded_set(words))))
            .collect();
        let lexicon = Lexicon::load(&stop_words)?;
        let folded_map = |pairs: Vec<(String, f64)>| pairs.into_iter().map(|(w, v)| (fold(&w), v)).collect();
        Ok(Self {
            escalation: Escalation {
                gap: gap_code(&file.escalation.gap, "finder.toml escalation")?,
                threshold_eur: file.escalation.threshold_eur,
            },
            overdue: Overdue {
                gap: gap_code(&file.overdue.gap, "finder.toml overdue")?,
                min_days: file.overdue.min_days,
                categories: file
                    .overdue
                    .categories
                    .iter()
                    .map(|c| {
                        Category::parse(c).ok_or_else(|| KnowledgeError(format!("overdue: unknown category `{c}`")))
                    })
                    .collect::<Result<_, _>>()?,
                words: file.overdue.words.iter().map(|w| fold(w)).collect(),
            },
            currencies: folded_map(
                file.currencies
                    .into_values()
                    .flat_map(|c| c.words.into_iter().map(move |w| (w, c.rate)))
                    .collect(),
            ),
            units: file
                .units
                .into_values()
                .flat_map(|u| u.words.into_iter().map(move |w| (fold(&w), u.days)))
                .collect(),
            numbers: file
                .numbers
                .into_values()
                .flatten()
                .fold(FxHashMap::default(), |mut by_key, (word, n)| {
                    let word = fold(&word);
                    by_key.entry(key_of(&word)).or_insert_with(Vec::new).push((word, n));
                    by_key
                }),
            common_words: stop_words
                .iter()
                .fold(FxHashMap::default(), |mut by_key, (lang, words)| {
                    for word in words {
                        let entries: &mut Vec<(String, Vec<Language>)> = by_key.entry(key_of(word)).or_default();
                        match entries.iter_mut().find(|(w, _)| w == word) {
                            Some((_, langs)) => langs.push(*lang),
                            None => entries.push((word.clone(), vec![*lang])),
                        }
                    }
                    by_key
                }),
            scoring: file.scoring,
            training: file.training,
            stop_words,
            lexicon,
        })
    }

    /// The languages in which this word is a common word.
    pub fn common_word_languages(&self, token: &Token) -> &[Language] {
        self.common_words
            .get(&token.key)
            .and_then(|entries| entries.iter().find(|(w, _)| *w == token.folded))
            .map_or(&[], |(_, langs)| langs.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_knowledge_loads() {
        let k = Knowledge::load().expect("loads");
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let concepts: std::collections::HashSet<usize> =
                k.lexicon.phrases(lang).phrases.iter().map(|p| p.concept).collect();
            assert_eq!(
                concepts.len(),
                k.lexicon.concepts.len(),
                "{lang:?} has phrases for every concept"
            );
            let gaps: std::collections::HashSet<Gap> = k.lexicon.concepts.iter().map(|c| c.gap).collect();
            assert_eq!(gaps.len(), 13, "every gap has a concept");
        }
        assert_eq!(k.currencies.get("lei"), Some(&0.2));
        assert_eq!(k.units.get("saptamani"), Some(&7));
        assert_eq!(k.numbers.get(&key_of("εξι")), Some(&vec![("εξι".to_owned(), 6)]));
    }
}
