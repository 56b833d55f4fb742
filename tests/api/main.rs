//! The API tests: one binary that drives the real application, on SQLite and (when
//! `TEST_POSTGRES_URL` is set) on PostgreSQL.

mod helpers;
mod receiver;
mod server;

mod actions;
mod auth;
mod auth_failures;
mod batch;
mod busy;
mod capa;
mod clients;
mod concurrency;
mod crash;
mod crm;
mod docs;
mod errors;
mod feed;
mod follow_up;
mod gapfinder_quality;
mod gaps;
mod hostile;
mod hostile_receivers;
mod i18n;
mod idempotency;
mod incidents;
mod learning;
mod letter;
mod limits;
mod migrations;
mod mirror;
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
mod shares;
mod similar;
mod timeline;
mod verdicts;
mod warning;
mod webhooks;

/// Shows in the output of a run without PostgreSQL (as an ignored test, with the reason) that
/// only half of the API tests ran.
#[cfg(not(postgres_tests))]
#[test]
#[ignore = "the PostgreSQL variants of the API tests were not built: TEST_POSTGRES_URL is not set; \
            run them with TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo test \
            (a database the user may create schemas in)"]
fn postgres_variants_not_built() {}
