//! What the report routes read and write. Labels are localized; figures are numbers.

use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;
use crate::models::reports::Scope;
use crate::validation::Validator;

/// Which incidents a report counts.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Incidents that occurred at or after this time (RFC 3339).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub from: Option<String>,
    /// Incidents that occurred before this time (RFC 3339).
    #[param(value_type = Option<chrono::DateTime<chrono::Utc>>)]
    pub to: Option<String>,
    /// Only this client.
    #[param(value_type = Option<Uuid>)]
    pub client_id: Option<String>,
}

impl ReportQuery {
    pub fn validate(self) -> Result<Scope, ApiError> {
        let mut v = Validator::new();
        let scope = Scope {
            from: self.from.and_then(|t| v.datetime("from", &t)),
            to: self.to.and_then(|t| v.datetime("to", &t)),
            client_id: self.client_id.and_then(|c| v.id("client_id", &c)),
        };
        v.finish()?;
        Ok(scope)
    }
}
