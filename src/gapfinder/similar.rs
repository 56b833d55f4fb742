//! Incidents like this one, in any of the four languages: what they share is counted (the gaps
//! their retrospectives confirmed, the gap the finder sees in both, the concepts both texts
//! express, their words when in one language, the category, the client), and each hit says why.

use uuid::Uuid;

use super::features;
use super::memory::Memory;
use super::GapFinder;
use crate::domain::{Category, Gap, Language};

/// An incident as the comparison sees it.
#[derive(Clone, Debug)]
pub struct Profile {
    pub id: Uuid,
    pub client: Uuid,
    pub language: Language,
    pub category: Option<Category>,
    /// The primary gap its published retrospective confirmed, and all confirmed gaps.
    pub primary: Option<Gap>,
    pub confirmed: Vec<Gap>,
    /// The finder's first candidate when it did not abstain.
    pub likely: Option<Gap>,
    concepts: Vec<String>,
    stems: Vec<String>,
}

/// Why two incidents are alike.
#[derive(Clone, Debug, PartialEq)]
pub enum Likeness {
    /// Both retrospectives confirmed this gap as primary.
    SameConfirmedGap(Gap),
    /// Both most likely expose this gap (confirmed for one, found by the finder for the other).
    SameLikelyGap(Gap),
    /// They express this many of the same concepts.
    SharedConcepts(usize),
    SameCategory(Category),
    SameClient,
}

/// Scores of each kind of likeness; a hit needs at least `MIN_SCORE`.
const CONFIRMED: f64 = 3.0;
const LIKELY: f64 = 2.0;
const CONCEPTS: f64 = 3.0;
const WORDS: f64 = 1.0;
const CATEGORY: f64 = 0.5;
const CLIENT: f64 = 0.5;
pub const MIN_SCORE: f64 = 1.0;

/// What is known of a stored incident.
pub struct Known<'a> {
    pub id: Uuid,
    pub client: Uuid,
    pub language: Language,
    pub category: Option<Category>,
    pub texts: Vec<&'a str>,
    pub confirmed: Vec<Gap>,
    pub primary: Option<Gap>,
}

impl GapFinder {
    pub fn profile(&self, known: Known) -> Profile {
        let pieces = features::tokenize_all(&known.texts);
        let found = features::extract(self.knowledge(), &pieces, known.language, known.category);
        let mut concepts: Vec<String> = found
            .found
            .iter()
            .map(|f| features::concept_feature(&self.knowledge().lexicon.concepts[f.concept].id, f.negated))
            .collect();
        concepts.sort();
        concepts.dedup();
        let stems = found.stems.iter().map(|s| (*s).to_owned()).collect();
        // Ranked from the features just read: the text is read once.
        let analysis = self.rank(&found, &pieces, &Memory::default(), None);
        let likely = (!analysis.abstained)
            .then(|| analysis.candidates.first().map(|c| c.gap))
            .flatten();
        Profile {
            id: known.id,
            client: known.client,
            language: known.language,
            category: known.category,
            primary: known.primary,
            confirmed: known.confirmed,
            likely,
            concepts,
            stems,
        }
    }
}

fn jaccard(a: &[String], b: &[String]) -> (f64, usize) {
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    let union = a.len() + b.len() - shared;
    if union == 0 {
        (0.0, 0)
    } else {
        (shared as f64 / union as f64, shared)
    }
}

/// How alike two incidents are, and why; `None` below `MIN_SCORE`.
pub fn likeness(a: &Profile, b: &Profile) -> Option<(f64, Vec<Likeness>)> {
    let mut score = 0.0;
    let mut why = Vec::new();
    match (a.primary, b.primary) {
        (Some(x), Some(y)) if x == y => {
            score += CONFIRMED;
            why.push(Likeness::SameConfirmedGap(x));
        }
        _ => {
            let (x, y) = (a.primary.or(a.likely), b.primary.or(b.likely));
            if let (Some(x), Some(y)) = (x, y) {
                if x == y {
                    score += LIKELY;
                    why.push(Likeness::SameLikelyGap(x));
                }
            }
        }
    }
    let (concepts, shared) = jaccard(&a.concepts, &b.concepts);
    if shared > 0 {
        score += CONCEPTS * concepts;
        why.push(Likeness::SharedConcepts(shared));
    }
    if a.language == b.language {
        score += WORDS * jaccard(&a.stems, &b.stems).0;
    }
    if let (Some(x), Some(y)) = (a.category, b.category) {
        if x == y {
            score += CATEGORY;
            why.push(Likeness::SameCategory(x));
        }
    }
    if a.client == b.client {
        score += CLIENT;
        why.push(Likeness::SameClient);
    }
    (score >= MIN_SCORE).then_some((score, why))
}

/// The `limit` profiles most like `of`, best first (ties by id), each with its score and reasons.
pub fn rank<'a>(of: &Profile, others: &'a [Profile], limit: usize) -> Vec<(&'a Profile, f64, Vec<Likeness>)> {
    let mut hits: Vec<(&Profile, f64, Vec<Likeness>)> = others
        .iter()
        .filter(|p| p.id != of.id)
        .filter_map(|p| likeness(of, p).map(|(score, why)| (p, score, why)))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    hits.truncate(limit);
    hits
}
