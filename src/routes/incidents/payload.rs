//! What the incident routes read and write.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::{Category, Gap, IncidentStatus, Language, Severity};
use crate::error::ApiError;
use crate::error::FieldProblem;
use crate::models::incident::{ClientChoice, IncidentChanges, IncidentFilter, NewIncident};
use crate::pagination::{ChangeWindow, PageRequest};
use crate::routes::clients::{external_ref, ExternalRefBody};
use crate::validation::{capped, capped_double_option, double_option, line, lines, Lines, Rule, Rules, Validator};

pub const SUMMARY_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 20_000;
const REPORTED_BY_MAX: usize = 200;
const TAGS_MAX: usize = 20;
const TAG_MAX: usize = 50;

/// A new incident. `language` (of the text) defaults to the client's preferred language and
/// `status` to `open`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "client_id": "019a8f3e-7c41-7d2a-9b1e-3f5a2c8d4e61",
    "category": "late_payment",
    "severity": "high",
    "occurred_at": "2026-11-20T10:30:00+02:00",
    "reported_by": "Ioana Marinescu",
    "language": "ro",
    "summary": "Factura din octombrie neplătită după 45 de zile",
    "description": "Clientul nu a răspuns la două mementouri; suma restantă este 1.200 EUR.",
    "tags": ["facturare"]
}))]
pub struct CreateIncident {
    /// The client; or name it by `client_ref` instead.
    #[schema(value_type = Uuid)]
    pub client_id: Option<String>,
    /// The client by the reference a CRM knows it by, instead of `client_id`; an unknown
    /// reference is refused with 422 (`unknown_reference`).
    pub client_ref: Option<ExternalRefBody>,
    /// The CRM's own record of this incident (its ticket); unique per source.
    pub external_ref: Option<ExternalRefBody>,
    #[schema(value_type = Category, required = true)]
    pub category: Option<String>,
    #[schema(value_type = Severity, required = true)]
    pub severity: Option<String>,
    #[schema(value_type = Option<IncidentStatus>)]
    pub status: Option<String>,
    /// RFC 3339 with an offset.
    #[schema(value_type = DateTime<Utc>, required = true)]
    pub occurred_at: Option<String>,
    /// Who reported it, at most 200 characters.
    #[schema(value_type = String, required = true)]
    pub reported_by: Option<String>,
    #[schema(value_type = Option<Language>)]
    pub language: Option<String>,
    /// At most 200 characters.
    #[schema(value_type = String, required = true)]
    pub summary: Option<String>,
    /// At most 20,000 characters.
    pub description: Option<String>,
    /// At most 20 distinct tags of at most 50 characters.
    #[serde(default, deserialize_with = "capped::<{ TAGS_MAX }, _, _>")]
    pub tags: Vec<String>,
}

/// Changes to an incident: absent fields stay as they are, `null` clears `description`,
/// `tags` replaces the list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "closed", "description": null}))]
pub struct UpdateIncident {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Category)]
    pub category: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Severity)]
    pub severity: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = IncidentStatus)]
    pub status: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = DateTime<Utc>)]
    pub occurred_at: Option<Option<String>>,
    /// Who reported it, at most 200 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub reported_by: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Language)]
    pub language: Option<Option<String>>,
    /// At most 200 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub summary: Option<Option<String>>,
    /// At most 20,000 characters; `null` clears it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// At most 20 distinct tags of at most 50 characters; replaces the list.
    #[serde(default, deserialize_with = "capped_double_option::<{ TAGS_MAX }, _, _>")]
    #[schema(value_type = Vec<String>)]
    pub tags: Option<Option<Vec<String>>>,
    /// The CRM's record of this incident; `null` removes it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<ExternalRefBody>)]
    pub external_ref: Option<Option<ExternalRefBody>>,
}

/// Filters and paging of the incident list (most recent first).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IncidentListQuery {
    /// Only this client's incidents.
    #[param(value_type = Option<Uuid>)]
    pub client_id: Option<String>,
    #[param(value_type = Option<Category>)]
    pub category: Option<String>,
    #[param(value_type = Option<Severity>)]
    pub severity: Option<String>,
    #[param(value_type = Option<IncidentStatus>)]
    pub status: Option<String>,
    /// Occurred at or after this time (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub occurred_from: Option<String>,
    /// Occurred before this time (RFC 3339).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub occurred_to: Option<String>,
    /// Only incidents with this tag.
    pub tag: Option<String>,
    /// Only incidents whose retrospective (draft or published) confirmed this gap.
    #[param(value_type = Option<Gap>)]
    pub gap: Option<String>,
    /// Only rows changed at or after this time (RFC 3339, inclusive): with `sort=updated_at`, how a
    /// CRM catches up on what changed since it last looked (ask from a minute before the last
    /// `updated_at` it saw).
    #[param(value_type = Option<DateTime<Utc>>)]
    pub updated_since: Option<String>,
    /// `updated_at`: by last change, oldest first (a row changed again moves to the end); without
    /// it, the list's own order.
    #[param(value_type = Option<crate::pagination::Sort>)]
    pub sort: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The texts and lists of an incident, new or changed.
