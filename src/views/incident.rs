//! An incident as the API and its webhooks show it.

use super::utc;
use crate::domain::{Category, Gap, IncidentStatus, Language, Severity};
use crate::i18n::Locale;
use crate::models::incident::Incident;
use crate::views::client::ExternalRefResponse;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// An incident, as the API shows it: every code with its label in the response language.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01",
    "client_id": "019a8f3e-7c41-7d2a-9b1e-3f5a2c8d4e61",
    "category": "late_payment",
    "category_label": "Płatność po terminie",
    "severity": "high",
    "severity_label": "Wysoka",
    "status": "open",
    "status_label": "Otwarty",
    "occurred_at": "2026-11-20T08:30:00Z",
    "reported_by": "Ioana Marinescu",
    "language": "ro",
    "language_label": "rumuński",
    "summary": "Factura din octombrie neplătită după 45 de zile",
    "description": "Clientul nu a răspuns la două mementouri; suma restantă este 1.200 EUR.",
    "tags": ["facturare"],
    "repeat_of": [],
    "external_ref": {"source": "hubspot", "external_id": "ticket-5521"},
    "created_at": "2026-11-23T09:20:11.004211Z",
    "updated_at": "2026-11-23T09:20:11.004211Z"
}))]
pub struct IncidentBody {
    pub id: Uuid,
    pub client_id: Uuid,
    pub category: Category,
    pub category_label: String,
    pub severity: Severity,
    pub severity_label: String,
    pub status: IncidentStatus,
    pub status_label: String,
    pub occurred_at: DateTime<Utc>,
    pub reported_by: String,
    /// The language the incident is written in.
    pub language: Language,
    pub language_label: String,
    pub summary: String,
    pub description: Option<String>,
    pub tags: Vec<String>,
    /// Set when this incident exposed a gap that a corrective action had already closed: the
    /// earlier incident and the action, which was reopened.
    pub repeat_of: Vec<RepeatBody>,
    /// The CRM's record of this incident, if it has one.
    pub external_ref: Option<ExternalRefResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// This incident repeats a gap an action was meant to close.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepeatBody {
    /// The latest incident the action answered.
    pub incident_id: Option<Uuid>,
    pub action_id: Uuid,
    pub gap: Gap,
    pub gap_name: String,
}

impl IncidentBody {
    pub fn new(incident: Incident, locale: &Locale) -> Self {
        Self {
            id: incident.id,
            client_id: incident.client_id,
            category: incident.category,
            category_label: locale.label(incident.category),
            severity: incident.severity,
            severity_label: locale.label(incident.severity),
            status: incident.status,
            status_label: locale.label(incident.status),
            occurred_at: utc(incident.occurred_at),
            reported_by: incident.reported_by,
            language: incident.language,
            language_label: locale.label(incident.language),
            summary: incident.summary,
            description: incident.description,
            tags: incident.tags,
            repeat_of: incident
                .repeat_of
                .into_iter()
                .map(|r| RepeatBody {
                    incident_id: r.earlier_incident_id,
                    action_id: r.action_id,
                    gap: r.gap,
                    gap_name: locale.t(&r.gap.message_id(None)),
                })
                .collect(),
            external_ref: incident.external_ref.map(|r| ExternalRefResponse {
                source: r.source,
                external_id: r.external_id,
            }),
            created_at: utc(incident.created_at),
            updated_at: utc(incident.updated_at),
        }
    }
}
