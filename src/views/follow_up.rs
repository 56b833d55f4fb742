//! What is due or overdue, grouped by the person who owns it.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::{Code, FollowUpKind};
use crate::i18n::{args, Locale};
use crate::models::follow_up::{DueAction, DueRetrospective};

/// One thing to follow through.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpItem {
    pub kind: FollowUpKind,
    pub kind_label: String,
    /// The incident whose retrospective is due (for a retrospective).
    pub incident_id: Option<Uuid>,
    /// The action (for an action).
    pub action_id: Option<Uuid>,
    pub client_id: Uuid,
    pub client_name: String,
    /// The incident's summary, or the action's title.
    pub title: String,
    pub due_on: NaiveDate,
    pub overdue: bool,
    /// Days past the due date (0 when not overdue).
    pub days_overdue: i64,
    /// Where it stands, in the response language.
    pub due_label: String,
}

/// The items of one owner: an action's owner, or the client's account owner for a
/// retrospective (`null`: a client with no account owner).
#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerFollowUp {
    pub owner: Option<String>,
    pub overdue: usize,
    pub due: usize,
    /// Soonest due first.
    pub items: Vec<FollowUpItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUpBody {
    /// The firm's today the list was made for.
    pub today: NaiveDate,
    /// Items due up to this day are listed.
    pub until: NaiveDate,
    /// Owners by name; the items of no one last.
    pub owners: Vec<OwnerFollowUp>,
}

impl FollowUpBody {
    pub fn new(
        retrospectives: Vec<DueRetrospective>,
        actions: Vec<DueAction>,
        today: NaiveDate,
        until: NaiveDate,
        locale: &Locale,
    ) -> Self {
        let item = |kind: FollowUpKind, due_on: NaiveDate| {
            let days_overdue = (today - due_on).num_days().max(0);
            let due_label = match due_on.cmp(&today) {
                std::cmp::Ordering::Less => {
                    locale.t_args("follow-up-overdue-since", &args([("date", due_on.to_string().into())]))
                }
                std::cmp::Ordering::Equal => locale.t("follow-up-due-today"),
                std::cmp::Ordering::Greater => {
                    locale.t_args("follow-up-due-on", &args([("date", due_on.to_string().into())]))
                }
            };
            (kind, locale.label(kind), days_overdue, due_label)
        };
        let mut owned: Vec<(Option<String>, FollowUpItem)> = Vec::new();
        for due in retrospectives {
            let (kind, kind_label, days_overdue, due_label) = item(FollowUpKind::Retrospective, due.due_on);
            owned.push((
                due.owner,
                FollowUpItem {
                    kind,
                    kind_label,
                    incident_id: Some(due.incident_id),
                    action_id: None,
                    client_id: due.client_id,
                    client_name: due.client_name,
                    title: due.summary,
                    due_on: due.due_on,
                    overdue: days_overdue > 0,
                    days_overdue,
                    due_label,
                },
            ));
        }
        for due in actions {
            let (kind, kind_label, days_overdue, due_label) = item(FollowUpKind::Action, due.due_on);
            owned.push((
                Some(due.owner),
                FollowUpItem {
                    kind,
                    kind_label,
                    incident_id: None,
                    action_id: Some(due.action_id),
                    client_id: due.client_id,
                    client_name: due.client_name,
                    title: due.title,
                    due_on: due.due_on,
                    overdue: days_overdue > 0,
                    days_overdue,
                    due_label,
                },
            ));
        }
        // By owner, no one last; within an owner, soonest due first.
        owned.sort_by(|(a, x), (b, y)| {
            (a.is_none(), a, x.due_on, x.kind.code()).cmp(&(b.is_none(), b, y.due_on, y.kind.code()))
        });
        let mut owners: Vec<OwnerFollowUp> = Vec::new();
        for (owner, item) in owned {
            if owners.last().is_none_or(|last| last.owner != owner) {
                owners.push(OwnerFollowUp {
                    owner,
                    overdue: 0,
                    due: 0,
                    items: Vec::new(),
                });
            }
            if let Some(group) = owners.last_mut() {
                if item.overdue {
                    group.overdue += 1;
                } else {
                    group.due += 1;
                }
                group.items.push(item);
            }
        }
        Self { today, until, owners }
    }
}
