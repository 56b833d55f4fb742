//! Contacts and clients at risk, as the API (and the `client.at_risk` event) shows them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::utc;
use crate::domain::warning::{Finding, Unit};
use crate::domain::{ContactDirection, ContactKind, RiskReason};
use crate::i18n::{args, Locale};
use crate::models::at_risk::Episode;
use crate::models::contact::Contact;

/// A contact with a client, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019b1c2d-4e5f-7a6b-8c9d-0e1f2a3b4c5d",
    "client_id": "019a8f3e-7c41-7d2a-9b1e-3f5a2c8d4e61",
    "kind": "email",
    "kind_label": "E-mail",
    "direction": "inbound",
    "direction_label": "From the client",
    "occurred_at": "2026-11-20T08:30:00Z",
    "response_minutes": 95,
    "days_late": null,
    "external_ref": "hubspot:email:77120",
    "created_at": "2026-11-20T08:31:12.004211Z"
}))]
pub struct ContactBody {
    pub id: Uuid,
    pub client_id: Uuid,
    pub kind: ContactKind,
    pub kind_label: String,
    pub direction: ContactDirection,
    pub direction_label: String,
    pub occurred_at: DateTime<Utc>,
    /// How long the reply took, in minutes: the client's on an `inbound` contact, ours on an
    /// `outbound` one.
    pub response_minutes: Option<i32>,
    /// A payment: how many days after its due date it came (0 = on time).
    pub days_late: Option<i32>,
    /// The contact's id in the CRM.
    pub external_ref: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl ContactBody {
    pub fn new(contact: Contact, locale: &Locale) -> Self {
        Self {
            id: contact.id,
            client_id: contact.client_id,
            kind: contact.kind,
            kind_label: locale.label(contact.kind),
            direction: contact.direction,
            direction_label: locale.label(contact.direction),
            occurred_at: utc(contact.occurred_at),
            response_minutes: contact.response_minutes,
            days_late: contact.days_late,
            external_ref: contact.external_ref,
            created_at: utc(contact.created_at),
        }
    }
}

/// The client at risk.
#[derive(Debug, Serialize, ToSchema)]
pub struct AtRiskClient {
    pub id: Uuid,
    pub name: String,
}

/// One rule the client meets, with its figures, in words.
#[derive(Debug, Serialize, ToSchema)]
pub struct RiskReasonBody {
    pub code: RiskReason,
    /// `code` in the response language.
    pub label: String,
    /// What was seen and what is usual for this client, in the response language.
    pub message: String,
    /// What was seen: days without contact, the latest replies' median time, the latest
    /// payments' median delay.
    pub observed: i64,
    /// The same measure as usual for this client.
    pub usual: i64,
    /// The value `observed` passed.
    pub threshold: i64,
    pub unit: Unit,
}

/// A client the early warning flags, since when, and why.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "client": {"id": "019a8f3e-7c41-7d2a-9b1e-3f5a2c8d4e61", "name": "Atelier Popescu SRL"},
    "since": "2026-11-02",
    "evaluated_on": "2026-11-16",
    "reasons": [{
        "code": "lapse", "label": "Contact has lapsed",
        "message": "No contact for 35 days; this client is usually contacted every 7 days.",
        "observed": 35, "usual": 7, "threshold": 21, "unit": "days"
    }]
}))]
pub struct AtRiskBody {
    pub client: AtRiskClient,
    /// The first day the client met a rule of this episode.
    pub since: NaiveDate,
    /// The day the reasons' figures were last measured.
    pub evaluated_on: NaiveDate,
    pub reasons: Vec<RiskReasonBody>,
}

impl AtRiskBody {
    pub fn new(episode: &Episode, locale: &Locale) -> Self {
        Self {
            client: AtRiskClient {
                id: episode.client_id,
                name: episode.client_name.clone(),
            },
            since: episode.started_on,
            evaluated_on: episode.evaluated_on,
            reasons: episode.reasons.iter().map(|f| RiskReasonBody::new(f, locale)).collect(),
        }
    }
}

impl RiskReasonBody {
    pub fn new(finding: &Finding, locale: &Locale) -> Self {
        let duration = |value: i64| match finding.unit {
            Unit::Days => days(locale, value),
            Unit::Minutes => minutes(locale, value),
        };
        let (observed, usual) = (duration(finding.observed), duration(finding.usual));
        let message = match finding.reason {
            RiskReason::Lapse => locale.t_args(
                "risk-lapse",
                &args([("silence", observed.into()), ("cadence", usual.into())]),
            ),
            RiskReason::SlowReplies => locale.t_args(
                "risk-slow_replies",
                &args([("recent", observed.into()), ("usual", usual.into())]),
            ),
            RiskReason::LatePayments if finding.usual == 0 => {
                locale.t_args("risk-late_payments-after_on_time", &args([("recent", observed.into())]))
            }
            RiskReason::LatePayments => locale.t_args(
                "risk-late_payments",
                &args([("recent", observed.into()), ("usual", usual.into())]),
            ),
        };
        Self {
            code: finding.reason,
            label: locale.label(finding.reason),
            message,
            observed: finding.observed,
            usual: finding.usual,
            threshold: finding.threshold,
            unit: finding.unit,
        }
    }
}

/// A number of days in words ("35 days", "35 de zile").
fn days(locale: &Locale, days: i64) -> String {
    locale.t_args("risk-duration-days", &args([("days", days.into())]))
}

/// A response time in words: minutes under two hours, hours under two days, days beyond.
fn minutes(locale: &Locale, minutes: i64) -> String {
    if minutes < 120 {
        locale.t_args("risk-duration-minutes", &args([("minutes", minutes.into())]))
    } else if minutes < 48 * 60 {
        let hours = (minutes as f64 / 60.0).round() as i64;
        locale.t_args("risk-duration-hours", &args([("hours", hours.into())]))
    } else {
        days(locale, (minutes as f64 / 1440.0).round() as i64)
    }
}
