//! Follow-through: the reminders the housekeeping sends. A retrospective not published by its due
//! date (`retrospective.overdue`), an action close to its due date (`action.due_soon`), an
//! action past it (`action.overdue`, again every `overdue_every_days` until it is finished).
//! Each fires once per occasion across every replica (`models::reminder`).

use chrono::{Duration, NaiveDate};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::config::FollowUp;
use crate::db::DbConnection;
use crate::domain::EventType;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::{action, follow_up, incident, reminder};
use crate::ops::events::emit;
use crate::views::action::ActionBody;
use crate::views::incident::IncidentBody;

/// How many reminders of each kind one round sent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sent {
    pub retrospectives_overdue: usize,
    pub actions_due_soon: usize,
    pub actions_overdue: usize,
}

/// The occasion of an action's overdue reminder on `today`: the day after its due date, then
/// every `every` days. A server down for weeks sends the latest one, not one per missed day.
pub fn overdue_occasion(due: NaiveDate, today: NaiveDate, every: u32) -> Option<NaiveDate> {
    let first = due + Duration::days(1);
    if today < first {
        return None;
    }
    let every = i64::from(every.max(1));
    Some(first + Duration::days((today - first).num_days() / every * every))
}

/// Sends the reminders due `today`. The occasions already fired are read in one query, so a
/// round in which nothing is new writes nothing; `reminder::fire` still decides, for the rest,
/// which replica announces.
pub fn remind(
    conn: &mut DbConnection,
    rules: &FollowUp,
    zone: Tz,
    today: NaiveDate,
    locale: &Locale,
) -> Result<Sent, ApiError> {
    let yesterday = today - Duration::days(1);
    let mut occasions: Vec<(EventType, Uuid, NaiveDate)> =
        follow_up::retrospectives_due(conn, rules, zone, yesterday, None)?
            .into_iter()
            .map(|due| (EventType::RetrospectiveOverdue, due.incident_id, due.due_on))
            .collect();
    let horizon = today + Duration::days(i64::from(rules.due_soon_days));
    for due in follow_up::actions_due(conn, horizon, None)? {
        if due.due_on >= today {
            if rules.due_soon_days > 0 {
                occasions.push((EventType::ActionDueSoon, due.action_id, due.due_on));
            }
        } else if let Some(occasion) = overdue_occasion(due.due_on, today, rules.overdue_every_days) {
            occasions.push((EventType::ActionOverdue, due.action_id, occasion));
        }
    }
    let subjects: Vec<Uuid> = occasions.iter().map(|(_, subject, _)| *subject).collect();
    let fired = reminder::fired(conn, &subjects)?;
    let mut sent = Sent::default();
    for (event, subject, occasion) in occasions {
        if fired.contains(&(event.code().to_owned(), subject, occasion))
            || !reminder::fire(conn, event.code(), subject, occasion)?
        {
            continue;
        }
        if event == EventType::RetrospectiveOverdue {
            emit(conn, event, locale, |conn, labels| {
                Ok(IncidentBody::new(incident::find(conn, subject)?, labels))
            })?;
            sent.retrospectives_overdue += 1;
            continue;
        }
        emit(conn, event, locale, |conn, labels| {
            Ok(ActionBody::new(action::find(conn, subject)?, labels, today))
        })?;
        match event {
            EventType::ActionDueSoon => sent.actions_due_soon += 1,
            _ => sent.actions_overdue += 1,
        }
    }
    Ok(sent)
}

#[cfg(test)]
mod tests {
    use super::overdue_occasion;
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
    }

    #[test]
    fn an_overdue_action_is_chased_the_day_after_and_then_every_n_days() {
        assert_eq!(overdue_occasion(day(10), day(10), 7), None, "due today is not overdue");
        assert_eq!(overdue_occasion(day(10), day(11), 7), Some(day(11)));
        assert_eq!(overdue_occasion(day(10), day(17), 7), Some(day(11)));
        assert_eq!(overdue_occasion(day(10), day(18), 7), Some(day(18)));
        assert_eq!(
            overdue_occasion(day(10), day(31), 7),
            Some(day(25)),
            "only the latest after a gap"
        );
        assert_eq!(overdue_occasion(day(10), day(12), 1), Some(day(12)));
    }
}
