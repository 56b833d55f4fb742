//! The messages are complete in every language, format without errors, and pluralize right.

use std::collections::{BTreeMap, BTreeSet};

use fluent_bundle::{FluentResource, FluentValue};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use strum::VariantArray;

use super::plural_forms::{FORMS, NUMBERS};
use super::{args, embedded_sources, Args, Localizer, FILES};
use crate::domain::{Category, Code, EntryKind, Gap, IncidentStatus, Language, Severity};

fn localizer() -> Localizer {
    Localizer::load().expect("every locale parses")
}

/// Values for every variable any message uses, each one distinct so that a test can tell from
/// the text which of them a translation printed.
fn sample_args() -> Args<'static> {
    args([
        ("count", 3.into()),
        ("max", 200.into()),
        ("min", 17.into()),
        ("line", 29.into()),
        ("column", 7.into()),
        ("limit_kib", 1024.into()),
        ("id", "0190-a".into()),
        ("field", "summary".into()),
        ("allowed", "alpha, beta".into()),
        ("value", "xyzzy".into()),
        ("source", "hubspot".into()),
        ("external_id", "4242".into()),
        ("category", "Late payment".into()),
        ("phrase", "no reminder".into()),
        ("word", "invoice".into()),
        ("percent", 42.into()),
        ("gap", "Payments not followed up".into()),
        ("amount", "812 GBP".into()),
        ("eur", 950.into()),
        ("threshold", 500.into()),
        ("days", 60.into()),
        ("summary", "Invoice unpaid".into()),
        ("from", "Open".into()),
        ("to", "Done".into()),
        ("date", "2026-12-01".into()),
        ("role", "Reader".into()),
        ("required", "Writer".into()),
        ("seconds", 37.into()),
        ("name", "Idempotency-Key".into()),
        ("other", "client_id".into()),
        ("incident", "0190-b".into()),
        ("title", "Reminders".into()),
        ("until", "2027-03-01".into()),
        ("minutes", 45.into()),
        ("hours", 14.into()),
        ("silence", "35 days".into()),
        ("cadence", "7 days".into()),
        ("recent", "9 hours".into()),
        ("usual", "50 minutes".into()),
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
    check::<crate::domain::DocumentAudience>(&l);
    check::<crate::domain::ContactKind>(&l);
    check::<crate::domain::ContactDirection>(&l);
    check::<crate::domain::RiskReason>(&l);
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

/// What a message (or `message.attribute`) of one locale refers to.
#[derive(Debug, Default)]
struct Uses {
    /// Every variable, printed or selected on.
    variables: BTreeSet<String>,
    /// The variables a select chooses its branch on (`$n`, or `PLURAL($n)` in Romanian).
    selectors: BTreeSet<String>,
}

/// Every message of `lang`, by id, with the variables it uses, read from the Fluent syntax tree.
fn messages(lang: Language) -> BTreeMap<String, Uses> {
    fn pattern(p: &Pattern<&str>, uses: &mut Uses) {
        for element in &p.elements {
            if let PatternElement::Placeable { expression: e } = element {
                expression(e, uses);
            }
        }
    }
    fn expression(e: &Expression<&str>, uses: &mut Uses) {
        match e {
            Expression::Inline(i) => inline(i, uses),
            Expression::Select { selector, variants } => {
                let mut selected = Uses::default();
                inline(selector, &mut selected);
                uses.selectors.extend(selected.variables.iter().cloned());
                uses.variables.extend(selected.variables);
                for variant in variants {
                    pattern(&variant.value, uses);
                }
            }
        }
    }
    fn inline(i: &InlineExpression<&str>, uses: &mut Uses) {
        match i {
            InlineExpression::VariableReference { id } => {
                uses.variables.insert(id.name.to_owned());
            }
            InlineExpression::FunctionReference { arguments, .. } => {
                for argument in &arguments.positional {
                    inline(argument, uses);
                }
            }
            InlineExpression::Placeable { expression: e } => expression(e, uses),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for source in embedded_sources(lang) {
        let resource = FluentResource::try_new(source.to_owned()).expect("every locale parses");
        for entry in resource.entries() {
            if let Entry::Message(m) = entry {
                if let Some(value) = &m.value {
                    let mut uses = Uses::default();
                    pattern(value, &mut uses);
                    out.insert(m.id.name.to_owned(), uses);
                }
                for attribute in &m.attributes {
                    let mut uses = Uses::default();
                    pattern(&attribute.value, &mut uses);
                    out.insert(format!("{}.{}", m.id.name, attribute.id.name), uses);
                }
            }
        }
    }
    out
}

fn sample_value(name: &str) -> String {
    match sample_args().get(name) {
        Some(FluentValue::String(s)) => s.to_string(),
        Some(FluentValue::Number(n)) => n.as_string().to_string(),
        other => panic!("no sample value for ${name}: {other:?}"),
    }
}

#[test]
fn every_message_renders_with_all_its_variables() {
    let l = localizer();
    let samples = sample_args();
    let english = messages(Language::En);
    for &lang in Language::VARIANTS {
        for (id, uses) in messages(lang) {
            for name in &uses.variables {
                assert!(samples.get(name).is_some(), "{lang:?} {id}: add ${name} to sample_args");
            }
            let text = l
                .try_format(lang, &id, Some(&samples))
                .unwrap_or_else(|| panic!("{lang:?} {id} does not format"));
            assert!(
                !text.contains("{ $") && !text.contains("{$") && !text.contains('{'),
                "{lang:?} {id}: {text}"
            );
            // The same variables as English: a translation neither drops nor invents one.
            let en = english
                .get(&id)
                .unwrap_or_else(|| panic!("{lang:?} {id} is not in English"));
            assert_eq!(
                uses.variables, en.variables,
                "{lang:?} {id}: not the variables English uses"
            );
            // Every variable is printed (the samples choose branches that print their number).
            for name in &uses.variables {
                let value = sample_value(name);
                assert!(
                    text.contains(&value),
                    "{lang:?} {id} does not print ${name} ({value}): {text}"
                );
            }
        }
    }
}

#[test]
fn plural_forms_match_the_hand_written_table_in_every_language() {
    let l = localizer();
    let mut tabled = BTreeSet::new();
    for (code, id, expected) in FORMS {
        let lang = Language::VARIANTS
            .iter()
            .copied()
            .find(|l| l.code() == *code)
            .expect("a language");
        assert!(tabled.insert((*code, *id)), "{code} {id} is in the table twice");
        let all = messages(lang);
        let uses = all.get(*id).unwrap_or_else(|| panic!("{code} {id} is not a message"));
        let [selector] = uses.selectors.iter().collect::<Vec<_>>()[..] else {
            panic!("{code} {id} selects on {:?}, not on one number", uses.selectors);
        };
        for (n, fragment) in NUMBERS.iter().zip(expected) {
            let mut args = sample_args();
            args.set(selector.clone(), FluentValue::from(*n));
            let text = l.try_format(lang, id, Some(&args)).expect("formats");
            assert!(
                text.contains(fragment),
                "{code} {id} at {n}: expected “{fragment}” in “{text}”"
            );
        }
    }
    // Every select over a number, in every language, is in the table.
    for &lang in Language::VARIANTS {
        for (id, uses) in messages(lang) {
            if !uses.selectors.is_empty() {
                assert!(
                    tabled.contains(&(lang.code(), id.as_str())),
                    "{lang:?} {id}: add its forms to plural_forms::FORMS"
                );
            }
        }
    }
}

/// The messages a language may write exactly as English does, from the glossary.
fn same_as_english() -> BTreeSet<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/glossary/same-as-english.txt");
    let text = std::fs::read_to_string(path).expect("docs/glossary/same-as-english.txt");
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let (Some(lang), Some(id)) = (words.next(), words.next()) else {
                panic!("same-as-english.txt: “{line}” is not “lang message-id reason”");
            };
            assert!(words.next().is_some(), "same-as-english.txt: “{line}” gives no reason");
            (lang.to_owned(), id.to_owned())
        })
        .collect()
}

#[test]
fn no_message_is_left_in_english_unless_the_glossary_says_so() {
    let l = localizer();
    let samples = sample_args();
    let allowed = same_as_english();
    let mut equal = BTreeSet::new();
    for &lang in Language::VARIANTS.iter().filter(|&&l| l != Language::En) {
        for id in l.message_ids(lang) {
            let text = l.try_format(lang, &id, Some(&samples));
            if text.is_some() && text == l.try_format(Language::En, &id, Some(&samples)) {
                equal.insert((lang.code().to_owned(), id));
            }
        }
    }
    let untranslated: Vec<_> = equal.difference(&allowed).collect();
    assert!(
        untranslated.is_empty(),
        "the same as English, not in the glossary: {untranslated:?}"
    );
    let stale: Vec<_> = allowed.difference(&equal).collect();
    assert!(
        stale.is_empty(),
        "listed in same-as-english.txt but translated: {stale:?}"
    );
}
