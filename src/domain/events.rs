//! What a webhook can be told about.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;

/// An event type a webhook subscribes to; its payload carries the resource as the API returns it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, EnumString, IntoStaticStr, VariantArray,
)]
pub enum EventType {
    /// An incident was filed.
    #[serde(rename = "incident.created")]
    #[strum(serialize = "incident.created")]
    IncidentCreated,
    /// An incident was changed.
    #[serde(rename = "incident.updated")]
    #[strum(serialize = "incident.updated")]
    IncidentUpdated,
    /// An incident exposed a gap that an earlier corrective action was meant to close.
    #[serde(rename = "incident.repeat_detected")]
    #[strum(serialize = "incident.repeat_detected")]
    IncidentRepeatDetected,
    /// An incident's retrospective was not published by its due date (days after filing, by
    /// severity: `--retrospective-due-days`); sent once per due date, with the incident.
    #[serde(rename = "retrospective.overdue")]
    #[strum(serialize = "retrospective.overdue")]
    RetrospectiveOverdue,
    /// A retrospective was published.
    #[serde(rename = "retrospective.published")]
    #[strum(serialize = "retrospective.published")]
    RetrospectivePublished,
    /// A corrective action was created.
    #[serde(rename = "action.created")]
    #[strum(serialize = "action.created")]
    ActionCreated,
    /// A corrective action changed status (also when a repeat reopened it).
    #[serde(rename = "action.status_changed")]
    #[strum(serialize = "action.status_changed")]
    ActionStatusChanged,
    /// The service judged a corrective action: `effective` (its window ended with no repeat; it
    /// is now verified) or `ineffective` (an incident inside its window repeated its gap; it is
    /// reopened). Sent once per verdict.
    #[serde(rename = "action.verdict")]
    #[strum(serialize = "action.verdict")]
    ActionVerdict,
    /// A corrective action's due date is close (`--action-due-soon-days`, 3 by default); sent
    /// once per due date.
    #[serde(rename = "action.due_soon")]
    #[strum(serialize = "action.due_soon")]
    ActionDueSoon,
    /// A corrective action passed its due date unfinished; sent the day after, then again every
    /// `--action-overdue-every-days` (7 by default) until it is finished.
    #[serde(rename = "action.overdue")]
    #[strum(serialize = "action.overdue")]
    ActionOverdue,
    /// A client started to be at risk (its contact lapsed, its replies slowed down, it started
    /// paying late); sent once per episode, which ends when the client meets no rule any more.
    #[serde(rename = "client.at_risk")]
    #[strum(serialize = "client.at_risk")]
    ClientAtRisk,
}

code_set!(EventType);
