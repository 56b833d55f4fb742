//! What the finder reads in an incident: the concepts its words express (negated or not), the
//! words themselves, the category, and facts from its numbers. Each becomes a named feature
//! whose weight per gap the model knows.

use rustc_hash::FxHashSet;

use super::facts::{self, Debt};
use super::knowledge::Knowledge;
use super::lexicon::{PhraseIndex, Term};
use super::normalize::{tokenize, Token};
use crate::domain::{Category, Code, Language};

/// A concept found in the text, and where.
#[derive(Clone, Debug)]
pub struct Found {
    /// Index into the lexicon's concepts.
    pub concept: usize,
    /// A negation word stood before it ("we never sent a reminder"); only for absence concepts.
    pub negated: bool,
    pub piece: usize,
    pub first: usize,
    pub last: usize,
}

/// Everything the model weighs for one incident.
pub struct Features<'a> {
    pub language: Language,
    pub category: Option<Category>,
    pub found: Vec<Found>,
    /// Word stems of the text, each once, borrowed from its tokens.
    pub stems: Vec<&'a str>,
    pub debt: Option<Debt>,
    pub delay: Option<u32>,
}

/// The names the model knows features by.
pub fn concept_feature(id: &str, negated: bool) -> String {
    if negated {
        format!("c:{id}!")
    } else {
        format!("c:{id}")
    }
}

pub fn category_feature(category: Category) -> String {
    format!("cat:{}", category.code())
}

pub const DEBT_FEATURE: &str = "f:debt";
pub const DELAY_FEATURE: &str = "f:delay";

pub fn stem_feature(stem: &str) -> String {
    format!("w:{stem}")
}

impl Features<'_> {
    /// Every feature's name, each once.
    pub fn names(&self, k: &Knowledge) -> Vec<String> {
        let mut names: Vec<String> = Vec::with_capacity(self.found.len() + self.stems.len() + 3);
        for found in &self.found {
            let name = concept_feature(&k.lexicon.concepts[found.concept].id, found.negated);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.extend(self.category.map(category_feature));
        if self.debt.is_some() {
            names.push(DEBT_FEATURE.to_owned());
        }
        if self.delay.is_some() {
            names.push(DELAY_FEATURE.to_owned());
        }
        names.extend(self.stems.iter().map(|s| stem_feature(s)));
        names
    }

    /// Whether anything in the text itself (not the category) was recognised.
    pub fn has_text_evidence(&self) -> bool {
        !self.found.is_empty() || self.debt.is_some() || self.delay.is_some()
    }
}

/// The texts, tokenized once.
pub type Pieces<'a> = Vec<(&'a str, Vec<Token>)>;

pub fn tokenize_all<'a>(texts: &[&'a str]) -> Pieces<'a> {
    texts.iter().map(|t| (*t, tokenize(t))).collect()
}

/// Reads the features of tokenized texts in a known language.
pub fn extract<'a>(k: &Knowledge, pieces: &'a Pieces, language: Language, category: Option<Category>) -> Features<'a> {
    let index = k.lexicon.phrases(language);
    let mut found: Vec<Found> = Vec::new();
    let mut seen = vec![false; index.phrases.len()];
    for (piece, (text, tokens)) in pieces.iter().enumerate() {
        for at in 0..tokens.len() {
            for (id, phrase, anchor) in index.anchored_at(tokens[at].key, &tokens[at].folded) {
                if seen[id] {
                    continue;
                }
                let Some((first, last)) = match_phrase(tokens, at, &phrase.terms, anchor, k.scoring.max_words_between)
                else {
                    continue;
                };
                seen[id] = true;
                let concept = &k.lexicon.concepts[phrase.concept];
                let negated = concept.absence && negated(text, tokens, first, index, k.scoring.negation_window);
                // One mention of a concept with the same polarity is enough; keep the first.
                if !found
                    .iter()
                    .any(|f| f.concept == phrase.concept && f.negated == negated)
                {
                    found.push(Found {
                        concept: phrase.concept,
                        negated,
                        piece,
                        first,
                        last,
                    });
                }
            }
        }
    }
    let stems = stems(k, pieces, language);
    let money = facts::find(pieces, k);
    let about_money = category.is_some_and(|c| k.overdue.categories.contains(&c)) || facts::mentions_payment(pieces, k);
    Features {
        language,
        category,
        found,
        stems,
        debt: money
            .largest_debt
            .filter(|d| about_money && d.eur >= k.escalation.threshold_eur),
        delay: money.longest_delay.filter(|d| about_money && *d >= k.overdue.min_days),
    }
}

