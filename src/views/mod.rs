//! Every response body: what the API and a webhook show of the stored models, in a language.
//! Routes and the webhook worker build their bodies here, so the two never drift apart and
//! neither imports the other.

pub mod action;
pub mod api_key;
pub mod batch;
pub mod capa;
pub mod client;
pub mod event;
pub mod feed;
pub mod follow_up;
pub mod gap;
pub mod incident;
pub mod report;
pub mod retrospective;
pub mod share;
pub mod timeline;
pub mod warning;
pub mod webhook;

use chrono::{DateTime, NaiveDateTime, Utc};

/// Times leave the API as RFC 3339 UTC.
pub fn utc(time: NaiveDateTime) -> DateTime<Utc> {
    time.and_utc()
}
