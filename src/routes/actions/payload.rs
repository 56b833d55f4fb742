//! What the corrective action routes read and write.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::domain::{ActionKind, ActionStatus, Effectiveness, Gap};
use crate::error::{ApiError, FieldProblem};
use crate::models::action::{self, ActionChanges, ActionFilter, NewAction};
use crate::pagination::{ChangeWindow, PageRequest};
use crate::validation::{
    capped_option, double_option, double_whole_number, line, lines, whole_number, Lines, Rule, Rules, Validator,
};

const TITLE_MAX: usize = 200;
const TEXT_MAX: usize = 20_000;
const NAME_MAX: usize = 200;
const INCIDENTS_MAX: usize = 50;

/// A new corrective action. Its client is the client of its incidents.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "gap": "payment_followup",
    "incident_ids": ["019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01"],
    "title": "Automatic payment reminders at 3, 10 and 30 days",
    "description": "Set up the reminders in the invoicing tool and add a late-fee clause to new contracts.",
    "owner": "Ioana Marinescu",
    "due_date": "2026-12-15",
    "kind": "corrective",
    "effectiveness": "no_repeat_for_client",
    "window_days": 90
}))]
pub struct CreateAction {
    #[schema(value_type = Gap, required = true)]
    pub gap: Option<String>,
    /// The incidents it answers: one or more, all of one client (at most 50).
    #[serde(default, deserialize_with = "capped_option::<{ INCIDENTS_MAX }, _, _>")]
    #[schema(value_type = Vec<Uuid>, required = true)]
    pub incident_ids: Option<Vec<String>>,
    /// At most 200 characters.
    #[schema(value_type = String, required = true)]
    pub title: Option<String>,
    /// At most 20,000 characters; may span lines.
    pub description: Option<String>,
    /// Who is responsible, at most 200 characters.
    #[schema(value_type = String, required = true)]
    pub owner: Option<String>,
    #[schema(value_type = NaiveDate, required = true)]
    pub due_date: Option<String>,
    /// Who creates it, for the history; at most 200 characters.
    pub created_by: Option<String>,
    /// `correction`, `corrective` (the default) or `preventive`.
    #[schema(value_type = Option<ActionKind>)]
    pub kind: Option<String>,
    /// How its effectiveness is judged: `manual` (the default: a person verifies it, after the
    /// verification window), or by the service, `no_repeat_for_client` / `no_repeat_any_client`:
    /// no incident of its gap (for its client / for any client) occurring within `window_days` of
    /// its completion. The service then verifies it as `effective` when the window ends, or
    /// reopens it as `ineffective` when a repeat inside the window is published.
    #[schema(value_type = Option<Effectiveness>)]
    pub effectiveness: Option<String>,
    /// Days after completion that a repeat counts against it, 1 to 730; required with a criterion
    /// the service judges, refused with `manual`.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 730)]
    pub window_days: Option<i64>,
}

/// Changes to an action. A `status` change follows the lifecycle: `done` needs
/// `completion_note`, `verified` needs `verification_note`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"status": "done", "completion_note": "Reminders are live since 2 December.", "changed_by": "Ioana"}))]
pub struct UpdateAction {
    /// At most 200 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub title: Option<Option<String>>,
    /// At most 20,000 characters; may span lines.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
    /// Who is responsible, at most 200 characters.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = String)]
    pub owner: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = NaiveDate)]
    pub due_date: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = ActionStatus)]
    pub status: Option<Option<String>>,
    /// What was done, at most 20,000 characters; needed to move to `done`.
    pub completion_note: Option<String>,
    /// How it was checked, at most 20,000 characters; needed to move to `verified`.
    pub verification_note: Option<String>,
    /// Why the status changes, kept in the history; at most 20,000 characters.
    pub note: Option<String>,
    /// Who makes the change, kept in the history; at most 200 characters.
    pub changed_by: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = ActionKind)]
    pub kind: Option<Option<String>>,
    /// A new criterion; `window_days` with it (or alone, to change the window). Changed while the
    /// window runs, the window's end moves with it.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Effectiveness)]
    pub effectiveness: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_whole_number")]
    #[schema(value_type = i64, minimum = 1, maximum = 730)]
    pub window_days: Option<Option<i64>>,
}

/// Filters and paging of the action list (newest first).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActionListQuery {
    #[param(value_type = Option<ActionStatus>)]
    pub status: Option<String>,
    #[param(value_type = Option<Gap>)]
    pub gap: Option<String>,
    pub owner: Option<String>,
    #[param(value_type = Option<Uuid>)]
    pub client_id: Option<String>,
    #[param(value_type = Option<Uuid>)]
    pub incident_id: Option<String>,
    /// `true`: only overdue actions; `false`: only those that are not.
    #[param(value_type = Option<bool>)]
    pub overdue: Option<String>,
    /// Due on or before this date.
    #[param(value_type = Option<NaiveDate>)]
    pub due_before: Option<String>,
    /// Due on or after this date.
    #[param(value_type = Option<NaiveDate>)]
    pub due_after: Option<String>,
    /// Only rows changed at or after this time (RFC 3339, inclusive): with `sort=updated_at`, how a
    /// CRM catches up on what changed since it last looked (ask from a minute before the last
    /// `updated_at` it saw).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
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