/// The stems of the text's words: the first `stem_chars` letters of each word of four letters
/// or more that is not a common word of the language and holds no digit.
fn stems<'a>(k: &Knowledge, pieces: &'a Pieces, language: Language) -> Vec<&'a str> {
    let stop = k.stop_words.get(&language);
    let chars = k.training.stem_chars;
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    let mut stems = Vec::new();
    for token in pieces.iter().flat_map(|(_, tokens)| tokens) {
        let word = token.folded.as_str();
        if word.chars().nth(3).is_none()
            || word.bytes().any(|b| b.is_ascii_digit())
            || stop.is_some_and(|s| s.contains(word))
        {
            continue;
        }
        let end = word.char_indices().nth(chars).map_or(word.len(), |(i, _)| i);
        let stem = &word[..end];
        if seen.insert(stem) {
            stems.push(stem);
        }
    }
    stems.sort_unstable();
    stems
}

/// Whether a negation word stands within `window` words before token `first`, in the same
/// sentence and not across a contrast ("we sent a list, but never a reminder" negates only the
/// reminder).
fn negated(text: &str, tokens: &[Token], first: usize, index: &PhraseIndex, window: usize) -> bool {
    let mut at = first;
    for _ in 0..window {
        let Some(before) = at.checked_sub(1) else { return false };
        let between = &text[tokens[before].end..tokens[at].start];
        if between.contains(['.', '!', '?', ';', '\n']) {
            return false;
        }
        if index.is_contrast(&tokens[before]) {
            return false;
        }
        if index.is_negation(&tokens[before]) {
            return true;
        }
        at = before;
    }
    false
}

/// Where `terms` stand in the text when term `anchor` is the word at `at` (the index checked that
/// it matches): the first and last token, allowing up to `max_between` other words between
/// consecutive terms.
fn match_phrase(
    tokens: &[Token],
    at: usize,
    terms: &[Term],
    anchor: usize,
    max_between: usize,
) -> Option<(usize, usize)> {
    let mut last = at;
    for term in &terms[anchor + 1..] {
        let window = (last + 1)..tokens.len().min(last + 2 + max_between);
        last = window.into_iter().find(|&j| term.matches(&tokens[j].folded))?;
    }
    let mut first = at;
    for term in terms[..anchor].iter().rev() {
        let window = first.saturating_sub(1 + max_between)..first;
        first = window.into_iter().rev().find(|&j| term.matches(&tokens[j].folded))?;
    }
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let k = Knowledge::load().expect("knowledge loads");
        let pieces = tokenize_all(&[text]);
        extract(&k, &pieces, Language::En, None).names(&k)
    }

    #[test]
    fn a_negated_absence_is_other_evidence_than_an_affirmed_one() {
        assert!(names("Nobody ever sent a reminder after the due date.").contains(&"c:reminder!".to_owned()));
        assert!(names("We didn't send any reminder.").contains(&"c:reminder!".to_owned()));
        let affirmed = names("We sent three reminders after the due date.");
        assert!(affirmed.contains(&"c:reminder".to_owned()), "{affirmed:?}");
        assert!(!affirmed.contains(&"c:reminder!".to_owned()), "{affirmed:?}");
    }

    #[test]
    fn a_negation_does_not_reach_across_a_sentence_or_a_contrast() {
        let across_sentence = names("He did not answer. We sent a reminder on Monday.");
        assert!(
            across_sentence.contains(&"c:reminder".to_owned()),
            "{across_sentence:?}"
        );
        let across_contrast = names("We never call him, but we sent a reminder.");
        assert!(
            across_contrast.contains(&"c:reminder".to_owned()),
            "{across_contrast:?}"
        );
    }

    #[test]
    fn an_amount_is_a_debt_only_when_the_incident_is_about_money() {
        let k = Knowledge::load().expect("knowledge loads");
        let budget = tokenize_all(&["The client wants a 5,000 EUR campaign we do not offer."]);
        assert!(extract(&k, &budget, Language::En, None).debt.is_none());
        let owed = tokenize_all(&["The invoice of 5,000 EUR is still unpaid."]);
        assert!(extract(&k, &owed, Language::En, None).debt.is_some());
    }
}
