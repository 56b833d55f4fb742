//! The gap finder: proposes the process gaps an incident exposed, ranked and explained.
//!
//! Deterministic and explainable. It reads the concepts the text expresses (in any of the four
//! languages, negated or not: `lexicon`), its words, its category and facts from its numbers
//! (`features`), adds up what each counts for each gap (weights learned from the labelled
//! corpus: `model`), and turns the totals into a probability per gap. Every candidate keeps the
//! evidence behind it, quoted from the text. A person confirms the gaps in the retrospective.

pub mod corpus;
mod facts;
pub mod features;
mod knowledge;
pub mod lexicon;
pub mod memory;
pub mod model;
pub mod normalize;
pub mod quality;
pub mod similar;

use features::{Features, Pieces};
pub use knowledge::{Knowledge, KnowledgeError, Training};
use model::{probabilities, Model, PerGap, GAPS, N};
use normalize::Token;

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
    /// Words of the text that express a concept pointing to this gap, quoted as they stand
    /// (with the negation before them, when there is one).
    Phrase(String),
    /// A word that, in the incidents the finder learned from, often went with this gap.
    Word(String),
    /// An amount owed: as written, its value in EUR, and the threshold it passes.
    Amount {
        written: String,
        eur: f64,
        threshold_eur: f64,
    },
    /// A delay of this many days.
    Overdue { days: u32 },
    /// A confirmed incident of this installation that resembles this one had this gap.
    Similar { incident_id: uuid::Uuid, similarity: f64 },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    pub gap: Gap,
    /// The probability that this is the primary gap, 0 to 1, two decimals.
    pub score: f64,
    pub reasons: Vec<Reason>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub language: Language,
    /// Best first; never empty.
    pub candidates: Vec<Candidate>,
    /// The first candidate's probability.
    pub confidence: f64,
    /// Nothing in the text itself supports the first candidate: the ranking then rests on the
    /// category alone (or on nothing) and is no finding.
    pub abstained: bool,
}

/// Where a weight came from, to explain it.
enum Source<'a> {
    Category,
    Debt,
    Delay,
    /// Index into the features' concepts found.
    Concept(usize),
    Stem(&'a str),
    /// Confirmed incidents of this installation that resemble this one.
    Memory,
}

/// The finder with its knowledge and weights loaded; build once and share.
pub struct GapFinder {
    knowledge: Knowledge,
    model: Model,
}

/// A feature must count at least this much for a gap to be shown as a reason for it.
const REASON_MIN: f64 = 0.25;
/// Below this much support from the text itself, the first candidate is no finding.
const ABSTAIN_BELOW: f64 = 0.25;
/// Word reasons shown per candidate, strongest first.
const WORD_REASONS: usize = 3;

impl GapFinder {
    pub fn load() -> Result<Self, KnowledgeError> {
        Ok(Self {
            knowledge: Knowledge::load()?,
            model: Model::load()?,
        })
    }

    /// The same knowledge with other weights (for training and cross-validation).
    pub fn with_model(&self, model: Model) -> Result<Self, KnowledgeError> {
        Ok(Self {
            knowledge: Knowledge::load()?,
            model,
        })
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The features' names of a text in a known language, for training.
    pub fn feature_names(&self, texts: &[&str], language: Language, category: Option<Category>) -> Vec<String> {
        let pieces = features::tokenize_all(texts);
        features::extract(&self.knowledge, &pieces, language, category).names(&self.knowledge)
    }

    /// What a feature counts for each gap: learned, or for a concept the training never saw,
    /// its tier's default for its gap (a quarter of it when an absence concept is affirmed).
    fn weights(&self, name: &str) -> Option<PerGap> {
        if let Some(w) = self.model.get(name) {
            return Some(*w);
        }
        let id = name.strip_prefix("c:")?;
        let (id, negated) = id.strip_suffix('!').map_or((id, false), |id| (id, true));
        let concept = self.knowledge.lexicon.concepts.iter().find(|c| c.id == id)?;
        let mut w = [0.0; N];
        w[concept.gap as usize] = if concept.absence && !negated {
            concept.tier.weight() / 4.0
        } else {
            concept.tier.weight()
        };
        Some(w)
    }

    pub fn analyse(&self, input: &Input) -> Analysis {
        self.analyse_with(input, &memory::Memory::default(), None)
    }

    /// Analyses with what this installation's published retrospectives confirmed, leaving out
    /// the incident being analysed (its own confirmation says nothing new about it).
    pub fn analyse_with(&self, input: &Input, memory: &memory::Memory, itself: Option<uuid::Uuid>) -> Analysis {
        let pieces = features::tokenize_all(&input.texts);
        let language = input.language.unwrap_or_else(|| self.detect_language(&pieces));
        let features = features::extract(&self.knowledge, &pieces, language, input.category);
        self.rank(&features, &pieces, memory, itself)
    }

    /// Ranks the gaps for features already read from these pieces of text.
    pub(super) fn rank(
        &self,
        features: &Features,
        pieces: &Pieces,
        memory: &memory::Memory,
        itself: Option<uuid::Uuid>,
    ) -> Analysis {
        let k = &self.knowledge;
        let language = features.language;
        let mut weighed = self.weigh(features);
        let (pull, nearest) = self.recall(memory, features, itself);
        if pull.iter().any(|p| *p > 0.0) {
            weighed.push((Source::Memory, pull));
        }
        let mut logits = self.model.bias;
        for (_, w) in &weighed {
            for (l, wg) in logits.iter_mut().zip(w) {
                *l += wg;
            }
        }
        let p = probabilities(&logits);
        let mut order: Vec<usize> = (0..N).collect();
        order.sort_by(|a, b| p[*b].total_cmp(&p[*a]).then(a.cmp(b)));
        let candidates: Vec<Candidate> = order
            .iter()
            .take(k.scoring.max_candidates.max(1))
            .map(|&g| Candidate {
                gap: GAPS[g],
                score: (p[g] * 100.0).round() / 100.0,
                reasons: self.reasons(g, features, &weighed, pieces, &nearest),
            })
            .collect();
        // No finding without support from the text itself: what the concepts, words and facts
        // of the text add to the first gap, less what the category adds.
        let support = order.first().map_or(0.0, |&g| {
            weighed
                .iter()
                .filter(|(source, _)| !matches!(source, Source::Category))
                .map(|(_, w)| w[g].max(0.0))
                .sum::<f64>()
        });
        let abstained = support < ABSTAIN_BELOW;
        Analysis {
            language,
            confidence: candidates.first().map_or(0.0, |c| c.score),
            abstained,
            candidates,
        }
    }

    /// What each piece of evidence counts for each gap. Names are built in one reused buffer:
    /// this runs for every word of every incident.
    fn weigh<'f>(&self, features: &Features<'f>) -> Vec<(Source<'f>, PerGap)> {
        let k = &self.knowledge;
        let mut weighed = Vec::with_capacity(features.found.len() + 3 + features.stems.len() / 4);
        for (i, found) in features.found.iter().enumerate() {
            let name = features::concept_feature(&k.lexicon.concepts[found.concept].id, found.negated);
            if let Some(w) = self.weights(&name) {
                weighed.push((Source::Concept(i), w));
            }
        }
        if let Some(w) = features
            .category
            .and_then(|c| self.model.get(&features::category_feature(c)))
        {
            weighed.push((Source::Category, *w));
        }
        if let Some(w) = features
            .debt
            .as_ref()
            .and_then(|_| self.model.get(features::DEBT_FEATURE))
        {
            weighed.push((Source::Debt, *w));
        }
        if let Some(w) = features.delay.and_then(|_| self.model.get(features::DELAY_FEATURE)) {
            weighed.push((Source::Delay, *w));
        }
        let mut name = String::with_capacity(16);
        for stem in &features.stems {
            name.clear();
            name.push_str("w:");
            name.push_str(stem);
            if let Some(w) = self.model.get(&name) {
                weighed.push((Source::Stem(stem), *w));
            }
        }
        weighed
    }

