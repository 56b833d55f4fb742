//! The client's letter: what the firm tells a client about one incident, in the client's
//! language. It is built from a closed list of what a client may read (its own name, the
//! incident's date and category, the summary a person wrote for it, the changes the firm
//! committed to with their due dates, the date of the next answer, the account owner as its
//! contact), so nothing of the internal review (views, whys, gaps, notes, lessons, action owners,
//! the timeline, who reported it) can reach it: `ClientLetter` has no field to carry them.

use std::fmt::Write;
use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{Datelike, NaiveDate};
use hmac::digest::Digest;
use sha2::Sha256;

use super::{escape_html, escape_markdown};
use crate::domain::{Category, Code};
use crate::i18n::{args, Locale};

/// Everything the letter may show, and nothing more.
pub struct ClientLetter {
    pub client_name: String,
    /// The client's account owner at the firm, named as the contact.
    pub account_owner: Option<String>,
    pub occurred_on: NaiveDate,
    pub category: Category,
    /// What happened, as a person wrote it for the client.
    pub summary: String,
    /// What the firm committed to change: each action's title and due date, soonest first.
    pub changes: Vec<(String, NaiveDate)>,
    pub next_answer_on: Option<NaiveDate>,
}

/// A date as a letter writes it in the language: `1 December 2026`, `1 decembrie 2026`,
/// `1 grudnia 2026`, `1 Δεκεμβρίου 2026` (day, month in words, year, in all four).
pub fn letter_date(locale: &Locale, date: NaiveDate) -> String {
    let month = locale.t(&format!("letter-month-{}", date.month()));
    format!("{} {month} {}", date.day(), date.year())
}

/// The letter in words, rendered as Markdown or HTML below.
struct Sections {
    title: String,
    greeting: String,
    intro: String,
    facts: Vec<(String, String)>,
    summary_heading: String,
    summary: String,
    changes_heading: String,
    changes_intro: String,
    changes: Vec<String>,
    next: Option<(String, String)>,
    contact: Option<(String, String)>,
    closing: String,
}

impl ClientLetter {
    fn sections(&self, locale: &Locale) -> Sections {
        let date = |d: NaiveDate| letter_date(locale, d);
        let occurred = date(self.occurred_on);
        let changes_intro = if self.changes.is_empty() {
            locale.t("letter-changes-none")
        } else {
            locale.t_args("letter-changes-intro", &args([("count", self.changes.len().into())]))
        };
        Sections {
            title: locale.t_args("letter-title", &args([("date", occurred.as_str().into())])),
            greeting: locale.t_args("letter-greeting", &args([("name", self.client_name.as_str().into())])),
            intro: locale.t("letter-intro"),
            facts: vec![
                (locale.t("doc-client"), self.client_name.clone()),
                (locale.t("letter-incident-date"), occurred.clone()),
                (locale.t("doc-category"), locale.label(self.category)),
            ],
            summary_heading: locale.t("letter-what-happened"),
            summary: self.summary.clone(),
            changes_heading: locale.t("letter-changes"),
            changes_intro,
            changes: self
                .changes
                .iter()
                .map(|(title, due)| {
                    locale.t_args(
                        "letter-change",
                        &args([("title", title.as_str().into()), ("date", date(*due).into())]),
                    )
                })
                .collect(),
            next: self.next_answer_on.map(|on| {
                (
                    locale.t("letter-next-answer"),
                    locale.t_args("letter-next-answer-on", &args([("date", date(on).into())])),
                )
            }),
            contact: self.account_owner.as_ref().map(|owner| {
                (
                    locale.t("letter-contact"),
                    locale.t_args("letter-contact-person", &args([("name", owner.as_str().into())])),
                )
            }),
            closing: locale.t("letter-closing"),
        }
    }

