//! The API tests: one binary that drives the real application, on SQLite and (when
//! `TEST_POSTGRES_URL` is set) on PostgreSQL.

mod helpers;

mod actions;
mod clients;
mod docs;
mod errors;
mod gapfinder_quality;
mod gaps;
mod i18n;
mod incidents;
mod migrations;
mod openapi;
mod recurrence;
mod reports;
mod retrospectives;
mod timeline;
