//! Romanian plural categories, computed here because the plural-rules crate that Fluent uses
//! tests `n` instead of `n % 100` for `few`: it says "102 de caractere" where Romanian says
//! "102 caractere". Romanian messages select on `PLURAL($n)` instead of on `$n`.

use fluent_bundle::types::FluentNumber;
use fluent_bundle::{FluentArgs, FluentValue};

/// CLDR's Romanian cardinal rule: `one` for 1; `few` for 0, for fractions, and when
/// `n % 100` is 1 to 19 (but not 1 itself); `other` from 20 on ("20 de caractere").
pub fn category(n: f64) -> &'static str {
    let integer = n.fract() == 0.0;
    if integer && n == 1.0 {
        "one"
    } else if !integer || n == 0.0 || (1.0..=19.0).contains(&(n.abs() % 100.0)) {
        "few"
    } else {
        "other"
    }
}

/// The Fluent function `PLURAL`: its one argument's category, as a string to select on.
pub fn plural<'a>(positional: &[FluentValue<'a>], _named: &FluentArgs) -> FluentValue<'a> {
    match positional.first() {
        Some(FluentValue::Number(FluentNumber { value, .. })) => FluentValue::from(category(*value)),
        _ => FluentValue::Error,
    }
}

#[cfg(test)]
mod tests {
    use super::category;

    #[test]
    fn follows_cldr() {
        for (n, expected) in [
            (0.0, "few"),
            (1.0, "one"),
            (2.0, "few"),
            (19.0, "few"),
            (20.0, "other"),
            (100.0, "other"),
            (101.0, "few"),
            (102.0, "few"),
            (119.0, "few"),
            (120.0, "other"),
            (1.5, "few"),
        ] {
            assert_eq!(category(n), expected, "{n}");
        }
    }
}
