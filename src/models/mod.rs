//! What is stored, and the queries that read and write it. Each function takes a connection
//! and does one unit of work; the caller chooses the transaction.

pub mod action;
pub mod api_key;
pub mod at_risk;
pub mod capa;
pub mod client;
pub mod contact;
pub mod delivery;
pub mod feed;
pub mod finder_example;
pub mod follow_up;
pub mod idempotency;
pub mod incident;
pub mod recurrence;
pub mod reminder;
pub mod reports;
pub mod retrospective;
pub mod share;
pub mod similar;
pub mod timeline;
pub mod webhook;

use diesel::sql_types::{Bool, Text, Timestamp};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::Code;
use crate::error::ApiError;

/// Whether a field of a partial update leaves the stored value as it is: not sent, or sent
/// equal. An update that changes no field writes nothing (a CRM syncing both ways must not
/// chase its own echoes).
fn unchanged<T: PartialEq>(change: &Option<T>, current: &T) -> bool {
    change.as_ref().is_none_or(|change| change == current)
}

/// `(time, id) <op> (at, id)` for the columns named (`"incidents.occurred_at, incidents.id"`),
/// as one row value, which both databases read as one range of a (…, time, id) index. Spelt as
/// `time < at OR (time = at AND id < id)`, SQLite seeks only on the time and scans every row of
/// the same instant: a page deep in incidents filed at one time took 8 ms instead of 0.1 ms.
fn keyset_after<QS>(
    columns: &str,
    op: &str,
    at: chrono::NaiveDateTime,
    id: String,
) -> Box<dyn diesel::BoxableExpression<QS, <DbConnection as diesel::Connection>::Backend, SqlType = Bool>> {
    Box::new(
        diesel::dsl::sql::<Bool>(&format!("({columns}) {op} ("))
            .bind::<Timestamp, _>(at)
            .sql(", ")
            .bind::<Text, _>(id)
            .sql(")"),
    )
}

/// An id read back from the database; a malformed one means the data was damaged.
fn stored_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::internal(format!("stored id `{raw}` is not a UUID")))
}

/// A code read back from the database.
fn stored_code<C: Code>(raw: &str) -> Result<C, ApiError> {
    C::parse(raw).ok_or_else(|| ApiError::internal(format!("stored code `{raw}` is unknown")))
}

/// Escapes `%`, `_` and `\` so a search text is matched literally by `LIKE … ESCAPE '\'`.
fn like_pattern(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

diesel::define_sql_function! {
    /// SQL `lower()`, on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
