//! The gap finder: proposes the process gaps an incident exposed, ranked and explained.
//!
//! Deterministic and explainable: it adds up evidence per gap (the category's usual gaps, the
//! phrases of `data/gapfinder/signals/*.toml` found in the text, and facts such as a debt above
//! the escalation threshold), turns it into a score from 0 to 1, and keeps each piece of
//! evidence as a reason. A person confirms the gaps in the retrospective.

mod facts;
mod knowledge;
pub mod normalize;

use rustc_hash::FxHashMap;

pub use knowledge::{Knowledge, KnowledgeError};
use normalize::{tokenize, Token};

use crate::domain::{Category, Code, Gap, Language};

/// What the finder reads: the incident's texts, and what is known about them.
pub struct Input<'a> {
    /// Summary, description, timeline bodies: each is matched on its own.
    pub texts: Vec<&'a str>,
    pub category: Option<Category>,
    /// `None`: detected among the four languages.
    pub language: Option<Language>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    /// The category usually comes from this gap.
    Category(Category),
    /// A phrase found in the text, quoted as it stands there.
    Phrase(String),
    /// An amount owed: as written, its value in EUR, and the threshold it passes.
    Amount {
        written: String,
        eur: f64,
        threshold_eur: f64,
    },
    /// A delay of this many days.
    Overdue { days: u32 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub gap: Gap,
    /// 0 to 1, two decimals.
    pub score: f64,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub language: Language,
    pub candidates: Vec<Candidate>,
}

/// The finder with its knowledge loaded; build once and share.
pub struct GapFinder {
    knowledge: Knowledge,
}

/// Evidence gathered for one gap.
#[derive(Default)]
struct Evidence {
    prior: f64,
    facts: Vec<(f64, Reason)>,
    /// (weight, piece, first token, last token) of each phrase found.
    phrases: Vec<(f64, usize, usize, usize)>,
}

impl GapFinder {
    pub fn load() -> Result<Self, KnowledgeError> {
        Ok(Self {
            knowledge: Knowledge::load()?,
        })
    }

    pub fn analyse(&self, input: &Input) -> Analysis {
        let pieces: Vec<(&str, Vec<Token>)> = input.texts.iter().map(|t| (*t, tokenize(t))).collect();
        let language = input.language.unwrap_or_else(|| self.detect_language(&pieces));
        let k = &self.knowledge;
        let mut evidence: FxHashMap<Gap, Evidence> = FxHashMap::default();

        if let Some(category) = input.category {
            for &gap in <Gap as strum::VariantArray>::VARIANTS {
                let prior = k.prior(category, gap);
                if prior > 0.0 {
                    evidence.entry(gap).or_default().prior = prior;
                }
            }
        }

        let index = k.phrases(language);
        // A phrase counts once, however often it is repeated.
        let mut found = vec![false; index.phrases.len()];
        for (piece_no, (_, tokens)) in pieces.iter().enumerate() {
            for at in 0..tokens.len() {
                for (id, phrase, anchor) in index.anchored_at(&tokens[at].folded) {
                    if found[id] {
                        continue;
                    }
                    let max_between = k.scoring.max_words_between;
                    if let Some((start, end)) = match_phrase(tokens, at, &phrase.terms, anchor, max_between) {
                        found[id] = true;
                        let entry = evidence.entry(phrase.gap).or_default();
                        entry.phrases.push((phrase.weight, piece_no, start, end));
                    }
                }
            }
        }

        let money = facts::find(&pieces, k);
        if let Some(amount) = money.largest_debt.filter(|a| a.eur >= k.escalation.threshold_eur) {
            evidence.entry(k.escalation.gap).or_default().facts.push((
                k.escalation.weight,
                Reason::Amount {
                    written: amount.written,
                    eur: amount.eur,
                    threshold_eur: k.escalation.threshold_eur,
                },
            ));
        }
        if let Some(days) = money.longest_delay.filter(|d| *d >= k.overdue.min_days) {
            let about_money = input.category.is_some_and(|c| k.overdue.categories.contains(&c))
                || facts::mentions_payment(&pieces, k);
            if about_money {
                evidence
                    .entry(k.overdue.gap)
                    .or_default()
                    .facts
                    .push((k.overdue.weight, Reason::Overdue { days }));
            }
        }

        let mut candidates: Vec<(f64, Candidate)> = evidence
            .into_iter()
            .map(|(gap, e)| {
                let (raw, reasons) = self.weigh(e, input.category, &pieces);
                let score = (1.0 - (-k.scoring.steepness * raw).exp()).clamp(0.0, 1.0);
                (
                    raw,
                    Candidate {
                        gap,
                        score: (score * 100.0).round() / 100.0,
                        reasons,
                    },
                )
            })
            .filter(|(_, c)| c.score >= k.scoring.floor)
            .collect();
        candidates.sort_by(|(raw_a, a), (raw_b, b)| {
            raw_b
                .total_cmp(raw_a)
                .then_with(|| catalog_position(a.gap).cmp(&catalog_position(b.gap)))
        });
        candidates.truncate(k.scoring.max_candidates);
        Analysis {
            language,
            candidates: candidates.into_iter().map(|(_, c)| c).collect(),
        }
    }

