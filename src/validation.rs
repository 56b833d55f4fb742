//! Turns what a request sent into domain values, collecting every invalid field at once so the
//! caller can fix them all in one go.

use chrono::{DateTime, NaiveDateTime, Timelike, Utc};

use serde::Deserialize as _;

use crate::domain::Code;
use crate::error::{ApiError, FieldError, FieldProblem};

/// Whether a text may span lines (a description) or is one line (a name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// The longest e-mail address a field takes (RFC 5321's limit on a path).
pub const EMAIL_MAX: usize = 254;

/// What a request field accepts, where OpenAPI can say it: the validator checks these rules and
/// the document states them (`openapi::texts`) from the same constants, so a client generated from
/// the document refuses what the server refuses. A request type lists its fields' rules by
/// implementing [`Rules`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A non-blank text (`Validator::text`) of at most `max` characters; on a list, its items.
    Text { max: usize, lines: Lines },
    /// A list of `min` to `max` items; `unique` when an item may not repeat.
    List { min: usize, max: usize, unique: bool },
    /// An absolute http(s) URL of at most `max` characters (`Validator::text`, then
    /// `AddressPolicy::check_url`).
    Url { max: usize },
    /// Exactly one of this field and `other` is given (a `null` counts as not given).
    Exclusive { other: &'static str },
}

/// The rules of one request type's fields (body properties, or query or path parameters).
pub trait Rules {
    const RULES: &'static [(&'static str, Rule)];
    /// Rules between fields (`Rule::Exclusive`).
    const ACROSS: &'static [(&'static str, Rule)] = &[];
}

/// A one-line text rule.
pub const fn line(max: usize) -> Rule {
    Rule::Text { max, lines: Lines::One }
}

/// A text that may span lines.
pub const fn lines(max: usize) -> Rule {
    Rule::Text {
        max,
        lines: Lines::Many,
    }
}

#[derive(Default)]
pub struct Validator {
    errors: Vec<FieldError>,
}

impl Validator {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, field: impl Into<String>, problem: FieldProblem) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// Ok when no field was invalid.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errors))
        }
    }

    /// Ok with every value when no field was invalid. Each check returns `None` only after it
    /// pushed the field's problem, so a `None` here with no problem is this server's bug: it is
    /// answered 500 in this one place, not in every request type.
    pub fn done<T: AllSome>(self, values: T) -> Result<T::Values, ApiError> {
        self.finish()?;
        values
            .all_some()
            .ok_or_else(|| ApiError::internal("validation passed with a missing value"))
    }

    pub fn required<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            self.push(field, FieldProblem::Required);
        }
        value
    }

    /// For PATCH: a field present as `null` that cannot be cleared.
    pub fn not_null<T>(&mut self, field: &str, value: Option<Option<T>>) -> Option<T> {
        match value {
            Some(None) => {
                self.push(field, FieldProblem::NotNullable);
                None
            }
            Some(Some(v)) => Some(v),
            None => None,
        }
    }

    /// A non-blank text of at most `max` characters. One-line texts are trimmed.
    pub fn text(&mut self, field: &str, value: String, max: usize, lines: Lines) -> Option<String> {
        // Counted as sent, before trimming: the limit the document states is on what is sent.
        let sent_length = value.chars().count();
        let value = match lines {
            Lines::One => value.trim().to_owned(),
            Lines::Many => value,
        };
        if value.trim().is_empty() {
            self.push(field, FieldProblem::Blank);
            return None;
        }
        let forbidden = |c: char| c.is_control() && !(lines == Lines::Many && matches!(c, '\n' | '\r' | '\t'));
        if value.chars().any(forbidden) {
            self.push(field, FieldProblem::ControlCharacters);
            return None;
        }
        if sent_length > max {
            self.push(field, FieldProblem::TooLong { max });
            return None;
        }
        Some(value)
    }

    /// An optional text: `None` stays `None`; a present one must be valid (`Some(None)` never
    /// comes back: an invalid text is `None` with its problem recorded).
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<String>,
        max: usize,
        lines: Lines,
    ) -> Option<Option<String>> {
        match value {
            Some(text) => self.text(field, text, max, lines).map(Some),
            None => Some(None),
        }
    }

    /// An id (a UUID) given as text.
    pub fn id(&mut self, field: &str, raw: &str) -> Option<uuid::Uuid> {
        let id = uuid::Uuid::parse_str(raw.trim()).ok();
        if id.is_none() {
            self.push(field, FieldProblem::InvalidId);
        }
        id
    }

    pub fn code<C: Code>(&mut self, field: &str, value: &str) -> Option<C> {
        let found = C::parse(value);
        if found.is_none() {
            self.push(
                field,
                FieldProblem::UnknownCode {
                    value: value.chars().take(100).collect(),
                    allowed: C::allowed(),
                },
            );
        }
        found
    }

    /// An RFC 3339 time with an offset, kept as UTC to the microsecond (what both backends store).
    pub fn datetime(&mut self, field: &str, value: &str) -> Option<NaiveDateTime> {
        match DateTime::parse_from_rfc3339(value.trim()) {
            Ok(time) => Some(to_stored_time(time.with_timezone(&Utc))),
            Err(_) => {
                self.push(field, FieldProblem::InvalidDateTime);
                None
            }
        }
    }

    /// A calendar date, `YYYY-MM-DD`.
    pub fn date(&mut self, field: &str, value: &str) -> Option<chrono::NaiveDate> {
        match chrono::NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.push(field, FieldProblem::InvalidDate);
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, field: &str, value: &str) -> Option<bool> {
        match value.trim() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                self.push(
                    field,
                    FieldProblem::UnknownCode {
                        value: other.chars().take(100).collect(),
                        allowed: vec!["true", "false"],
                    },
                );
                None
            }
        }
    }

    pub fn email(&mut self, field: &str, value: String) -> Option<String> {
        let value = self.text(field, value, EMAIL_MAX, Lines::One)?;
        if email_address::EmailAddress::is_valid(&value) {
            Some(value)
        } else {
            self.push(field, FieldProblem::InvalidEmail);
            None
        }
    }

    /// A list of at most `max` one-line texts of at most `max_len` characters, none sent twice
    /// (as the document's `uniqueItems` says); two that differ only in the white space trimmed
    /// off them count once.
    pub fn text_list(&mut self, field: &str, values: Vec<String>, max: usize, max_len: usize) -> Option<Vec<String>> {
        if values.len() > max {
            self.push(field, FieldProblem::TooMany { max });
            return None;
        }
        let before = self.errors.len();
        let mut out: Vec<String> = Vec::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            let name = format!("{field}[{i}]");
            if values[..i].contains(value) {
                self.push(name, FieldProblem::Duplicate);
            } else if let Some(value) = self.text(&name, value.clone(), max_len, Lines::One) {
                if !out.contains(&value) {
                    out.push(value);
                }
            }
        }
        (self.errors.len() == before).then_some(out)
    }
}

