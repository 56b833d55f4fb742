//! Early warning: the rules that flag a client at risk from its own history of contacts, before an
//! incident is filed. Pure: the history and the day come in, the findings go out; the worker's
//! housekeeping stores them as episodes and announces each episode once (`ops::warning`).
//!
//! Every yardstick is the client's own: a client contacted monthly is measured against a month,
//! one contacted weekly against a week. The rules and their thresholds are the data in [`RULES`];
//! the README and the `GET /v1/clients/at-risk` description list them with these defaults.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::RiskReason;

/// One rule: its name, how far past the client's own norm it fires (`factor`), the least
/// departure that counts whatever the norm (`floor`, in the rule's unit), how much history it
/// needs before it judges at all (`min_history`), and how many of the latest items it compares
/// with the earlier ones (`recent`; unused by the lapse, which looks at the last contact).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub reason: RiskReason,
    pub factor: f64,
    pub floor: i64,
    pub min_history: usize,
    pub recent: usize,
}

/// The rules, with their defaults.
///
/// - `lapse`: days since the last contact > max(3 × the client's median gap between contact
///   days, 14), with at least 6 days of contact. Three times the usual gap: a weekly client that
///   skips a week or two (holidays, a busy month) is normal, three missed weeks are not; the
///   14-day floor keeps a client contacted daily from being flagged after a long weekend. Six
///   contact days (five gaps) make a median that one odd gap cannot move.
/// - `slow_replies`: the median response time of the latest 3 replies > max(2 × the median of
///   the earlier ones, 240 minutes), with at least 6 replies. Doubling is a change a person notices
///   too; under four hours is a normal working-day answer, however fast the client used to be.
/// - `late_payments`: each of the latest 2 payments late by more than max(2 × the median delay
///   of the earlier payments, 7 days), with at least 4 payments. Two in a row, so that one
///   forgotten invoice is not a pattern; a week's grace, as most payment terms allow; a client
///   who always paid 20 days late is flagged only past 40.
pub const RULES: [Rule; 3] = [
    Rule {
        reason: RiskReason::Lapse,
        factor: 3.0,
        floor: 14,
        min_history: 6,
        recent: 1,
    },
    Rule {
        reason: RiskReason::SlowReplies,
        factor: 2.0,
        floor: 240,
        min_history: 6,
        recent: 3,
    },
    Rule {
        reason: RiskReason::LatePayments,
        factor: 2.0,
        floor: 7,
        min_history: 4,
        recent: 2,
    },
];

/// How far back the rules read: the newest this many contacts of a client.
pub const HISTORY_MAX: i64 = 200;

/// What the rules read of one client's contacts, oldest first.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// The days (UTC) of the client's contacts, each day once: a call and an e-mail on the same
    /// day are one touch, not a gap of zero days.
    pub contact_days: Vec<NaiveDate>,
    /// The response times of the client's replies (inbound contacts), in minutes.
    pub replies: Vec<i64>,
    /// How many days late each payment was (0 = on time).
    pub payments: Vec<i64>,
}

/// The unit of a finding's figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Days,
    Minutes,
}

/// One rule a client meets, with its figures: what was seen, the client's usual value, the
/// threshold it passed, and since when it is met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub reason: RiskReason,
    pub observed: i64,
    pub usual: i64,
    pub threshold: i64,
    pub unit: Unit,
    pub since: NaiveDate,
}

/// The rules `rules` that the history meets on `today`, in the table's order.
pub fn evaluate(rules: &[Rule], history: &History, today: NaiveDate) -> Vec<Finding> {
    rules
        .iter()
        .filter_map(|rule| match rule.reason {
            RiskReason::Lapse => lapse(rule, &history.contact_days, today),
            RiskReason::SlowReplies => slowing(rule, &history.replies, Unit::Minutes, today, false),
            RiskReason::LatePayments => slowing(rule, &history.payments, Unit::Days, today, true),
        })
        .collect()
}

fn lapse(rule: &Rule, days: &[NaiveDate], today: NaiveDate) -> Option<Finding> {
    if days.len() < rule.min_history.max(2) {
        return None;
    }
    let last = *days.last()?;
    let gaps: Vec<f64> = days.windows(2).map(|w| (w[1] - w[0]).num_days() as f64).collect();
    let usual = median(&gaps)?;
    let threshold = (rule.factor * usual).max(rule.floor as f64);
    let silent = (today - last).num_days();
    if (silent as f64) <= threshold {
        return None;
    }
    // The first whole day past the threshold.
    let crossed = threshold.floor() as i64 + 1;
    Some(Finding {
        reason: rule.reason,
        observed: silent,
        usual: usual.round() as i64,
        threshold: threshold.round() as i64,
        unit: Unit::Days,
        since: last + chrono::Days::new(u64::try_from(crossed).unwrap_or(0)),
    })
}

