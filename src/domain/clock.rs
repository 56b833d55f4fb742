//! The date the time rules compare with: whether an action is overdue, the reports' windows.
//! Read here only, so that a rule on time has one place to take "today" from.

use chrono::{NaiveDate, Utc};

/// Today in UTC.
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}
