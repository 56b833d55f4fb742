//! The gap finder: proposes the process gaps an incident exposed, ranked and explained.
//!
//! Deterministic and explainable: it adds up evidence per gap (the category's usual gaps, the
//! phrases of `data/gapfinder/signals/*.toml` found in the text, and facts such as a debt above
//! the escalation threshold), turns it into a score from 0 to 1, and keeps each piece of
//! evidence as a reason. A person confirms the gaps in the retrospective.

mod facts;
mod knowledge;
pub mod normalize;

pub use knowledge::{Knowledge, KnowledgeError};
use normalize::{tokenize, Token};

use crate::domain::{Category, Gap, Language};

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
    /// The total, once counted.
    raw: f64,
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
        let mut evidence: Vec<Evidence> = GAPS.iter().map(|_| Evidence::default()).collect();

        if let Some(category) = input.category {
            for &gap in GAPS {
                let prior = k.prior(category, gap);
                if prior > 0.0 {
                    evidence[gap as usize].prior = prior;
                }
            }
        }

        let index = k.phrases(language);
        // A phrase counts once, however often it is repeated.
        let mut found = vec![false; index.phrases.len()];
        for (piece_no, (_, tokens)) in pieces.iter().enumerate() {
            for at in 0..tokens.len() {
                for (id, phrase, anchor) in index.anchored_at(tokens[at].key) {
                    if found[id] {
                        continue;
                    }
                    let max_between = k.scoring.max_words_between;
                    if let Some((start, end)) = match_phrase(tokens, at, &phrase.terms, anchor, max_between) {
                        found[id] = true;
                        let entry = &mut evidence[phrase.gap as usize];
                        entry.phrases.push((phrase.weight, piece_no, start, end));
                    }
                }
            }
        }

        let money = facts::find(&pieces, k);
        if let Some(amount) = money.largest_debt.filter(|a| a.eur >= k.escalation.threshold_eur) {
            evidence[k.escalation.gap as usize].facts.push((
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
                evidence[k.overdue.gap as usize]
                    .facts
                    .push((k.overdue.weight, Reason::Overdue { days }));
            }
        }

        // Weigh every gap, keep the best few, and only then write their reasons out.
        let mut weighed: Vec<(f64, Gap, Evidence)> = GAPS
            .iter()
            .zip(evidence)
            .filter(|(_, e)| e.prior > 0.0 || !e.facts.is_empty() || !e.phrases.is_empty())
            .map(|(&gap, e)| {
                let e = self.counted(e);
                (e.raw, gap, e)
            })
            .filter(|(raw, _, _)| self.score(*raw) >= k.scoring.floor)
            .collect();
        weighed.sort_by(|(raw_a, gap_a, _), (raw_b, gap_b, _)| {
            raw_b
                .total_cmp(raw_a)
                .then_with(|| (*gap_a as usize).cmp(&(*gap_b as usize)))
        });
        weighed.truncate(k.scoring.max_candidates);
        let candidates = weighed
            .into_iter()
            .map(|(raw, gap, e)| Candidate {
                gap,
                score: self.score(raw),
                reasons: reasons(e, input.category, &pieces),
            })
            .collect();
        Analysis { language, candidates }
    }

    /// 0 to 1, two decimals.
    fn score(&self, raw: f64) -> f64 {
        let score = (1.0 - (-self.knowledge.scoring.steepness * raw).exp()).clamp(0.0, 1.0);
        (score * 100.0).round() / 100.0
    }

    /// Adds up one gap's evidence: phrases with diminishing returns (a phrase overlapping a
    /// stronger one of the same gap does not count), facts and the category's prior. Keeps only
    /// the phrases that counted, strongest first.
    fn counted(&self, mut e: Evidence) -> Evidence {
        let k = &self.knowledge;
        e.phrases
            .sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| (b.3 - b.2).cmp(&(a.3 - a.2))));
        let mut kept: Vec<(f64, usize, usize, usize)> = Vec::with_capacity(e.phrases.len());
        for phrase in e.phrases {
            let (_, piece, first, last) = phrase;
            if !kept.iter().any(|&(_, p, a, b)| p == piece && first <= b && a <= last) {
                kept.push(phrase);
            }
        }
        let mut raw = e.prior + e.facts.iter().map(|(weight, _)| weight).sum::<f64>();
        let mut factor = 1.0;
        for (weight, ..) in &kept {
            raw += weight * factor;
            factor *= k.scoring.repeat_factor;
        }
        Evidence {
            raw,
            phrases: kept,
            ..e
        }
    }

    /// Greek by its script; the others by their common words and letters. The first
    /// `DETECTION_SAMPLE` characters and words decide: more never changes the answer.
    fn detect_language(&self, pieces: &[(&str, Vec<Token>)]) -> Language {
        const DETECTION_SAMPLE: usize = 400;
        let (mut greek, mut latin) = (0usize, 0usize);
        let mut hits = [0usize; 4];
        let slot = |lang: Language| lang as usize;
        for (text, _) in pieces {
            for c in text
                .chars()
                .take(DETECTION_SAMPLE)
                .filter(|c| !c.is_ascii() || c.is_ascii_alphabetic())
            {
                match c {
                    '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => greek += 1,
                    'ă' | 'ș' | 'ş' | 'ț' | 'ţ' | 'â' | 'î' | 'Ă' | 'Ș' | 'Ț' | 'Î' => {
                        hits[slot(Language::Ro)] += 3
                    }
                    'ą' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' | 'ć' | 'Ł' | 'Ś' | 'Ż' => {
                        hits[slot(Language::Pl)] += 3
                    }
                    _ => latin += 1,
                }
            }
        }
        if greek > latin {
            return Language::El;
        }
        for token in pieces.iter().flat_map(|(_, tokens)| tokens).take(DETECTION_SAMPLE / 5) {
            for &lang in self.knowledge.common_word_languages(token) {
                hits[slot(lang)] += 1;
            }
        }
        [Language::En, Language::Ro, Language::Pl]
            .into_iter()
            .max_by_key(|lang| (hits[slot(*lang)], *lang == Language::En))
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

const GAPS: &[Gap] = <Gap as strum::VariantArray>::VARIANTS;

/// The reasons behind a candidate: the category, the facts, then the phrases as they stand in
/// the text.
fn reasons(e: Evidence, category: Option<Category>, pieces: &[(&str, Vec<Token>)]) -> Vec<Reason> {
    let mut reasons = Vec::with_capacity(1 + e.facts.len() + e.phrases.len());
    if let (true, Some(category)) = (e.prior > 0.0, category) {
        reasons.push(Reason::Category(category));
    }
    reasons.extend(e.facts.into_iter().map(|(_, reason)| reason));
    for (_, piece, first, last) in e.phrases {
        let (text, tokens) = &pieces[piece];
        reasons.push(Reason::Phrase(text[tokens[first].start..tokens[last].end].to_owned()));
    }
    reasons
}