/// The latest `rule.recent` values against the median of the earlier ones: their median
/// (replies), or each of them (`all`: payments, so that both last payments were late).
fn slowing(rule: &Rule, values: &[i64], unit: Unit, today: NaiveDate, all: bool) -> Option<Finding> {
    let recent_count = rule.recent.max(1);
    if values.len() < rule.min_history.max(recent_count + 1) {
        return None;
    }
    let (earlier, recent) = values.split_at(values.len() - recent_count);
    let as_f64 = |v: &[i64]| v.iter().map(|&x| x as f64).collect::<Vec<_>>();
    let usual = median(&as_f64(earlier))?;
    let observed = median(&as_f64(recent))?;
    let threshold = (rule.factor * usual).max(rule.floor as f64);
    let meets = if all {
        recent.iter().all(|&v| v as f64 > threshold)
    } else {
        observed > threshold
    };
    meets.then(|| Finding {
        reason: rule.reason,
        observed: observed.round() as i64,
        usual: usual.round() as i64,
        threshold: threshold.round() as i64,
        unit,
        since: today,
    })
}

fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    Some(if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    fn every(start: &str, step: u64, count: u64) -> Vec<NaiveDate> {
        (0..count).map(|n| day(start) + chrono::Days::new(n * step)).collect()
    }

    #[test]
    fn a_lapse_is_measured_against_the_clients_own_cadence() {
        let weekly = History {
            contact_days: every("2026-01-05", 7, 10),
            ..History::default()
        };
        let last = day("2026-03-09");
        // Three weeks of silence is the threshold itself; five weeks pass it.
        assert!(evaluate(&RULES, &weekly, last + chrono::Days::new(21)).is_empty());
        let found = evaluate(&RULES, &weekly, last + chrono::Days::new(35));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].observed, found[0].usual, found[0].threshold), (35, 7, 21));
        assert_eq!(found[0].since, last + chrono::Days::new(22));

        let monthly = History {
            contact_days: every("2026-01-05", 30, 10),
            ..History::default()
        };
        let last = *monthly.contact_days.last().expect("days");
        assert!(evaluate(&RULES, &monthly, last + chrono::Days::new(35)).is_empty());
        assert_eq!(evaluate(&RULES, &monthly, last + chrono::Days::new(91)).len(), 1);
    }

    #[test]
    fn no_rule_judges_without_enough_history() {
        let short = History {
            contact_days: every("2026-01-05", 7, 5),
            replies: vec![10, 10, 10, 900, 900],
            payments: vec![0, 30, 30],
        };
        assert!(evaluate(&RULES, &short, day("2027-01-01")).is_empty());
    }

    #[test]
    fn replies_that_slow_down_and_payments_that_turn_late_are_found() {
        let history = History {
            contact_days: Vec::new(),
            replies: vec![30, 45, 60, 40, 50, 600, 720, 540],
            payments: vec![0, 0, 2, 0, 15, 21],
        };
        let found = evaluate(&RULES, &history, day("2026-06-01"));
        let reasons: Vec<_> = found.iter().map(|f| f.reason).collect();
        assert_eq!(reasons, [RiskReason::SlowReplies, RiskReason::LatePayments]);
        assert_eq!((found[0].observed, found[0].usual, found[0].threshold), (600, 45, 240));
        assert_eq!((found[1].observed, found[1].usual, found[1].threshold), (18, 0, 7));
        // One late payment is not a pattern; a client always late is judged against its habit.
        let once = History {
            payments: vec![0, 0, 0, 0, 30],
            ..History::default()
        };
        assert!(evaluate(&RULES, &once, day("2026-06-01")).is_empty());
        let habitual = History {
            payments: vec![20, 25, 20, 30, 35],
            ..History::default()
        };
        assert!(evaluate(&RULES, &habitual, day("2026-06-01")).is_empty());
    }

    #[test]
    fn the_median_of_an_even_count_is_the_middle_pair() {
        assert_eq!(median(&[1.0, 9.0, 3.0, 7.0]), Some(5.0));
        assert_eq!(median(&[]), None);
    }
}
