//! The gap finder's quality, printed: on the frozen test split (`data/gapfinder/corpus/
//! test.jsonl`, never tuned on) for the four ways an incident comes in, per language, with 95%
//! intervals; 5-fold cross-validation on the train split; and the time per incident.
//!
//! cargo run --release --example gapfinder-quality

use std::time::Instant;

use uuid::Uuid;

use clientretro::domain::Code;
use clientretro::gapfinder::corpus::{self, Labelled};
use clientretro::gapfinder::memory::Memory;
use clientretro::gapfinder::quality::{evaluate, evaluate_with, shown, Figures, Variant, LANGUAGES};
use clientretro::gapfinder::similar::{self, Known};
use clientretro::gapfinder::{GapFinder, Input, Training};

const TEST: &str = include_str!("../data/gapfinder/corpus/test.jsonl");
const VALIDATION: &str = include_str!("../data/gapfinder/corpus/validation.jsonl");

fn report(title: &str, finder: &GapFinder, cases: &[Labelled]) {
    println!("\n## {title} ({} incidents)", cases.len());
    println!(
        "{:28} {:>5} {:>26} {:>26} {:>10}",
        "variant / language", "n", "top-1", "top-3", "abstained"
    );
    for variant in Variant::ALL {
        let (per, all) = evaluate(finder, cases, variant);
        line(variant.name(), &all);
        for (lang, figures) in LANGUAGES.iter().zip(per) {
            line(&format!("  {}", lang.code()), &figures);
        }
    }
}

fn line(name: &str, f: &Figures) {
    println!(
        "{:28} {:>5} {:>26} {:>26} {:>10}",
        name,
        f.total,
        shown(f.top1, f.total),
        shown(f.top3, f.total),
        f.abstained
    );
}

/// Five folds of the train split by position after a stable shuffle (by id); each fold is
/// measured by weights learned from the other four and the dev set.
fn cross_validate(finder: &GapFinder, train: &[Labelled], dev: &[Labelled], settings: &Training) {
    let mut cases = train.to_vec();
    cases.sort_by_key(|c| fnv(&c.id));
    let mut totals = [Figures::default(); 2];
    for fold in 0..5 {
        let in_fold = |i: usize| i % 5 == fold;
        let held: Vec<Labelled> = cases
            .iter()
            .enumerate()
            .filter(|(i, _)| in_fold(*i))
            .map(|(_, c)| c.clone())
            .collect();
        let mut learn_from: Vec<Labelled> = cases
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_fold(*i))
            .map(|(_, c)| c.clone())
            .collect();
        learn_from.extend(dev.iter().cloned());
        let model = corpus::learn_with(finder, &learn_from, settings);
        let fold_finder = finder.with_model(model).expect("knowledge loads");
        for (slot, variant) in [Variant::ALL[0], Variant::ALL[1]].into_iter().enumerate() {
            totals[slot].add(evaluate(&fold_finder, &held, variant).1);
        }
    }
    println!("\n## 5-fold cross-validation on train ({} incidents)", cases.len());
    for (name, f) in ["as written", "without category"].iter().zip(totals) {
        line(name, &f);
    }
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// A memory holding these cases as confirmed with their expected gap.
fn confirmed(finder: &GapFinder, cases: &[Labelled]) -> Memory {
    Memory::new(
        cases
            .iter()
            .filter_map(|c| {
                let texts = [c.summary.as_str(), c.description.as_str()];
                Some(finder.remember(Uuid::nil(), c.expected()?, c.language()?, &texts))
            })
            .collect(),
    )
}

/// Learning on a shift: weights learned without one style of writing, then k confirmed
/// incidents of that style in the finder's memory, top-1 measured on the rest of that style.
fn learning_curve(finder: &GapFinder, train: &[Labelled], dev: &[Labelled], style: &str) {
    let (mut shifted, mut others): (Vec<Labelled>, Vec<Labelled>) =
        train.iter().cloned().partition(|c| c.style == style);
    shifted.sort_by_key(|c| fnv(&c.id));
    const MOST: usize = 50;
    if shifted.len() < MOST + 20 {
        println!("{style}: only {} incidents, too few for a curve", shifted.len());
        return;
    }
    others.extend(dev.iter().cloned());
    let without = finder
        .with_model(corpus::learn(finder, &others))
        .expect("knowledge loads");
    let (pool, measured) = shifted.split_at(MOST);
    let mut line = format!("{style:>14} (measured on {:>3}):", measured.len());
    for k in [0, 10, 50] {
        let memory = confirmed(&without, &pool[..k]);
        let (_, all) = evaluate_with(&without, measured, Variant::ALL[1], &memory);
        line.push_str(&format!("  k={k:<2} top-1 {}", shown(all.top1, all.total)));
    }
    println!("{line}");
}

