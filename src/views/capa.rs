//! The CAPA export (ISO 9001 10.2): one row per incident with a published retrospective, as JSON
//! or as a CSV a spreadsheet opens, in the reader's language.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::utc;
use crate::domain::{ActionKind, ActionStatus, Category, Effectiveness, Gap, Severity, Verdict};
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::capa::{CapaAction, CapaEntry};

/// One incident's corrective-action record.
#[derive(Debug, Serialize, ToSchema)]
pub struct CapaRow {
    pub incident_id: Uuid,
    /// The CRM's reference, `source:id`.
    pub external_ref: Option<String>,
    pub client_id: Uuid,
    pub client_name: String,
    pub occurred_at: DateTime<Utc>,
    /// The nonconformity's nature (10.2.1 a).
    pub category: Category,
    pub category_label: String,
    pub severity: Severity,
    pub severity_label: String,
    pub summary: String,
    /// What was done for the client at once (10.2.1 a 1).
    pub correction: Option<String>,
    /// The confirmed gaps, the causes (10.2.1 b 2), primary first.
    pub gaps: Vec<CapaGap>,
    /// Why it was not caught earlier.
    pub escape_point: Option<String>,
    /// The decision whether action is needed (10.2.1 b).
    pub action_needed: Option<bool>,
    pub action_needed_rationale: Option<String>,
    /// The actions taken (10.2.1 c) and the review of their effectiveness (10.2.1 d).
    pub actions: Vec<CapaActionBody>,
    pub published_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapaGap {
    pub code: Gap,
    pub name: String,
    pub primary: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapaActionBody {
    pub id: Uuid,
    pub title: String,
    pub kind: ActionKind,
    pub kind_label: String,
    pub gap: Gap,
    pub status: ActionStatus,
    pub status_label: String,
    pub due_date: NaiveDate,
    pub completed_on: Option<NaiveDate>,
    pub effectiveness: Effectiveness,
    pub effectiveness_label: String,
    pub window_ends_on: Option<NaiveDate>,
    pub verdict: Option<Verdict>,
    pub verdict_label: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CapaReport {
    pub items: Vec<CapaRow>,
}

impl CapaRow {
    pub fn new(entry: CapaEntry, locale: &Locale) -> Self {
        Self {
            incident_id: entry.incident_id,
            external_ref: entry.external_ref,
            client_id: entry.client_id,
            client_name: entry.client_name,
            occurred_at: utc(entry.occurred_at),
            category: entry.category,
            category_label: locale.label(entry.category),
            severity: entry.severity,
            severity_label: locale.label(entry.severity),
            summary: entry.summary,
            correction: entry.record.correction,
            gaps: entry
                .gaps
                .into_iter()
                .map(|g| CapaGap {
                    code: g.gap,
                    name: locale.t(&g.gap.message_id(None)),
                    primary: g.primary,
                })
                .collect(),
            escape_point: entry.record.escape_point,
            action_needed: entry.record.action_needed,
            action_needed_rationale: entry.record.action_needed_rationale,
            actions: entry
                .actions
                .into_iter()
                .map(|a| CapaActionBody::new(a, locale))
                .collect(),
            published_at: utc(entry.published_at),
        }
    }
}

impl CapaActionBody {
    fn new(action: CapaAction, locale: &Locale) -> Self {
        Self {
            id: action.id,
            title: action.title,
            kind: action.kind,
            kind_label: locale.label(action.kind),
            gap: action.gap,
            status: action.status,
            status_label: locale.label(action.status),
            due_date: action.due_date,
            completed_on: action.completed_on,
            effectiveness: action.effectiveness,
            effectiveness_label: locale.label(action.effectiveness),
            window_ends_on: action.window_ends_on,
            verdict: action.verdict,
            verdict_label: action.verdict.map(|v| locale.label(v)),
        }
    }
}

/// The columns, in order: their header's message id ends with the name.
const COLUMNS: [&str; 15] = [
    "incident_id",
    "external_ref",
    "client",
    "occurred_at",
    "category",
    "severity",
    "summary",
    "correction",
    "gaps",
    "escape_point",
    "action_needed",
    "action_needed_rationale",
    "actions",
    "verdicts",
    "published_at",
];

/// The rows as CSV: UTF-8 with a byte-order mark (so that Excel reads ro, pl and el text
/// right), headers in the reader's language, every cell a spreadsheet could take for a formula
/// defused.
pub fn csv(rows: &[CapaRow], locale: &Locale) -> Result<Vec<u8>, ApiError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let headers: Vec<String> = COLUMNS.iter().map(|c| locale.t(&format!("capa-column-{c}"))).collect();
        writer.write_record(&headers).map_err(ApiError::internal)?;
        for row in rows {
            let cells = cells(row, locale);
            writer
                .write_record(cells.iter().map(|c| defuse(c)))
                .map_err(ApiError::internal)?;
        }
        writer.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

/// A row's cells, in `COLUMNS` order.
fn cells(row: &CapaRow, locale: &Locale) -> [String; 15] {
    let yes_no = |b: bool| locale.t(if b { "capa-yes" } else { "capa-no" });
    let gaps = row
        .gaps
        .iter()
        .map(|g| {
            if g.primary {
                format!("{} ({})", g.name, locale.t("capa-primary"))
            } else {
                g.name.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ");
    let actions = row
        .actions
        .iter()
        .map(|a| {
            format!(
                "{} ({}, {}, {} {})",
                a.title,
                a.kind_label,
                a.status_label,
                locale.t("capa-due"),
                a.due_date
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let verdicts = row
        .actions
        .iter()
        .map(|a| format!("{}: {}", a.title, verdict(a, locale)))
        .collect::<Vec<_>>()
        .join("; ");
    [
        row.incident_id.to_string(),
        row.external_ref.clone().unwrap_or_default(),
        row.client_name.clone(),
        row.occurred_at.format("%Y-%m-%d %H:%M").to_string(),
        row.category_label.clone(),
        row.severity_label.clone(),
        row.summary.clone(),
        row.correction.clone().unwrap_or_default(),
        gaps,
        row.escape_point.clone().unwrap_or_default(),
        row.action_needed.map(yes_no).unwrap_or_default(),
        row.action_needed_rationale.clone().unwrap_or_default(),
        actions,
        verdicts,
        row.published_at.format("%Y-%m-%d %H:%M").to_string(),
    ]
}

/// An action's effectiveness review, in words: the verdict, the window still running, or a
/// person's verification.
fn verdict(action: &CapaActionBody, locale: &Locale) -> String {
    match (&action.verdict_label, action.window_ends_on) {
        (Some(label), _) => label.clone(),
        (None, Some(last_day)) => locale.t_args(
            "capa-window-running",
            &crate::i18n::args([("until", last_day.to_string().into())]),
        ),
        (None, None) => format!("{} – {}", action.effectiveness_label, action.status_label),
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
/// before one) is kept as text by a leading apostrophe (OWASP's advice on CSV injection).
fn defuse(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::defuse;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        for formula in ["=1+1", "+SUM(A1)", "-2", "@cmd", "\t=x", "\r=x"] {
            assert_eq!(defuse(formula), format!("'{formula}"));
        }
        for plain in ["", "plain", "2026-12-01", "a=b", "Ștefan"] {
            assert_eq!(defuse(plain), plain);
        }
    }
}
