//! Facts the finder reads from numbers in the text: the largest amount owed (in EUR) and the
//! longest delay (in days).

use super::knowledge::Knowledge;
use super::normalize::Token;

pub struct Debt {
    /// As written: "3.000 de lei", "800€".
    pub written: String,
    pub eur: f64,
}

pub struct Facts {
    pub largest_debt: Option<Debt>,
    pub longest_delay: Option<u32>,
}

/// Whether a payment word stands in the text (asked only when a long delay needs a context).
pub fn mentions_payment(pieces: &[(&str, Vec<Token>)], k: &Knowledge) -> bool {
    pieces
        .iter()
        .flat_map(|(_, tokens)| tokens)
        .any(|t| k.overdue.words.iter().any(|w| t.folded.starts_with(w.as_str())))
}

/// A number starting at token `i`: digits with thousands separators ("3.000", "1 200", "12,500")
/// or a number word. Returns its value and the index of its last token.
fn number_at(text: &str, tokens: &[Token], i: usize, k: &Knowledge) -> Option<(f64, usize)> {
    let word = &tokens[i].folded;
    if let Some(words) = k.numbers.get(&tokens[i].key) {
        if let Some((_, n)) = words.iter().find(|(w, _)| w == word) {
            return Some((f64::from(*n), i));
        }
    }
    if !word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value: f64 = word.parse().ok()?;
    let mut last = i;
    while let Some(next) = tokens.get(last + 1) {
        let between = &text[tokens[last].end..next.start];
        let group = next.folded.len() == 3 && next.folded.chars().all(|c| c.is_ascii_digit());
        if group && matches!(between, "." | "," | " " | "\u{a0}" | "\u{202f}") {
            value = value * 1000.0 + next.folded.parse::<f64>().ok()?;
            last += 1;
        } else {
            break;
        }
    }
    Some((value, last))
}

pub fn find(pieces: &[(&str, Vec<Token>)], k: &Knowledge) -> Facts {
    let mut facts = Facts {
        largest_debt: None,
        longest_delay: None,
    };
    for (text, tokens) in pieces {
        let mut i = 0;
        while i < tokens.len() {
            let Some((value, last)) = number_at(text, tokens, i, k) else {
                i += 1;
                continue;
            };
            // A currency just before ("€800", "EUR 800") or within two words after ("3.000 de lei").
            let before = i
                .checked_sub(1)
                .and_then(|b| k.currencies.get(tokens[b].folded.as_str()).map(|r| (b, *r)));
            let after = (last + 1..tokens.len().min(last + 3))
                .find_map(|a| k.currencies.get(tokens[a].folded.as_str()).map(|r| (a, *r)));
            if let Some((at, rate)) = before.or(after) {
                let eur = value * rate;
                if facts.largest_debt.as_ref().is_none_or(|d| eur > d.eur) {
                    let (from, to) = (i.min(at), last.max(at));
                    facts.largest_debt = Some(Debt {
                        written: text[tokens[from].start..tokens[to].end].to_owned(),
                        eur,
                    });
                }
            }
            // "60 days", "60 de zile": the unit right after the number, or one word later.
            let unit = (last + 1..tokens.len().min(last + 3)).find_map(|u| k.units.get(tokens[u].folded.as_str()));
            if let Some(unit) = unit {
                let days = (value as u32).saturating_mul(*unit);
                facts.longest_delay = Some(facts.longest_delay.map_or(days, |d| d.max(days)));
            }
            i = last + 1;
        }
    }
    facts
}
