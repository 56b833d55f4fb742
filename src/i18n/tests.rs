//! The messages are complete in every language, format without errors, and pluralize right.

use std::collections::BTreeSet;

use fluent_bundle::FluentValue;
use strum::VariantArray;

use super::{args, Args, Localizer, FILES};
use crate::domain::{Category, Code, EntryKind, Gap, IncidentStatus, Language, Severity};

fn localizer() -> Localizer {
    Localizer::load().expect("every locale parses")
}

/// Values for every variable any message uses.
fn sample_args() -> Args<'static> {
    args([
        ("count", 3.into()),
        ("max", 200.into()),
        ("min", 1.into()),
        ("line", 2.into()),
        ("column", 7.into()),
        ("limit_kib", 1024.into()),
        ("id", "0190".into()),
        ("field", "summary".into()),
        ("allowed", "a, b".into()),
        ("value", "x".into()),
        ("source", "hubspot".into()),
        ("external_id", "42".into()),
        ("category", "Late payment".into()),
        ("phrase", "no reminder".into()),
        ("word", "invoice".into()),
        ("percent", 42.into()),
        ("gap", "Payments not followed up".into()),
        ("amount", "800€".into()),
        ("eur", 800.into()),
        ("threshold", 500.into()),
        ("days", 60.into()),
        ("summary", "Invoice unpaid".into()),
        ("from", "Open".into()),
        ("to", "Done".into()),
        ("date", "2026-12-01".into()),
        ("role", "Reader".into()),
        ("required", "Writer".into()),
        ("seconds", 2.into()),
        ("name", "Idempotency-Key".into()),
        ("other", "client_id".into()),
        ("incident", "0190".into()),
        ("title", "Reminders".into()),
    ])
}

#[test]
fn every_message_exists_in_all_four_locales() {
    let l = localizer();
    let english: BTreeSet<String> = l.message_ids(Language::En).into_iter().collect();
    assert!(english.len() > 50, "{english:?}");
    for &lang in Language::VARIANTS {
        let ids: BTreeSet<String> = l.message_ids(lang).into_iter().collect();
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang:?}: missing {missing:?}, extra {extra:?}"
        );
    }
}

#[test]
fn every_message_formats_in_every_locale() {
    let l = localizer();
    let args = sample_args();
    for &lang in Language::VARIANTS {
        for id in l.message_ids(lang) {
            let text = l.try_format(lang, &id, Some(&args));
            assert!(
                text.as_deref().is_some_and(|t| !t.trim().is_empty()),
                "{lang:?} {id} does not format"
            );
        }
    }
}

#[test]
fn every_code_has_a_label_in_every_locale() {
    fn check<C: Code + std::fmt::Debug>(l: &Localizer) {
        for &lang in Language::VARIANTS {
            for &code in C::VARIANTS {
                assert!(
                    l.try_format(lang, &code.label_id(), None).is_some(),
                    "{lang:?} has no label for {code:?}"
                );
            }
        }
    }
    let l = localizer();
    check::<Language>(&l);
    check::<Category>(&l);
    check::<Severity>(&l);
    check::<IncidentStatus>(&l);
    check::<EntryKind>(&l);
    check::<Gap>(&l);
    check::<crate::domain::ActionStatus>(&l);
    check::<crate::domain::RetrospectiveStatus>(&l);
    check::<crate::domain::DocumentFormat>(&l);
    for &lang in Language::VARIANTS {
        for &gap in Gap::VARIANTS {
            for part in ["description", "prevention"] {
                assert!(
                    l.try_format(lang, &gap.message_id(Some(part)), None).is_some(),
                    "{lang:?} {gap:?} {part}"
                );
            }
        }
    }
}

#[test]
fn every_locale_file_is_embedded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/en");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("locales/en")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".ftl"))
        .collect();
    on_disk.sort();
    let mut embedded: Vec<String> = FILES.iter().map(|f| (*f).to_owned()).collect();
    embedded.sort();
    assert_eq!(on_disk, embedded, "add new .ftl files to i18n::FILES");
}

fn too_long(l: &Localizer, lang: Language, max: i64) -> String {
    l.try_format(lang, "field-too_long", Some(&args([("max", FluentValue::from(max))])))
        .expect("formats")
}

#[test]
fn polish_uses_one_few_and_many() {
    let l = localizer();
    for (n, word) in [
        (1, "znak."),
        (2, "znaki."),
        (4, "znaki."),
        (22, "znaki."),
        (102, "znaki."),
        (5, "znaków."),
        (12, "znaków."),
        (112, "znaków."),
        (0, "znaków."),
        (200, "znaków."),
    ] {
        let text = too_long(&l, Language::Pl, n);
        assert!(text.ends_with(&format!(" {n} {word}")), "{n}: {text}");
    }
}

#[test]
fn romanian_uses_de_from_twenty_on_but_not_for_102_or_119() {
    let l = localizer();
    for (n, expected) in [
        (2, "2 caractere"),
        (19, "19 caractere"),
        (102, "102 caractere"),
        (119, "119 caractere"),
        (20, "20 de caractere"),
        (101, "101 caractere"),
        (100, "100 de caractere"),
        (200, "200 de caractere"),
    ] {
        let text = too_long(&l, Language::Ro, n);
        assert!(text.ends_with(&format!("cel mult {expected}.")), "{n}: {text}");
    }
    assert_eq!(too_long(&l, Language::Ro, 1), "Este permis cel mult un caracter.");
}

#[test]
fn greek_and_english_use_one_and_other() {
    let l = localizer();
    assert_eq!(too_long(&l, Language::El, 1), "Επιτρέπεται έως ένας χαρακτήρας.");
    assert_eq!(too_long(&l, Language::El, 50), "Επιτρέπονται έως 50 χαρακτήρες.");
    assert_eq!(too_long(&l, Language::En, 200), "At most 200 characters are allowed.");
}

#[test]
fn romanian_messages_select_plurals_through_the_plural_function() {
    for file in FILES {
        let path = format!("{}/locales/ro/{file}", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).expect("readable");
        let direct = direct_selector(&source);
        assert!(direct.is_none(), "{file}: select on PLURAL($n), not on $n: {direct:?}");
    }
}

/// A `{ $name ->` selector, if any.
fn direct_selector(source: &str) -> Option<&str> {
    source.lines().find(|line| {
        let t = line.trim_start();
        t.contains("{ $") && t.trim_end().ends_with("->")
    })
}

#[test]
fn retry_after_seconds_are_pluralized_in_every_language() {
    let l = localizer();
    let wait = |lang, n: i64| {
        l.try_format(
            lang,
            "problem-rate_limited.detail",
            Some(&args([("seconds", FluentValue::from(n))])),
        )
        .expect("formats")
    };
    assert!(wait(Language::Pl, 1).ends_with("za sekundę."));
    assert!(wait(Language::Pl, 3).ends_with("za 3 sekundy."));
    assert!(wait(Language::Pl, 5).ends_with("za 5 sekund."));
    assert!(wait(Language::Ro, 1).ends_with("peste o secundă."));
    assert!(wait(Language::Ro, 5).ends_with("peste 5 secunde."));
    assert!(wait(Language::Ro, 30).ends_with("peste 30 de secunde."));
    assert!(wait(Language::El, 1).ends_with("σε ένα δευτερόλεπτο."));
    assert!(wait(Language::El, 4).ends_with("σε 4 δευτερόλεπτα."));
    assert!(wait(Language::En, 1).ends_with("in one second."));
}
