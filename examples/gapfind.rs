//! Try the gap finder on a text while editing `data/gapfinder/`:
//! `cargo run --example gapfind -- [--category CODE] [--lang CODE] "text" ["more text" ...]`

use clientretro::domain::{Category, Code, Language};
use clientretro::gapfinder::{GapFinder, Input};

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut category, mut language, mut texts) = (None, None, Vec::new());
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--category" => category = args.next().as_deref().and_then(Category::parse),
            "--lang" => language = args.next().as_deref().and_then(Language::parse),
            _ => texts.push(arg),
        }
    }
    let finder = match GapFinder::load() {
        Ok(finder) => finder,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1);
        }
    };
    let analysis = finder.analyse(&Input {
        texts: texts.iter().map(String::as_str).collect(),
        category,
        language,
    });
    println!(
        "language: {}, confidence {:.2}{}",
        analysis.language.code(),
        analysis.confidence,
        if analysis.abstained {
            ", abstained: nothing in the text supports a gap"
        } else {
            ""
        }
    );
    for candidate in analysis.candidates {
        println!("{:.2} {}", candidate.score, candidate.gap.code());
        for reason in candidate.reasons {
            println!("     {reason:?}");
        }
    }
}
