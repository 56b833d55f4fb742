//! How text is compared: as people really type it. Case, Romanian with or without diacritics
//! (and both ş/ș, ţ/ț), Polish without ogonki, Greek without tonos or final sigma all fold to
//! one form, so the knowledge files and the incidents meet whatever the keyboard was.

/// One word of a text: its folded form and where it stands in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub folded: String,
    pub start: usize,
    pub end: usize,
}

/// Folds one character: lower case, no diacritics, Greek final sigma as σ.
fn fold_char(c: char, out: &mut String) {
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
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(folded);
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
    let mut current = String::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            fold_char(c, &mut current);
            continue;
        }
        if !current.is_empty() {
            tokens.push(Token {
                folded: std::mem::take(&mut current),
                start,
                end: i,
            });
        }
        if matches!(c, '€' | '$' | '£') {
            tokens.push(Token {
                folded: c.to_string(),
                start: i,
                end: i + c.len_utf8(),
            });
        }
    }
    if !current.is_empty() {
        tokens.push(Token {
            folded: current,
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
