//! The clock the rules on time read: whether an action is overdue, the reports' windows, which
//! actions the worker announces. It is handed to them (app data, the worker's field), never read
//! from the system behind their back, so a test can set the date a rule sees.

use chrono::{NaiveDate, NaiveDateTime, Utc};

/// The system's clock, or a fixed day.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    fixed_day: Option<NaiveDate>,
}

impl Clock {
    /// The system's clock.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that always says `day`.
    pub fn fixed(day: NaiveDate) -> Self {
        Self { fixed_day: Some(day) }
    }

    /// Today in UTC.
    pub fn today(&self) -> NaiveDate {
        self.fixed_day.unwrap_or_else(|| Utc::now().date_naive())
    }

    /// Now in UTC, to the microsecond as stored; on a fixed day, that day at the current time.
    pub fn now(&self) -> NaiveDateTime {
        let now = crate::validation::now();
        match self.fixed_day {
            Some(day) => day.and_time(now.time()),
            None => now,
        }
    }
}
