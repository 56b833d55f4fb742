//! How text is compared: as people really type it. Case, Romanian with or without diacritics
//! (and both ş/ș, ţ/ț), Polish without ogonki, Greek without tonos or final sigma all fold to
//! one form, so the knowledge files and the incidents meet whatever the keyboard was.

use compact_str::CompactString;

/// One word of a text: its folded form and where it stands in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Inline up to 24 bytes: most words never touch the allocator.
    pub folded: CompactString,
    pub start: usize,
    pub end: usize,
}

/// Where a folded character goes.
trait Push {
    fn push_char(&mut self, c: char);
}

impl Push for String {
    fn push_char(&mut self, c: char) {
        self.push(c);
    }
}

/// Folds one character: lower case, no diacritics, Greek final sigma as σ.
fn fold_char(c: char, out: &mut impl Push) {
    let folded = match c {
        'ă' | 'â' | 'Ă' | 'Â' | 'ą' | 'Ą' | 'á' | 'à' | 'ä' | 'Á' | 'À' | 'Ä' => 'a',
        'î' | 'Î' | 'í' | 'ì' | 'ï' | 'Í' => 'i',
        'ș' | 'ş' | 'Ș' | 'Ş' | 'ś' | 'Ś' | 'š' | 'Š' => 's',
        'ț' | 'ţ' | 'Ț' | 'Ţ' => 't',
        'ć' | 'Ć' | 'č' | 'Č' => 'c',
        'ę' | 'Ę' | 'é' | 'è' | 'ë' | 'É' | 'È' => 'e',
        'ł' | 'Ł' => 'l',
        'ń' | 'Ń' => 'n',
        'ó' | 'Ó' | 'ö' | 'Ö' | 'ò' => 'o',
        'ź' | 'ż' | 'Ź' | 'Ż' | 'ž' | 'Ž' => 'z',
        'ú' | 'ü' | 'Ú' | 'Ü' => 'u',
        'ά' | 'Ά' => 'α',
        'έ' | 'Έ' => 'ε',
        'ή' | 'Ή' => 'η',
        'ί' | 'ϊ' | 'ΐ' | 'Ί' | 'Ϊ' => 'ι',
        'ό' | 'Ό' => 'ο',
        'ύ' | 'ϋ' | 'ΰ' | 'Ύ' | 'Ϋ' => 'υ',
        'ώ' | 'Ώ' => 'ω',
        'ς' => 'σ',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c => {
            for lower in c.to_lowercase() {
                out.push_char(lower);
            }
            return;
        }
    };
    out.push_char(folded);
}

/// Letters of the four languages, recognised without Unicode's tables (the hot path).
fn is_known_letter(c: char) -> bool {
    matches!(c, 'ά'..='ώ' | 'Ά'..='Ώ' | 'À'..='ž' | 'Ș'..='ț') && !matches!(c, '×' | '÷')
}

/// Folds a whole string (used for the knowledge files' phrases).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// Splits a text into words (runs of letters and digits; `€`, `$` and `£` stand alone) and
/// folds each. Apostrophes and hyphens inside words split them, as people type them both ways.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    // Folded into one reusable buffer, then copied once into the (usually inline) token.
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        // Most characters of most incidents are ASCII: fold them without the tables.
        if c.is_ascii_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            current.push(c.to_ascii_lowercase());
            continue;
        }
        if !c.is_ascii() && (is_known_letter(c) || c.is_alphanumeric()) {
            if current.is_empty() {
                start = i;
            }
            fold_char(c, &mut current);
            continue;
        }
        if !current.is_empty() {
            tokens.push(Token {
                folded: CompactString::from(current.as_str()),
                start,
                end: i,
            });
            current.clear();
        }
        if matches!(c, '€' | '$' | '£') {
            tokens.push(Token {
                folded: CompactString::from(c.encode_utf8(&mut [0; 4]) as &str),
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    if !current.is_empty() {
        tokens.push(Token {
            folded: CompactString::from(current),
            start,
            end: text.len(),
        });
    }
    tokens
}

/// Removes every diacritic a person might leave out, keeping case (for the quality tests).
pub fn strip_diacritics(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut folded = String::new();
            fold_char(c, &mut folded);
            let base = folded.chars().next().unwrap_or(c);
            if c.is_uppercase() {
                base.to_uppercase().next().unwrap_or(base)
            } else if c == 'ς' {
                'ς'
            } else {
                base
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_every_way_of_typing() {
        assert_eq!(fold("Întârziere ȘI ţară şi țară"), "intarziere si tara si tara");
        assert_eq!(fold("Zaległość ŻÓŁW"), "zaleglosc zolw");
        assert_eq!(
            fold("Υπενθύμιση ΚΑΘΥΣΤΕΡΗΣΗΣ πελάτης"),
            "υπενθυμιση καθυστερησησ πελατησ"
        );
        assert_eq!(fold("πελατης"), fold("πελάτης"));
    }

    #[test]
    fn tokens_keep_their_place_in_the_original() {
        let text = "Clientul datorează 800€, nu-i așa?";
        let tokens = tokenize(text);
        let words: Vec<_> = tokens.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(words, ["clientul", "datoreaza", "800", "€", "nu", "i", "asa"]);
        assert_eq!(&text[tokens[1].start..tokens[1].end], "datorează");
    }

    #[test]
    fn stripping_keeps_case_and_final_sigma() {
        assert_eq!(
            strip_diacritics("Ședință Łódź Καθυστέρησης"),
            "Sedinta Lodz Καθυστερησης"
        );
    }
}
