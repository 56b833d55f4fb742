//! A corrective action and its history, as the API and its webhooks show them.

use super::utc;
use crate::domain::{ActionKind, ActionStatus, Effectiveness, Gap, Verdict};
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
    pub kind: ActionKind,
    pub kind_label: String,
    /// How its effectiveness is judged.
    pub effectiveness: Effectiveness,
    pub effectiveness_label: String,
    /// Days after completion a repeat counts against it (a judged criterion only).
    pub window_days: Option<i32>,
    /// The firm's day it was last done.
    pub completed_on: Option<NaiveDate>,
    /// The last day of its effectiveness window; the service judges it the day after.
    pub window_ends_on: Option<NaiveDate>,
    /// The service's latest verdict since it was last done (null: none yet).
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    pub verdict_at: Option<DateTime<Utc>>,
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
    /// When this move is the service's verdict on its effectiveness.
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
    /// The window the verdict was judged over: its first day (the completion) ...
    pub window_from: Option<NaiveDate>,
    /// ... and its last.
    pub window_until: Option<NaiveDate>,
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
            kind: action.kind,
            kind_label: locale.label(action.kind),
            effectiveness: action.effectiveness,
            effectiveness_label: locale.label(action.effectiveness),
            window_days: action.window_days,
            completed_on: action.completed_on,
            window_ends_on: action.window_ends_on,
            verdict: action.verdict,
            verdict_label: action.verdict.map(|v| locale.label(v)),
            verdict_at: action.verdict_at.map(utc),
            created_at: utc(action.created_at),
            updated_at: utc(action.updated_at),
        }
    }
}

impl HistoryEntryBody {
    pub fn new(entry: HistoryEntry, locale: &Locale) -> Self {
        let note = note(&entry, locale);
        Self {
            at: utc(entry.at),
            changed_by: entry.changed_by,
            from: entry.from,
            from_label: entry.from.map(|f| locale.label(f)),
            to: entry.to,
            to_label: locale.label(entry.to),
            note,
            repeat_incident_id: entry.repeat_incident,
            verdict: entry.verdict,
            verdict_label: entry.verdict.map(|v| locale.label(v)),
            window_from: entry.window.map(|w| w.0),
            window_until: entry.window.map(|w| w.1),
        }
    }
}

/// The note of a move: the person's, or the service's own in the reader's language.
fn note(entry: &HistoryEntry, locale: &Locale) -> Option<String> {
    let incident = entry.repeat_incident.map(|i| i.to_string()).unwrap_or_default();
    let (from, until) = entry
        .window
        .map(|(from, until)| (from.to_string(), until.to_string()))
        .unwrap_or_default();
    let id = match (entry.verdict, entry.repeat_incident) {
        (Some(Verdict::Effective), _) => "action-judged-effective",
        (Some(Verdict::Ineffective), _) => "action-judged-ineffective",
        (None, Some(_)) => "action-reopened-by-repeat",
        (None, None) => return entry.note.clone(),
    };
    Some(locale.t_args(
        id,
        &args([
            ("incident", incident.into()),
            ("from", from.into()),
            ("until", until.into()),
        ]),
    ))
}

/// What an action's ETag is a hash of: its stored state and whether it is overdue today, which
/// its body shows and which changes with the date alone.
pub fn version(action: &Action, today: NaiveDate) -> (bool, &Action) {
    (action.is_overdue(today), action)
}