/// Times are stored as naive UTC truncated to microseconds: PostgreSQL keeps no more, and a
/// value must read back the same from either backend.
pub fn to_stored_time(time: DateTime<Utc>) -> NaiveDateTime {
    let naive = time.naive_utc();
    naive
        .with_nanosecond(naive.nanosecond() / 1_000 * 1_000)
        .unwrap_or(naive)
}

/// Now, as it is stored.
pub fn now() -> NaiveDateTime {
    to_stored_time(Utc::now())
}

/// Deserializes a PATCH field so that absent is `None`, `null` is `Some(None)` and a value is
/// `Some(Some(v))`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(Some)
}

/// A whole number, which JSON may write as `12` or `12.0` (JSON Schema's `integer` admits
/// both); anything else is refused as the wrong type. Absent or `null` is `None`.
pub fn whole_number<'de, D>(deserializer: D) -> Result<Option<i64>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let number: Option<serde_json::Number> = serde::Deserialize::deserialize(deserializer)?;
    number.map(|n| whole(&n)).transpose()
}

/// [`whole_number`] for a PATCH field: absent is `None`, `null` is `Some(None)`.
pub fn double_whole_number<'de, D>(deserializer: D) -> Result<Option<Option<i64>>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    whole_number(deserializer).map(Some)
}

fn whole<E: serde::de::Error>(number: &serde_json::Number) -> Result<i64, E> {
    // Beyond 2^53 a float no longer holds every whole number exactly: refused.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    number
        .as_i64()
        .or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
                .map(|f| f as i64)
        })
        .ok_or_else(|| E::custom("invalid type: expected a whole number"))
}

/// How a capped list stops: `http::json` reads the cap back from this message and answers
/// `too_many` on the field.
pub const TOO_MANY_ITEMS: &str = "too many items, at most ";

/// A JSON array of at most `MAX` items, refused as soon as item `MAX + 1` is seen: a long array
/// is never built, whatever the body holds (the extra item is skipped, not built either).
struct CappedSeq<T, const MAX: usize>(Vec<T>);

impl<'de, T: serde::Deserialize<'de>, const MAX: usize> serde::Deserialize<'de> for CappedSeq<T, MAX> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T, const MAX: usize>(std::marker::PhantomData<T>);

        impl<'de, T: serde::Deserialize<'de>, const MAX: usize> serde::de::Visitor<'de> for Items<T, MAX> {
            type Value = CappedSeq<T, MAX>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a list of at most {MAX} items")
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX));
                while items.len() < MAX {
                    match seq.next_element()? {
                        Some(item) => items.push(item),
                        None => return Ok(CappedSeq(items)),
                    }
                }
                match seq.next_element::<serde::de::IgnoredAny>()? {
                    None => Ok(CappedSeq(items)),
                    Some(_) => Err(serde::de::Error::custom(format_args!("{TOO_MANY_ITEMS}{MAX}"))),
                }
            }
        }

        deserializer.deserialize_seq(Items::<T, MAX>(std::marker::PhantomData))
    }
}

/// A list field of at most `MAX` items: `#[serde(default, deserialize_with = "capped::<20, _, _>")]`.
pub fn capped<'de, const MAX: usize, T, D>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    CappedSeq::<T, MAX>::deserialize(deserializer).map(|list| list.0)
}

