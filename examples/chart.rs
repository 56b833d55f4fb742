//! Draws the per-gap chart with sample figures, to look at it while changing it:
//! `cargo run --example chart > chart.svg`
use clientretro::charts::gaps::{render, Bar, Texts};

fn main() {
    let bars = [
        ("Payments not followed up", 12, 3),
        ("Scope never defined", 9, 1),
        ("Contact too rare", 7, 0),
        ("Πληρωμές χωρίς παρακολούθηση", 4, 2),
        ("Plăți neurmărite", 2, 1),
    ]
    .map(|(label, incidents, repeats)| Bar {
        label: label.to_owned(),
        incidents,
        repeats,
    });
    let texts = Texts {
        title: "Incidents per process gap".into(),
        incidents: "Incidents".into(),
        repeats: "Repeats".into(),
        empty: "No confirmed gaps yet.".into(),
    };
    match render(&bars, &texts) {
        Ok(svg) => print!("{svg}"),
        Err(error) => eprintln!("{error}"),
    }
}
