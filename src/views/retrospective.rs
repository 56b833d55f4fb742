//! A retrospective as the API and its webhooks show it.

use super::utc;
use crate::domain::{Gap, RetrospectiveStatus};
use crate::i18n::Locale;
use crate::models::retrospective::Retrospective;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ConfirmedGapBody {
    pub code: Gap,
    /// The gap's name in the response language.
    pub name: String,
    pub primary: bool,
    pub note: Option<String>,
}

/// A retrospective, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetrospectiveBody {
    pub incident_id: Uuid,
    pub what_happened: String,
    pub client_view: Option<String>,
    pub our_view: Option<String>,
    pub whys: Vec<String>,
    /// The primary gap first.
    pub gaps: Vec<ConfirmedGapBody>,
    pub lessons: Option<String>,
    pub status: RetrospectiveStatus,
    pub status_label: String,
    /// What was done for this client right away.
    pub correction: Option<String>,
    /// Why it was not caught earlier.
    pub escape_point: Option<String>,
    /// Whether action is needed so that it does not happen again (null: not decided yet).
    pub action_needed: Option<bool>,
    pub action_needed_rationale: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// What happened, written for the client: what the client's letter says.
    pub client_summary: Option<String>,
    /// When the client hears from the firm next, as the letter says.
    pub next_answer_on: Option<NaiveDate>,
}

impl RetrospectiveBody {
    pub fn new(retro: Retrospective, locale: &Locale) -> Self {
        Self {
            incident_id: retro.incident_id,
            what_happened: retro.what_happened,
            client_view: retro.client_view,
            our_view: retro.our_view,
            whys: retro.whys,
            gaps: retro
                .gaps
                .into_iter()
                .map(|g| ConfirmedGapBody {
                    code: g.gap,
                    name: locale.t(&g.gap.message_id(None)),
                    primary: g.primary,
                    note: g.note,
                })
                .collect(),
            lessons: retro.lessons,
            status: retro.status,
            status_label: locale.label(retro.status),
            correction: retro.record.correction,
            escape_point: retro.record.escape_point,
            action_needed: retro.record.action_needed,
            action_needed_rationale: retro.record.action_needed_rationale,
            created_at: utc(retro.created_at),
            updated_at: utc(retro.updated_at),
            client_summary: retro.client_summary,
            next_answer_on: retro.next_answer_on,
        }
    }
}
