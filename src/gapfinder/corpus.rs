//! The labelled incidents the finder learns from and is measured on (`data/gapfinder/corpus/`),
//! and how one becomes a training example.

use serde::Deserialize;

use super::model::{Example, PerGap, N};
use super::GapFinder;
use crate::domain::{Category, Code, Gap, Language};

/// What the weights are learned from: the train split and the small dev set the first finder
/// was written against. The test split (`corpus/test.jsonl`) is read only to measure.
pub const TRAIN: &str = include_str!("../../data/gapfinder/corpus/train.jsonl");
pub const DEV: &str = include_str!("../../data/gapfinder/corpus/dev.jsonl");

/// One labelled incident.
#[derive(Clone, Debug, Deserialize)]
pub struct Labelled {
    pub id: String,
    pub lang: String,
    pub category: Option<String>,
    pub summary: String,
    pub description: String,
    pub expected: String,
    #[serde(default)]
    pub also_ok: Vec<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub style: String,
}

impl Labelled {
    pub fn language(&self) -> Option<Language> {
        Language::parse(&self.lang)
    }

    pub fn category(&self) -> Option<Category> {
        self.category.as_deref().and_then(Category::parse)
    }

    pub fn expected(&self) -> Option<Gap> {
        Gap::parse(&self.expected)
    }

    pub fn accepted(&self) -> Vec<Gap> {
        self.expected()
            .into_iter()
            .chain(self.also_ok.iter().filter_map(|g| Gap::parse(g)))
            .collect()
    }

    /// Where the case came from, for holding one kind of source out: the page's host for real
    /// cases and their variations, else the style.
    pub fn origin(&self) -> String {
        let address = self.source.trim_start_matches("variation of ");
        match address.split("://").nth(1) {
            Some(rest) => rest
                .split('/')
                .next()
                .unwrap_or(rest)
                .trim_start_matches("www.")
                .to_owned(),
            None => self.source.clone(),
        }
    }
}

/// Parses JSONL, one labelled incident a line.
pub fn parse(source: &str) -> Result<Vec<Labelled>, String> {
    source
        .lines()
        .filter(|l| !l.trim().is_empty())
        .enumerate()
        .map(|(i, l)| serde_json::from_str(l).map_err(|e| format!("line {}: {e}", i + 1)))
        .collect()
}

/// What the finder should believe for a case: the expected gap, and a share for each accepted
/// alternative.
fn target(case: &Labelled, also_ok_share: f64) -> Option<PerGap> {
    let expected = case.expected()?;
    let others: Vec<Gap> = case
        .also_ok
        .iter()
        .filter_map(|g| Gap::parse(g))
        .filter(|g| *g != expected)
        .collect();
    let mut t = [0.0; N];
    if others.is_empty() {
        t[expected as usize] = 1.0;
    } else {
        t[expected as usize] = 1.0 - also_ok_share;
        for g in &others {
            t[*g as usize] += also_ok_share / others.len() as f64;
        }
    }
    Some(t)
}

/// The training examples of these cases: each as written and, when it has a category, once more
/// without it, so that the weights also serve incidents filed without one.
pub fn examples(finder: &GapFinder, cases: &[Labelled]) -> Vec<Example> {
    let share = finder.knowledge().training.also_ok_share;
    let mut out = Vec::with_capacity(cases.len() * 2);
    for case in cases {
        let (Some(target), Some(language)) = (target(case, share), case.language()) else {
            continue;
        };
        let texts = [case.summary.as_str(), case.description.as_str()];
        let category = case.category();
        out.push(Example {
            features: finder.feature_names(&texts, language, category),
            target,
        });
        if category.is_some() {
            out.push(Example {
                features: finder.feature_names(&texts, language, None),
                target,
            });
        }
    }
    out
}

/// The cases the shipped weights are learned from.
pub fn training_cases() -> Result<Vec<Labelled>, String> {
    let mut cases = parse(TRAIN)?;
    cases.extend(parse(DEV)?);
    Ok(cases)
}

/// Learns the weights from these cases with the finder's training settings.
pub fn learn(finder: &GapFinder, cases: &[Labelled]) -> super::model::Model {
    learn_with(finder, cases, &finder.knowledge().training)
}

/// Learns with other settings (to compare them by cross-validation).
pub fn learn_with(
    finder: &GapFinder,
    cases: &[Labelled],
    settings: &super::knowledge::Training,
) -> super::model::Model {
    super::model::train(&examples(finder, cases), settings)
}
