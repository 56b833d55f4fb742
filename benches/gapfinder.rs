//! How long the gap finder takes, by text length: `cargo bench --bench gapfinder`.
//! Target: under 50 µs median for a 2,000-character incident, growing linearly with length.

use std::hint::black_box;

use clientretro::domain::{Category, Language};
use clientretro::gapfinder::{GapFinder, Input};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Sentences the way incidents are written, cycled to the wanted length.
const SENTENCES: [(&str, Language); 8] = [
    (
        "Factura din martie este restantă de 60 de zile și nimeni nu a trimis un memento după scadență. ",
        Language::Ro,
    ),
    (
        "Clientul ne-a promis de trei ori că trimite documentele, dar nu a sosit nimic până acum. ",
        Language::Ro,
    ),
    (
        "La fiecare ședință insistă pe varianta lui, deși i-am explicat de mai multe ori de ce nu merge. ",
        Language::Ro,
    ),
    (
        "Discuția a fost la telefon și nu avem niciun e-mail care să arate ce s-a stabilit. ",
        Language::Ro,
    ),
    (
        "Datorează peste 3.000 de lei și ne amenință când îi cerem banii înapoi. ",
        Language::Ro,
    ),
    (
        "Echipa de dezvoltare a primit doar jumătate din informații și a livrat altceva decât s-a cerut. ",
        Language::Ro,
    ),
    (
        "Nu am mai vorbit cu el de câteva luni, iar răspunsurile lui au devenit tot mai scurte. ",
        Language::Ro,
    ),
    (
        "Se plânge zilnic de orice, iar fiecare apel durează o oră fără niciun rezultat concret. ",
        Language::Ro,
    ),
];

fn text_of(chars: usize) -> String {
    let mut text = String::new();
    for (sentence, _) in SENTENCES.iter().cycle() {
        if text.chars().count() >= chars {
            break;
        }
        text.push_str(sentence);
    }
    text.chars().take(chars).collect()
}

fn by_length(c: &mut Criterion) {
    let finder = GapFinder::load().expect("the knowledge files load");
    let mut group = c.benchmark_group("analyse");
    for chars in [500, 1_000, 2_000, 4_000, 8_000] {
        let text = text_of(chars);
        group.throughput(Throughput::Elements(chars as u64));
        group.bench_with_input(BenchmarkId::new("language given", chars), &text, |b, text| {
            b.iter(|| {
                finder.analyse(black_box(&Input {
                    texts: vec!["Datorie veche și amenințări", text],
                    category: Some(Category::LatePayment),
                    language: Some(Language::Ro),
                }))
            })
        });
    }
    let text = text_of(2_000);
    group.bench_function("language detected/2000", |b| {
        b.iter(|| {
            finder.analyse(black_box(&Input {
                texts: vec![&text],
                category: None,
                language: None,
            }))
        })
    });
    group.bench_function("tokenize only/2000", |b| {
        b.iter(|| clientretro::gapfinder::normalize::tokenize(black_box(&text)))
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    c.bench_function("load knowledge (once at start)", |b| b.iter(GapFinder::load));
}

criterion_group!(benches, by_length, load);
criterion_main!(benches);
