//! The finder's knowledge, read from `data/gapfinder/` (embedded in the binary): phrases per gap
//! and language, category priors, thresholds, currencies and number words. Loaded once.

use std::collections::HashMap;

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;

use super::normalize::{fold, key_of, tokenize, Token, KEY_CHARS};
use crate::domain::{Category, Code, Gap, Language};

const FINDER: &str = include_str!("../../data/gapfinder/finder.toml");

fn signals_source(lang: Language) -> &'static str {
    match lang {
        Language::En => include_str!("../../data/gapfinder/signals/en.toml"),
        Language::Ro => include_str!("../../data/gapfinder/signals/ro.toml"),
        Language::Pl => include_str!("../../data/gapfinder/signals/pl.toml"),
        Language::El => include_str!("../../data/gapfinder/signals/el.toml"),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub strong: f64,
    pub medium: f64,
    pub weak: f64,
    pub repeat_factor: f64,
    pub steepness: f64,
    pub floor: f64,
    pub max_candidates: usize,
    pub max_words_between: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EscalationFile {
    gap: String,
    threshold_eur: f64,
    weight: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverdueFile {
    gap: String,
    min_days: u32,
    weight: f64,
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
    escalation: EscalationFile,
    overdue: OverdueFile,
    currencies: HashMap<String, CurrencyFile>,
    units: HashMap<String, UnitFile>,
    numbers: HashMap<String, HashMap<String, u32>>,
    languages: HashMap<String, Vec<String>>,
    priors: HashMap<String, HashMap<String, f64>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Tiers {
    #[serde(default)]
    strong: Vec<String>,
    #[serde(default)]
    medium: Vec<String>,
    #[serde(default)]
    weak: Vec<String>,
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

#[derive(Clone, Debug)]
pub struct Phrase {
    pub gap: Gap,
    pub terms: Vec<Term>,
    pub weight: f64,
}

/// Escalation threshold: a debt above it points to `gap`.
pub struct Escalation {
    pub gap: Gap,
    pub threshold_eur: f64,
    pub weight: f64,
}

/// A long payment delay points to `gap` when the incident is about money.
pub struct Overdue {
    pub gap: Gap,
    pub min_days: u32,
    pub weight: f64,
    pub categories: Vec<Category>,
    pub words: Vec<String>,
}

pub struct Knowledge {
    pub scoring: Scoring,
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
    priors: HashMap<(Category, Gap), f64>,
    /// The phrases of each language, indexed by the first few letters of their first word.
    index: HashMap<Language, PhraseIndex>,
}

/// Phrases keyed by their anchor: their least common word (see `add`). Anchors of four letters
/// or more are keyed by their first four; shorter ones by the whole word. Each word of a text
/// looks up only the phrases that can stand around it, and common words anchor nothing.
#[derive(Default)]
pub struct PhraseIndex {
    pub phrases: Vec<Phrase>,
    /// (phrase id, anchor term) by the anchor's key (`normalize::key_of`).
    by_key: FxHashMap<u64, Vec<(usize, usize)>>,
}

impl PhraseIndex {
    /// Anchors the phrase on its least common word: not one of the language's common words,
    /// then a prefix rather than an exact word, then the longest.
    fn add(&mut self, phrase: Phrase, common: &FxHashSet<String>) {
        let anchor = phrase
            .terms
            .iter()
            .enumerate()
            .max_by_key(|(i, t)| (!common.contains(&t.text), !t.exact, t.text.chars().count(), *i))
            .map(|(i, _)| i);
        let Some(anchor) = anchor else { return };
        let key = key_of(&phrase.terms[anchor].text);
        self.by_key.entry(key).or_default().push((self.phrases.len(), anchor));
        self.phrases.push(phrase);
    }

    /// The phrases that may have the word with this key as their anchor: (phrase id, the
    /// phrase, anchor term).
    pub fn anchored_at(&self, key: u64) -> impl Iterator<Item = (usize, &Phrase, usize)> + '_ {
        self.by_key
            .get(&key)
            .into_iter()
            .flatten()
            .map(|&(i, anchor)| (i, &self.phrases[i], anchor))
    }
}

/// A problem in the knowledge files; the service refuses to start with one.
#[derive(Debug, thiserror::Error)]
#[error("gap finder knowledge: {0}")]
pub struct KnowledgeError(String);

fn gap_code(code: &str, place: &str) -> Result<Gap, KnowledgeError> {
    Gap::parse(code).ok_or_else(|| KnowledgeError(format!("{place}: unknown gap `{code}`")))
}

/// Parses one written phrase: `late fee`, `=no reminder`, `nu-i`. Words of fewer than four
/// letters (`KEY_CHARS`) are whole words; `=word` makes a longer one whole too.
fn parse_phrase(written: &str) -> Vec<Term> {
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

impl Knowledge {
    pub fn load() -> Result<Self, KnowledgeError> {
        let file: FinderFile = toml::from_str(FINDER).map_err(|e| KnowledgeError(format!("finder.toml: {e}")))?;
        let mut priors = HashMap::new();
        for (category, gaps) in &file.priors {
            let category = Category::parse(category)
                .ok_or_else(|| KnowledgeError(format!("finder.toml priors: unknown category `{category}`")))?;
            for (gap, weight) in gaps {
                priors.insert((category, gap_code(gap, "finder.toml priors")?), *weight);
            }
        }
        let common_words: Vec<(Language, FxHashSet<String>)> = file
            .languages
            .iter()
            .filter_map(|(code, words)| {
                Language::parse(code).map(|lang| (lang, words.iter().map(|w| fold(w)).collect()))
            })
            .collect();
        let no_words = FxHashSet::default();
        let mut index = HashMap::new();
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let common = common_words
                .iter()
                .find(|(l, _)| *l == lang)
                .map_or(&no_words, |(_, w)| w);
            let tiers: HashMap<String, Tiers> = toml::from_str(signals_source(lang))
                .map_err(|e| KnowledgeError(format!("signals/{}.toml: {e}", lang.code())))?;
            let mut phrases = PhraseIndex::default();
            for (gap, tiers) in tiers {
                let gap = gap_code(&gap, &format!("signals/{}.toml", lang.code()))?;
                for (list, weight) in [
                    (&tiers.strong, file.scoring.strong),
                    (&tiers.medium, file.scoring.medium),
                    (&tiers.weak, file.scoring.weak),
                ] {
                    for written in list {
                        let terms = parse_phrase(written);
                        if terms.is_empty() {
                            return Err(KnowledgeError(format!("signals/{}.toml: empty phrase", lang.code())));
                        }
                        phrases.add(Phrase { gap, terms, weight }, common);
                    }
                }
            }
            index.insert(lang, phrases);
        }
        let folded_map = |pairs: Vec<(String, f64)>| pairs.into_iter().map(|(w, v)| (fold(&w), v)).collect();
        Ok(Self {
            escalation: Escalation {
                gap: gap_code(&file.escalation.gap, "finder.toml escalation")?,
                threshold_eur: file.escalation.threshold_eur,
                weight: file.escalation.weight,
            },
            overdue: Overdue {
                gap: gap_code(&file.overdue.gap, "finder.toml overdue")?,
                min_days: file.overdue.min_days,
                weight: file.overdue.weight,
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
            common_words: common_words
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
            priors,
            index,
        })
    }

    /// The languages in which this word is a common word.
    pub fn common_word_languages(&self, token: &Token) -> &[Language] {
        self.common_words
            .get(&token.key)
            .and_then(|entries| entries.iter().find(|(w, _)| *w == token.folded))
            .map_or(&[], |(_, langs)| langs.as_slice())
    }

    pub fn prior(&self, category: Category, gap: Gap) -> f64 {
        self.priors.get(&(category, gap)).copied().unwrap_or(0.0)
    }

    pub fn phrases(&self, lang: Language) -> &PhraseIndex {
        // Every language is loaded; the fallback only satisfies the type.
        self.index
            .get(&lang)
            .or_else(|| self.index.get(&Language::En))
            .expect("phrases of every language are loaded")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_knowledge_loads() {
        let k = Knowledge::load().expect("loads");
        for &lang in <Language as strum::VariantArray>::VARIANTS {
            let gaps: std::collections::HashSet<Gap> = k.phrases(lang).phrases.iter().map(|p| p.gap).collect();
            assert_eq!(gaps.len(), 13, "{lang:?} has phrases for every gap");
        }
        assert_eq!(k.currencies.get("lei"), Some(&0.2));
        assert_eq!(k.units.get("saptamani"), Some(&7));
        assert_eq!(k.numbers.get(&key_of("εξι")), Some(&vec![("εξι".to_owned(), 6)]));
    }

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
