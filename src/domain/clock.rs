//! The clock the rules on time read: whether an action is overdue, the reports' windows, which
//! actions the worker announces. It is handed to them (app data, the worker's field), never read
//! from the system behind their back, so a test can set the date a rule sees.

use chrono::{NaiveDate, Utc};

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

    /// Now in UTC; a fixed day's clock says the end of that day, so all of that day is past.
    pub fn now(&self) -> chrono::NaiveDateTime {
        match self.fixed_day {
            Some(day) => day.and_hms_opt(23, 59, 59).unwrap_or_default(),
            None => crate::validation::now(),
        }
    }
}
