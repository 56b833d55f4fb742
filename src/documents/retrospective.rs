//! The retrospective document: the incident, its timeline, the whys, the confirmed gaps with how
//! to close them, and the lessons. All user text is escaped.

use std::fmt::Write;

use chrono::NaiveDateTime;

use super::{escape_html, escape_markdown};
use crate::i18n::{args, Locale};
use crate::models::incident::Incident;
use crate::models::retrospective::Retrospective;
use crate::models::timeline::TimelineEntry;

/// Everything the document shows.
pub struct RetrospectiveDocument {
    pub client_name: String,
    pub incident: Incident,
    pub timeline: Vec<TimelineEntry>,
    pub retrospective: Retrospective,
}

fn when(time: NaiveDateTime) -> String {
    time.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The document's content, already in words: rendered as Markdown or HTML below.
struct Sections {
    title: String,
    blameless: String,
    facts: Vec<(String, String)>,
    description: Option<(String, String)>,
    timeline_heading: String,
    timeline: Vec<(String, String, String)>,
    timeline_empty: String,
    texts: Vec<(String, String)>,
    whys_heading: String,
    whys: Vec<String>,
    gaps_heading: String,
    gaps: Vec<(String, bool, Option<String>, String)>,
    primary: String,
    prevention: String,
    lessons: (String, String),
    not_written: String,
}

impl RetrospectiveDocument {
    fn sections(&self, locale: &Locale) -> Sections {
        let i = &self.incident;
        let r = &self.retrospective;
        let not_written = locale.t("doc-not-written");
        let or_not_written = |text: &Option<String>| text.clone().unwrap_or_else(|| not_written.clone());
        let mut facts = vec![
            (locale.t("doc-client"), self.client_name.clone()),
            (locale.t("doc-category"), locale.label(i.category)),
            (locale.t("doc-severity"), locale.label(i.severity)),
            (locale.t("doc-status"), locale.label(i.status)),
            (locale.t("doc-occurred"), when(i.occurred_at)),
            (locale.t("doc-reported-by"), i.reported_by.clone()),
            (locale.t("doc-language"), locale.label(i.language)),
            (locale.t("doc-retrospective-status"), locale.label(r.status)),
        ];
        if !i.tags.is_empty() {
            facts.push((locale.t("doc-tags"), i.tags.join(", ")));
        }
        Sections {
            title: locale.t_args("doc-title", &args([("summary", i.summary.as_str().into())])),
            blameless: locale.t("doc-blameless"),
            facts,
            description: i.description.clone().map(|d| (locale.t("doc-description"), d)),
            timeline_heading: locale.t("doc-timeline"),
            timeline: self
                .timeline
                .iter()
                .map(|e| {
                    (
                        when(e.occurred_at),
                        format!("{} · {}", locale.label(e.kind), e.author),
                        e.body.clone(),
                    )
                })
                .collect(),
            timeline_empty: locale.t("doc-timeline-empty"),
            texts: vec![
                (locale.t("doc-what-happened"), r.what_happened.clone()),
                (locale.t("doc-client-view"), or_not_written(&r.client_view)),
                (locale.t("doc-our-view"), or_not_written(&r.our_view)),
            ],
            whys_heading: locale.t("doc-whys"),
            whys: r.whys.clone(),
            gaps_heading: locale.t("doc-gaps"),
            gaps: r
                .gaps
                .iter()
                .map(|g| {
                    (
                        locale.t(&g.gap.message_id(None)),
                        g.primary,
                        g.note.clone(),
                        locale.t(&g.gap.message_id(Some("prevention"))),
                    )
                })
                .collect(),
            primary: locale.t("doc-primary"),
            prevention: locale.t("doc-prevention"),
            lessons: (locale.t("doc-lessons"), or_not_written(&r.lessons)),
            not_written,
        }
    }

    pub fn markdown(&self, locale: &Locale) -> String {
        let s = self.sections(locale);
        let e = |t: &str| escape_markdown(t);
        let mut out = String::new();
        let _ = writeln!(out, "# {}\n\n_{}_\n", e(&s.title), e(&s.blameless));
        for (label, value) in &s.facts {
            let _ = writeln!(out, "- **{}:** {}", e(label), e(value));
        }
        if let Some((heading, text)) = &s.description {
            let _ = writeln!(out, "\n## {}\n\n{}", e(heading), e(text));
        }
        let _ = writeln!(out, "\n## {}\n", e(&s.timeline_heading));
        if s.timeline.is_empty() {
            let _ = writeln!(out, "{}", e(&s.timeline_empty));
        }
        for (at, who, body) in &s.timeline {
            let _ = writeln!(out, "- **{}** ({}): {}", e(at), e(who), e(body).replace('\n', "\n  "));
        }
        for (heading, text) in &s.texts {
            let _ = writeln!(out, "\n## {}\n\n{}", e(heading), e(text));
        }
        let _ = writeln!(out, "\n## {}\n", e(&s.whys_heading));
        if s.whys.is_empty() {
            let _ = writeln!(out, "{}", e(&s.not_written));
        }
        for (n, why) in s.whys.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", n + 1, e(why).replace('\n', "\n   "));
        }
        let _ = writeln!(out, "\n## {}\n", e(&s.gaps_heading));
        if s.gaps.is_empty() {
            let _ = writeln!(out, "{}", e(&s.not_written));
        }
        for (name, primary, note, prevention) in &s.gaps {
            let marker = if *primary {
                format!(" ({})", e(&s.primary))
            } else {
                String::new()
            };
            let _ = writeln!(out, "### {}{marker}\n", e(name));
            if let Some(note) = note {
                let _ = writeln!(out, "{}\n", e(note));
            }
            let _ = writeln!(out, "**{}:** {}\n", e(&s.prevention), e(prevention));
        }
        let _ = writeln!(out, "## {}\n\n{}", e(&s.lessons.0), e(&s.lessons.1));
        out
    }

    pub fn html(&self, locale: &Locale) -> String {
        let s = self.sections(locale);
        let e = |t: &str| escape_html(t);
        let paragraphs = |t: &str| {
            e(t).split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| format!("<p>{l}</p>"))
                .collect::<String>()
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n\
             <style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{title}</h1>\n<p class=\"blameless\">{blameless}</p>\n<dl>",
            lang = crate::domain::Code::code(locale.lang),
            title = e(&s.title),
            blameless = e(&s.blameless),
        );
        for (label, value) in &s.facts {
            let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", e(label), e(value));
        }
        out.push_str("</dl>\n");
        if let Some((heading, text)) = &s.description {
            let _ = writeln!(out, "<h2>{}</h2>{}", e(heading), paragraphs(text));
        }
        let _ = writeln!(out, "<h2>{}</h2>", e(&s.timeline_heading));
        if s.timeline.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", e(&s.timeline_empty));
        } else {
            out.push_str("<ol class=\"timeline\">");
            for (at, who, body) in &s.timeline {
                let _ = write!(
                    out,
                    "<li><time>{}</time> <span class=\"who\">{}</span>{}</li>",
                    e(at),
                    e(who),
                    paragraphs(body)
                );
            }
            out.push_str("</ol>\n");
        }
        for (heading, text) in &s.texts {
            let _ = writeln!(out, "<h2>{}</h2>{}", e(heading), paragraphs(text));
        }
        let _ = writeln!(out, "<h2>{}</h2>", e(&s.whys_heading));
        if s.whys.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", e(&s.not_written));
        } else {
            out.push_str("<ol class=\"whys\">");
            for why in &s.whys {
                let _ = write!(out, "<li>{}</li>", paragraphs(why));
            }
            out.push_str("</ol>\n");
        }
        let _ = writeln!(out, "<h2>{}</h2>", e(&s.gaps_heading));
        if s.gaps.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", e(&s.not_written));
        }
        for (name, primary, note, prevention) in &s.gaps {
            let marker = if *primary {
                format!(" <span class=\"primary\">{}</span>", e(&s.primary))
            } else {
                String::new()
            };
            let _ = write!(out, "<section class=\"gap\"><h3>{}{marker}</h3>", e(name));
            if let Some(note) = note {
                out.push_str(&paragraphs(note));
            }
            let _ = writeln!(
                out,
                "<p><strong>{}:</strong> {}</p></section>",
                e(&s.prevention),
                e(prevention)
            );
        }
        let _ = write!(
            out,
            "<h2>{}</h2>{}\n</main>\n</body>\n</html>\n",
            e(&s.lessons.0),
            paragraphs(&s.lessons.1)
        );
        out
    }
}

/// Printable, readable, no external assets.
const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c1c1c;\
line-height:1.5;margin:0;background:#fafafa}main{max-width:46rem;margin:2rem auto;padding:2rem 2.5rem;\
background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.12)}h1{font-size:1.6rem;margin:0 0 .25rem}\
h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem}h3{font-size:1rem;margin-bottom:.3rem}\
.blameless{color:#555;font-style:italic}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}\
dt{font-weight:600}dd{margin:0}.timeline,.whys{padding-left:1.4rem}.timeline time{font-variant-numeric:tabular-nums;color:#555}\
.who{font-weight:600}.timeline p,.whys p{margin:.2rem 0}.primary{font-size:.75rem;text-transform:uppercase;\
background:#1c1c1c;color:#fff;border-radius:3px;padding:.1rem .35rem;margin-left:.4rem;vertical-align:middle}\
.gap{margin-bottom:1rem}@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none;padding:0}\
h2{break-after:avoid}.gap,li{break-inside:avoid}}";
