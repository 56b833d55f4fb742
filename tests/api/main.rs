//! The API tests: one binary that drives the real application, on SQLite and (when
//! `TEST_POSTGRES_URL` is set) on PostgreSQL.

mod helpers;
mod receiver;
mod server;

mod actions;
mod auth;
mod auth_failures;
mod busy;
mod clients;
mod concurrency;
mod crash;
mod crm;
mod docs;
mod errors;
mod gapfinder_quality;
mod gaps;
mod hostile;
mod hostile_receivers;
mod i18n;
mod idempotency;
mod incidents;
mod learning;
mod limits;
mod migrations;
mod openapi;
mod paths;
mod readiness;
mod recurrence;
mod replicas;
mod reports;
mod responses;
mod restart;
mod retention;
mod retrospectives;
mod routing;
mod similar;
mod timeline;
mod webhooks;
