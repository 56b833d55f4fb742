//! The HTTP API: one module per resource, wired together here.

pub mod actions;
pub mod api_keys;
pub mod clients;
pub mod docs;
pub mod gaps;
pub mod health;
pub mod incidents;
pub mod reports;
mod responses;
pub mod retrospectives;
pub mod timeline;
pub mod webhooks;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

use crate::domain::Language;

/// Registers every route; the OpenAPI document is collected from the same calls.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz).service(
        scope("/v1")
            .configure(clients::configure)
            .configure(incidents::configure)
            .configure(timeline::configure)
            .configure(gaps::configure)
            .configure(retrospectives::configure)
            .configure(actions::configure)
            .configure(reports::configure)
            .configure(api_keys::configure)
            .configure(webhooks::configure),
    );
}

/// The response language, on every operation.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct LangQuery {
    /// Response language, a tag read as `Accept-Language` reads it (`ro-RO`, `EL`; one the API does not speak is 422); when absent, `Accept-Language` decides (q-values honoured), else English.
    lang: Option<Language>,
}

/// Today in UTC: what `overdue` and the reports compare due dates with.
fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// Times leave the API as RFC 3339 UTC.
fn utc(time: NaiveDateTime) -> DateTime<Utc> {
    time.and_utc()
}
