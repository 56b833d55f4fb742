//! How well the finder does on labelled incidents: top-1 (the first candidate is the expected
//! gap or an accepted one, and the finder did not abstain) and top-3 (the expected gap is among
//! the first three, no abstention), per language, for the four ways an incident may come in.
//! Shared by the quality command and the tests that hold the thresholds.

use super::corpus::Labelled;
use super::memory::Memory;
use super::normalize::strip_diacritics;
use super::{GapFinder, Input};
use crate::domain::Language;

/// The four ways of asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variant {
    pub with_category: bool,
    pub stripped: bool,
}

impl Variant {
    pub const ALL: [Self; 4] = [
        Self {
            with_category: true,
            stripped: false,
        },
        Self {
            with_category: false,
            stripped: false,
        },
        Self {
            with_category: true,
            stripped: true,
        },
        Self {
            with_category: false,
            stripped: true,
        },
    ];

    pub fn name(self) -> &'static str {
        match (self.with_category, self.stripped) {
            (true, false) => "as written",
            (false, false) => "without category",
            (true, true) => "diacritics stripped",
            (false, true) => "no category, no diacritics",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Figures {
    pub total: usize,
    pub top1: usize,
    pub top3: usize,
    pub abstained: usize,
}

impl Figures {
    pub fn add(&mut self, other: Figures) {
        self.total += other.total;
        self.top1 += other.top1;
        self.top3 += other.top3;
        self.abstained += other.abstained;
    }

    pub fn top1_rate(&self) -> f64 {
        rate(self.top1, self.total)
    }

    pub fn top3_rate(&self) -> f64 {
        rate(self.top3, self.total)
    }
}

fn rate(n: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        n as f64 / total as f64
    }
}

/// The Wilson score interval at 95% for `n` successes of `total`, as fractions.
pub fn wilson(n: usize, total: usize) -> (f64, f64) {
    if total == 0 {
        return (0.0, 0.0);
    }
    let z = 1.96f64;
    let (n, t) = (n as f64, total as f64);
    let p = n / t;
    let centre = (p + z * z / (2.0 * t)) / (1.0 + z * z / t);
    let half = z * ((p * (1.0 - p) / t + z * z / (4.0 * t * t)).sqrt()) / (1.0 + z * z / t);
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// "82.1% [77.0–86.3]".
pub fn shown(n: usize, total: usize) -> String {
    let (low, high) = wilson(n, total);
    format!(
        "{:5.1}% [{:.1}–{:.1}]",
        100.0 * rate(n, total),
        100.0 * low,
        100.0 * high
    )
}

/// The figures of one case, with what an installation confirmed so far.
pub fn judge(finder: &GapFinder, case: &Labelled, variant: Variant, memory: &Memory) -> Figures {
    let Some(expected) = case.expected() else {
        return Figures::default();
    };
    let accepted = case.accepted();
    let (summary, description) = if variant.stripped {
        (strip_diacritics(&case.summary), strip_diacritics(&case.description))
    } else {
        (case.summary.clone(), case.description.clone())
    };
    let analysis = finder.analyse_with(
        &Input {
            texts: vec![&summary, &description],
            category: if variant.with_category { case.category() } else { None },
            language: case.language(),
        },
        memory,
        None,
    );
    let first = analysis.candidates.first().map(|c| c.gap);
    let counted = !analysis.abstained;
    Figures {
        total: 1,
        top1: usize::from(counted && first.is_some_and(|g| accepted.contains(&g))),
        top3: usize::from(counted && analysis.candidates.iter().take(3).any(|c| c.gap == expected)),
        abstained: usize::from(analysis.abstained),
    }
}

/// Figures per language (en, ro, pl, el) and overall.
pub fn evaluate(finder: &GapFinder, cases: &[Labelled], variant: Variant) -> ([Figures; 4], Figures) {
    evaluate_with(finder, cases, variant, &Memory::default())
}

/// The same, with confirmed incidents in the finder's memory.
pub fn evaluate_with(
    finder: &GapFinder,
    cases: &[Labelled],
    variant: Variant,
    memory: &Memory,
) -> ([Figures; 4], Figures) {
    let mut per = [Figures::default(); 4];
    let mut all = Figures::default();
    for case in cases {
        let figures = judge(finder, case, variant, memory);
        if let Some(slot) = case.language().map(slot) {
            per[slot].add(figures);
        }
        all.add(figures);
    }
    (per, all)
}

pub const LANGUAGES: [Language; 4] = [Language::En, Language::Ro, Language::Pl, Language::El];

fn slot(lang: Language) -> usize {
    LANGUAGES.iter().position(|l| *l == lang).unwrap_or(0)
}
