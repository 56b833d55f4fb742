//! What the change feed reads from its query.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::domain::ChangeType;
use crate::error::{ApiError, FieldProblem};
use crate::models::feed::{FeedCursor, LATEST};
use crate::validation::Validator;

/// A page of events unless `limit` says otherwise (at most 200, as any list's page).
const EVENTS_DEFAULT: i64 = 100;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// The `next_cursor` of the previous page; `latest` to start after every event so far (once
    /// the lists are copied); leave it out to start at the oldest event kept.
    #[param(pattern = "^[A-Za-z0-9_-]*$")]
    pub after: Option<String>,
    /// Page size, 1 to 200 (default 100).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
    pub limit: Option<String>,
    /// Only these event types, separated by commas (`incident.created,incident.updated`).
    #[param(value_type = Option<Vec<ChangeType>>, style = Form, explode = false)]
    pub types: Option<String>,
}

/// Where a page starts.
pub enum Start {
    After(FeedCursor),
    Latest,
}

impl EventsQuery {
    pub fn validate(self) -> Result<(Start, i64, Vec<ChangeType>), ApiError> {
        let mut v = Validator::new();
        let limit = crate::pagination::parse_limit(&mut v, self.limit.as_deref(), EVENTS_DEFAULT);
        let mut types = Vec::new();
        for code in self.types.as_deref().unwrap_or("").split(',').map(str::trim) {
            if code.is_empty() {
                continue;
            }
            match ChangeType::parse(code) {
                Some(t) if !types.contains(&t) => types.push(t),
                Some(_) => {}
                None => v.push(
                    "types",
                    FieldProblem::UnknownCode {
                        value: code.to_owned(),
                        allowed: ChangeType::allowed(),
                    },
                ),
            }
        }
        let start = match self.after.as_deref() {
            None | Some("") => Start::After(FeedCursor::START),
            Some(LATEST) => Start::Latest,
            Some(raw) => Start::After(FeedCursor::decode(raw)?),
        };
        v.finish()?;
        Ok((start, limit, types))
    }
}