/// An optional list field of at most `MAX` items (`null` is `None`).
pub fn capped_option<'de, const MAX: usize, T, D>(deserializer: D) -> Result<Option<Vec<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<CappedSeq<T, MAX>>::deserialize(deserializer).map(|list| list.map(|l| l.0))
}

/// A PATCH list field of at most `MAX` items, as `double_option` reads it.
pub fn capped_double_option<'de, const MAX: usize, T, D>(deserializer: D) -> Result<Option<Option<Vec<T>>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    capped_option::<MAX, T, D>(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Severity;

    #[test]
    fn collects_every_problem() {
        let mut v = Validator::new();
        assert_eq!(v.text("a", "  x  ".into(), 5, Lines::One), Some("x".into()));
        assert_eq!(v.text("b", "   ".into(), 5, Lines::One), None);
        assert_eq!(v.text("c", "abcdef".into(), 5, Lines::One), None);
        assert_eq!(v.text("d", "a\u{0}b".into(), 5, Lines::Many), None);
        assert_eq!(v.text("e", "a\nb".into(), 5, Lines::Many), Some("a\nb".into()));
        assert_eq!(v.code::<Severity>("f", "urgent"), None);
        let Err(ApiError::Validation(errors)) = v.finish() else {
            panic!("expected errors")
        };
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.problem.code())).collect();
        assert_eq!(
            codes,
            [
                ("b", "blank"),
                ("c", "too_long"),
                ("d", "control_characters"),
                ("f", "unknown_code")
            ]
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let mut v = Validator::new();
        assert!(v.text("s", "ș".repeat(200), 200, Lines::One).is_some());
        assert!(v.text("s", "ș".repeat(201), 200, Lines::One).is_none());
    }

    #[test]
    fn datetimes_need_an_offset_and_become_utc_microseconds() {
        let mut v = Validator::new();
        let t = v.datetime("t", "2026-03-01T10:00:00.123456789+02:00").expect("valid");
        assert_eq!(t.to_string(), "2026-03-01 08:00:00.123456");
        assert!(v.datetime("t", "2026-03-01 10:00").is_none());
    }

    #[test]
    fn lists_refuse_repeats() {
        let mut v = Validator::new();
        assert!(v.text_list("tags", vec!["a".into(), "a".into()], 5, 10).is_none());
        assert!(v.text_list("tags", vec!["a".into(); 6], 5, 10).is_none());
        assert_eq!(
            v.text_list("tags", vec![" a ".into(), "b".into()], 5, 10),
            Some(vec!["a".into(), "b".into()])
        );
        // Not repeated as sent (which the document forbids): the same once trimmed, kept once.
        assert_eq!(
            v.text_list("tags", vec!["a".into(), " a".into()], 5, 10),
            Some(vec!["a".into()])
        );
    }
}

/// A tuple of checked values, each `None` where its check failed.
pub trait AllSome {
    type Values;
    fn all_some(self) -> Option<Self::Values>;
}

macro_rules! all_some {
    ($($name:ident),+) => {
        impl<$($name),+> AllSome for ($(Option<$name>,)+) {
            type Values = ($($name,)+);
            #[allow(non_snake_case)]
            fn all_some(self) -> Option<Self::Values> {
                let ($($name,)+) = self;
                Some(($($name?,)+))
            }
        }
    };
}

all_some!(A);
all_some!(A, B);
all_some!(A, B, C);
all_some!(A, B, C, D);
all_some!(A, B, C, D, E);
all_some!(A, B, C, D, E, F);
all_some!(A, B, C, D, E, F, G);
all_some!(A, B, C, D, E, F, G, H);
all_some!(A, B, C, D, E, F, G, H, I);
all_some!(A, B, C, D, E, F, G, H, I, J);
all_some!(A, B, C, D, E, F, G, H, I, J, K);

#[cfg(test)]
mod whole_number_tests {
    use super::whole_number;

    #[derive(serde::Deserialize, Debug)]
    struct Body {
        #[serde(default, deserialize_with = "whole_number")]
        n: Option<i64>,
    }

    fn read(json: &str) -> Result<Option<i64>, String> {
        serde_json::from_str::<Body>(json)
            .map(|b| b.n)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn a_whole_number_may_be_written_as_a_float_and_nothing_else_passes() {
        assert_eq!(read(r#"{"n": 12}"#), Ok(Some(12)));
        assert_eq!(read(r#"{"n": 12.0}"#), Ok(Some(12)));
        assert_eq!(read(r#"{"n": -3.0}"#), Ok(Some(-3)));
        assert_eq!(read(r#"{"n": null}"#), Ok(None));
        assert_eq!(read(r#"{}"#), Ok(None));
        for bad in [r#"{"n": 12.5}"#, r#"{"n": 1e300}"#, r#"{"n": "12"}"#, r#"{"n": true}"#] {
            assert!(
                read(bad).is_err_and(|e| e.contains("whole number") || e.contains("invalid type")),
                "{bad}"
            );
        }
    }
}