/// The same on the validation set, written by other people than train: the shipped weights, k of
/// its incidents confirmed, top-1 on the rest.
fn learning_on_validation(finder: &GapFinder, validation: &[Labelled]) {
    let mut cases = validation.to_vec();
    cases.sort_by_key(|c| fnv(&c.id));
    const MOST: usize = 50;
    let (pool, measured) = cases.split_at(MOST.min(cases.len()));
    let mut line = format!("{:>14} (measured on {:>3}):", "validation", measured.len());
    for k in [0, 10, 50] {
        let memory = confirmed(finder, &pool[..k.min(pool.len())]);
        let (_, all) = evaluate_with(finder, measured, Variant::ALL[1], &memory);
        line.push_str(&format!("  k={k:<2} top-1 {}", shown(all.top1, all.total)));
    }
    println!("{line}");
}

/// Similar incidents on the test split: for each, the five most alike among the others (texts and
/// categories only, nothing confirmed); precision@5 = the share of them with the same expected
/// gap, and how many of those correct hits are in another language.
fn similar_on_test(finder: &GapFinder, test: &[Labelled]) {
    let profiles: Vec<_> = test
        .iter()
        .map(|c| {
            let id = Uuid::from_u128(u128::from(fnv(&c.id)));
            finder.profile(Known {
                id,
                client: id,
                language: c.language().expect("language"),
                category: c.category(),
                texts: vec![&c.summary, &c.description],
                confirmed: Vec::new(),
                primary: None,
            })
        })
        .collect();
    let (mut right, mut across, mut shown_hits) = (0usize, 0usize, 0usize);
    for (case, profile) in test.iter().zip(&profiles) {
        for (hit, _, _) in similar::rank(profile, &profiles, 5) {
            shown_hits += 1;
            let other = &test[profiles.iter().position(|p| p.id == hit.id).expect("a test case")];
            if other.expected == case.expected {
                right += 1;
                if other.lang != case.lang {
                    across += 1;
                }
            }
        }
    }
    let slots = test.len() * 5;
    println!(
        "\n## Similar incidents on the test split\nprecision@5 (same expected gap): {} ({right} of {slots} slots; {shown_hits} filled); correct hits in another language: {across}",
        shown(right, slots)
    );
}

fn speed(finder: &GapFinder, cases: &[Labelled]) {
    let mut text = String::new();
    for case in cases.iter().filter(|c| c.lang == "ro") {
        if text.chars().count() >= 2000 {
            break;
        }
        text.push_str(&case.description);
        text.push(' ');
    }
    let text: String = text.chars().take(2000).collect();
    let runs = 2000;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(finder.analyse(&Input {
            texts: vec![&text],
            category: None,
            language: None,
        }));
    }
    let micros = started.elapsed().as_secs_f64() * 1e6 / f64::from(runs);
    println!("\n## Speed\n{micros:.1} µs per incident of 2,000 characters (mean of {runs}, language detected)");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let finder = GapFinder::load()?;
    let test = corpus::parse(TEST)?;
    let train = corpus::parse(corpus::TRAIN)?;
    let dev = corpus::parse(corpus::DEV)?;
    println!(
        "# Gap finder quality (weights learned from {} examples)",
        finder.model().examples
    );
    // While tuning, look only at cross-validation: `-- --cv-only` leaves the test split unread.
    if !std::env::args().any(|a| a == "--cv-only") {
        report("test split, frozen", &finder, &test);
        similar_on_test(&finder, &test);
    }
    // `-- --set l2_concepts=1.0 --set l2_words=4` compares training settings by cross-validation.
    let mut settings = finder.knowledge().training.clone();
    let args: Vec<String> = std::env::args().collect();
    for pair in args.windows(2).filter(|w| w[0] == "--set") {
        let (name, value) = pair[1].split_once('=').ok_or("--set NAME=VALUE")?;
        let value: f64 = value.parse()?;
        match name {
            "l2_concepts" => settings.l2_concepts = value,
            "l2_words" => settings.l2_words = value,
            "iterations" => settings.iterations = value as usize,
            "learning_rate" => settings.learning_rate = value,
            "min_stem_texts" => settings.min_stem_texts = value as usize,
            "also_ok_share" => settings.also_ok_share = value,
            other => return Err(format!("unknown setting {other}").into()),
        }
    }
    cross_validate(&finder, &train, &dev, &settings);
    let validation = corpus::parse(VALIDATION)?;
    let mut learn_from = train.clone();
    learn_from.extend(dev.iter().cloned());
    let tuned = finder.with_model(corpus::learn_with(&finder, &learn_from, &settings))?;
    report(
        "validation (written apart from train and the lexicons)",
        &tuned,
        &validation,
    );
    println!("\n## Learning from confirmed retrospectives, on a style held out of training (without category)");
    for style in ["real", "written", "terse"] {
        learning_curve(&finder, &train, &dev, style);
    }
    learning_on_validation(&tuned, &validation);
    speed(&finder, &train);
    Ok(())
}
