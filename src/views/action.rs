//! A corrective action and its history, as the API and its webhooks show them.

use super::utc;
use crate::domain::{ActionStatus, Gap};
use crate::i18n::{args, Locale};
use crate::models::action::{Action, HistoryEntry};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A corrective action, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ActionBody {
    pub id: Uuid,
    pub client_id: Uuid,
    pub gap: Gap,
    pub gap_name: String,
    pub incident_ids: Vec<Uuid>,
    pub title: String,
    pub description: Option<String>,
    pub owner: String,
    pub due_date: NaiveDate,
    pub status: ActionStatus,
    pub status_label: String,
    /// Past its due date and not done.
    pub overdue: bool,
    pub completion_note: Option<String>,
    pub verification_note: Option<String>,
    pub done_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionList {
    pub items: Vec<ActionBody>,
}

/// One status change.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryEntryBody {
    pub at: DateTime<Utc>,
    pub changed_by: Option<String>,
    /// Absent for the creation.
    pub from: Option<ActionStatus>,
    pub from_label: Option<String>,
    pub to: ActionStatus,
    pub to_label: String,
    /// Why; for a reopening by a repeat, written by the service in the response language.
    pub note: Option<String>,
    /// When the service reopened the action: the incident that repeated its gap.
    pub repeat_incident_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryList {
    pub items: Vec<HistoryEntryBody>,
}

impl ActionBody {
    pub fn new(action: Action, locale: &Locale, today: NaiveDate) -> Self {
        Self {
            overdue: action.is_overdue(today),
            id: action.id,
            client_id: action.client_id,
            gap: action.gap,
            gap_name: locale.t(&action.gap.message_id(None)),
            incident_ids: action.incident_ids,
            title: action.title,
            description: action.description,
            owner: action.owner,
            due_date: action.due_date,
            status: action.status,
            status_label: locale.label(action.status),
            completion_note: action.completion_note,
            verification_note: action.verification_note,
            done_at: action.done_at.map(utc),
            created_at: utc(action.created_at),
            updated_at: utc(action.updated_at),
        }
    }
}

impl HistoryEntryBody {
    pub fn new(entry: HistoryEntry, locale: &Locale) -> Self {
        Self {
            at: utc(entry.at),
            changed_by: entry.changed_by,
            from: entry.from,
            from_label: entry.from.map(|f| locale.label(f)),
            to: entry.to,
            to_label: locale.label(entry.to),
            note: match entry.repeat_incident {
                Some(incident) => Some(locale.t_args(
                    "action-reopened-by-repeat",
                    &args([("incident", incident.to_string().into())]),
                )),
                None => entry.note,
            },
            repeat_incident_id: entry.repeat_incident,
        }
    }
}

/// What an action's ETag is a hash of: its stored state and whether it is overdue today, which
/// its body shows and which changes with the date alone.
pub fn version(action: &Action, today: NaiveDate) -> (bool, &Action) {
    (action.is_overdue(today), action)
}