    /// Why gap `g` is proposed: the category, the facts, the concepts quoted from the text, and
    /// the strongest words, each only when it counts for this gap.
    fn reasons(
        &self,
        g: usize,
        features: &Features,
        weighed: &[(Source, PerGap)],
        pieces: &Pieces,
        nearest: &[(Gap, uuid::Uuid, f64)],
    ) -> Vec<Reason> {
        let k = &self.knowledge;
        let mut reasons = Vec::new();
        let mut words: Vec<(f64, &str)> = Vec::new();
        for (source, w) in weighed.iter().filter(|(_, w)| w[g] >= REASON_MIN) {
            match source {
                Source::Category => reasons.extend(features.category.map(Reason::Category)),
                Source::Debt => reasons.extend(features.debt.as_ref().map(|debt| Reason::Amount {
                    written: debt.written.clone(),
                    eur: debt.eur,
                    threshold_eur: k.escalation.threshold_eur,
                })),
                Source::Delay => reasons.extend(features.delay.map(|days| Reason::Overdue { days })),
                Source::Concept(i) => {
                    let found = &features.found[*i];
                    let (text, tokens) = &pieces[found.piece];
                    let first = if found.negated {
                        negation_start(tokens, found.first, k, features.language)
                    } else {
                        found.first
                    };
                    let quote = text[tokens[first].start..tokens[found.last].end].to_owned();
                    if !reasons.contains(&Reason::Phrase(quote.clone())) {
                        reasons.push(Reason::Phrase(quote));
                    }
                }
                Source::Stem(stem) => words.push((w[g], stem)),
                Source::Memory => reasons.extend(nearest.iter().filter(|(gap, ..)| *gap as usize == g).map(
                    |(_, incident_id, similarity)| Reason::Similar {
                        incident_id: *incident_id,
                        similarity: (similarity * 100.0).round() / 100.0,
                    },
                )),
            }
        }
        // The category first, then the facts, then what the text says, then the words.
        reasons.sort_by_key(|r| match r {
            Reason::Category(_) => 0,
            Reason::Amount { .. } | Reason::Overdue { .. } => 1,
            Reason::Phrase(_) => 2,
            Reason::Word(_) => 3,
            Reason::Similar { .. } => 4,
        });
        words.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
        for (_, stem) in words.into_iter().take(WORD_REASONS) {
            if let Some(quote) = first_word_with_stem(pieces, stem) {
                reasons.push(Reason::Word(quote));
            }
        }
        reasons
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

/// The negation word before a negated phrase, so that the quote reads "never sent a reminder".
fn negation_start(tokens: &[Token], first: usize, k: &Knowledge, language: Language) -> usize {
    let index = k.lexicon.phrases(language);
    (first.saturating_sub(k.scoring.negation_window)..first)
        .find(|&i| index.is_negation(&tokens[i]))
        .unwrap_or(first)
}

/// The first word of the text whose stem is `stem`, as written.
fn first_word_with_stem(pieces: &Pieces, stem: &str) -> Option<String> {
    pieces.iter().find_map(|(text, tokens)| {
        tokens
            .iter()
            .find(|t| t.folded.starts_with(stem))
            .map(|t| text[t.start..t.end].to_owned())
    })
}
