//! What the timeline routes read and write.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::EntryKind;
use crate::error::ApiError;
use crate::models::timeline::NewTimelineEntry;
use crate::pagination::PageRequest;
use crate::validation::{line, lines, Lines, Rule, Rules, Validator};

const AUTHOR_MAX: usize = 200;
const BODY_MAX: usize = 20_000;
const SOURCE_REF_MAX: usize = 500;

/// A piece of evidence: an e-mail, a call note, a change record, a payment event.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "email",
    "occurred_at": "2026-11-18T16:05:00+01:00",
    "author": "Ioana Marinescu",
    "body": "Al doilea memento pentru factura 2026-118, fără răspuns.",
    "source_ref": "gmail:18c2f0a9"
}))]
pub struct CreateTimelineEntry {
    #[schema(value_type = EntryKind, required = true)]
    pub kind: Option<String>,
    /// RFC 3339 with an offset.
    #[schema(value_type = DateTime<Utc>, required = true)]
    pub occurred_at: Option<String>,
    /// At most 200 characters.
    #[schema(value_type = String, required = true)]
    pub author: Option<String>,
    /// At most 20,000 characters.
    #[schema(value_type = String, required = true)]
    pub body: Option<String>,
    /// Where the evidence lives (a message id, a ticket, a URL), at most 500 characters.
    pub source_ref: Option<String>,
}

/// Paging of a timeline (in the order things happened).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl Rules for CreateTimelineEntry {
    const RULES: &'static [(&'static str, Rule)] = &[
        ("author", line(AUTHOR_MAX)),
        ("body", lines(BODY_MAX)),
        ("source_ref", line(SOURCE_REF_MAX)),
    ];
}

impl CreateTimelineEntry {
    pub fn validate(self) -> Result<NewTimelineEntry, ApiError> {
        let mut v = Validator::new();
        let kind = v.required("kind", self.kind).and_then(|c| v.code("kind", &c));
        let occurred_at = v
            .required("occurred_at", self.occurred_at)
            .and_then(|t| v.datetime("occurred_at", &t));
        let author = v
            .required("author", self.author)
            .and_then(|a| v.text("author", a, AUTHOR_MAX, Lines::One));
        let body = v
            .required("body", self.body)
            .and_then(|b| v.text("body", b, BODY_MAX, Lines::Many));
        let source_ref = self
            .source_ref
            .map(|s| v.text("source_ref", s, SOURCE_REF_MAX, Lines::One));
        let (kind, occurred_at, author, body) = v.done((kind, occurred_at, author, body))?;
        Ok(NewTimelineEntry {
            kind,
            occurred_at,
            author,
            body,
            source_ref: source_ref.flatten(),
        })
    }
}

impl TimelineQuery {
    pub fn validate(self) -> Result<PageRequest, ApiError> {
        let mut v = Validator::new();
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok(page)
    }
}