    pub fn markdown(&self, locale: &Locale) -> String {
        let s = self.sections(locale);
        let e = |t: &str| escape_markdown(t);
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n", e(&s.title));
        for (label, value) in &s.facts {
            let _ = writeln!(out, "- **{}:** {}", e(label), e(value));
        }
        let _ = writeln!(out, "\n{}\n\n{}", e(&s.greeting), e(&s.intro));
        let _ = writeln!(out, "\n## {}\n\n{}", e(&s.summary_heading), e(&s.summary));
        let _ = writeln!(out, "\n## {}\n\n{}", e(&s.changes_heading), e(&s.changes_intro));
        if !s.changes.is_empty() {
            out.push('\n');
        }
        for change in &s.changes {
            let _ = writeln!(out, "- {}", e(change));
        }
        for (heading, text) in s.next.iter().chain(s.contact.iter()) {
            let _ = writeln!(out, "\n## {}\n\n{}", e(heading), e(text));
        }
        let _ = writeln!(out, "\n{}", e(&s.closing));
        out
    }

    pub fn html(&self, locale: &Locale) -> String {
        let s = self.sections(locale);
        let e = |t: &str| escape_html(t);
        let mut body = String::new();
        body.push_str("<dl>");
        for (label, value) in &s.facts {
            let _ = write!(body, "<dt>{}</dt><dd>{}</dd>", e(label), e(value));
        }
        body.push_str("</dl>\n");
        let _ = writeln!(body, "<p>{}</p>{}", e(&s.greeting), paragraphs(&s.intro));
        let _ = writeln!(body, "<h2>{}</h2>{}", e(&s.summary_heading), paragraphs(&s.summary));
        let _ = writeln!(body, "<h2>{}</h2><p>{}</p>", e(&s.changes_heading), e(&s.changes_intro));
        if !s.changes.is_empty() {
            body.push_str("<ul>");
            for change in &s.changes {
                let _ = write!(body, "<li>{}</li>", e(change));
            }
            body.push_str("</ul>\n");
        }
        for (heading, text) in s.next.iter().chain(s.contact.iter()) {
            let _ = writeln!(body, "<h2>{}</h2><p>{}</p>", e(heading), e(text));
        }
        let _ = writeln!(body, "<p class=\"closing\">{}</p>", e(&s.closing));
        page(locale, &s.title, &body)
    }
}

/// Text as HTML paragraphs, one per non-empty line, escaped.
fn paragraphs(text: &str) -> String {
    escape_html(text)
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{l}</p>"))
        .collect()
}

/// A short page that says why there is no letter here (an expired, revoked or unknown link),
/// in the same look as the letter.
pub fn notice_page(locale: &Locale, title_id: &str, text_id: &str) -> String {
    let title = locale.t(title_id);
    let body = format!("<p>{}</p>\n", escape_html(&locale.t(text_id)));
    page(locale, &title, &body)
}

/// A self-contained page: no script, no external asset, one inline style allowed by its hash,
/// and kept out of search engines.
fn page(locale: &Locale, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex, nofollow\">\n<meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        lang = locale.lang.code(),
        title = escape_html(title),
    )
}

/// `Content-Security-Policy` of the letter and its notices: nothing may load or run; the one
/// inline `<style>` is allowed by its SHA-256, not by `'unsafe-inline'`.
pub fn content_security_policy() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let hash = STANDARD.encode(&Sha256::digest(STYLE.as_bytes())[..]);
        format!(
            "default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
    })
}

/// Readable on a phone and on paper; no external assets.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c1c1c;\
line-height:1.55;margin:0;background:#f6f6f4}main{max-width:40rem;margin:2rem auto;padding:2rem 2.5rem;\
background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.5rem;margin:0 0 1rem}\
h2{font-size:1.1rem;margin-top:1.8rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;color:#444}\
dt{font-weight:600}dd{margin:0}ul{padding-left:1.3rem}.closing{margin-top:2rem}\
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none;padding:0}}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_exactly_the_inline_style() {
        let csp = content_security_policy();
        assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        let expected = STANDARD.encode(&Sha256::digest(STYLE.as_bytes())[..]);
        assert!(csp.contains(&expected), "{csp}");
    }
}
