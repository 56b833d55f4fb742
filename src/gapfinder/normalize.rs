//! How text is compared: as people really type it. Case, Romanian with or without diacritics
//! (and both ş/ș, ţ/ț), Polish without ogonki, Greek without tonos or final sigma all fold to
//! one form, so the knowledge files and the incidents meet whatever the keyboard was.

use compact_str::CompactString;

/// One word of a text: its folded form and where it stands in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Inline up to 24 bytes: most words never touch the allocator.
    pub folded: CompactString,
    /// The first `KEY_CHARS` characters of `folded` (all of it when shorter), packed into an
    /// integer: the cheap key the phrase index is looked up by.
    pub key: u64,
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

/// How many characters of a word its key holds. Phrase words shorter than this are whole words.
pub const KEY_CHARS: usize = 4;

/// Packs the first `KEY_CHARS` characters of a folded word into an integer. Four characters of
/// the four languages take at most eight bytes of UTF-8, and no character encodes a zero byte, so
/// different prefixes (and a short word and a longer one) never share a key.
pub fn key_of(word: &str) -> u64 {
    let end = word.char_indices().nth(KEY_CHARS).map_or(word.len(), |(i, _)| i);
    let mut key = 0u64;
    for (shift, byte) in word.as_bytes()[..end].iter().take(8).enumerate() {
        key |= u64::from(*byte) << (8 * shift);
    }
    key
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
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // Most characters of most incidents are ASCII: fold them byte by byte, no decoding.
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() {
                if current.is_empty() {
                    start = i;
                }
                current.push(char::from(byte.to_ascii_lowercase()));
            } else {
                push_word(&mut tokens, &mut current, start, i);
                if byte == b'$' {
                    tokens.push(symbol("$", i));
                }
            }
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
        if is_known_letter(c) || c.is_alphanumeric() {
            if current.is_empty() {
                start = i;
            }
            fold_char(c, &mut current);
        } else {
            push_word(&mut tokens, &mut current, start, i);
            if matches!(c, '€' | '£') {
                tokens.push(symbol(if c == '€' { "€" } else { "£" }, i));
            }
        }
        i += c.len_utf8();
    }
    push_word(&mut tokens, &mut current, start, text.len());
    tokens
}

/// Ends the word being folded, if any.
fn push_word(tokens: &mut Vec<Token>, current: &mut String, start: usize, end: usize) {
    if !current.is_empty() {
        tokens.push(Token {
            key: key_of(current),
            folded: CompactString::from(current.as_str()),
            start,
            end,
        });
        current.clear();
    }
}

/// A currency symbol, a word of its own.
fn symbol(symbol: &'static str, at: usize) -> Token {
    Token {
        key: key_of(symbol),
        folded: CompactString::const_new(symbol),
        start: at,
        end: at + symbol.len(),
    }
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