    /// Adds up one gap's evidence: phrases with diminishing returns (overlapping matches and
    /// repeats of one phrase count once), facts and the category's prior.
    fn weigh(&self, mut e: Evidence, category: Option<Category>, pieces: &[(&str, Vec<Token>)]) -> (f64, Vec<Reason>) {
        let k = &self.knowledge;
        e.phrases
            .sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (b.3 - b.2).cmp(&(a.3 - a.2))));
        let mut taken: Vec<(usize, usize, usize)> = Vec::new();
        let mut raw = e.prior;
        let mut reasons = Vec::new();
        if e.prior > 0.0 {
            if let Some(category) = category {
                reasons.push(Reason::Category(category));
            }
        }
        for (weight, reason) in e.facts {
            raw += weight;
            reasons.push(reason);
        }
        let mut factor = 1.0;
        for (weight, piece, first, last) in e.phrases {
            if taken.iter().any(|&(p, a, b)| p == piece && first <= b && a <= last) {
                continue;
            }
            let (text, tokens) = &pieces[piece];
            taken.push((piece, first, last));
            raw += weight * factor;
            factor *= k.scoring.repeat_factor;
            reasons.push(Reason::Phrase(text[tokens[first].start..tokens[last].end].to_owned()));
        }
        (raw, reasons)
    }

    /// Greek by its script; the others by their common words and letters.
    fn detect_language(&self, pieces: &[(&str, Vec<Token>)]) -> Language {
        let (mut greek, mut latin) = (0usize, 0usize);
        let mut hits: FxHashMap<Language, usize> = FxHashMap::default();
        for (text, tokens) in pieces {
            for c in text.chars().filter(|c| c.is_alphabetic()) {
                if ('\u{0370}'..='\u{03FF}').contains(&c) || ('\u{1F00}'..='\u{1FFF}').contains(&c) {
                    greek += 1;
                } else {
                    latin += 1;
                    match c {
                        'ă' | 'ș' | 'ş' | 'ț' | 'ţ' | 'â' | 'î' | 'Ă' | 'Ș' | 'Ț' | 'Î' => {
                            *hits.entry(Language::Ro).or_default() += 3
                        }
                        'ą' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' | 'ć' | 'Ł' | 'Ś' | 'Ż' => {
                            *hits.entry(Language::Pl).or_default() += 3
                        }
                        _ => {}
                    }
                }
            }
            for token in tokens {
                for (lang, words) in &self.knowledge.common_words {
                    if words.contains(token.folded.as_str()) {
                        *hits.entry(*lang).or_default() += 1;
                    }
                }
            }
        }
        if greek > latin {
            return Language::El;
        }
        [Language::En, Language::Ro, Language::Pl]
            .into_iter()
            .max_by_key(|lang| (hits.get(lang).copied().unwrap_or(0), *lang == Language::En))
            .unwrap_or(Language::En)
    }
}

/// Where `terms` stand in the text when term `anchor` is the word at `at`: the first and last
/// token, allowing up to `max_between` other words between consecutive terms.
fn match_phrase(
    tokens: &[Token],
    at: usize,
    terms: &[knowledge::Term],
    anchor: usize,
    max_between: usize,
) -> Option<(usize, usize)> {
    if !terms[anchor].matches(&tokens[at].folded) {
        return None;
    }
    let mut last = at;
    for term in &terms[anchor + 1..] {
        let window = (last + 1)..tokens.len().min(last + 2 + max_between);
        last = window.into_iter().find(|&j| term.matches(&tokens[j].folded))?;
    }
    let mut first = at;
    for term in terms[..anchor].iter().rev() {
        let window = first.saturating_sub(1 + max_between)..first;
        first = window.into_iter().rev().find(|&j| term.matches(&tokens[j].folded))?;
    }
    Some((first, last))
}

fn catalog_position(gap: Gap) -> usize {
    <Gap as strum::VariantArray>::VARIANTS
        .iter()
        .position(|g| *g == gap)
        .unwrap_or(usize::MAX)
}

impl Gap {
    /// The Fluent id of a localized part of the gap: its name, `description` or `prevention`.
    pub fn message_id(self, part: Option<&str>) -> String {
        match part {
            None => self.label_id(),
            Some(attribute) => format!("{}.{attribute}", self.label_id()),
        }
    }
}
