//! A timeline entry as the API shows it.

use super::utc;
use crate::domain::EntryKind;
use crate::i18n::Locale;
use crate::models::timeline::TimelineEntry;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A timeline entry, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryBody {
    pub id: Uuid,
    pub incident_id: Uuid,
    pub kind: EntryKind,
    pub kind_label: String,
    pub occurred_at: DateTime<Utc>,
    pub author: String,
    pub body: String,
    pub source_ref: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl TimelineEntryBody {
    pub fn new(entry: TimelineEntry, locale: &Locale) -> Self {
        Self {
            id: entry.id,
            incident_id: entry.incident_id,
            kind: entry.kind,
            kind_label: locale.label(entry.kind),
            occurred_at: utc(entry.occurred_at),
            author: entry.author,
            body: entry.body,
            source_ref: entry.source_ref,
            created_at: utc(entry.created_at),
        }
    }
}