const INCIDENT_RULES: &[(&str, Rule)] = &[
    ("reported_by", line(REPORTED_BY_MAX)),
    ("summary", line(SUMMARY_MAX)),
    ("description", lines(DESCRIPTION_MAX)),
    ("tags", line(TAG_MAX)),
    (
        "tags",
        Rule::List {
            min: 0,
            max: TAGS_MAX,
            unique: true,
        },
    ),
];
impl Rules for CreateIncident {
    const RULES: &'static [(&'static str, Rule)] = INCIDENT_RULES;
    const ACROSS: &'static [(&'static str, Rule)] = &[("client_ref", Rule::Exclusive { other: "client_id" })];
}
impl Rules for UpdateIncident {
    const RULES: &'static [(&'static str, Rule)] = INCIDENT_RULES;
}
impl Rules for IncidentListQuery {
    const RULES: &'static [(&'static str, Rule)] = &[("tag", line(TAG_MAX))];
}

fn summary(v: &mut Validator, text: String) -> Option<String> {
    v.text("summary", text, SUMMARY_MAX, Lines::One)
}

fn description(v: &mut Validator, text: String) -> Option<String> {
    v.text("description", text, DESCRIPTION_MAX, Lines::Many)
}

fn tags(v: &mut Validator, tags: Vec<String>) -> Option<Vec<String>> {
    v.text_list("tags", tags, TAGS_MAX, TAG_MAX)
}

impl CreateIncident {
    pub fn validate(self) -> Result<NewIncident, ApiError> {
        let mut v = Validator::new();
        let client = match (self.client_id, self.client_ref) {
            (Some(_), Some(_)) => {
                v.push("client_ref", FieldProblem::Exclusive { other: "client_id" });
                None
            }
            (Some(id), None) => v.id("client_id", &id).map(ClientChoice::Id),
            (None, Some(reference)) => external_ref(&mut v, "client_ref", reference).map(ClientChoice::Ref),
            (None, None) => {
                v.push("client_id", FieldProblem::Required);
                None
            }
        };
        let incident_ref = self.external_ref.map(|r| external_ref(&mut v, "external_ref", r));
        let category = v
            .required("category", self.category)
            .and_then(|c| v.code("category", &c));
        let severity = v
            .required("severity", self.severity)
            .and_then(|c| v.code("severity", &c));
        let status = match self.status {
            Some(code) => v.code("status", &code),
            None => Some(IncidentStatus::Open),
        };
        let occurred_at = v
            .required("occurred_at", self.occurred_at)
            .and_then(|t| v.datetime("occurred_at", &t));
        let reported_by = v
            .required("reported_by", self.reported_by)
            .and_then(|r| v.text("reported_by", r, REPORTED_BY_MAX, Lines::One));
        let language = self.language.map(|c| v.code("language", &c));
        let summary = v.required("summary", self.summary).and_then(|s| summary(&mut v, s));
        let description = self.description.map(|d| description(&mut v, d));
        let tags = tags(&mut v, self.tags);
        let (client, category, severity, status, occurred_at, reported_by, summary, tags) = v.done((
            client,
            category,
            severity,
            status,
            occurred_at,
            reported_by,
            summary,
            tags,
        ))?;
        Ok(NewIncident {
            client,
            external_ref: incident_ref.flatten(),
            category,
            severity,
            status,
            occurred_at,
            reported_by,
            language: language.flatten(),
            summary,
            description: description.flatten(),
            tags,
        })
    }
}

impl UpdateIncident {
    pub fn validate(self) -> Result<IncidentChanges, ApiError> {
        let mut v = Validator::new();
        let changes = IncidentChanges {
            category: v
                .not_null("category", self.category)
                .and_then(|c| v.code("category", &c)),
            severity: v
                .not_null("severity", self.severity)
                .and_then(|c| v.code("severity", &c)),
            status: v.not_null("status", self.status).and_then(|c| v.code("status", &c)),
            occurred_at: v
                .not_null("occurred_at", self.occurred_at)
                .and_then(|t| v.datetime("occurred_at", &t)),
            reported_by: v
                .not_null("reported_by", self.reported_by)
                .and_then(|r| v.text("reported_by", r, REPORTED_BY_MAX, Lines::One)),
            language: v
                .not_null("language", self.language)
                .and_then(|c| v.code("language", &c)),
            summary: v.not_null("summary", self.summary).and_then(|s| summary(&mut v, s)),
            description: self.description.map(|d| d.and_then(|d| description(&mut v, d))),
            tags: v.not_null("tags", self.tags).and_then(|t| tags(&mut v, t)),
            external_ref: self
                .external_ref
                .map(|r| r.and_then(|r| external_ref(&mut v, "external_ref", r))),
        };
        v.finish()?;
        Ok(changes)
    }
}

impl IncidentListQuery {
    pub fn validate(self) -> Result<(IncidentFilter, PageRequest), ApiError> {
        let mut v = Validator::new();
        let filter = IncidentFilter {
            client_id: self.client_id.and_then(|c| v.id("client_id", &c)),
            category: self.category.and_then(|c| v.code("category", &c)),
            severity: self.severity.and_then(|c| v.code("severity", &c)),
            status: self.status.and_then(|c| v.code("status", &c)),
            occurred_from: self.occurred_from.and_then(|t| v.datetime("occurred_from", &t)),
            occurred_to: self.occurred_to.and_then(|t| v.datetime("occurred_to", &t)),
            tag: self.tag.and_then(|t| v.text("tag", t, TAG_MAX, Lines::One)),
            gap: self.gap.and_then(|g| v.code("gap", &g)),
            changes: ChangeWindow::parse(&mut v, self.updated_since.as_deref(), self.sort.as_deref()),
        };
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok((filter, page))
    }
}
