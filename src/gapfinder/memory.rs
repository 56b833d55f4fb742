//! What an installation has confirmed: every published retrospective's primary gap with its
//! incident's text. The finder weighs a new incident against the confirmed ones it resembles
//! (its nearest neighbours by shared concepts and words) on top of the shipped weights, which
//! stay the prior. Deterministic for a given set of confirmed incidents.

use rustc_hash::FxHashMap;
use uuid::Uuid;

use super::features::{self, Features};
use super::model::{PerGap, N};
use super::GapFinder;
use crate::domain::{Category, Gap, Language};

/// How many confirmed incidents a new one listens to, and how much an identical one counts
/// (chosen on the validation set's learning curve).
const NEIGHBOURS: usize = 7;
const PULL: f64 = 3.0;
/// Below this similarity (0 to 1) a confirmed incident says nothing about a new one.
const MIN_SIMILARITY: f64 = 0.3;
/// A concept counts this many times a word in the similarity.
const CONCEPT_WEIGHT: f64 = 3.0;

/// A confirmed incident, as the finder compares it.
#[derive(Clone, Debug)]
pub struct Remembered {
    pub incident_id: Uuid,
    pub gap: Gap,
    /// Feature names: concepts (`c:…`) and words (`w:…`).
    features: Vec<String>,
    norm: f64,
}

/// The confirmed incidents, indexed by feature.
#[derive(Default)]
pub struct Memory {
    examples: Vec<Remembered>,
    by_feature: FxHashMap<String, Vec<usize>>,
}

fn weight_of(feature: &str) -> f64 {
    if feature.starts_with("c:") {
        CONCEPT_WEIGHT
    } else {
        1.0
    }
}

fn text_features(features: &Features, finder: &GapFinder) -> Vec<String> {
    let mut names: Vec<String> = features
        .found
        .iter()
        .map(|f| features::concept_feature(&finder.knowledge().lexicon.concepts[f.concept].id, f.negated))
        .chain(features.stems.iter().map(|s| features::stem_feature(s)))
        .collect();
    names.sort();
    names.dedup();
    names
}

fn norm(features: &[String]) -> f64 {
    features.iter().map(|f| weight_of(f) * weight_of(f)).sum::<f64>().sqrt()
}

impl GapFinder {
    /// A confirmed incident as the memory keeps it.
    pub fn remember(&self, incident_id: Uuid, gap: Gap, language: Language, texts: &[&str]) -> Remembered {
        let pieces = features::tokenize_all(texts);
        let found = features::extract(self.knowledge(), &pieces, language, None::<Category>);
        let features = text_features(&found, self);
        Remembered {
            incident_id,
            gap,
            norm: norm(&features),
            features,
        }
    }

    /// What confirmed incidents like this one add to each gap, and the most similar of them
    /// per gap (for the reasons).
    pub(super) fn recall(
        &self,
        memory: &Memory,
        features: &Features,
        itself: Option<Uuid>,
    ) -> (PerGap, Vec<(Gap, Uuid, f64)>) {
        let mut pull = [0.0; N];
        if memory.examples.is_empty() {
            return (pull, Vec::new());
        }
        let mine = text_features(features, self);
        let my_norm = norm(&mine);
        let mut dot: FxHashMap<usize, f64> = FxHashMap::default();
        for feature in &mine {
            if let Some(list) = memory.by_feature.get(feature) {
                let w = weight_of(feature);
                for &i in list {
                    *dot.entry(i).or_default() += w * w;
                }
            }
        }
        let mut near: Vec<(f64, usize)> = dot
            .into_iter()
            .filter(|(i, _)| Some(memory.examples[*i].incident_id) != itself)
            .map(|(i, d)| (d / (my_norm * memory.examples[i].norm).max(f64::MIN_POSITIVE), i))
            .filter(|(s, _)| *s >= MIN_SIMILARITY)
            .collect();
        near.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| memory.examples[a.1].incident_id.cmp(&memory.examples[b.1].incident_id))
        });
        near.truncate(NEIGHBOURS);
        let mut nearest: Vec<(Gap, Uuid, f64)> = Vec::new();
        for (similarity, i) in near {
            let example = &memory.examples[i];
            // Squared: a near repeat counts fully, a loose likeness hardly.
            pull[example.gap as usize] += PULL * similarity * similarity;
            if !nearest.iter().any(|(g, ..)| *g == example.gap) {
                nearest.push((example.gap, example.incident_id, similarity));
            }
        }
        (pull, nearest)
    }
}

impl Memory {
    pub fn new(examples: Vec<Remembered>) -> Self {
        let mut memory = Self::default();
        for example in examples {
            memory.add(example);
        }
        memory
    }

    fn add(&mut self, example: Remembered) {
        let i = self.examples.len();
        for feature in &example.features {
            self.by_feature.entry(feature.clone()).or_default().push(i);
        }
        self.examples.push(example);
    }

    pub fn len(&self) -> usize {
        self.examples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.examples.is_empty()
    }
}
