//! The clock the rules on time read: whether an action is overdue, when a retrospective or an
//! action is due, when an effectiveness window ends, whether a client's contact has lapsed, the
//! reports' windows. It is handed to them (app data, the worker's field), never read from the
//! system behind their back, so a test can set the date a rule sees.
//!
//! Days are the firm's days: "due in 3 days" ends at midnight where the firm works, so today is
//! read in the firm's time zone (`--timezone`, UTC unless set).

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

/// The system's clock or a fixed day, read in the firm's time zone.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    fixed_day: Option<NaiveDate>,
    zone: Tz,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            fixed_day: None,
            zone: Tz::UTC,
        }
    }
}

impl Clock {
    /// The system's clock, in UTC.
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock that always says `day`.
    pub fn fixed(day: NaiveDate) -> Self {
        Self {
            fixed_day: Some(day),
            ..Self::default()
        }
    }

    /// The same clock, its days counted in `zone`.
    pub fn in_zone(self, zone: Tz) -> Self {
        Self { zone, ..self }
    }

    /// The firm's time zone.
    pub fn zone(&self) -> Tz {
        self.zone
    }

    /// Today where the firm works.
    pub fn today(&self) -> NaiveDate {
        self.fixed_day
            .unwrap_or_else(|| Utc::now().with_timezone(&self.zone).date_naive())
    }

    /// Now in UTC; a fixed day's clock says the end of that day, so all of that day is past.
    pub fn now(&self) -> chrono::NaiveDateTime {
        match self.fixed_day {
            Some(day) => day.and_hms_opt(23, 59, 59).unwrap_or_default(),
            None => crate::validation::now(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_day_is_today_in_any_zone_and_the_system_day_follows_the_zone() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        assert_eq!(Clock::fixed(day).in_zone(chrono_tz::Pacific::Kiritimati).today(), day);
        // UTC+14 and UTC-11 are 25 hours apart: never on the same day.
        let east = Clock::system().in_zone(chrono_tz::Pacific::Kiritimati).today();
        let west = Clock::system().in_zone(chrono_tz::Pacific::Pago_Pago).today();
        assert!((1..=2).contains(&(east - west).num_days()), "{east} {west}");
    }
}