impl CreateAction {
    pub fn validate(self) -> Result<NewAction, ApiError> {
        let mut v = Validator::new();
        let gap = v.required("gap", self.gap).and_then(|g| v.code("gap", &g));
        let incident_ids = v.required("incident_ids", self.incident_ids).and_then(|ids| {
            if ids.is_empty() {
                v.push("incident_ids", FieldProblem::Required);
                return None;
            }
            if ids.len() > INCIDENTS_MAX {
                v.push("incident_ids", FieldProblem::TooMany { max: INCIDENTS_MAX });
                return None;
            }
            let parsed: Vec<Option<Uuid>> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| v.id(&format!("incident_ids[{i}]"), id))
                .collect();
            let mut unique: Vec<Uuid> = Vec::new();
            for id in parsed.into_iter().flatten() {
                if !unique.contains(&id) {
                    unique.push(id);
                }
            }
            Some(unique)
        });
        let title = v
            .required("title", self.title)
            .and_then(|t| v.text("title", t, TITLE_MAX, Lines::One));
        let description = v.optional_text("description", self.description, TEXT_MAX, Lines::Many);
        let owner = v
            .required("owner", self.owner)
            .and_then(|o| v.text("owner", o, NAME_MAX, Lines::One));
        let due_date = v
            .required("due_date", self.due_date)
            .and_then(|d| v.date("due_date", &d));
        let created_by = v.optional_text("created_by", self.created_by, NAME_MAX, Lines::One);
        let kind = match self.kind {
            Some(code) => v.code("kind", &code),
            None => Some(ActionKind::default()),
        };
        let effectiveness = match self.effectiveness {
            Some(code) => v.code("effectiveness", &code),
            None => Some(Effectiveness::default()),
        };
        let criterion = effectiveness.and_then(|e| action::criterion(&mut v, e, self.window_days));
        let (gap, incident_ids, title, description, owner, due_date, created_by, kind, criterion) = v.done((
            gap,
            incident_ids,
            title,
            description,
            owner,
            due_date,
            created_by,
            kind,
            criterion,
        ))?;
        Ok(NewAction {
            gap,
            kind,
            effectiveness: criterion.0,
            window_days: criterion.1,
            incident_ids,
            title,
            description,
            owner,
            due_date,
            created_by,
        })
    }
}

impl Rules for CreateAction {
    const RULES: &'static [(&'static str, Rule)] = &[
        (
            "incident_ids",
            Rule::List {
                min: 1,
                max: INCIDENTS_MAX,
                unique: false,
            },
        ),
        ("title", line(TITLE_MAX)),
        ("description", lines(TEXT_MAX)),
        ("owner", line(NAME_MAX)),
        ("created_by", line(NAME_MAX)),
    ];
}

impl Rules for UpdateAction {
    const RULES: &'static [(&'static str, Rule)] = &[
        ("title", line(TITLE_MAX)),
        ("description", lines(TEXT_MAX)),
        ("owner", line(NAME_MAX)),
        ("completion_note", lines(TEXT_MAX)),
        ("verification_note", lines(TEXT_MAX)),
        ("note", lines(TEXT_MAX)),
        ("changed_by", line(NAME_MAX)),
    ];
}

impl Rules for ActionListQuery {
    const RULES: &'static [(&'static str, Rule)] = &[("owner", line(NAME_MAX))];
}

impl UpdateAction {
    pub fn validate(self) -> Result<ActionChanges, ApiError> {
        let mut v = Validator::new();
        let changes = ActionChanges {
            title: v
                .not_null("title", self.title)
                .and_then(|t| v.text("title", t, TITLE_MAX, Lines::One)),
            description: self
                .description
                .map(|d| d.and_then(|d| v.text("description", d, TEXT_MAX, Lines::Many))),
            owner: v
                .not_null("owner", self.owner)
                .and_then(|o| v.text("owner", o, NAME_MAX, Lines::One)),
            due_date: v
                .not_null("due_date", self.due_date)
                .and_then(|d| v.date("due_date", &d)),
            status: v.not_null("status", self.status).and_then(|s| v.code("status", &s)),
            completion_note: self
                .completion_note
                .and_then(|n| v.text("completion_note", n, TEXT_MAX, Lines::Many)),
            verification_note: self
                .verification_note
                .and_then(|n| v.text("verification_note", n, TEXT_MAX, Lines::Many)),
            note: self.note.and_then(|n| v.text("note", n, TEXT_MAX, Lines::Many)),
            changed_by: self
                .changed_by
                .and_then(|c| v.text("changed_by", c, NAME_MAX, Lines::One)),
            kind: v.not_null("kind", self.kind).and_then(|k| v.code("kind", &k)),
            effectiveness: v
                .not_null("effectiveness", self.effectiveness)
                .and_then(|e| v.code("effectiveness", &e)),
            window_days: v.not_null("window_days", self.window_days),
        };
        v.finish()?;
        Ok(changes)
    }
}

impl ActionListQuery {
    pub fn validate(self) -> Result<(ActionFilter, PageRequest), ApiError> {
        let mut v = Validator::new();
        let filter = ActionFilter {
            status: self.status.and_then(|s| v.code("status", &s)),
            gap: self.gap.and_then(|g| v.code("gap", &g)),
            owner: self.owner.and_then(|o| v.text("owner", o, NAME_MAX, Lines::One)),
            client_id: self.client_id.and_then(|c| v.id("client_id", &c)),
            incident_id: self.incident_id.and_then(|i| v.id("incident_id", &i)),
            overdue: self.overdue.and_then(|o| v.boolean("overdue", &o)),
            due_before: self.due_before.and_then(|d| v.date("due_before", &d)),
            due_after: self.due_after.and_then(|d| v.date("due_after", &d)),
            changes: ChangeWindow::parse(&mut v, self.updated_since.as_deref(), self.sort.as_deref()),
        };
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok((filter, page))
    }
}
