//! Learns the gap finder's weights from the labelled corpus (train split and dev set) and writes
//! them to `data/gapfinder/weights.tsv`. Deterministic: the same corpus and knowledge files
//! always write the same bytes, which a test checks against the committed file.
//!
//! cargo run --release --example gapfinder-train

use clientretro::gapfinder::{corpus, GapFinder};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let finder = GapFinder::load()?;
    let cases = corpus::training_cases()?;
    let started = std::time::Instant::now();
    let model = corpus::learn(&finder, &cases);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/gapfinder/weights.tsv");
    std::fs::write(path, model.to_table())?;
    println!(
        "learned {} features from {} examples ({} cases) in {:.1} s; wrote {path}",
        model.weights.len(),
        model.examples,
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
