//! What the contact and at-risk routes read.

use chrono::{NaiveDateTime, TimeDelta};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::{ContactDirection, ContactKind};
use crate::error::{ApiError, FieldProblem};
use crate::models::contact::NewContact;
use crate::pagination::PageRequest;
use crate::validation::{line, whole_number, Lines, Rule, Rules, Validator};

const EXTERNAL_REF_MAX: usize = 200;
/// The longest response time taken: 90 days. A reply later than that is a new conversation.
pub const RESPONSE_MINUTES_MAX: i64 = 90 * 24 * 60;
/// The latest a payment is taken: ten years.
pub const DAYS_LATE_MAX: i64 = 3650;
/// How far in the future `occurred_at` may be: the CRM's clock and ours may differ a little.
pub const FUTURE_TOLERANCE_MINUTES: i64 = 5;

/// A contact with the client, as its CRM reports it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "email",
    "direction": "inbound",
    "occurred_at": "2026-11-20T10:30:00+02:00",
    "response_minutes": 95,
    "external_ref": "hubspot:email:77120"
}))]
pub struct CreateContact {
    #[schema(value_type = ContactKind, required = true)]
    pub kind: Option<String>,
    /// `inbound`: the client reached out (or replied); `outbound`: the firm did.
    #[schema(value_type = ContactDirection, required = true)]
    pub direction: Option<String>,
    /// RFC 3339 with an offset; not in the future (five minutes of clock difference are allowed).
    #[schema(value_type = DateTime<Utc>, required = true)]
    pub occurred_at: Option<String>,
    /// How long the reply took, in minutes: 0 to 129,600 (90 days). On an `inbound` contact, the
    /// client's reply (what `slow_replies` measures); on an `outbound` one, ours.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 0, maximum = 129_600)]
    pub response_minutes: Option<i64>,
    /// A payment only: how many days after its due date it came (0 = on time), up to 3,650.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 0, maximum = 3650)]
    pub days_late: Option<i64>,
    /// The contact's id in the CRM, at most 200 characters: a contact sent again with the same
    /// reference is not counted twice (200 with the stored one).
    pub external_ref: Option<String>,
}

impl Rules for CreateContact {
    const RULES: &'static [(&'static str, Rule)] = &[("external_ref", line(EXTERNAL_REF_MAX))];
}

/// Paging of a list (newest first for contacts, in the order episodes started for the clients
/// at risk).
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ContactListQuery {
    /// Page size, 1 to 200 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn within(v: &mut Validator, field: &str, value: Option<i64>, max: i64) -> Option<Option<i32>> {
    match value {
        None => Some(None),
        Some(n) if (0..=max).contains(&n) => i32::try_from(n).ok().map(Some),
        Some(_) => {
            v.push(field, FieldProblem::OutOfRange { min: 0, max });
            None
        }
    }
}

impl CreateContact {
    /// Checks the contact against `now` (the server's time): `occurred_at` may not be later than
    /// a few minutes from now.
    pub fn validate(self, now: NaiveDateTime) -> Result<NewContact, ApiError> {
        let mut v = Validator::new();
        let kind = v
            .required("kind", self.kind)
            .and_then(|c| v.code::<ContactKind>("kind", &c));
        let direction = v
            .required("direction", self.direction)
            .and_then(|c| v.code::<ContactDirection>("direction", &c));
        let occurred_at = v
            .required("occurred_at", self.occurred_at)
            .and_then(|t| v.datetime("occurred_at", &t))
            .and_then(|t| {
                if t > now + TimeDelta::minutes(FUTURE_TOLERANCE_MINUTES) {
                    v.push("occurred_at", FieldProblem::InFuture);
                    None
                } else {
                    Some(t)
                }
            });
        let response_minutes = within(&mut v, "response_minutes", self.response_minutes, RESPONSE_MINUTES_MAX);
        let days_late = match (self.days_late, kind) {
            (Some(_), Some(k)) if k != ContactKind::Payment => {
                v.push("days_late", FieldProblem::OnlyForPayment);
                None
            }
            (late, _) => within(&mut v, "days_late", late, DAYS_LATE_MAX),
        };
        let external_ref = v.optional_text("external_ref", self.external_ref, EXTERNAL_REF_MAX, Lines::One);
        let (kind, direction, occurred_at, response_minutes, days_late, external_ref) =
            v.done((kind, direction, occurred_at, response_minutes, days_late, external_ref))?;
        Ok(NewContact {
            kind,
            direction,
            occurred_at,
            response_minutes,
            // A payment reported without a delay was on time.
            days_late: if kind == ContactKind::Payment {
                Some(days_late.unwrap_or(0))
            } else {
                None
            },
            external_ref,
        })
    }
}

impl ContactListQuery {
    pub fn validate(self) -> Result<PageRequest, ApiError> {
        let mut v = Validator::new();
        let page = PageRequest::parse(&mut v, self.limit.as_deref(), self.cursor.as_deref())?;
        v.finish()?;
        Ok(page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        "2026-11-20T12:00:00".parse().expect("time")
    }

    fn contact(json: serde_json::Value) -> Result<NewContact, ApiError> {
        serde_json::from_value::<CreateContact>(json)
            .expect("shape")
            .validate(now())
    }

    #[test]
    fn a_payment_is_on_time_unless_told_and_only_a_payment_is_late() {
        let paid = contact(
            serde_json::json!({"kind": "payment", "direction": "inbound", "occurred_at": "2026-11-20T10:00:00Z"}),
        )
        .expect("valid");
        assert_eq!(paid.days_late, Some(0));
        let Err(ApiError::Validation(errors)) = contact(serde_json::json!({
            "kind": "call", "direction": "sideways", "occurred_at": "2026-11-20T12:06:00Z",
            "response_minutes": -1, "days_late": 3
        })) else {
            panic!("invalid")
        };
        let codes: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.problem.code())).collect();
        assert_eq!(
            codes,
            [
                ("direction", "unknown_code"),
                ("occurred_at", "in_future"),
                ("response_minutes", "out_of_range"),
                ("days_late", "only_for_payment"),
            ]
        );
        assert!(contact(
            serde_json::json!({"kind": "call", "direction": "outbound", "occurred_at": "2026-11-20T12:04:00Z"})
        )
        .is_ok());
    }
}
